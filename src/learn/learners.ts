/**
 * Ready-made learners for the evaluation protocol, built from the toolkit: each takes whatever feature columns the
 * piece carries (worm PCs, Fourier time features, beat phase — phase B decides) and returns a per-frame onset
 * activation (or onsets). Steps 1–3 of the progression need the analysis functions (SVD, Procrustes, K-means,
 * ridge) and are assembled where those live; these cover steps 0 and 4–10.
 *
 *   randomOnsetLearner  step 0: Poisson onsets at the training span's onset rate
 *   mlpLearner          steps 4–6, 9, 10: MLP, Adam then L-BFGS, on a soft onset target
 *   forestLearner       step 7: random forest on onset labels, threshold fitted on out-of-bag probabilities
 *   pinnLearner         step 8: physics-informed net, ODE in time or PDE in body position × time
 */
import { onsetEnvelope } from '../analysis/onset-targets.js';
import { poissonOnsets } from '../analysis/random-onsets.js';
import { column, selectGroups, type FeatureMatrix } from './feature-matrix.js';
import type { FittedLearner, Learner, PredictionSpan, TrainingSpan } from './evaluation.js';
import { fitRandomForest, type RandomForestOptions } from './random-forest.js';
import { predictMlp, trainMlp, type MlpTrainingOptions } from './train-mlp.js';
import { trainPinn, type PinnOptions } from './pinn.js';
import { timeInputs, timeInputValues, type TimeBlock } from './pinn-inputs.js';

/**
 * Step 0: onsets drawn at random at the training span's rate (onsets per second).
 * @example
 * const heard = hearPiece('prelude', score);
 * const piece = learningPiece(heard, fitNeuralBasis(heard));
 * await evaluateLearner(randomOnsetLearner(), piece, { rng: random, control: false });
 */
export function randomOnsetLearner(): Learner {
  return {
    name: 'random onsets at the piece’s rate',
    fit(train, { rng }) {
      const seconds = train.grid.count * train.grid.hopSeconds;
      const rate = train.onsets.length / seconds;
      let calls = 0;
      return {
        info: { ratePerSecond: rate },
        predict(span) {
          const start = span.grid.startSeconds;
          return { onsets: poissonOnsets(rng.fork(`predict ${calls++}`), rate, start, start + span.grid.count * span.grid.hopSeconds) };
        },
      };
    },
  };
}

/** The soft onset target: a Gaussian bump of `widthSeconds` at each onset, 1 at the onset frame. */
function softTarget(train: TrainingSpan, widthSeconds: number): Float64Array {
  return onsetEnvelope(train.onsets, train.grid, widthSeconds);
}

/** Column groups kept as inputs (all when undefined). */
function inputsOf(X: FeatureMatrix, groups: string[] | undefined): FeatureMatrix {
  return groups ? selectGroups(X, groups, true) : X;
}

/** Options of {@link mlpLearner}. */
export interface MlpLearnerOptions extends Omit<MlpTrainingOptions, 'loss' | 'positiveWeight'> {
  /** Adam epochs (default 20 here: with 50 L-BFGS iterations, one fit on the Raindrop prelude fits the budget). */
  epochs?: number;
  /** L-BFGS iterations (default 50). */
  lbfgsIterations?: number;
  /** Feature groups used as inputs (default: all columns). */
  groups?: string[];
  /** Width of the soft onset target (default 0.02 s: one frame either side gets e^{−1/2}). */
  targetWidthSeconds?: number;
  name?: string;
}

/**
 * Steps 4–6, 9 and 10: an MLP (default 64–32 tanh) trained by Adam then L-BFGS with binary cross-entropy on a
 * soft onset target, rare onset frames weighted up so both classes weigh the same in total ("balanced"). The fitted
 * model is the polished network; its variants 'initial weights' and 'after Adam' are the same run's earlier stages,
 * so the protocol scores steps 4, 5 and 6 from one training.
 * @example
 * const step9 = mlpLearner({ name: 'Fourier time + worm PCs, MLP', epochs: 40 });
 */
