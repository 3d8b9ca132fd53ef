/**
 * A multilayer perceptron whose parameters live in one flat vector θ = [W1, b1, W2, b2, …] (each W row-major,
 * fan-in × fan-out). One vector serves both optimisers: Adam updates it in place, L-BFGS sees it as the point
 * x of a smooth objective, and the tfjs gradient with respect to θ is a single flat vector.
 *
 * Weights are drawn from neuromusic's seeded generator (Glorot & Bengio 2010 uniform limits for tanh and sin,
 * He et al. 2015 normal scale for relu; biases 0), not from tfjs initialisers, so the same seed gives the same
 * network on every backend and platform.
 */
import type { Random } from '../math/random.js';
import { matMul, tf } from './backend.js';

/** Hidden-layer non-linearity. */
export type Activation = 'tanh' | 'relu' | 'sin';

/** Layer sizes (inputs, hidden…, outputs) and the hidden activation; the output layer is linear. */
export interface MlpLayout {
  sizes: number[];
  activation: Activation;
}

/** Number of entries of θ for a layout. */
export function parameterCount(layout: MlpLayout): number {
  let n = 0;
  for (let l = 0; l + 1 < layout.sizes.length; l++) n += layout.sizes[l]! * layout.sizes[l + 1]! + layout.sizes[l + 1]!;
  return n;
}

/** A checked layout. */
export function mlpLayout(sizes: number[], activation: Activation = 'tanh'): MlpLayout {
  if (sizes.length < 2) throw new RangeError('an MLP needs at least an input and an output size');
  for (const s of sizes) if (!(Number.isInteger(s) && s >= 1)) throw new RangeError(`layer sizes must be whole numbers ≥ 1, got ${s}`);
  if (!['tanh', 'relu', 'sin'].includes(activation)) throw new RangeError(`unknown activation "${activation}"`);
  return { sizes: [...sizes], activation };
}

/**
 * Initial θ from the seeded generator.
 * @example
 * const layout = mlpLayout([16, 64, 32, 1]);
 * const theta = initParameters(layout, createRandom(0)); // Float64Array(3201)
 */
export function initParameters(layout: MlpLayout, rng: Random): Float64Array {
  const theta = new Float64Array(parameterCount(layout));
  let off = 0;
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const fanIn = layout.sizes[l]!;
    const fanOut = layout.sizes[l + 1]!;
    if (layout.activation === 'relu') {
      const sd = Math.sqrt(2 / fanIn);
      for (let i = 0; i < fanIn * fanOut; i++) theta[off + i] = rng.normal(0, sd);
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < fanIn * fanOut; i++) theta[off + i] = rng.uniform(-limit, limit);
    }
    off += fanIn * fanOut + fanOut; // biases stay 0
  }
  return theta;
}

/** The (W, b) tensors of every layer. */
export type Layers = Array<{ w: tf.Tensor2D; b: tf.Tensor1D }>;

/**
 * Tensors for the segments of θ — W1, b1, W2, b2, … and then `extra` scalars (shape [1]) — so that tfjs can
 * differentiate with respect to each segment directly: slicing one flat tensor would add a slice, a reshape and a
 * padded gradient per segment to every step. Call inside `tf.tidy`.
 */
export function parameterTensors(theta: ArrayLike<number>, layout: MlpLayout, extra = 0): tf.Tensor[] {
  const total = parameterCount(layout) + extra;
  if (theta.length !== total) throw new RangeError(`θ has ${theta.length} entries, the layout needs ${total}`);
  const flat = theta instanceof Float32Array ? theta : Float32Array.from(theta);
  const out: tf.Tensor[] = [];
  let off = 0;
  for (let l = 0; l + 1 < layout.sizes.length; l++) {
    const nin = layout.sizes[l]!;
    const nout = layout.sizes[l + 1]!;
    out.push(tf.tensor2d(flat.subarray(off, off + nin * nout), [nin, nout]));
    off += nin * nout;
    out.push(tf.tensor1d(flat.subarray(off, off + nout)));
    off += nout;
  }
  for (let e = 0; e < extra; e++) out.push(tf.tensor1d(flat.subarray(off + e, off + e + 1)));
  return out;
}

/** The layers among the segment tensors of {@link parameterTensors}. */
export function layersOf(params: tf.Tensor[], layout: MlpLayout): Layers {
  const n = layout.sizes.length - 1;
  return Array.from({ length: n }, (_, l) => ({ w: params[2 * l] as tf.Tensor2D, b: params[2 * l + 1] as tf.Tensor1D }));
}

/**
 * An objective over the flat θ for L-BFGS and Adam: `f` builds a scalar from the segment tensors, and the
 * returned function writes ∇f into `grad` (float64) and returns f — one tfjs forward and backward pass.
 */
