/**
 * Complex numbers on typed arrays, in split layout: one Float64Array of real parts and one of imaginary parts.
 * Split storage keeps every loop a plain stride-1 pass over doubles (no objects, no allocation per element),
 * which is what the oscillator banks step through thousands of times per second of audio.
 */
import FFT from 'fft.js';

/** N complex numbers: `re[k] + i·im[k]`. */
export interface ComplexArray {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * A zeroed complex array of length n.
 * @example
 * const z = complexArray(4); z.re[0] = 1; // z = [1, 0, 0, 0]
 */
export function complexArray(n: number): ComplexArray {
  return { re: new Float64Array(n), im: new Float64Array(n) };
}

/**
 * Moduli |z_k| into `out` (allocated when omitted).
 * @example
 * complexAbs({ re: Float64Array.of(3), im: Float64Array.of(4) }); // Float64Array [5]
 */
export function complexAbs(z: ComplexArray, out = new Float64Array(z.re.length)): Float64Array {
  const { re, im } = z;
  for (let k = 0; k < re.length; k++) out[k] = Math.hypot(re[k]!, im[k]!);
  return out;
}

/**
 * Arguments arg z_k in (−π, π] into `out`.
 * @example
 * complexArg({ re: Float64Array.of(0), im: Float64Array.of(1) }); // Float64Array [π/2]
 */
export function complexArg(z: ComplexArray, out = new Float64Array(z.re.length)): Float64Array {
  const { re, im } = z;
  for (let k = 0; k < re.length; k++) out[k] = Math.atan2(im[k]!, re[k]!);
  return out;
}

/**
 * Element-wise product a·b into `out` (which may alias a or b).
 * @example
 * const i = { re: Float64Array.of(0), im: Float64Array.of(1) };
 * complexMultiply(i, i, complexArray(1)).re; // → [−1]
 */
export function complexMultiply(a: ComplexArray, b: ComplexArray, out: ComplexArray): ComplexArray {
  const n = a.re.length;
  for (let k = 0; k < n; k++) {
    const ar = a.re[k]!;
    const ai = a.im[k]!;
    const br = b.re[k]!;
    const bi = b.im[k]!;
    out.re[k] = ar * br - ai * bi;
    out.im[k] = ar * bi + ai * br;
  }
  return out;
}

/**
 * Unit phasors e^{iφ_k} of an array of phases.
 * @example
 * phasors(Float64Array.of(0, Math.PI)); // re [1, −1], im [0, ≈0]
 */
export function phasors(phase: ArrayLike<number>): ComplexArray {
  const out = complexArray(phase.length);
  for (let k = 0; k < phase.length; k++) {
    out.re[k] = Math.cos(phase[k]!);
    out.im[k] = Math.sin(phase[k]!);
  }
  return out;
}

/**
 * Unwraps a phase sequence (radians) so that successive values never jump by more than π.
 * @example
 * unwrapPhase(Float64Array.of(3, -3)); // [3, 2π − 3]
 */
export function unwrapPhase(phase: ArrayLike<number>): Float64Array {
  const out = new Float64Array(phase.length);
  let offset = 0;
  for (let k = 0; k < phase.length; k++) {
    if (k > 0) {
      const d = phase[k]! - phase[k - 1]!;
      if (d > Math.PI) offset -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
      else if (d < -Math.PI) offset += 2 * Math.PI * Math.round(-d / (2 * Math.PI));
    }
    out[k] = phase[k]! + offset;
  }
  return out;
}

/** Smallest power of two ≥ n (and ≥ 2, as fft.js requires). */
export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/**
 * The analytic signal x + i·H[x] of a real signal (H the Hilbert transform), computed by FFT: the negative
 * frequencies are zeroed and the positive ones doubled (Marple 1999). The real part returns `x`; a cosine
 * becomes e^{iωt}, so the phase of a periodic pulse train's fundamental is 0 at the pulses. The signal is
 * zero-padded to a power of two, which avoids wrap-around between its end and its start.
 * @example
 * const z = analyticSignal(Float64Array.from({ length: 64 }, (_, n) => Math.cos(2 * Math.PI * 4 * n / 64)));
 * // z.im ≈ sin(2π·4n/64)
 */
export function analyticSignal(x: ArrayLike<number>): ComplexArray {
  const n = x.length;
  const out = complexArray(n);
  if (n === 0) return out;
  const size = nextPowerOfTwo(2 * n);
  const fft = new FFT(size);
  const input = new Float64Array(size);
  for (let k = 0; k < n; k++) input[k] = x[k]!;
  const spectrum: number[] = fft.createComplexArray();
  fft.realTransform(spectrum, input);
  fft.completeSpectrum(spectrum);
  // H(k) = 1 at DC and Nyquist, 2 for positive frequencies, 0 for negative ones.
  for (let k = 1; k < size / 2; k++) {
    spectrum[2 * k] = spectrum[2 * k]! * 2;
    spectrum[2 * k + 1] = spectrum[2 * k + 1]! * 2;
  }
  for (let k = size / 2 + 1; k < size; k++) {
    spectrum[2 * k] = 0;
    spectrum[2 * k + 1] = 0;
  }
  const time: number[] = fft.createComplexArray();
  fft.inverseTransform(time, spectrum);
  for (let k = 0; k < n; k++) {
    out.re[k] = time[2 * k]!;
    out.im[k] = time[2 * k + 1]!;
  }
  return out;
}
