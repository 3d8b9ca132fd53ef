/**
 * The temporal convolutional network of the ASHLE surrogate (Bai, Kolter & Koltun 2018, "An empirical evaluation
 * of generic convolutional and recurrent networks for sequence modeling", arXiv:1803.01271): an input causal
 * convolution, then residual blocks of dilated causal convolutions (dilation 2^l) with x ← relu(x + conv_d(x) + b),
 * then a 1×1 head to the four outputs (cos φ, sin φ, normalised frequency, normalised amplitude). Optionally
 * (`attentionHeads` > 0) a causal multi-head self-attention layer over a bounded window of the last W frames sits
 * between the blocks and the head (Vaswani et al. 2017, "Attention is all you need", with a residual connection and
 * layer normalisation after it — Ba, Kiros & Hinton 2016 — and a learned bias per head and lag, as in Shaw,
 * Uszkoreit & Vaswani 2018's relative positions): its cost is linear in the length and it streams.
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
import { attentionOf, checkTcnConfig, LAYER_NORM_EPSILON, tcnParameterCount, tcnSegments, type TcnConfig } from './tcn-stream.js';

export { DEFAULT_TCN, TcnStream, attentionOf, checkTcnConfig, receptiveField, tcnParameterCount, tcnSegments, type TcnConfig, type TcnSegment } from './tcn-stream.js';


/**
 * Initial θ from the seeded generator: He-normal kernels scaled down in the residual blocks (by 1/√blocks, so
 * that the residual sum starts near the identity), zero biases; with attention, normal query, key, value and
 * output matrices of standard deviation 1/√C, zero lag biases, layer-norm gain 1 and shift 0 (drawn before the
 * head's kernel, so a network without attention draws exactly what it always did).
 * @example
 * const theta = initTcn(DEFAULT_TCN, createRandom(0));
 * theta.length === tcnParameterCount(DEFAULT_TCN); // → true
 */
export function initTcn(config: TcnConfig, rng: Random): Float32Array {
  checkTcnConfig(config);
  const theta = new Float32Array(tcnParameterCount(config));
  for (const s of tcnSegments(config)) {
    if (s.name === 'attention/norm/gamma') theta.fill(1, s.offset, s.offset + s.size);
    if (/^attention\/(query|key|value|output)$/.test(s.name)) {
      const sd = 1 / Math.sqrt(config.channels);
      for (let i = 0; i < s.size; i++) theta[s.offset + i] = rng.normal(0, sd);
    }
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
  const at = 2 + 2 * config.blocks;
  const att = attentionOf(config);
  if (att.heads > 0) h = causalAttention(h, params.slice(at, at + 7), att.heads, att.window);
  const [B, T, C] = h.shape;
  const head = params[params.length - 2] as tf.Tensor2D;
  const hb = params[params.length - 1] as tf.Tensor1D;
  const y = tf.add(matMul(tf.reshape(h, [B * T, C]) as tf.Tensor2D, head), hb);
  return tf.reshape(y, [B, T, config.outputs]) as tf.Tensor3D;
}

/**
 * a·b for batches of matrices (a [N, m, k], b [N, k, n]) with the gradient written as products of explicit
 * transposes, as the learn layer's 2-D matMul does (wasm's transposed-flag matMul is several times slower).
 */
const batchMatMul: (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor3D, tf.transpose(saved[1]!, [0, 2, 1]) as tf.Tensor3D),
      tf.matMul(tf.transpose(saved[0]!, [0, 2, 1]) as tf.Tensor3D, dy as tf.Tensor3D),
    ],
  };
}) as unknown as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/** Constants of the blocked attention for window W and nb blocks, cached: the lag one-hot and the mask. */
const attentionConstants = new Map<string, { lagOneHot: Float32Array; mask: Float32Array }>();

/**
 * For query i of a block and key j of [previous block, this block] (2W keys), the lag is W + i − j; the lag one-hot
 * [W·2W, W] picks the lag's bias, and the mask [nb, W, 2W] is −1e9 where the lag is outside 0…W − 1 or the key
 * falls before the start of the run (the first block's previous block), 0 elsewhere.
 */
