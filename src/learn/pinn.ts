/**
 * Physics-informed neural networks (Raissi, Perdikaris & Karniadakis, J. Comput. Phys. 378, 2019) for PyANNOW's
 * step 8 (docs/design/learning.md): a network q(u) fitted to data while the residual of a differential equation is
 * driven to zero at collocation points.
 *
 *   ODE (a point oscillator per output, collocation in time):     q'' + 2γ q' + ω² q = α F(t) + β
 *   PDE (a 1-D elastic rod, collocation in space × time):          ρ q_tt − μ q_xx + γ q_t = α F(x, t) + β
 *
 * F is the worm's drive, sampled at the collocation points; the gain α and offset β are learned with the network
 * (F's units are arbitrary), and with `trainable: true` so are ω and γ (ODE) or μ and γ (PDE; ρ fixes the scale)
 * — the inverse problem.
 *
 * Derivatives. Nested `tf.grad` is wrong or throws in tfjs 4.22 for tanh (docs/design/learning.md), so q', q'' are
 * computed by forward propagation of tangents through the layers: for z = aW + b and a⁺ = σ(z),
 *   z' = a'W,  z'' = a''W,  a⁺' = σ'(z)·z',  a⁺'' = σ''(z)·(z')² + σ'(z)·z''
 * (the chain rule, directional derivatives along each independent variable; Griewank & Walther, Evaluating
 * Derivatives, 2008, ch. 3 and 13). The inputs' own tangents carry the chain rule through the input map (see
 * pinn-inputs.ts). Everything is first-order tfjs ops, so reverse-mode autodiff of the loss with respect to θ is
 * exact. Values, tangents and curvatures are stacked into one matrix per layer: one matMul per layer.
 */
import type { Random } from '../math/random.js';
import { Adam } from './adam.js';
import { matMul, tf } from './backend.js';
import { lbfgs, type LbfgsStop } from './lbfgs.js';
import type { LossCurve } from './loss-curves.js';
import {
  flatObjective,
  initParameters,
  layersOf,
  lossTensor,
  mlpForward,
  mlpLayout,
  parameterCount,
  parameterTensors,
  type Layers,
  type LossKind,
  type MlpLayout,
} from './mlp.js';
import type { DifferentiableInputs } from './pinn-inputs.js';
import type { NumericMatrix } from './feature-matrix.js';

/** Output and its first and second derivatives along each tangent direction. */
export interface ForwardDerivatives {
  q: tf.Tensor2D;
  d: Array<{ first: tf.Tensor2D; second: tf.Tensor2D }>;
}

/**
 * The network's output q and, for each input tangent pair (∂u/∂s, ∂²u/∂s²), the derivatives ∂q/∂s and ∂²q/∂s²
 * (rows × outputs). Hidden activation tanh or sin. Call inside `tf.tidy`.
 * @example
 * // not run: a step inside trainPinn, whose layers and input tangents it builds
 * const { q, d } = mlpForwardWithDerivatives(layers, layout, u, [{ first: du, second: d2u }]);
 * // d[0].first = q'(t), d[0].second = q''(t)
 */
export function mlpForwardWithDerivatives(
  layers: Layers,
  layout: MlpLayout,
  u: tf.Tensor2D,
  tangents: Array<{ first: tf.Tensor2D; second: tf.Tensor2D }>,
): ForwardDerivatives {
  if (layout.activation === 'relu') throw new RangeError('physics-informed nets need a smooth activation (tanh or sin), not relu');
  const blocks = 1 + 2 * tangents.length;
  let parts: tf.Tensor2D[] = [u, ...tangents.flatMap((t) => [t.first, t.second])];
  for (let l = 0; l < layers.length; l++) {
    const { w, b } = layers[l]!;
    const zAll = matMul(blocks > 1 ? (tf.concat(parts, 0) as tf.Tensor2D) : parts[0]!, w);
    const zs = blocks > 1 ? (tf.split(zAll, blocks, 0) as tf.Tensor2D[]) : [zAll];
    const z = tf.add(zs[0]!, b) as tf.Tensor2D;
    if (l === layers.length - 1) {
      const d = tangents.map((_, k) => ({ first: zs[1 + 2 * k]!, second: zs[2 + 2 * k]! }));
      return { q: z, d };
    }
    let s: tf.Tensor2D;
    let s1: tf.Tensor2D;
    let s2: tf.Tensor2D;
    if (layout.activation === 'tanh') {
      s = tf.tanh(z);
      s1 = tf.sub(1, tf.square(s));
      s2 = tf.mul(-2, tf.mul(s, s1));
    } else {
      s = tf.sin(z);
      s1 = tf.cos(z);
      s2 = tf.neg(s);
    }
    const next: tf.Tensor2D[] = [s];
    for (let k = 0; k < tangents.length; k++) {
      const dz = zs[1 + 2 * k]!;
      const d2z = zs[2 + 2 * k]!;
      next.push(tf.mul(s1, dz), tf.add(tf.mul(s2, tf.square(dz)), tf.mul(s1, d2z)));
    }
    parts = next;
  }
  throw new Error('unreachable: a layout has at least one layer');
}

