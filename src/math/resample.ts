/**
 * Band-limited resampling by a rational factor p/q with a polyphase FIR filter (Crochiere & Rabiner 1983,
 * "Multirate Digital Signal Processing", ch. 4): conceptually, insert p − 1 zeros between samples, low-pass at the
 * lower of the two Nyquist frequencies, keep every q-th sample; the polyphase form computes only the kept outputs and
 * skips the zeros, so each output costs (filter length)/p multiply-adds.
 *
 * The filter is a Kaiser-windowed sinc (Kaiser 1974; design formulas in Oppenheim & Schafer, "Discrete-Time Signal
 * Processing", 3rd ed., §7.6): for stop-band attenuation A dB, β = 0.1102 (A − 8.7) and length
 * N ≈ (A − 7.95) / (14.36 Δf), Δf the transition width in cycles per sample of the upsampled rate. By default the
 * stop band begins at the lower Nyquist frequency and the transition takes the 10 % below it, with A = 80 dB, so
 * what would alias is rejected by at least 80 dB and everything below 0.9 × the lower Nyquist passes.
 *
 * `design: 'scipy'` builds the filter of `scipy.signal.resample_poly` instead (a Kaiser window with β = 5,
 * 20 × max(p, q) + 1 taps, cut-off at the lower Nyquist): the same output to rounding, for comparisons. Its
 * transition band straddles the Nyquist frequency, so it lets through what lies just above it.
 *
 * The output has ⌈n p / q⌉ samples; output m sits at input time m q / p (no delay), and samples outside the input are
 * zeros, as in scipy.
 */

/** Options of {@link resample} and {@link resamplePoly}. */
export interface ResampleOptions {
  /** `kaiser` (default): the design above; `scipy`: scipy.signal.resample_poly's default filter. */
  design?: 'kaiser' | 'scipy';
  /** Stop-band attenuation of the `kaiser` design, dB (default 80). */
  attenuationDb?: number;
  /** Transition width of the `kaiser` design as a fraction of the lower Nyquist frequency (default 0.1). */
  transitionWidth?: number;
}

/**
 * Resamples a signal from one rate to another (both in Hz; their ratio must be a fraction of modest terms, as
 * 160 → 128 = 4/5 or 500 → 128 = 32/125 are).
 * @example
 * const x = Float64Array.from({ length: 1600 }, (_, i) => Math.sin(2 * Math.PI * 10 * i / 160));
 * const y = resample(x, 160, 128);
 * y.length; // → 1280
 * y[640]; // → 0 — sin(2π · 10 Hz · 5 s)
 * y[644]; // → 0.9239 — sin(2π · 10 Hz · 5.03125 s)
 */
export function resample(x: ArrayLike<number>, fromHz: number, toHz: number, options: ResampleOptions = {}): Float64Array {
  const [up, down] = rationalRatio(toHz, fromHz);
  return resamplePoly(x, up, down, options);
}

/**
 * Resamples by up/down (reduced to lowest terms first).
 * @example
 * Array.from(resamplePoly([1, 1, 1, 1, 1, 1, 1, 1], 1, 2, { design: 'scipy' })).map((v) => Math.round(v * 100) / 100); // → [0.74, 1.09, 0.93, 1.09] — the edges see the zeros outside, the Gibbs ripple in between
 */