export function mlpLearner(options: MlpLearnerOptions = {}): Learner {
  const width = options.targetWidthSeconds ?? 0.02;
  return {
    name: options.name ?? 'MLP (Adam, then L-BFGS)',
    async fit(train, { rng, onProgress }) {
      const X = inputsOf(train.features, options.groups);
      const y = softTarget(train, width);
      const epochs = options.epochs ?? 20;
      const iterations = options.lbfgsIterations ?? 50;
      const positive = y.reduce((s, v) => s + v, 0);
      const positiveWeight = positive > 0 ? Math.max(1, (y.length - positive) / positive) : 1;
      const net = await trainMlp(X, y, rng.fork('mlp'), {
        ...options,
        epochs,
        lbfgsIterations: iterations,
        loss: 'bce',
        positiveWeight,
        onProgress: (phase, done, total, loss) => {
          options.onProgress?.(phase, done, total, loss);
          onProgress?.((phase === 'adam' ? done : epochs + done) / (epochs + iterations));
        },
      });
      return {
        curves: net.curves,
        info: {
          objectiveAfterAdam: net.objectiveAfterAdam,
          objectiveFinal: net.objectiveFinal,
          lbfgsStop: net.lbfgsStop,
          adamSeconds: net.seconds.adam,
          lbfgsSeconds: net.seconds.lbfgs,
          positiveWeight,
        },
        predict: (span) => ({ activation: net.predict(inputsOf(span.features, options.groups)) }),
        // Steps 4–6 from one run: the network as initialised, after Adam, and (the learner itself) after L-BFGS.
        variants: {
          'initial weights': { predict: (span) => ({ activation: predictMlp(net.initialParameters, net.layout, 'bce', inputsOf(span.features, options.groups)) }) },
          'after Adam': { predict: (span) => ({ activation: predictMlp(net.parametersAfterAdam, net.layout, 'bce', inputsOf(span.features, options.groups)) }) },
        },
      };
    },
  };
}

/** Options of {@link forestLearner}. */
export interface ForestLearnerOptions extends Omit<RandomForestOptions, 'onTree'> {
  groups?: string[];
  name?: string;
}

/**
 * Step 7: a random forest (default 100 trees, depth 12, PyANNOW's) on binary onset labels; the activation is the
 * forest's onset probability, and the threshold is fitted on the out-of-bag probabilities of the training frames.
 * @example
 * const step7 = forestLearner({ groups: ['worm', 'beat'] });
 */
export function forestLearner(options: ForestLearnerOptions = {}): Learner {
  return {
    name: options.name ?? 'random forest (out-of-bag threshold)',
    fit(train, { rng, onProgress }) {
      const X = inputsOf(train.features, options.groups);
      const forest = fitRandomForest(X, train.labels, rng.fork('forest'), { ...options, onTree: (done, total) => onProgress?.(done / total) });
      const oob = new Float64Array(train.grid.count);
      for (let r = 0; r < oob.length; r++) {
        const p = forest.oobProbability[2 * r + 1]!;
        oob[r] = Number.isNaN(p) ? 0 : p;
      }
      const info: Record<string, number> = { oobScore: forest.oobScore };
      X.names.forEach((name, c) => (info[`importance ${name}`] = forest.featureImportance[c]!));
      return {
        info,
        trainingActivation: oob,
        predict(span) {
          const p = forest.predictProba(inputsOf(span.features, options.groups));
          return { activation: Float64Array.from({ length: span.grid.count }, (_, r) => p[2 * r + 1]!) };
        },
      };
    },
  };
}

/** Options of {@link pinnLearner}. */
export interface PinnLearnerOptions
  extends Omit<PinnOptions, 'equation' | 'data' | 'collocation' | 'loss' | 'positiveWeight'> {
  /** 'ode': q(t) with q'' + 2γq' + ω²q = αF + β; 'pde': q(x, t) with ρq_tt − μq_xx + γq_t = αF + β. */
  equation: 'ode' | 'pde';
  /**
   * Columns of the drive F (standardised). ODE: their mean is F(t). PDE: they are the drive at body positions
   * spread evenly from head (x = 0) to tail (x = 1), linearly interpolated between them.
   */
  forcingColumns: string[];
  /**
   * Feature groups used as network inputs (default: all). Their time derivatives come from central differences,
   * so they must be smooth in time: worm PCs, Fourier features, beat_cos and beat_sin — not the beat_phase
   * sawtooth, whose jumps would put spikes into q′ and q″ (give `groups` without 'beat', or drop that column).
   */
  groups?: string[];
  /** ODE constants (defaults: ω = 2π × the training onset rate, γ = ω/4) and whether they are learned (default true). */
  omega?: number;
  gamma?: number;
  /** PDE constants (defaults ρ = 1, μ = 1: a wave of one body length per second; γ = 1). */
  rho?: number;
  mu?: number;
  trainable?: boolean;
  /** PDE: the body position whose q is the onset activation (default 0, the head). */
  dataPosition?: number;
  /** Collocation points (default 1024), drawn at random frames (and random x ∈ [0, 1] for the PDE). */
  collocationPoints?: number;
  /** Adam steps (default 300 here, L-BFGS iterations 30: the budget of bench/RESULTS.md "learn"). */
  adamSteps?: number;
  lbfgsIterations?: number;
  targetWidthSeconds?: number;
  name?: string;
}