/** The equation a PINN is informed by. */
export type PinnEquation =
  /** q'' + 2γq' + ω²q = αF + β. ω in rad/s, γ in 1/s. */
  | { kind: 'ode'; omega: number; gamma: number; trainable?: boolean }
  /** ρ q_tt − μ q_xx + γ q_t = αF + β, x ∈ [0, 1] along the body. */
  | { kind: 'pde'; rho: number; mu: number; gamma: number; trainable?: boolean };

/** Options of {@link trainPinn}. */
export interface PinnOptions {
  equation: PinnEquation;
  /** Supervised rows: network inputs and targets (rows × outputs). */
  data: { inputs: NumericMatrix; target: Float64Array };
  /** Collocation points: inputs with tangent 't' (and 'x' for the PDE) and the drive F there (rows × outputs). */
  collocation: DifferentiableInputs & { forcing: Float64Array };
  /** Weight of the physics loss (default 0.1, PyANNOW's lam_phys). */
  lambdaPhysics?: number;
  /**
   * The residual is divided by this before squaring, so that the physics loss is dimensionless: default ω² for
   * the ODE (its natural scale), (ρ + μ)(2π)² for the PDE (a unit wave of 1 Hz and one wavelength per body).
   */
  residualScale?: number;
  /** Hidden sizes (default [32, 32], PyANNOW's hidden=32, depth=2). */
  hidden?: number[];
  activation?: 'tanh' | 'sin';
  /** Data loss: 'mse' on values (default) or 'bce' on logits for 0/1 targets. */
  loss?: LossKind;
  positiveWeight?: number;
  /** Adam steps (default 500, PyANNOW's), each on a minibatch of data and of collocation points. */
  adamSteps?: number;
  batchSize?: number;
  collocationBatch?: number;
  learningRate?: number;
  /** Full-batch L-BFGS iterations afterwards (default 50, PyANNOW's). */
  lbfgsIterations?: number;
  /** Record the full-batch data and physics losses every this many Adam steps (default 25). */
  recordEvery?: number;
  onProgress?: (phase: 'adam' | 'lbfgs', done: number, total: number, loss: number) => void;
}

/** Learned physical constants. */
export interface PinnPhysics {
  omega?: number;
  gamma: number;
  rho?: number;
  mu?: number;
  forcingGain: number;
  forcingOffset: number;
}

/** A trained PINN. Holds no tensors. */
export interface TrainedPinn {
  layout: MlpLayout;
  loss: LossKind;
  parameters: Float64Array;
  physics: PinnPhysics;
  /** 'total' over Adam steps then L-BFGS iterations, and 'data' and 'physics' (full batch) at checkpoints. */
  curves: LossCurve[];
  final: { data: number; physics: number; total: number };
  lbfgsStop: LbfgsStop | 'skipped';
  seconds: { adam: number; lbfgs: number };
  /** Network output for rows of inputs: values ('mse') or probabilities ('bce'). */
  predict(inputs: NumericMatrix): Float64Array;
  /** The (unscaled) equation residual at collocation points, rows × outputs. */
  residual(collocation: DifferentiableInputs & { forcing: Float64Array }): Float64Array;
}

function tensor2d(m: NumericMatrix): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
}

/**
 * Trains a physics-informed net: Adam on minibatches of data and collocation points, then L-BFGS on the full
 * objective  L = L_data + λ · mean((residual / scale)²). Activate a backend first (`selectBackend`).
 * @example
 * // not run: the inputs come from a heard piece (see pinnLearner); training takes minutes
 * const pinn = await trainPinn(createRandom(0), {
 *   equation: { kind: 'ode', omega: 2 * Math.PI * 1.2, gamma: 0.5 },
 *   data: { inputs: timeInputValues(blocks, times, allFrames), target: envelope },
 *   collocation: { ...timeInputs(blocks, times, randomFrames), forcing: muscleDrive },
 * });
 */
