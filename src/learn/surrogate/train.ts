/**
 * Training the ASHLE surrogate: Adam (Kingma & Ba 2015) on the flat θ with a cosine learning-rate decay over the
 * time budget, gradients clipped to global norm 1, minibatches of whole songs (each from the start of its run, so
 * the causal padding is the silence before it), the loss of {@link lossTensors}, and validation on held-apart
 * songs every few steps. The loop runs against a wall-clock budget (the brief is "15 minutes on a laptop CPU"),
 * checkpoints through a callback, and resumes from a {@link TrainState} exactly where it stopped: batches are drawn
 * from a generator seeded by (seed, step).
 */
import { createRandom } from '../../math/random.js';
import { tf } from '../backend.js';
import { songInputs, songTargets } from './encoding.js';
import { lossTensors, type LossTerms, type LossWeights } from './loss.js';
import type { Song } from './songs.js';
import { initTcn, tcnForward, tcnParameterCount, tcnTensors, type TcnConfig } from './tcn.js';

/** Everything needed to continue a run. */
export interface TrainState {
  theta: Float32Array;
  adamM: Float32Array;
  adamV: Float32Array;
  step: number;
  /** Training seconds spent so far (over all sessions). */
  seconds: number;
  /** Training loss terms, one entry per step. */
  train: Array<{ step: number } & LossTerms>;
  /** Validation loss terms every `validateEvery` steps. */
  validation: Array<{ step: number } & LossTerms>;
}

/** Options of {@link trainSurrogate}. */
export interface TrainOptions {
  config: TcnConfig;
  weights: LossWeights;
  seed: number;
  f0Hz: number;
  training: Song[];
  validation: Song[];
  /** Songs per step (default 4). */
  batchSize?: number;
  /** Peak learning rate (default 3e-3), decayed by a cosine to 5 % of it at the end of the budget. */
  learningRate?: number;
  /** Wall-clock budget for the whole run (s), counting earlier sessions of a resumed run. */
  budgetSeconds: number;
  /** Stop after this many steps even within the budget. */
  maxSteps?: number;
  /** Validation every this many steps (default 25; also at the end). */
  validateEvery?: number;
  /** Continue this run. */
  resume?: TrainState;
  /** After each step. */
  onStep?: (state: TrainState, terms: LossTerms, learningRate: number) => void;
  /** After each validation; a good moment to checkpoint. */
  onValidate?: (state: TrainState, terms: LossTerms) => void | Promise<void>;
  /** Seconds clock (default performance.now()/1000). */
  clock?: () => number;
}

function stack(rows: Float32Array[], width: number, length: number): Float32Array {
  const out = new Float32Array(rows.length * length * width);
  rows.forEach((r, i) => out.set(r.subarray(0, length * width), i * length * width));
  return out;
}

/**
 * The loss terms of θ on songs (no gradient), in chunks of `chunk` songs.
 */
export function evaluateLoss(theta: Float32Array, config: TcnConfig, weights: LossWeights, songs: Song[], f0Hz: number, chunk = 8): LossTerms {
  const acc = { total: 0, mse: 0, plv: 0, freq: 0, amp: 0 };
  for (let i = 0; i < songs.length; i += chunk) {
    const part = songs.slice(i, i + chunk);
    const T = Math.min(...part.map((s) => s.motor.phase.length));
    const terms = tf.tidy(() => {
      const x = tf.tensor3d(stack(part.map((s) => songInputs(s.stimulus.re, s.stimulus.im)), 3, T), [part.length, T, 3]);
      const y = tf.tensor3d(stack(part.map((s) => songTargets(s, f0Hz)), 4, T), [part.length, T, 4]);
      const l = lossTensors(tcnForward(tcnTensors(theta, config), config, x), y, weights);
      return [l.total, l.mse, l.plv, l.freq, l.amp].map((t) => t.dataSync()[0]!);
    });
    const w = part.length / songs.length;
    acc.total += w * terms[0]!;
    acc.mse += w * terms[1]!;
    acc.plv += w * terms[2]!;
    acc.freq += w * terms[3]!;
    acc.amp += w * terms[4]!;
  }
  return acc;
}

/** A fresh run's state. */
export function initialTrainState(config: TcnConfig, seed: number): TrainState {
  const n = tcnParameterCount(config);
  return { theta: initTcn(config, createRandom(seed)), adamM: new Float32Array(n), adamV: new Float32Array(n), step: 0, seconds: 0, train: [], validation: [] };
}