/**
 * Step 8: a physics-informed net whose output q is the onset activation, fitted (MSE) to the soft onset target
 * on every training frame and constrained by the ODE or PDE at collocation points.
 * @example
 * const ode = pinnLearner({ equation: 'ode', forcingColumns: ['muscle_DL', 'muscle_VL'] });
 * const pde = pinnLearner({ equation: 'pde', forcingColumns: ['segment_01', 'segment_02', 'segment_03'] }); // head → tail
 */
export function pinnLearner(options: PinnLearnerOptions): Learner {
  const width = options.targetWidthSeconds ?? 0.02;
  const kind = options.equation;
  if (options.forcingColumns.length === 0) throw new RangeError('a PINN learner needs at least one forcing column');
  const blocksFor = (span: PredictionSpan): TimeBlock[] => {
    const X = inputsOf(span.features, options.groups);
    return [{ kind: 'sampled', values: X, hopSeconds: span.grid.hopSeconds, names: X.names }];
  };
  const forcingAt = (span: PredictionSpan, frames: ArrayLike<number>, xs?: ArrayLike<number>): Float64Array => {
    const idx = options.forcingColumns.map((name) => {
      const c = span.features.names.indexOf(name);
      if (c < 0) throw new RangeError(`forcing column "${name}" is not among the features (${span.features.names.join(', ')})`);
      return c;
    });
    const cols = idx.map((c) => column(span.features, c));
    const out = new Float64Array(frames.length);
    for (let r = 0; r < frames.length; r++) {
      const f = frames[r]!;
      if (kind === 'ode' || cols.length === 1) {
        let s = 0;
        for (const col of cols) s += col[f]!;
        out[r] = s / cols.length;
      } else {
        const pos = xs![r]! * (cols.length - 1);
        const j = Math.min(cols.length - 2, Math.floor(pos));
        const w = pos - j;
        out[r] = (1 - w) * cols[j]![f]! + w * cols[j + 1]![f]!;
      }
    }
    return out;
  };
  return {
    name: options.name ?? (kind === 'ode' ? 'PINN, ODE in time' : 'PINN, PDE in body position × time'),
    async fit(train, { rng, onProgress }) {
      const target = softTarget(train, width);
      const n = train.grid.count;
      const blocks = blocksFor(train);
      const all = Int32Array.from({ length: n }, (_, i) => i);
      const draw = rng.fork('collocation');
      const m = options.collocationPoints ?? 1024;
      const frames = Int32Array.from({ length: m }, () => draw.int(n));
      const xs = kind === 'pde' ? Float64Array.from({ length: m }, () => draw.next()) : undefined;
      const xData = options.dataPosition ?? 0;
      const rate = train.onsets.length / (n * train.grid.hopSeconds);
      const omega = options.omega ?? 2 * Math.PI * Math.max(rate, 0.1);
      const equation: PinnOptions['equation'] =
        kind === 'ode'
          ? { kind: 'ode', omega, gamma: options.gamma ?? omega / 4, trainable: options.trainable ?? true }
          : { kind: 'pde', rho: options.rho ?? 1, mu: options.mu ?? 1, gamma: options.gamma ?? 1, trainable: options.trainable ?? true };
      const dataX = kind === 'pde' ? new Float64Array(n).fill(xData) : undefined;
      const adamSteps = options.adamSteps ?? 300;
      const lbfgsIterations = options.lbfgsIterations ?? 30;
      const pinn = await trainPinn(rng.fork('pinn'), {
        ...options,
        adamSteps,
        lbfgsIterations,
        onProgress: (phase, done, total, loss) => {
          options.onProgress?.(phase, done, total, loss);
          onProgress?.((phase === 'adam' ? done : adamSteps + done) / (adamSteps + lbfgsIterations));
        },
        equation,
        loss: 'mse',
        data: { inputs: timeInputValues(blocks, train.times, all, dataX), target },
        collocation: { ...timeInputs(blocks, train.times, frames, xs), forcing: forcingAt(train, frames, xs) },
      });
      const info: Record<string, number | string> = {
        dataLoss: pinn.final.data,
        physicsLoss: pinn.final.physics,
        lbfgsStop: pinn.lbfgsStop,
        adamSeconds: pinn.seconds.adam,
        lbfgsSeconds: pinn.seconds.lbfgs,
      };
      for (const [k, v] of Object.entries(pinn.physics)) if (v !== undefined) info[k] = v;
      return {
        curves: pinn.curves,
        info,
        predict(span) {
          const frames = Int32Array.from({ length: span.grid.count }, (_, i) => i);
          const x = kind === 'pde' ? new Float64Array(span.grid.count).fill(xData) : undefined;
          return { activation: pinn.predict(timeInputValues(blocksFor(span), span.times, frames, x)) };
        },
      } satisfies FittedLearner;
    },
  };
}
