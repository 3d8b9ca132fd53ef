/**
 * Training an MLP PyANNOW's way (steps 4–6; docs/design/learning.md): Adam on shuffled minibatches, then L-BFGS on the
 * full-batch objective over the flattened parameters. Gradients come from tfjs reverse-mode autodiff on the active
 * backend (see backend.ts); the optimisers are our own (adam.ts, lbfgs.ts) and work on a Float64Array θ.
 *
 * The objective is the same in both phases: mean loss + l2 · Σ W². Adam's curve is the mean minibatch objective
 * per epoch; L-BFGS's is the exact full-batch objective per iteration, starting from Adam's final point — so
 * "L-BFGS polished" means its last value is below its first.
 */
import type { Random } from '../math/random.js';
import { Adam } from './adam.js';
import { tf } from './backend.js';
import { lbfgs, type LbfgsStop } from './lbfgs.js';
import type { LossCurve } from './loss-curves.js';
import {
  flatObjective,
  initParameters,
  layersOf,
  lossTensor,
  mlpForward,
  mlpLayout,
  parameterTensors,
  weightPenalty,
  type Activation,
  type LossKind,
  type MlpLayout,
} from './mlp.js';
import type { NumericMatrix } from './feature-matrix.js';

/** Options of {@link trainMlp}; defaults are PyANNOW's where it gives them. */
export interface MlpTrainingOptions {
  /** Hidden layer sizes (default [64, 32]). */
  hidden?: number[];
  activation?: Activation;
  /** 'mse' for regression targets, 'bce' for 0/1 onset labels (default 'mse'). */
  loss?: LossKind;
  /** Weight of target-1 rows in 'bce' (default 1). */
  positiveWeight?: number;
  /** Weight penalty λ in λ·ΣW² (default 1e-4). */
  l2?: number;
  /** Adam epochs (default 100). */
  epochs?: number;
  /** Adam minibatch rows (default 256). */
  batchSize?: number;
  /** Adam step size (default 1e-3, PyANNOW's). */
  learningRate?: number;
  /** L-BFGS iterations after Adam; 0 skips the polish (default 100, PyANNOW's max_steps). */
  lbfgsIterations?: number;
  /** L-BFGS memory (default 10). */
  lbfgsMemory?: number;
  /** Progress after each epoch / iteration. */
  onProgress?: (phase: 'adam' | 'lbfgs', done: number, total: number, loss: number) => void;
}

/** A trained network. Holds no tensors: nothing to dispose. */
export interface TrainedMlp {
  layout: MlpLayout;
  loss: LossKind;
  /** Final θ (after L-BFGS when it ran). */
  parameters: Float64Array;
  /** θ as drawn from the generator, and θ when Adam finished: the earlier stages, for comparison. */
  initialParameters: Float64Array;
  parametersAfterAdam: Float64Array;
  curves: LossCurve[];
  /** Full-batch objective at the end of Adam (= the start of L-BFGS). */
  objectiveAfterAdam: number;
  /** Full-batch objective at the end (equal to the above when L-BFGS is skipped). */
  objectiveFinal: number;
  lbfgsStop: LbfgsStop | 'skipped';
  seconds: { adam: number; lbfgs: number };
  /** Outputs for new rows (rows × outputs): values for 'mse', probabilities (sigmoid of the logits) for 'bce'. */
  predict(X: NumericMatrix): Float64Array;
}

/** Targets as rows × outputs. */
function targetShape(Y: Float64Array | NumericMatrix, rows: number): { data: Float64Array; outputs: number } {
  const data = Y instanceof Float64Array ? Y : Y.data;
  if (data.length === 0 || data.length % rows !== 0) throw new RangeError(`targets have ${data.length} values for ${rows} rows`);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new RangeError(`target ${i} is not finite`);
  return { data, outputs: data.length / rows };
}

/**
 * Trains an MLP on X (rows × features) to Y (rows × outputs): Adam, then L-BFGS. Activate a backend first
 * (`selectBackend`); the weights and the minibatch order come from `rng`.
 * @example
 * await selectBackend();
 * const X = matrixFromRows(Array.from({ length: 32 }, (_, i) => [Math.sin(i), Math.cos(i)]));
 * const onsetLabels = Float64Array.from({ length: 32 }, (_, i) => (i % 8 === 0 ? 1 : 0));
 * const net = await trainMlp(X, onsetLabels, createRandom(0), { loss: 'bce', positiveWeight: 8, epochs: 5 });
 * const activation = net.predict(X); // one onset probability per frame
 */
