/**
 * Phase-locking value (Lachaux et al. 1999): PLV = |mean_n exp(i(m·φ1(n) − k·φ2(n)))|, 1 when the generalised
 * phase difference is constant and near 0 when it wanders uniformly. k:m = 1:1 is ordinary synchrony; for two
 * oscillators at frequency ratio f2/f1 ≈ k/m the combination m·φ2 − k·φ1 is the one that stays constant.
 */

/** Options of {@link phaseLockingValue}. */
export interface PlvOptions {
  /** Multiplier of the first phase (default 1). */
  m?: number;
  /** Multiplier of the second phase (default 1). */
  k?: number;
  /** First and one-past-last sample to use (default: all). */
  from?: number;
  to?: number;
}

/**
 * PLV of two phase series (radians) of equal length.
 * @example
 * phaseLockingValue([0, 1, 2], [0.5, 1.5, 2.5]); // → 1 — a constant lag is perfect locking
 */
export function phaseLockingValue(phase1: ArrayLike<number>, phase2: ArrayLike<number>, options: PlvOptions = {}): number {
  if (phase1.length !== phase2.length) throw new RangeError('phase series must have the same length');
  const m = options.m ?? 1;
  const k = options.k ?? 1;
  const a = Math.max(0, options.from ?? 0);
  const b = Math.min(phase1.length, options.to ?? phase1.length);
  if (b <= a) throw new RangeError('PLV needs at least one sample');
  let re = 0;
  let im = 0;
  for (let n = a; n < b; n++) {
    const d = m * phase1[n]! - k * phase2[n]!;
    re += Math.cos(d);
    im += Math.sin(d);
  }
  return Math.hypot(re, im) / (b - a);
}

/**
 * Phases arg z of a complex series given as real and imaginary parts.
 * @example
 * phasesOf([0, -1], [1, 0]); // → [π/2, π]
 */
export function phasesOf(re: ArrayLike<number>, im: ArrayLike<number>): Float64Array {
  const out = new Float64Array(re.length);
  for (let n = 0; n < re.length; n++) out[n] = Math.atan2(im[n]!, re[n]!);
  return out;
}

/**
 * PLV in a sliding window of `window` samples ending at each sample (shorter at the start), in O(n).
 * @example
 * const phase = Float64Array.from({ length: 400 }, (_, n) => 0.1 * n);
 * slidingPlv(phase, phase.map((p) => p + 1), 200)[300]; // → 1 — a constant lag locks fully
 */
export function slidingPlv(phase1: ArrayLike<number>, phase2: ArrayLike<number>, window: number, options: { m?: number; k?: number } = {}): Float64Array {
  if (phase1.length !== phase2.length) throw new RangeError('phase series must have the same length');
  const m = options.m ?? 1;
  const k = options.k ?? 1;
  const n = phase1.length;
  const w = Math.max(1, Math.floor(window));
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = m * phase1[i]! - k * phase2[i]!;
    cr[i] = Math.cos(d);
    ci[i] = Math.sin(d);
  }
  const out = new Float64Array(n);
  let sr = 0;
  let si = 0;
  for (let i = 0; i < n; i++) {
    sr += cr[i]!;
    si += ci[i]!;
    if (i >= w) {
      sr -= cr[i - w]!;
      si -= ci[i - w]!;
    }
    out[i] = Math.hypot(sr, si) / Math.min(i + 1, w);
  }
  return out;
}
