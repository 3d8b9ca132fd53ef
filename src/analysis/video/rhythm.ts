/**
 * The dominant frequency of a motion track: the peak of its periodogram. The track (a window of it) has its mean
 * removed, is tapered by a Hann window, zero-padded to a power of two at least four times its length and
 * transformed (fft.js); the peak of |X|² between `minHz` and `maxHz` picks the rhythm. Its frequency is then refined
 * by a least-squares fit of a sinusoid with a floating mean (the generalised Lomb–Scargle periodogram, Zechmeister &
 * Kürster 2009, A&A 496:577) over the peak's main lobe: on a grid of 48 frequencies, then a parabola through the
 * best and its neighbours. With only one or two cycles in the window the tapered periodogram's peak is pulled toward
 * low frequencies (on the pendulum clip, about one swing: 0.42 Hz against 0.54 Hz from the fit and 0.51 Hz from its
 * turning points); with many cycles the two agree.
 *
 * How dominant the peak is — `strength` — is the share of the band's power that lies inside the Hann window's main
 * lobe around the peak (±2 bins of the unpadded length): about 1 for a pure periodic motion, about
 * (lobe width / band width) for a broadband one. Below `minStrength` no frequency is reported (NaN).
 */
import FFT from 'fft.js';

/** A periodogram peak: frequency (Hz, NaN when none) and the share of the band's power in its main lobe. */
export interface RhythmPeak {
  frequencyHz: number;
  strength: number;
}

/** Options of the frequency estimate. */
export interface RhythmOptions {
  /** Search band, Hz (defaults 0.25 and 8). */
  minHz?: number;
  maxHz?: number;
  /** Least main-lobe share of the band power for a frequency to be reported (default 0.4). */
  minStrength?: number;
}

const LS_GRID = 48;

export const RHYTHM_DEFAULTS = { minHz: 0.25, maxHz: 8, minStrength: 0.4 } as const;

/**
 * A planned periodogram for windows of up to `maxLength` samples: buffers are allocated once, `peak` allocates
 * nothing (the live motion tracker calls it every frame).
 */
export class RhythmEstimator {
  private readonly fft: FFT;
  private readonly padded: number;
  private readonly input: number[];
  private readonly spectrum: number[];
  private readonly centred: Float64Array;
  private readonly fitPower: Float64Array = new Float64Array(LS_GRID);
  private readonly result: RhythmPeak = { frequencyHz: NaN, strength: 0 };
  private readonly minHz: number;
  private readonly maxHz: number;
  private readonly minStrength: number;

  constructor(readonly maxLength: number, options: RhythmOptions = {}) {
    if (!(Number.isInteger(maxLength) && maxLength >= 4)) throw new RangeError(`a rhythm window needs at least 4 samples, got ${maxLength}`);
    let m = 2;
    while (m < 4 * maxLength) m *= 2;
    this.padded = m;
    this.fft = new FFT(m);
    this.input = new Array<number>(m).fill(0);
    this.spectrum = this.fft.createComplexArray() as number[];
    this.centred = new Float64Array(maxLength);
    this.minHz = options.minHz ?? RHYTHM_DEFAULTS.minHz;
    this.maxHz = options.maxHz ?? RHYTHM_DEFAULTS.maxHz;
    this.minStrength = options.minStrength ?? RHYTHM_DEFAULTS.minStrength;
    if (!(this.minHz >= 0 && this.maxHz > this.minHz)) throw new RangeError(`rhythm band must have 0 ≤ minHz < maxHz, got ${this.minHz}–${this.maxHz}`);
  }