export async function trainMlp(X: NumericMatrix, Y: Float64Array | NumericMatrix, rng: Random, options: MlpTrainingOptions = {}): Promise<TrainedMlp> {
  const rows = X.rows;
  if (rows < 1) throw new RangeError('no training rows');
  for (let i = 0; i < X.data.length; i++) if (!Number.isFinite(X.data[i]!)) throw new RangeError(`feature value ${i} is not finite`);
  const { data: yData, outputs } = targetShape(Y, rows);
  const layout = mlpLayout([X.cols, ...(options.hidden ?? [64, 32]), outputs], options.activation ?? 'tanh');
  const kind = options.loss ?? 'mse';
  const posW = options.positiveWeight ?? 1;
  const l2 = options.l2 ?? 1e-4;
  const epochs = options.epochs ?? 100;
  const batchSize = Math.min(rows, options.batchSize ?? 256);
  const lbfgsIterations = options.lbfgsIterations ?? 100;
  if (kind === 'bce') for (let i = 0; i < yData.length; i++) if (yData[i]! < 0 || yData[i]! > 1) throw new RangeError(`'bce' targets must lie in [0, 1] (target ${i} is ${yData[i]})`);

  const theta = initParameters(layout, rng.fork('init'));
  const initialParameters = Float64Array.from(theta);
  const order = rng.fork('batches');
  const xAll = tf.tensor2d(Float32Array.from(X.data), [rows, X.cols]);
  const yAll = tf.tensor2d(Float32Array.from(yData), [rows, outputs]);
  let xb: tf.Tensor2D = xAll;
  let yb: tf.Tensor2D = yAll;
  const evaluate = flatObjective((params) => {
    const layers = layersOf(params, layout);
    return tf.add(lossTensor(mlpForward(layers, layout, xb), yb, kind, posW), weightPenalty(layers, l2)) as tf.Scalar;
  }, layout);

  try {
    // Adam on shuffled minibatches.
    const t0 = performance.now();
    const adam = new Adam(theta.length, { learningRate: options.learningRate ?? 1e-3 });
    const grad = new Float64Array(theta.length);
    const perm = Int32Array.from({ length: rows }, (_, i) => i);
    const adamCurve: LossCurve = { label: 'Adam (mean minibatch objective per epoch)', step: [], loss: [] };
    for (let e = 1; e <= epochs; e++) {
      order.shuffle(perm as unknown as number[]);
      let sum = 0;
      let batches = 0;
      for (let s = 0; s < rows; s += batchSize) {
        const idx = tf.tensor1d(perm.subarray(s, Math.min(rows, s + batchSize)), 'int32');
        xb = tf.gather(xAll, idx) as tf.Tensor2D;
        yb = tf.gather(yAll, idx) as tf.Tensor2D;
        const v = evaluate(theta, grad);
        tf.dispose([idx, xb, yb]);
        if (!Number.isFinite(v)) throw new Error(`MLP training diverged at epoch ${e} (objective ${v}); lower the learning rate`);
        adam.step(theta, grad);
        sum += v;
        batches++;
      }
      adamCurve.step.push(e);
      adamCurve.loss.push(sum / batches);
      options.onProgress?.('adam', e, epochs, sum / batches);
      if (e % 10 === 0) await tf.nextFrame();
    }
    const adamSeconds = (performance.now() - t0) / 1000;

    // L-BFGS on the full-batch objective.
    xb = xAll;
    yb = yAll;
    const parametersAfterAdam = Float64Array.from(theta);
    const t1 = performance.now();
    const g0 = new Float64Array(theta.length);
    const objectiveAfterAdam = evaluate(theta, g0);
    let objectiveFinal = objectiveAfterAdam;
    let lbfgsStop: TrainedMlp['lbfgsStop'] = 'skipped';
    const curves = [adamCurve];
    if (lbfgsIterations > 0) {
      const lbfgsCurve: LossCurve = { label: 'L-BFGS (full-batch objective per iteration)', step: [], loss: [] };
      const result = lbfgs(evaluate, theta, {
        maxIterations: lbfgsIterations,
        memory: options.lbfgsMemory ?? 10,
        // float32 objective: below ~1e-6 relative, changes of f are rounding noise.
        noiseTolerance: 1e-6,
        functionTolerance: 1e-9,
        gradientTolerance: 1e-7,
        onIteration: (it, f) => {
          lbfgsCurve.step.push(epochs + it);
          lbfgsCurve.loss.push(f);
          options.onProgress?.('lbfgs', it, lbfgsIterations, f);
        },
      });
      theta.set(result.x);
      objectiveFinal = result.value;
      lbfgsStop = result.stop;
      curves.push(lbfgsCurve);
    }
    const lbfgsSeconds = (performance.now() - t1) / 1000;
    const parameters = Float64Array.from(theta);
    return {
      layout,
      loss: kind,
      parameters,
      initialParameters,
      parametersAfterAdam,
      curves,
      objectiveAfterAdam,
      objectiveFinal,
      lbfgsStop,
      seconds: { adam: adamSeconds, lbfgs: lbfgsSeconds },
      predict: (Xp) => predictMlp(parameters, layout, kind, Xp),
    };
  } finally {
    tf.dispose([xAll, yAll]);
  }
}

/** Network outputs for rows of Xp, in chunks (values for 'mse', sigmoid probabilities for 'bce'). */
export function predictMlp(theta: Float64Array, layout: MlpLayout, kind: LossKind, Xp: NumericMatrix): Float64Array {
  if (Xp.cols !== layout.sizes[0]) throw new RangeError(`network takes ${layout.sizes[0]} features, got ${Xp.cols}`);
  const outputs = layout.sizes[layout.sizes.length - 1]!;
  const out = new Float64Array(Xp.rows * outputs);
  const chunk = 8192;
  const params = parameterTensors(theta, layout);
  const layers = layersOf(params, layout);
  try {
    for (let s = 0; s < Xp.rows; s += chunk) {
      const e = Math.min(Xp.rows, s + chunk);
      const y = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(Xp.data.subarray(s * Xp.cols, e * Xp.cols)), [e - s, Xp.cols]);
        const z = mlpForward(layers, layout, x);
        return kind === 'bce' ? tf.sigmoid(z) : z;
      });
      out.set(y.dataSync(), s * outputs);
      y.dispose();
    }
  } finally {
    tf.dispose(params);
  }
  return out;
}
