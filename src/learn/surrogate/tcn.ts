/**
 * The temporal convolutional network of the ASHLE surrogate (Bai, Kolter & Koltun 2018, "An empirical evaluation
 * of generic convolutional and recurrent networks for sequence modeling", arXiv:1803.01271): an input causal
 * convolution, then residual blocks of dilated causal convolutions (dilation 2^l) with x ← relu(x + conv_d(x) + b),
 * then a 1×1 head to the four outputs (cos φ, sin φ, normalised frequency, normalised amplitude).
 *
 * Two implementations of the same function:
 * - {@link tcnForward} in TensorFlow.js for training: tfjs cannot differentiate its own dilated `conv1d` and the
 *   wasm backend has no filter-gradient kernel, so each causal dilated convolution is written as left padding by
 *   (K − 1)·d, K time-shifted slices concatenated along the channels, and one matrix product (im2col) through the
 *   explicit-transpose {@link matMul} of the learn layer;
 * - {@link TcnStream} in plain JavaScript for inference: one sample at a time with a ring buffer per layer, so that
 *   a live drummer can run it sample by sample, and whole songs run far faster than real time without tfjs.
 *
 * Parameters live in one flat Float32Array θ (segments in {@link tcnSegments} order), so that Adam, checkpoints and
 * the tfjs weights file all see the same vector.
 */
import type { Random } from '../../math/random.js';
import { matMul, tf } from '../backend.js';
import { checkTcnConfig, tcnParameterCount, tcnSegments, type TcnConfig } from './tcn-stream.js';

export { DEFAULT_TCN, TcnStream, checkTcnConfig, receptiveField, tcnParameterCount, tcnSegments, type TcnConfig, type TcnSegment } from './tcn-stream.js';


/**
 * Initial θ from the seeded generator: He-normal kernels scaled down in the residual blocks (by 1/√blocks, so
 * that the residual sum starts near the identity), zero biases.
 * @example
 * const theta = initTcn(DEFAULT_TCN, createRandom(0));
 * theta.length === tcnParameterCount(DEFAULT_TCN); // → true
 */
export function initTcn(config: TcnConfig, rng: Random): Float32Array {
  checkTcnConfig(config);
  const theta = new Float32Array(tcnParameterCount(config));
  for (const s of tcnSegments(config)) {
    if (!s.name.endsWith('/kernel')) continue;
    const fanIn = s.shape[0]!;
    const scale = s.name.startsWith('block') ? 1 / Math.sqrt(Math.max(1, config.blocks)) : s.name === 'head/kernel' ? 0.5 : 1;
    const sd = Math.sqrt(2 / fanIn) * scale;
    for (let i = 0; i < s.size; i++) theta[s.offset + i] = rng.normal(0, sd);
  }
  return theta;
}

/** The segment tensors of θ, in {@link tcnSegments} order. Call inside `tf.tidy`. */
export function tcnTensors(theta: Float32Array, config: TcnConfig): tf.Tensor[] {
  return tcnSegments(config).map((s) => tf.tensor(theta.subarray(s.offset, s.offset + s.size), s.shape));
}

/** A causal dilated convolution of x [B, T, Cin] by w [K·Cin, Cout] + b: pad, K slices, concat, one matMul. */
function causalConv(x: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, kernel: number, dilation: number): tf.Tensor3D {
  const [B, T, Cin] = x.shape;
  const pad = (kernel - 1) * dilation;
  const padded = tf.pad(x, [[0, 0], [pad, 0], [0, 0]]);
  const slices: tf.Tensor3D[] = [];
  for (let k = 0; k < kernel; k++) slices.push(tf.slice(padded, [0, k * dilation, 0], [B, T, Cin]));
  const cols = tf.reshape(slices.length === 1 ? slices[0]! : tf.concat(slices, 2), [B * T, kernel * Cin]) as tf.Tensor2D;
  const y = tf.add(matMul(cols, w), b);
  return tf.reshape(y, [B, T, w.shape[1]]) as tf.Tensor3D;
}

/**
 * The network on a batch of sequences x [B, T, inputs] → [B, T, outputs] (time 0 of every sequence is the start
 * of the run: the left padding is the silence before it). Call inside `tf.tidy`.
 */
export function tcnForward(params: tf.Tensor[], config: TcnConfig, x: tf.Tensor3D): tf.Tensor3D {
  const K = config.kernel;
  let h = tf.relu(causalConv(x, params[0] as tf.Tensor2D, params[1] as tf.Tensor1D, K, 1)) as tf.Tensor3D;
  for (let l = 0; l < config.blocks; l++) {
    const c = causalConv(h, params[2 + 2 * l] as tf.Tensor2D, params[3 + 2 * l] as tf.Tensor1D, K, 2 ** l);
    h = tf.relu(tf.add(h, c)) as tf.Tensor3D;
  }
  const [B, T, C] = h.shape;
  const head = params[2 + 2 * config.blocks] as tf.Tensor2D;
  const hb = params[3 + 2 * config.blocks] as tf.Tensor1D;
  const y = tf.add(matMul(tf.reshape(h, [B * T, C]) as tf.Tensor2D, head), hb);
  return tf.reshape(y, [B, T, config.outputs]) as tf.Tensor3D;
}