function blockConstants(W: number, nb: number): { lagOneHot: Float32Array; mask: Float32Array } {
  const key = `${W}:${nb}`;
  let c = attentionConstants.get(key);
  if (c) return c;
  const lagOneHot = new Float32Array(W * 2 * W * W);
  const mask = new Float32Array(nb * W * 2 * W);
  for (let i = 0; i < W; i++) {
    for (let j = 0; j < 2 * W; j++) {
      const lag = W + i - j;
      const valid = lag >= 0 && lag < W;
      if (valid) lagOneHot[(i * 2 * W + j) * W + lag] = 1;
      for (let b = 0; b < nb; b++) mask[(b * W + i) * 2 * W + j] = valid && !(b === 0 && j < W) ? 0 : -1e9;
    }
  }
  c = { lagOneHot, mask };
  if (attentionConstants.size > 16) attentionConstants.clear();
  attentionConstants.set(key, c);
  return c;
}

/**
 * Causal multi-head self-attention over the last W frames, then the residual and layer normalisation:
 * h ← LN(h + Attn(h)·W_o). Computed in blocks of W frames (the length padded at the end to a multiple of W, which
 * changes no earlier output): the queries of block b attend to the keys of blocks b − 1 and b, masked to lags
 * 0…W − 1, so the cost is linear in the length — B·T·2W·C multiply-adds for the scores and as many for the mix.
 * Every operation here (slices, pads, transposes, products, softmax, rsqrt) has a gradient on the wasm backend.
 */
function causalAttention(h: tf.Tensor3D, p: tf.Tensor[], H: number, W: number): tf.Tensor3D {
  const [wq, wk, wv, wo, position, gamma, beta] = p as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
  const [B, T, C] = h.shape;
  const dh = C / H;
  const nb = Math.ceil(T / W);
  const Tp = nb * W;
  const { lagOneHot, mask } = blockConstants(W, nb);
  const hp = Tp > T ? tf.pad(h, [[0, 0], [0, Tp - T], [0, 0]]) : h;
  const flat = tf.reshape(hp, [B * Tp, C]) as tf.Tensor2D;
  // [B·Tp, C] → [B, H, nb, W, dh]
  const heads = (x: tf.Tensor2D): tf.Tensor => tf.transpose(tf.reshape(x, [B, nb, W, H, dh]), [0, 3, 1, 2, 4]);
  const q = heads(matMul(flat, wq));
  // Keys and values of [previous block, this block]: [B, H, nb, 2W, dh].
  const withPrevious = (x: tf.Tensor): tf.Tensor => {
    const previous = tf.slice(tf.pad(x, [[0, 0], [0, 0], [1, 0], [0, 0], [0, 0]]), [0, 0, 0, 0, 0], [B, H, nb, W, dh]);
    return tf.concat([previous, x], 3);
  };
  const k = withPrevious(heads(matMul(flat, wk)));
  const v = withPrevious(heads(matMul(flat, wv)));
  const N = B * H * nb;
  const kT = tf.reshape(tf.transpose(k, [0, 1, 2, 4, 3]), [N, dh, 2 * W]) as tf.Tensor3D;
  const scores = tf.mul(batchMatMul(tf.reshape(q, [N, W, dh]) as tf.Tensor3D, kT), 1 / Math.sqrt(dh));
  // The lag biases [W·2W, H] → [1, H, 1, W, 2W], and the mask [1, 1, nb, W, 2W].
  const lagBias = tf.reshape(tf.transpose(tf.reshape(matMul(tf.tensor2d(lagOneHot, [W * 2 * W, W]), position), [W, 2 * W, H]), [2, 0, 1]), [1, H, 1, W, 2 * W]);
  const logits = tf.add(tf.add(tf.reshape(scores, [B, H, nb, W, 2 * W]), lagBias), tf.tensor(mask, [1, 1, nb, W, 2 * W]));
  const weights = tf.softmax(logits);
  const mixed = batchMatMul(tf.reshape(weights, [N, W, 2 * W]) as tf.Tensor3D, tf.reshape(v, [N, 2 * W, dh]) as tf.Tensor3D);
  const merged = tf.reshape(tf.transpose(tf.reshape(mixed, [B, H, nb, W, dh]), [0, 2, 3, 1, 4]), [B * Tp, C]) as tf.Tensor2D;
  const z = tf.add(flat, matMul(merged, wo));
  const mean = tf.mean(z, 1, true);
  const centred = tf.sub(z, mean);
  const variance = tf.mean(tf.square(centred), 1, true);
  const normed = tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
  const out = tf.reshape(normed, [B, Tp, C]) as tf.Tensor3D;
  return Tp > T ? (tf.slice(out, [0, 0, 0], [B, T, C]) as tf.Tensor3D) : out;
}