/**
 * Trains (or continues training) until the budget or `maxSteps` runs out; returns the final state.
 * @example
 * await selectBackend('wasm');
 * const songs = [1, 2, 3].map((s) => makeSong(s, { ...TRAINING_SONGS, seconds: 4 }));
 * const state = await trainSurrogate({ config: { ...DEFAULT_TCN, channels: 8, blocks: 3 }, weights: FULL_LOSS, seed: 0, f0Hz: 2, training: songs.slice(0, 2), validation: songs.slice(2), budgetSeconds: 60, maxSteps: 3 });
 * state.step; // → 3
 */
export async function trainSurrogate(options: TrainOptions): Promise<TrainState> {
  const { config, weights, seed, f0Hz, training, validation } = options;
  if (training.length === 0) throw new RangeError('training needs at least one song');
  const B = Math.min(options.batchSize ?? 4, training.length);
  const lr0 = options.learningRate ?? 3e-3;
  const every = Math.max(1, Math.floor(options.validateEvery ?? 25));
  const clock = options.clock ?? ((): number => performance.now() / 1000);
  const state = options.resume ?? initialTrainState(config, seed);
  if (state.theta.length !== tcnParameterCount(config)) throw new RangeError(`the checkpoint has ${state.theta.length} parameters, the network ${tcnParameterCount(config)}`);
  const T = Math.min(...training.map((s) => s.motor.phase.length));
  const inputs = training.map((s) => songInputs(s.stimulus.re, s.stimulus.im));
  const targets = training.map((s) => songTargets(s, f0Hz));
  const valueAndGrads = tf.valueAndGrads((...params: tf.Tensor[]) => {
    const [x, y, ...theta] = params as [tf.Tensor3D, tf.Tensor3D, ...tf.Tensor[]];
    const l = lossTensors(tcnForward(theta, config, x), y, weights);
    captured = [l.mse, l.plv, l.freq, l.amp].map((t) => tf.keep(t.clone()));
    return l.total;
  });
  let captured: tf.Tensor[] = [];
  const beta1 = 0.9;
  const beta2 = 0.999;
  const n = state.theta.length;
  const grad = new Float32Array(n);
  const start = clock();
  const spentBefore = state.seconds;
  const validate = async (): Promise<void> => {
    if (validation.length === 0) return;
    const terms = evaluateLoss(state.theta, config, weights, validation, f0Hz);
    state.validation.push({ step: state.step, ...terms });
    await options.onValidate?.(state, terms);
  };
  for (;;) {
    const elapsed = spentBefore + (clock() - start);
    state.seconds = elapsed;
    if (elapsed >= options.budgetSeconds || (options.maxSteps !== undefined && state.step >= options.maxSteps)) break;
    const rng = createRandom((seed * 1_000_003 + state.step * 7919) >>> 0);
    const pick = Array.from({ length: B }, () => rng.int(training.length));
    const frac = Math.min(1, elapsed / options.budgetSeconds);
    const lr = lr0 * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * frac)));
    const { value, grads } = tf.tidy(() => {
      const x = tf.tensor3d(stack(pick.map((i) => inputs[i]!), 3, T), [B, T, 3]);
      const y = tf.tensor3d(stack(pick.map((i) => targets[i]!), 4, T), [B, T, 4]);
      const r = valueAndGrads([x, y, ...tcnTensors(state.theta, config)]);
      return { value: r.value, grads: r.grads.slice(2) };
    });
    let off = 0;
    for (const g of grads) {
      const d = g.dataSync() as Float32Array;
      grad.set(d, off);
      off += d.length;
    }
    const total = value.dataSync()[0]!;
    const [mse, plv, freq, amp] = captured.map((t) => t.dataSync()[0]!) as [number, number, number, number];
    tf.dispose([value, ...grads, ...captured]);
    captured = [];
    if (!Number.isFinite(total)) throw new RangeError(`training diverged at step ${state.step} (loss ${total}): lower the learning rate`);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += grad[i]! * grad[i]!;
    norm = Math.sqrt(norm);
    const scale = norm > 1 ? 1 / norm : 1;
    const t = state.step + 1;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    const { theta, adamM: m, adamV: v } = state;
    for (let i = 0; i < n; i++) {
      const g = grad[i]! * scale;
      m[i] = beta1 * m[i]! + (1 - beta1) * g;
      v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
      theta[i] = theta[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
    }
    state.step = t;
    const terms = { total, mse, plv, freq, amp };
    state.train.push({ step: t, ...terms });
    options.onStep?.(state, terms, lr);
    if (t % every === 0) await validate();
  }
  state.seconds = spentBefore + (clock() - start);
  if (state.validation.at(-1)?.step !== state.step) await validate();
  return state;
}