export function flatObjective(
  f: (params: tf.Tensor[]) => tf.Scalar,
  layout: MlpLayout,
  extra = 0,
): (theta: ArrayLike<number>, grad: Float64Array) => number {
  const valueAndGrads = tf.valueAndGrads((...params: tf.Tensor[]) => f(params));
  const theta32 = new Float32Array(parameterCount(layout) + extra);
  return (theta, grad) => {
    theta32.set(theta);
    const { value, grads } = tf.tidy(() => valueAndGrads(parameterTensors(theta32, layout, extra)));
    let off = 0;
    for (const g of grads) {
      const d = g.dataSync();
      for (let i = 0; i < d.length; i++) grad[off + i] = d[i]!;
      off += d.length;
    }
    const v = value.dataSync()[0]!;
    tf.dispose([value, ...grads]);
    return v;
  };
}

/** The hidden activation σ(z). */
export function hiddenActivation(kind: Activation, z: tf.Tensor): tf.Tensor {
  return kind === 'tanh' ? tf.tanh(z) : kind === 'relu' ? tf.relu(z) : tf.sin(z);
}

/**
 * Network output for a batch x (rows × inputs) → rows × outputs. Call inside `tf.tidy`.
 * @example
 * const layout = mlpLayout([2, 8, 1]);
 * const theta = initParameters(layout, createRandom(0));
 * const y = tf.tidy(() => mlpForward(layersOf(parameterTensors(theta, layout), layout), layout, tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, 2])));
 * y.shape; // → [2, 1]
 */
export function mlpForward(layers: Layers, layout: MlpLayout, x: tf.Tensor2D): tf.Tensor2D {
  let a: tf.Tensor2D = x;
  layers.forEach(({ w, b }, l) => {
    const z = tf.add(matMul(a, w), b) as tf.Tensor2D;
    a = l < layers.length - 1 ? (hiddenActivation(layout.activation, z) as tf.Tensor2D) : z;
  });
  return a;
}

/**
 * The same network in float64 JavaScript: the reference the tfjs paths are tested against (finite differences
 * need float64), and a fast path for small batches.
 */
export function mlpForwardJs(theta: Float64Array, layout: MlpLayout, x: ArrayLike<number>, rows: number): Float64Array {
  const sizes = layout.sizes;
  if (x.length !== rows * sizes[0]!) throw new RangeError(`input has ${x.length} values, expected ${rows} × ${sizes[0]}`);
  let a = Float64Array.from(x);
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nin = sizes[l]!;
    const nout = sizes[l + 1]!;
    const z = new Float64Array(rows * nout);
    const bOff = off + nin * nout;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < nout; j++) {
        let s = theta[bOff + j]!;
        for (let i = 0; i < nin; i++) s += a[r * nin + i]! * theta[off + i * nout + j]!;
        const last = l + 2 === sizes.length;
        z[r * nout + j] = last ? s : layout.activation === 'tanh' ? Math.tanh(s) : layout.activation === 'relu' ? Math.max(0, s) : Math.sin(s);
      }
    }
    off = bOff + nout;
    a = z;
  }
  return a;
}

/** Training losses. */
export type LossKind = 'mse' | 'bce';

/**
 * Mean loss of predictions (logits for 'bce') against targets, plus λ·Σθ² over the weights of θ when l2 > 0.
 * 'bce' is binary cross-entropy on logits in the stable form max(z, 0) − z·y + log(1 + e^{−|z|}), with targets of
 * 1 weighted by `positiveWeight` (rare onset frames) and the weighted mean taken.
 */
export function lossTensor(
  out: tf.Tensor2D,
  target: tf.Tensor2D,
  kind: LossKind,
  positiveWeight = 1,
): tf.Scalar {
  if (kind === 'mse') return tf.mean(tf.squaredDifference(out, target)) as tf.Scalar;
  const perElement = tf.add(tf.sub(tf.relu(out), tf.mul(out, target)), tf.softplus(tf.neg(tf.abs(out))));
  if (positiveWeight === 1) return tf.mean(perElement) as tf.Scalar;
  const w = tf.add(1, tf.mul(positiveWeight - 1, target));
  return tf.div(tf.sum(tf.mul(w, perElement)), tf.sum(w)) as tf.Scalar;
}

/** λ·Σ W² over the weight matrices (biases are not penalised). Call inside tidy. */
export function weightPenalty(layers: Layers, l2: number): tf.Scalar {
  if (!(l2 > 0)) return tf.scalar(0);
  let s: tf.Scalar = tf.scalar(0);
  for (const { w } of layers) s = tf.add(s, tf.sum(tf.square(w))) as tf.Scalar;
  return tf.mul(l2, s) as tf.Scalar;
}
