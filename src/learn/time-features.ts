/**
 * Features of time alone: PyANNOW's Fourier time embedding (12 harmonics of the span, 25 columns) and the beat
 * phase from a score's tempo map. They are the "time only" baseline the worm has to beat.
 *
 * Fourier features (PyANNOW's `fourier_feats`, step 9; docs/design/learning.md): with φ = (t − start) / span,
 *   [φ, cos 2πφ, sin 2πφ, cos 4πφ, sin 4πφ, …, cos 2π·12φ, sin 2π·12φ].
 * With the span set to the whole piece (step 10), φ stays in [0, 1] everywhere. On a held-out time split the
 * test frames then have φ in [0.7, 1], values no training frame had: the slow harmonics must extrapolate, which
 * is exactly what a held-out score should expose about a pure-time model.
 */
import { secondsToBeats } from '../score/tempo.js';
import type { TempoChange } from '../score/types.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';

/** Options of the Fourier time embedding. */
export interface FourierOptions {
  /** Harmonics of the span (default 12, PyANNOW's). */
  harmonics?: number;
  /** Time at which φ = 0 (default 0). */
  startSeconds?: number;
  /** Length over which φ runs from 0 to 1 (the piece's duration for step 10). */
  spanSeconds: number;
}

function checkFourier(o: FourierOptions): { K: number; t0: number; T: number } {
  const K = o.harmonics ?? 12;
  if (!(Number.isInteger(K) && K >= 0)) throw new RangeError(`harmonics must be a whole number ≥ 0, got ${K}`);
  if (!(o.spanSeconds > 0) || !Number.isFinite(o.spanSeconds)) throw new RangeError(`spanSeconds must be > 0, got ${o.spanSeconds}`);
  return { K, t0: o.startSeconds ?? 0, T: o.spanSeconds };
}

/** Column names of the Fourier embedding: phase, cos1, sin1, …, cosK, sinK. */
export function fourierNames(harmonics = 12): string[] {
  const names = ['phase'];
  for (let k = 1; k <= harmonics; k++) names.push(`cos${k}`, `sin${k}`);
  return names;
}

/**
 * The Fourier time embedding of each time (1 + 2K columns, group 'time').
 * @example
 * fourierTimeFeatures([0, 50, 100], { spanSeconds: 100 }).cols; // → 25
 */
export function fourierTimeFeatures(times: ArrayLike<number>, options: FourierOptions): FeatureMatrix {
  return fourierColumns(times, options, 0);
}

/**
 * d/dt and d²/dt² of every Fourier column, in units of 1/s and 1/s² — the input tangents that carry the chain
 * rule through the embedding when a physics-informed net differentiates its output with respect to time.
 */
export function fourierTimeDerivatives(times: ArrayLike<number>, options: FourierOptions): { first: FeatureMatrix; second: FeatureMatrix } {
  return { first: fourierColumns(times, options, 1), second: fourierColumns(times, options, 2) };
}

function fourierColumns(times: ArrayLike<number>, options: FourierOptions, order: 0 | 1 | 2): FeatureMatrix {
  const { K, t0, T } = checkFourier(options);
  const n = times.length;
  const cols: Array<{ name: string; group: string; values: Float64Array }> = [];
  const phase = new Float64Array(n);
  for (let i = 0; i < n; i++) phase[i] = order === 0 ? (times[i]! - t0) / T : order === 1 ? 1 / T : 0;
  cols.push({ name: 'phase', group: 'time', values: phase });
  for (let k = 1; k <= K; k++) {
    const w = (2 * Math.PI * k) / T; // rad/s
    const c = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = w * (times[i]! - t0);
      const cos = Math.cos(a);
      const sin = Math.sin(a);
      if (order === 0) {
        c[i] = cos;
        s[i] = sin;
      } else if (order === 1) {
        c[i] = -w * sin;
        s[i] = w * cos;
      } else {
        c[i] = -w * w * cos;
        s[i] = -w * w * sin;
      }
    }
    cols.push({ name: `cos${k}`, group: 'time', values: c }, { name: `sin${k}`, group: 'time', values: s });
  }
  return featureMatrix(cols);
}

/**
 * Beat phase from the score's tempo map (PyANNOW's step-7 `beat_phase`): the fractional part of the elapsed
 * quarter-note beats, with its cosine and sine so that beat 0.99 and beat 0.01 are neighbours (group 'beat').
 * This is knowledge of the target piece's metre: a learner that uses it is told where the beats are.
 * @example
 * beatPhaseFeatures([0, 0.25, 0.5], [{ time: 0, bpm: 120 }]).data; // phases 0, 0.5, 0 (…, cos, sin per row)
 */
export function beatPhaseFeatures(times: ArrayLike<number>, tempos: readonly TempoChange[]): FeatureMatrix {
  const n = times.length;
  const phase = new Float64Array(n);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = secondsToBeats(tempos, times[i]!);
    const f = b - Math.floor(b);
    phase[i] = f;
    cos[i] = Math.cos(2 * Math.PI * f);
    sin[i] = Math.sin(2 * Math.PI * f);
  }
  return featureMatrix([
    { name: 'beat_phase', group: 'beat', values: phase },
    { name: 'beat_cos', group: 'beat', values: cos },
    { name: 'beat_sin', group: 'beat', values: sin },
  ]);
}

/**
 * Time derivatives of a sampled signal on a regular grid by second-order central differences (one-sided at the
 * ends): the tangents of worm features fed to a physics-informed net.
 * @example
 * sampledDerivatives([0, 1, 4, 9, 16], 1).second; // [2, 2, 2, 2, 2] for t²
 */
export function sampledDerivatives(values: ArrayLike<number>, hopSeconds: number): { first: Float64Array; second: Float64Array } {
  const n = values.length;
  if (n < 3) throw new RangeError(`derivatives need at least 3 samples, got ${n}`);
  const h = hopSeconds;
  const first = new Float64Array(n);
  const second = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    first[i] = (values[i + 1]! - values[i - 1]!) / (2 * h);
    second[i] = (values[i + 1]! - 2 * values[i]! + values[i - 1]!) / (h * h);
  }
  // Second-order one-sided differences at the ends.
  first[0] = (-3 * values[0]! + 4 * values[1]! - values[2]!) / (2 * h);
  first[n - 1] = (3 * values[n - 1]! - 4 * values[n - 2]! + values[n - 3]!) / (2 * h);
  second[0] = n > 3 ? (2 * values[0]! - 5 * values[1]! + 4 * values[2]! - values[3]!) / (h * h) : second[1]!;
  second[n - 1] = n > 3 ? (2 * values[n - 1]! - 5 * values[n - 2]! + 4 * values[n - 3]! - values[n - 4]!) / (h * h) : second[n - 2]!;
  return { first, second };
}