  /**
   * The peak of the last `n` samples of a circular buffer `ring` whose newest sample sits at `newest`, sampled at
   * `rateHz`. The returned object is reused by the next call.
   */
  peak(ring: ArrayLike<number>, newest: number, n: number, rateHz: number): RhythmPeak {
    const out = this.result;
    out.frequencyHz = NaN;
    out.strength = 0;
    if (n < 4 || n > this.maxLength) return out;
    const len = ring.length;
    let sy = 0;
    for (let j = 0; j < n; j++) {
      const v = ring[(newest - (n - 1) + j + len * 2) % len]!;
      this.centred[j] = v;
      sy += v;
    }
    const a = sy / n;
    let energy = 0;
    for (let j = 0; j < n; j++) {
      const r = this.centred[j]! - a;
      this.centred[j] = r;
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (j + 0.5)) / n);
      this.input[j] = r * w;
      energy += r * r;
    }
    if (!(energy > 1e-12 * n)) return out;
    this.input.fill(0, n);
    this.fft.realTransform(this.spectrum, this.input);
    const m = this.padded;
    const df = rateHz / m;
    const lo = Math.max(1, Math.ceil(this.minHz / df));
    const hi = Math.min(m / 2 - 1, Math.floor(this.maxHz / df));
    if (hi <= lo) return out;
    let best = lo;
    let total = 0;
    for (let k = lo; k <= hi; k++) {
      const p = this.power(k);
      total += p;
      if (p > this.power(best)) best = k;
    }
    if (!(total > 0)) return out;
    const lobe = Math.ceil((2 * m) / n);
    let inLobe = 0;
    for (let k = Math.max(lo, best - lobe); k <= Math.min(hi, best + lobe); k++) inLobe += this.power(k);
    out.strength = inLobe / total;
    if (out.strength < this.minStrength) return out;
    // Least-squares refinement over the main lobe.
    const f0 = Math.max(this.minHz, (best - lobe) * df, df);
    const f1 = Math.min(this.maxHz, (best + lobe) * df);
    const step = (f1 - f0) / (LS_GRID - 1);
    let top = 0;
    for (let g = 0; g < LS_GRID; g++) {
      this.fitPower[g] = this.sinusoidFit(n, (f0 + g * step) / rateHz);
      if (this.fitPower[g]! > this.fitPower[top]!) top = g;
    }
    let offset = 0;
    if (top > 0 && top < LS_GRID - 1) {
      const l = this.fitPower[top - 1]!;
      const p = this.fitPower[top]!;
      const r = this.fitPower[top + 1]!;
      const den = l - 2 * p + r;
      if (den < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / den));
    }
    out.frequencyHz = f0 + (top + offset) * step;
    return out;
  }

  /** |X_k|² of the last transform. */
  private power(k: number): number {
    return this.spectrum[2 * k]! ** 2 + this.spectrum[2 * k + 1]! ** 2;
  }

  /**
   * The variance a sinusoid of `cycles` per sample explains in the window (mean removed), with the sinusoid's own
   * mean projected out too (Frisch–Waugh: regress the centred series on the centred cosine and sine).
   */
  private sinusoidFit(n: number, cycles: number): number {
    const r = this.centred;
    // cos and sin by rotation, no trigonometry per sample.
    const dc = Math.cos(2 * Math.PI * cycles);
    const ds = Math.sin(2 * Math.PI * cycles);
    let co = 1;
    let si = 0;
    let sc = 0, ss = 0, cc = 0, cs = 0, s2 = 0, rc = 0, rs = 0;
    for (let j = 0; j < n; j++) {
      sc += co;
      ss += si;
      cc += co * co;
      cs += co * si;
      s2 += si * si;
      rc += r[j]! * co;
      rs += r[j]! * si;
      const next = co * dc - si * ds;
      si = si * dc + co * ds;
      co = next;
    }
    // Gram matrix of the cosine and sine after removing their means (r is already centred).
    const gcc = cc - (sc * sc) / n;
    const gss = s2 - (ss * ss) / n;
    const gcs = cs - (sc * ss) / n;
    const det = gcc * gss - gcs * gcs;
    if (!(det > 1e-9 * n * n)) return 0;
    return (gss * rc * rc - 2 * gcs * rc * rs + gcc * rs * rs) / det;
  }
}

/**
 * The dominant frequency of a whole track sampled at `rateHz` (see {@link RhythmEstimator}).
 * @example
 * const track = Array.from({ length: 300 }, (_, k) => Math.sin(2 * Math.PI * 1.5 * (k / 30)));
 * dominantFrequency(track, 30).frequencyHz; // → 1.50
 */
export function dominantFrequency(track: ArrayLike<number>, rateHz: number, options: RhythmOptions = {}): RhythmPeak {
  const estimator = new RhythmEstimator(Math.max(4, track.length), options);
  return { ...estimator.peak(track, track.length - 1, track.length, rateHz) };
}