export async function trainPinn(rng: Random, options: PinnOptions): Promise<TrainedPinn> {
  const eq = options.equation;
  const { data, collocation } = options;
  const d = data.inputs.cols;
  if (collocation.values.cols !== d) throw new RangeError(`collocation inputs have ${collocation.values.cols} columns, data ${d}`);
  const outputs = data.target.length / data.inputs.rows;
  if (!Number.isInteger(outputs) || outputs < 1) throw new RangeError(`targets have ${data.target.length} values for ${data.inputs.rows} rows`);
  if (collocation.forcing.length !== collocation.values.rows * outputs) {
    throw new RangeError(`forcing has ${collocation.forcing.length} values, expected ${collocation.values.rows} × ${outputs}`);
  }
  const needed = eq.kind === 'ode' ? ['t'] : ['t', 'x'];
  for (const k of needed) if (!collocation.tangents[k]) throw new RangeError(`the ${eq.kind.toUpperCase()} needs the collocation tangent '${k}'`);
  for (const arr of [data.inputs.data, data.target, collocation.forcing, collocation.values.data]) {
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i]!)) throw new RangeError('PINN data contain a non-finite value');
  }
  if (eq.kind === 'ode' && !(eq.omega > 0 && eq.gamma >= 0)) throw new RangeError(`ODE needs ω > 0 and γ ≥ 0, got ${eq.omega}, ${eq.gamma}`);
  if (eq.kind === 'pde' && !(eq.rho > 0 && eq.mu > 0 && eq.gamma >= 0)) throw new RangeError(`PDE needs ρ > 0, μ > 0, γ ≥ 0, got ${eq.rho}, ${eq.mu}, ${eq.gamma}`);

  const layout = mlpLayout([d, ...(options.hidden ?? [32, 32]), outputs], options.activation ?? 'tanh');
  const kind = options.loss ?? 'mse';
  const posW = options.positiveWeight ?? 1;
  const lambda = options.lambdaPhysics ?? 0.1;
  const scale =
    options.residualScale ?? (eq.kind === 'ode' ? eq.omega * eq.omega : (eq.rho + eq.mu) * (2 * Math.PI) ** 2);
  const trainable = eq.trainable ?? false;
  const nNet = parameterCount(layout);
  // θ = network, then α and β, then (when trainable) log ω (or log μ) and log γ.
  const extra = trainable ? 4 : 2;
  const theta = new Float64Array(nNet + extra);
  theta.set(initParameters(layout, rng.fork('init')));
  // α starts at 1 (F is standardised), β at 0, the log-constants at the given values.
  theta[nNet] = 1;
  theta[nNet + 1] = 0;
  if (trainable) {
    theta[nNet + 2] = Math.log(eq.kind === 'ode' ? eq.omega : eq.mu);
    theta[nNet + 3] = Math.log(Math.max(eq.gamma, 1e-6));
  }
  const fixedGamma = eq.gamma;
  const nLayers = layout.sizes.length - 1;

  const dataX = tensor2d(data.inputs);
  const dataY = tf.tensor2d(Float32Array.from(data.target), [data.inputs.rows, outputs]);
  const colU = tensor2d(collocation.values);
  const colT1 = tensor2d(collocation.tangents.t!.first);
  const colT2 = tensor2d(collocation.tangents.t!.second);
  const colX1 = eq.kind === 'pde' ? tensor2d(collocation.tangents.x!.first) : undefined;
  const colX2 = eq.kind === 'pde' ? tensor2d(collocation.tangents.x!.second) : undefined;
  const colF = tf.tensor2d(Float32Array.from(collocation.forcing), [collocation.values.rows, outputs]);

  // The current batches (full tensors for L-BFGS and for recording).
  let bx: tf.Tensor2D = dataX;
  let by: tf.Tensor2D = dataY;
  let bu: tf.Tensor2D = colU;
  let bt1: tf.Tensor2D = colT1;
  let bt2: tf.Tensor2D = colT2;
  let bx1: tf.Tensor2D | undefined = colX1;
  let bx2: tf.Tensor2D | undefined = colX2;
  let bf: tf.Tensor2D = colF;

  /** Residual / scale at the current collocation batch; `params` are the segment tensors of θ. */
  const scaledResidual = (params: tf.Tensor[]): tf.Tensor2D => {
    const layers = layersOf(params, layout);
    const alpha = params[2 * nLayers]!;
    const beta = params[2 * nLayers + 1]!;
    const tangents = [{ first: bt1, second: bt2 }];
    if (eq.kind === 'pde') tangents.push({ first: bx1!, second: bx2! });
    const { q, d: ds } = mlpForwardWithDerivatives(layers, layout, bu, tangents);
    const drive = tf.add(tf.mul(alpha, bf), beta);
    const gamma = trainable ? tf.exp(params[2 * nLayers + 3]!) : tf.scalar(fixedGamma);
    let lhs: tf.Tensor;
    if (eq.kind === 'ode') {
      const omega = trainable ? tf.exp(params[2 * nLayers + 2]!) : tf.scalar(eq.omega);
      lhs = tf.add(tf.add(ds[0]!.second, tf.mul(tf.mul(2, gamma), ds[0]!.first)), tf.mul(tf.square(omega), q));
    } else {
      const mu = trainable ? tf.exp(params[2 * nLayers + 2]!) : tf.scalar(eq.mu);
      lhs = tf.add(tf.sub(tf.mul(eq.rho, ds[0]!.second), tf.mul(mu, ds[1]!.second)), tf.mul(gamma, ds[0]!.first));
    }
    return tf.div(tf.sub(lhs, drive), scale) as tf.Tensor2D;
  };
  const dataLoss = (params: tf.Tensor[]): tf.Scalar => lossTensor(mlpForward(layersOf(params, layout), layout, bx), by, kind, posW);
  const physicsLoss = (params: tf.Tensor[]): tf.Scalar => tf.mean(tf.square(scaledResidual(params))) as tf.Scalar;
  const evaluate = flatObjective((params) => tf.add(dataLoss(params), tf.mul(lambda, physicsLoss(params))) as tf.Scalar, layout, extra);
  const components = (): { data: number; physics: number; total: number } => {
    const saved = [bx, by, bu, bt1, bt2, bx1, bx2, bf] as const;
    [bx, by, bu, bt1, bt2, bx1, bx2, bf] = [dataX, dataY, colU, colT1, colT2, colX1, colX2, colF];
    const [dl, pl] = tf.tidy(() => {
      const params = parameterTensors(theta, layout, extra);
      return [dataLoss(params), physicsLoss(params)];
    });
    const out = { data: dl!.dataSync()[0]!, physics: pl!.dataSync()[0]! };
    tf.dispose([dl!, pl!]);
    [bx, by, bu, bt1, bt2, bx1, bx2, bf] = saved;
    return { ...out, total: out.data + lambda * out.physics };
  };

  const curves: LossCurve[] = [
    { label: 'total (Adam per step, then L-BFGS per iteration)', step: [], loss: [] },
    { label: 'data (full batch)', step: [], loss: [] },
    { label: 'physics residual (full batch)', step: [], loss: [] },
  ];
  const record = (step: number): void => {
    const c = components();
    curves[1]!.step.push(step);
    curves[1]!.loss.push(c.data);
    curves[2]!.step.push(step);
    curves[2]!.loss.push(c.physics);
  };

  try {
    const adamSteps = options.adamSteps ?? 500;
    const batch = Math.min(data.inputs.rows, options.batchSize ?? 256);
    const cBatch = Math.min(collocation.values.rows, options.collocationBatch ?? 256);
    const recordEvery = options.recordEvery ?? 25;
    const draw = rng.fork('batches');
    const adam = new Adam(theta.length, { learningRate: options.learningRate ?? 1e-3 });
    const grad = new Float64Array(theta.length);
    const t0 = performance.now();
    record(0);
    for (let s = 1; s <= adamSteps; s++) {
      const di = tf.tensor1d(Int32Array.from({ length: batch }, () => draw.int(data.inputs.rows)), 'int32');
      const ci = tf.tensor1d(Int32Array.from({ length: cBatch }, () => draw.int(collocation.values.rows)), 'int32');
      bx = tf.gather(dataX, di);
      by = tf.gather(dataY, di);
      bu = tf.gather(colU, ci);
      bt1 = tf.gather(colT1, ci);
      bt2 = tf.gather(colT2, ci);
      bx1 = colX1 ? tf.gather(colX1, ci) : undefined;
      bx2 = colX2 ? tf.gather(colX2, ci) : undefined;
      bf = tf.gather(colF, ci);
      const v = evaluate(theta, grad);
      tf.dispose([di, ci, bx, by, bu, bt1, bt2, bf, ...(bx1 ? [bx1, bx2!] : [])]);
      [bx, by, bu, bt1, bt2, bx1, bx2, bf] = [dataX, dataY, colU, colT1, colT2, colX1, colX2, colF];
      if (!Number.isFinite(v)) throw new Error(`PINN training diverged at Adam step ${s} (objective ${v}); lower the learning rate or λ`);
      adam.step(theta, grad);
      curves[0]!.step.push(s);
      curves[0]!.loss.push(v);
      if (s % recordEvery === 0 || s === adamSteps) record(s);
      options.onProgress?.('adam', s, adamSteps, v);
      if (s % 50 === 0) await tf.nextFrame();
    }
    const adamSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const lbfgsIterations = options.lbfgsIterations ?? 50;
    let lbfgsStop: TrainedPinn['lbfgsStop'] = 'skipped';
    if (lbfgsIterations > 0) {
      const result = lbfgs(evaluate, theta, {
        maxIterations: lbfgsIterations,
        noiseTolerance: 1e-6,
        functionTolerance: 1e-9,
        gradientTolerance: 1e-7,
        onIteration: (it, f) => {
          if (it === 0) return;
          curves[0]!.step.push(adamSteps + it);
          curves[0]!.loss.push(f);
          options.onProgress?.('lbfgs', it, lbfgsIterations, f);
        },
      });
      theta.set(result.x);
      lbfgsStop = result.stop;
      record(adamSteps + result.iterations);
    }
    const lbfgsSeconds = (performance.now() - t1) / 1000;
    const final = components();
    const parameters = Float64Array.from(theta.subarray(0, nNet));
    const physics: PinnPhysics = {
      gamma: trainable ? Math.exp(theta[nNet + 3]!) : fixedGamma,
      forcingGain: theta[nNet]!,
      forcingOffset: theta[nNet + 1]!,
    };
    if (eq.kind === 'ode') physics.omega = trainable ? Math.exp(theta[nNet + 2]!) : eq.omega;
    else {
      physics.rho = eq.rho;
      physics.mu = trainable ? Math.exp(theta[nNet + 2]!) : eq.mu;
    }
    const full = Float64Array.from(theta);
    return {
      layout,
      loss: kind,
      parameters,
      physics,
      curves,
      final,
      lbfgsStop,
      seconds: { adam: adamSeconds, lbfgs: lbfgsSeconds },
      predict(inputs) {
        if (inputs.cols !== d) throw new RangeError(`PINN takes ${d} inputs, got ${inputs.cols}`);
        const y = tf.tidy(() => {
          const z = mlpForward(layersOf(parameterTensors(parameters, layout), layout), layout, tensor2d(inputs));
          return kind === 'bce' ? tf.sigmoid(z) : z;
        });
        const out = Float64Array.from(y.dataSync());
        y.dispose();
        return out;
      },
      residual(col) {
        const saved = [bu, bt1, bt2, bx1, bx2, bf] as const;
        const made = [tensor2d(col.values), tensor2d(col.tangents.t!.first), tensor2d(col.tangents.t!.second)];
        const xs = eq.kind === 'pde' ? [tensor2d(col.tangents.x!.first), tensor2d(col.tangents.x!.second)] : [];
        const f = tf.tensor2d(Float32Array.from(col.forcing), [col.values.rows, outputs]);
        [bu, bt1, bt2] = made as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        [bx1, bx2] = [xs[0], xs[1]];
        bf = f;
        try {
          const r = tf.tidy(() => tf.mul(scaledResidual(parameterTensors(full, layout, extra)), scale));
          const out = Float64Array.from(r.dataSync());
          r.dispose();
          return out;
        } finally {
          tf.dispose([...made, ...xs, f]);
          [bu, bt1, bt2, bx1, bx2, bf] = saved;
        }
      },
    };
  } finally {
    tf.dispose([dataX, dataY, colU, colT1, colT2, colF, ...(colX1 ? [colX1, colX2!] : [])]);
  }
}