export function resamplePoly(x: ArrayLike<number>, up: number, down: number, options: ResampleOptions = {}): Float64Array {
  if (!(Number.isInteger(up) && up >= 1 && Number.isInteger(down) && down >= 1)) {
    throw new RangeError(`resampling factors must be whole numbers ≥ 1, got ${up}/${down}`);
  }
  const g = gcd(up, down);
  const p = up / g;
  const q = down / g;
  const n = x.length;
  if (p === 1 && q === 1) return Float64Array.from(x);
  const { taps, halfLength } = lowPassFilter(p, q, options);
  const outLength = Math.ceil((n * p) / q);
  const out = new Float64Array(outLength);

  // Phase φ's sub-filter: taps[φ], taps[φ + p], … multiply x[i], x[i − 1], … where i = ⌊t / p⌋, t = m q + L.
  const phases: Float64Array[] = [];
  for (let phase = 0; phase < p; phase++) {
    const count = phase <= 2 * halfLength ? Math.floor((2 * halfLength - phase) / p) + 1 : 0;
    const sub = new Float64Array(count);
    for (let j = 0; j < count; j++) sub[j] = taps[phase + j * p]!;
    phases.push(sub);
  }
  for (let m = 0; m < outLength; m++) {
    const t = m * q + halfLength;
    const sub = phases[t % p]!;
    const newest = Math.floor(t / p);
    // j runs over the taps whose input index newest − j lies inside [0, n).
    const jFirst = Math.max(0, newest - (n - 1));
    const jLast = Math.min(sub.length - 1, newest);
    let sum = 0;
    for (let j = jFirst; j <= jLast; j++) sum += sub[j]! * x[newest - j]!;
    out[m] = sum;
  }
  return out;
}

/**
 * The symmetric low-pass filter (2L + 1 taps, centred on L) for resampling by p/q, scaled to a DC gain of p (the
 * zeros inserted by upsampling divide it by p).
 * @example
 * const { taps, halfLength } = lowPassFilter(1, 2, { design: 'scipy' });
 * halfLength; // → 20
 * taps.reduce((a, b) => a + b, 0); // → 1
 */
export function lowPassFilter(p: number, q: number, options: ResampleOptions = {}): { taps: Float64Array; halfLength: number } {
  const rate = Math.max(p, q);
  let halfLength: number;
  let cutoff: number; // relative to the upsampled Nyquist frequency
  let beta: number;
  if (options.design === 'scipy') {
    halfLength = 10 * rate;
    cutoff = 1 / rate;
    beta = 5;
  } else {
    const attenuation = options.attenuationDb ?? 80;
    const width = options.transitionWidth ?? 0.1;
    if (!(attenuation > 21 && width > 0 && width < 1)) throw new RangeError(`filter design needs attenuation > 21 dB and a transition width in (0, 1), got ${attenuation} dB, ${width}`);
    const deltaF = (width / 2) / rate; // cycles per upsampled sample
    halfLength = Math.ceil((attenuation - 7.95) / (14.36 * deltaF) / 2);
    cutoff = (1 - width / 2) / rate;
    beta = attenuation > 50 ? 0.1102 * (attenuation - 8.7) : 0.5842 * (attenuation - 21) ** 0.4 + 0.07886 * (attenuation - 21);
  }
  const length = 2 * halfLength + 1;
  const taps = new Float64Array(length);
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let k = 0; k < length; k++) {
    const m = k - halfLength;
    const r = m / halfLength;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    taps[k] = cutoff * sinc(cutoff * m) * window;
    sum += taps[k]!;
  }
  for (let k = 0; k < length; k++) taps[k] = (taps[k]! / sum) * p;
  return { taps, halfLength };
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const y = Math.PI * x;
  return Math.sin(y) / y;
}

/** The modified Bessel function of the first kind, order 0, by its power series (Abramowitz & Stegun 9.6.12). */
function besselI0(x: number): number {
  const h = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > 1e-17 * sum; k++) {
    term *= h / (k * k);
    sum += term;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** to/from as a fraction of whole numbers, from rates with at most six decimals. */
function rationalRatio(toHz: number, fromHz: number): [number, number] {
  if (!(toHz > 0 && fromHz > 0 && Number.isFinite(toHz) && Number.isFinite(fromHz))) {
    throw new RangeError(`sample rates must be positive, got ${fromHz} Hz → ${toHz} Hz`);
  }
  for (let scale = 1; scale <= 1e6; scale *= 10) {
    const a = Math.round(toHz * scale);
    const b = Math.round(fromHz * scale);
    if (Math.abs(a - toHz * scale) < 1e-9 * a && Math.abs(b - fromHz * scale) < 1e-9 * b) {
      const g = gcd(a, b);
      if (a / g > 10000 || b / g > 10000) break;
      return [a / g, b / g];
    }
  }
  throw new RangeError(`${fromHz} Hz → ${toHz} Hz is not a ratio of whole numbers up to 10000`);
}
