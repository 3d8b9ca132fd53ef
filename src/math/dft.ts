/**
 * The discrete Fourier transform of any length: radix-2 (fft.js) when the length is a power of two, otherwise
 * Bluestein's chirp-z algorithm (Bluestein 1970; Rabiner, Schafer & Rader 1969), which rewrites
 * nk = (n² + k² − (k − n)²) / 2 so that the DFT becomes a convolution with the chirp e^{iπm²/N}, computed by
 * power-of-two FFTs of length M ≥ 2N − 1. O(N log N) for every N, so a 13,350-frame feature needs no padding
 * (padding would change its spectrum).
 *
 * Conventions: forward X_k = Σ x_n e^{−2πink/N}; inverse x_n = (1/N) Σ X_k e^{+2πink/N}.
 */
import FFT from 'fft.js';

/** A planned DFT of one length: tables and work buffers are allocated once. */
export class Dft {
  private readonly pow2: FFT | undefined;
  private readonly big: FFT | undefined;
  private readonly m: number;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernel: number[];
  private readonly work: number[];
  private readonly workOut: number[];

  constructor(readonly n: number) {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`DFT length must be a whole number ≥ 1, got ${n}`);
    this.chirpRe = new Float64Array(0);
    this.chirpIm = new Float64Array(0);
    this.kernel = [];
    this.m = 0;
    if (n >= 2 && (n & (n - 1)) === 0) {
      this.pow2 = new FFT(n);
      this.work = this.pow2.createComplexArray() as number[];
      this.workOut = this.pow2.createComplexArray() as number[];
      return;
    }
    let m = 2;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.big = new FFT(m);
    // Chirp w_j = e^{iπ j²/N}; j² is reduced mod 2N first so the angle stays exact for long signals.
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const a = (Math.PI * ((j * j) % (2 * n))) / n;
      this.chirpRe[j] = Math.cos(a);
      this.chirpIm[j] = Math.sin(a);
    }
    // Kernel b_j = w_j for j = −(N−1)…N−1, wrapped into length M, transformed once.
    const b = this.big.createComplexArray() as number[];
    b.fill(0);
    for (let j = 0; j < n; j++) {
      b[2 * j] = this.chirpRe[j]!;
      b[2 * j + 1] = this.chirpIm[j]!;
      if (j > 0) {
        b[2 * (m - j)] = this.chirpRe[j]!;
        b[2 * (m - j) + 1] = this.chirpIm[j]!;
      }
    }
    this.kernel = this.big.createComplexArray() as number[];
    this.big.transform(this.kernel, b);
    this.work = this.big.createComplexArray() as number[];
    this.workOut = this.big.createComplexArray() as number[];
  }

  /**
   * Forward transform of (re, im) into (outRe, outIm); `im` may be omitted for a real signal.
   * @example
   * const d = new Dft(3); const re = new Float64Array(3), im = new Float64Array(3);
   * d.forward(Float64Array.of(1, 0, 0), undefined, re, im); // re = [1, 1, 1], im = [0, 0, 0]
   */
  forward(re: ArrayLike<number>, im: ArrayLike<number> | undefined, outRe: Float64Array, outIm: Float64Array): void {
    this.transform(re, im, outRe, outIm, false);
  }

  /** Inverse transform (with the 1/N factor). */
  inverse(re: ArrayLike<number>, im: ArrayLike<number> | undefined, outRe: Float64Array, outIm: Float64Array): void {
    this.transform(re, im, outRe, outIm, true);
  }

  private transform(re: ArrayLike<number>, im: ArrayLike<number> | undefined, outRe: Float64Array, outIm: Float64Array, inverse: boolean): void {
    const n = this.n;
    if (re.length !== n || (im && im.length !== n) || outRe.length !== n || outIm.length !== n) {
      throw new RangeError(`DFT planned for length ${n}: got arrays of ${re.length}, ${im?.length ?? '—'}, ${outRe.length}, ${outIm.length}`);
    }
    // The inverse is the conjugate of the forward transform of the conjugate, divided by N.
    const sign = inverse ? -1 : 1;
    if (n === 1) {
      outRe[0] = re[0]!;
      outIm[0] = im ? im[0]! : 0;
      return;
    }
    const w = this.work;
    const o = this.workOut;
    if (this.pow2) {
      for (let j = 0; j < n; j++) {
        w[2 * j] = re[j]!;
        w[2 * j + 1] = sign * (im ? im[j]! : 0);
      }
      this.pow2.transform(o, w);
      for (let k = 0; k < n; k++) {
        outRe[k] = inverse ? o[2 * k]! / n : o[2 * k]!;
        outIm[k] = inverse ? -o[2 * k + 1]! / n : o[2 * k + 1]!;
      }
      return;
    }
    const big = this.big!;
    const m = this.m;
    const cr = this.chirpRe;
    const ci = this.chirpIm;
    // a_j = x_j · conj(w_j), zero-padded to M.
    w.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = re[j]!;
      const xi = sign * (im ? im[j]! : 0);
      w[2 * j] = xr * cr[j]! + xi * ci[j]!;
      w[2 * j + 1] = xi * cr[j]! - xr * ci[j]!;
    }
    big.transform(o, w);
    const kern = this.kernel;
    for (let j = 0; j < m; j++) {
      const ar = o[2 * j]!;
      const ai = o[2 * j + 1]!;
      const br = kern[2 * j]!;
      const bi = kern[2 * j + 1]!;
      o[2 * j] = ar * br - ai * bi;
      o[2 * j + 1] = ar * bi + ai * br;
    }
    big.inverseTransform(w, o); // fft.js divides by M here
    // X_k = conj(w_k) · (a ⊛ b)_k.
    for (let k = 0; k < n; k++) {
      const yr = w[2 * k]!;
      const yi = w[2 * k + 1]!;
      const xr = yr * cr[k]! + yi * ci[k]!;
      const xi = yi * cr[k]! - yr * ci[k]!;
      outRe[k] = inverse ? xr / n : xr;
      outIm[k] = inverse ? -xi / n : xi;
    }
  }
}
