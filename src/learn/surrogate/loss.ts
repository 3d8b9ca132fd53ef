/**
 * The physics-informed loss of the ASHLE surrogate (DedAI-Neurodynamics, module 4):
 *
 *   L = L_mse + λ_plv·L_plv + λ_freq·L_freq + λ_amp·L_amp
 *
 * over predictions ŷ and targets y [B, T, 4] (cos φ, sin φ, normalised frequency, normalised amplitude):
 * - L_mse  = mean over B, T and the 4 outputs of (ŷ − y)²;
 * - L_plv  = 1 − mean_b |mean_t exp(i(φ̂ − φ))|, the seed's definition per sequence, with e^{iφ̂} the predicted
 *   (cos, sin) pair normalised to unit length (√(c² + s² + ε), ε = 10⁻⁶) and e^{−iφ} = cos φ − i·sin φ;
 * - L_freq = mean (f̂ − f)² in the normalised frequency unit (0.5 Hz);
 * - L_amp  = mean (â − a)² in the normalised amplitude unit (0.1).
 * The seed states L_plv only; L_freq and L_amp are the natural reading of its names, and docs/design/surrogate.md
 * says so.
 */
import { tf } from '../backend.js';

/** The λ weights. */
export interface LossWeights {
  plv: number;
  freq: number;
  amp: number;
}

/** The full loss's weights. */
export const FULL_LOSS: LossWeights = { plv: 1, freq: 1, amp: 0.5 };

/** The ablation's variants. */
export const ABLATION_VARIANTS: Record<'full' | 'no-plv' | 'no-freq' | 'mse-only', LossWeights> = {
  full: FULL_LOSS,
  'no-plv': { ...FULL_LOSS, plv: 0 },
  'no-freq': { ...FULL_LOSS, freq: 0 },
  'mse-only': { plv: 0, freq: 0, amp: 0 },
};

/** The loss and its terms. */
export interface LossTerms {
  total: number;
  mse: number;
  plv: number;
  freq: number;
  amp: number;
}

const EPS = 1e-6;

/** The loss terms as tfjs scalars (total first). Call inside `tf.tidy` or a gradient. */
export function lossTensors(pred: tf.Tensor3D, target: tf.Tensor3D, w: LossWeights): { total: tf.Scalar; mse: tf.Scalar; plv: tf.Scalar; freq: tf.Scalar; amp: tf.Scalar } {
  const [B, T] = pred.shape;
  const mse = tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar;
  const pc = tf.slice(pred, [0, 0, 0], [B, T, 1]);
  const ps = tf.slice(pred, [0, 0, 1], [B, T, 1]);
  const tc = tf.slice(target, [0, 0, 0], [B, T, 1]);
  const ts = tf.slice(target, [0, 0, 1], [B, T, 1]);
  const norm = tf.sqrt(tf.add(tf.add(tf.square(pc), tf.square(ps)), EPS));
  // e^{iφ̂}·e^{−iφ} = (ĉ + iŝ)(c − is)/|·| = (ĉc + ŝs)/|·| + i(ŝc − ĉs)/|·|
  const re = tf.div(tf.add(tf.mul(pc, tc), tf.mul(ps, ts)), norm);
  const im = tf.div(tf.sub(tf.mul(ps, tc), tf.mul(pc, ts)), norm);
  const mre = tf.mean(re, [1, 2]);
  const mim = tf.mean(im, [1, 2]);
  const plvPerSeq = tf.sqrt(tf.add(tf.add(tf.square(mre), tf.square(mim)), 1e-12));
  const plv = tf.sub(1, tf.mean(plvPerSeq)) as tf.Scalar;
  const freq = tf.mean(tf.squaredDifference(tf.slice(pred, [0, 0, 2], [B, T, 1]), tf.slice(target, [0, 0, 2], [B, T, 1]))) as tf.Scalar;
  const amp = tf.mean(tf.squaredDifference(tf.slice(pred, [0, 0, 3], [B, T, 1]), tf.slice(target, [0, 0, 3], [B, T, 1]))) as tf.Scalar;
  let total = mse as tf.Scalar;
  if (w.plv !== 0) total = tf.add(total, tf.mul(w.plv, plv)) as tf.Scalar;
  if (w.freq !== 0) total = tf.add(total, tf.mul(w.freq, freq)) as tf.Scalar;
  if (w.amp !== 0) total = tf.add(total, tf.mul(w.amp, amp)) as tf.Scalar;
  return { total, mse, plv, freq, amp };
}

/**
 * The same loss in float64 JavaScript, for tests and for evaluation: rows of B sequences of T samples × 4.
 * @example
 * const y = Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0); // one sequence, two samples: φ = 0, π/2
 * lossJs(y, y, 1, 2, FULL_LOSS).plv; // → 0 — a perfect prediction locks fully
 */
export function lossJs(pred: ArrayLike<number>, target: ArrayLike<number>, sequences: number, length: number, w: LossWeights): LossTerms {
  const n = sequences * length;
  if (pred.length !== n * 4 || target.length !== n * 4) throw new RangeError(`expected ${n * 4} values, got ${pred.length} and ${target.length}`);
  let mse = 0;
  let freq = 0;
  let amp = 0;
  let plvSum = 0;
  for (let b = 0; b < sequences; b++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < length; t++) {
      const i = 4 * (b * length + t);
      for (let j = 0; j < 4; j++) mse += (pred[i + j]! - target[i + j]!) ** 2;
      freq += (pred[i + 2]! - target[i + 2]!) ** 2;
      amp += (pred[i + 3]! - target[i + 3]!) ** 2;
      const pc = pred[i]!;
      const ps = pred[i + 1]!;
      const norm = Math.sqrt(pc * pc + ps * ps + EPS);
      re += (pc * target[i]! + ps * target[i + 1]!) / norm;
      im += (ps * target[i]! - pc * target[i + 1]!) / norm;
    }
    plvSum += Math.hypot(re / length, im / length);
  }
  const terms = { mse: mse / (4 * n), plv: 1 - plvSum / sequences, freq: freq / n, amp: amp / n };
  return { total: terms.mse + w.plv * terms.plv + w.freq * terms.freq + w.amp * terms.amp, ...terms };
}
