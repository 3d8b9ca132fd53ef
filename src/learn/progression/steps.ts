/**
 * The learning progression (docs/design/learning.md), one numerical method per step, as a table: each entry says which
 * learner runs on which feature columns, what its control replaces, and which baseline stands beside it. Every step is
 * scored by the same protocol (`evaluateLearner`): in-sample (PyANNOW's convention), held-out (first 70 % trains,
 * last 30 % tests), second piece, and the worm-replaced-by-surrogates control.
 *
 *   0      random onsets at the piece's rate                     (no features)
 *   1      randomized SVD (k = 4) + orthogonal Procrustes        neural activity
 *   2      PCA + K-means motor primitives, changes → onsets      neural activity
 *   3      ridge regression, λ by cross-validation              neural activity
 *   4–6    MLP: initial weights / after Adam / after L-BFGS      worm PCs (one training run)
 *   7      random forest, out-of-bag threshold                  worm PCs + beat phase   (baseline: beat only)
 *   8      PINNs: ODE in time, PDE in body position × time      worm PCs + Fourier time; muscles as forcing
 *   9      MLP on Fourier time features + worm PCs, 10 s window                         (baseline: time only)
 *   10     the same over the whole piece, time over the piece                           (baseline: time only)
 */
import type { LearnerEvaluation, LearningPiece, Learner } from '../evaluation.js';
import { forestLearner, mlpLearner, pinnLearner, randomOnsetLearner } from '../learners.js';
import type { LossCurve } from '../loss-curves.js';
import type { ProtocolScores } from '../evaluation.js';
import { motorPrimitivesLearner } from '../steps/motor-primitives.js';
import { ridgeEnvelopeLearner } from '../steps/ridge-envelope.js';
import { svdProcrustesLearner } from '../steps/svd-procrustes.js';
import { bendColumnNames } from './worm-piece.js';

/** Feature groups that come from the worm: what the control replaces. */
export const WORM_GROUPS = ['worm', 'neural', 'muscle', 'ode'] as const;

/** How hard each step trains, and how many surrogates its control draws. */
export interface ProgressionSettings {
  /** Surrogate worms per control (p-values are multiples of 1/(surrogates + 1)). */
  surrogates: number;
  mlp: { epochs: number; lbfgsIterations: number; hidden: number[] };
  forest: { trees: number; maxDepth: number };
  pinn: { adamSteps: number; lbfgsIterations: number; collocationPoints: number; hidden: number[] };
  kmeans: { kMax: number; restarts: number };
  /** Step 9's window (PyANNOW's 10 s). */
  windowSeconds: number;
}

/**
 * The settings `neuromusic learn` uses: the toolkit's budgeted defaults (bench/RESULTS.md "learn"), PyANNOW's
 * forest (100 trees, depth 12), 9 surrogates per control (p-values down to 0.1; the whole progression on the
 * Raindrop prelude stays within 10 minutes on two cores — bench/RESULTS.md "progression").
 */
export const PROGRESSION_SETTINGS: ProgressionSettings = {
  surrogates: 9,
  mlp: { epochs: 20, lbfgsIterations: 50, hidden: [64, 32] },
  forest: { trees: 100, maxDepth: 12 },
  pinn: { adamSteps: 300, lbfgsIterations: 30, collocationPoints: 1024, hidden: [32, 32] },
  kmeans: { kMax: 8, restarts: 4 },
  windowSeconds: 10,
};

/** A small budget for tests and quick looks: every step runs, nothing is trained to convergence. */
export const QUICK_SETTINGS: ProgressionSettings = {
  surrogates: 1,
  mlp: { epochs: 2, lbfgsIterations: 3, hidden: [8] },
  forest: { trees: 5, maxDepth: 6 },
  pinn: { adamSteps: 5, lbfgsIterations: 2, collocationPoints: 64, hidden: [8] },
  kmeans: { kMax: 4, restarts: 1 },
  windowSeconds: 10,
};

/** One line of the progression's table. */
export interface StepRow {
  /** '0' … '10', '8 ODE', '8 PDE'. */
  step: string;
  /** The step number (for --steps). */
  number: number;
  /** A few words for tables ('MLP, Adam + L-BFGS'). */
  short: string;
  method: string;
  /** The feature columns it learns from, in words. */
  inputs: string;
  /** 'whole piece' or the window. */
  span: string;
  /** A baseline stands beside a step without being one. */
  baselineOf?: string;
  scores: ProtocolScores;
  /** Groups the control replaced (absent when the step has no worm input). */
  controlGroups?: string[];
  info: Record<string, number | string>;
  curves: LossCurve[];
  /** The published figure for the same step (PyANNOW; in-sample, threshold fitted on the targets). */
  seed?: { f1: string; note: string };
  /** The pieces it was scored on (for onsets of the best step). */
  pieceName: string;
}

/** What a step gets to run with. */
export interface StepContext {
  /** The whole piece with every feature group. */
  piece: LearningPiece;
  secondPiece?: LearningPiece;
  /** The first `seconds` of each piece (time features over the window). */
  window(seconds: number): { piece: LearningPiece; secondPiece?: LearningPiece };
  settings: ProgressionSettings;
  /**
   * Runs the protocol for a learner on the given groups of a piece (and the same groups of the second piece); the
   * control replaces the worm groups among them (none: no control). `share` is this call's part of the step's
   * progress bar.
   */
  evaluate(learner: Learner, groups: string[], options?: { window?: number; control?: boolean; share?: [number, number] }): Promise<LearnerEvaluation>;
}

/** A step of the progression (4–6 and the two PINNs of 8 come from one module each). */
export interface ProgressionStep {
  /** Step numbers it produces rows for. */
  numbers: number[];
  label: string;
  run(ctx: StepContext): Promise<StepRow[]>;
}

const SEED_RANDOM = { f1: '0.186–0.217', note: 'published, PyANNOW step 0' };
const SEED_TIME_ONLY = { f1: '0.858', note: 'published, PyANNOW NB04: Fourier time net, whole piece (its “time-only ceiling” for step 9)' };
const SEED_WORM_TIME = { f1: '0.933', note: 'published, PyANNOW step 9: worm + time, 10 s window' };
const SEED_WORM_TIME_ODE = { f1: '≈ 0.933', note: 'published, PyANNOW step 9b: + ODE residual, tied with step 9' };

function row(step: string, number: number, short: string, method: string, inputs: string, r: LearnerEvaluation | ProtocolScores, extra: Partial<StepRow> & { pieceName: string }): StepRow {
  const ev = r as Partial<LearnerEvaluation>;
  const controlGroups = r.control?.groups;
  return {
    step,
    number,
    short,
    method,
    inputs,
    span: 'whole piece',
    scores: { inSample: r.inSample, heldOut: r.heldOut, ...(r.secondPiece ? { secondPiece: r.secondPiece } : {}), ...(r.control ? { control: r.control } : {}) },
    ...(controlGroups ? { controlGroups } : {}),
    info: ev.info ?? {},
    curves: ev.curves ?? [],
    ...extra,
  };
}

/** The steps, in order. */
export const PROGRESSION_STEPS: ProgressionStep[] = [
  {
    numbers: [0],
    label: 'step 0',
    async run(ctx) {
      const r = await ctx.evaluate(randomOnsetLearner(), [], { control: false });
      return [row('0', 0, 'random onsets', 'random onsets at the piece’s rate (Poisson)', 'none: the training span’s onset rate', r, { seed: SEED_RANDOM, pieceName: ctx.piece.name })];
    },
  },
  {
    numbers: [1],
    label: 'step 1',
    async run(ctx) {
      const r = await ctx.evaluate(svdProcrustesLearner(), ['neural']);
      return [row('1', 1, 'RSVD + Procrustes', 'randomized SVD (k = 4) + orthogonal Procrustes onto onset envelopes', 'motor-neuron activity', r, { pieceName: ctx.piece.name })];
    },
  },
  {
    numbers: [2],
    label: 'step 2',
    async run(ctx) {
      const s = ctx.settings.kmeans;
      const r = await ctx.evaluate(motorPrimitivesLearner({ kMax: s.kMax, restarts: s.restarts }), ['neural']);
      return [row('2', 2, 'PCA + K-means', 'PCA + K-means motor primitives (K by silhouette), chosen changes → onsets', 'motor-neuron activity', r, { pieceName: ctx.piece.name })];
    },
  },
  {
    numbers: [3],
    label: 'step 3',
    async run(ctx) {
      const r = await ctx.evaluate(ridgeEnvelopeLearner(), ['neural']);
      return [row('3', 3, 'ridge, λ by GCV', 'ridge regression onto the onset envelope, λ by GCV', 'motor-neuron activity', r, { pieceName: ctx.piece.name })];
    },
  },
  {
    numbers: [4, 5, 6],
    label: 'steps 4–6',
    async run(ctx) {
      const m = ctx.settings.mlp;
      const r = await ctx.evaluate(mlpLearner({ groups: ['worm'], epochs: m.epochs, lbfgsIterations: m.lbfgsIterations, hidden: m.hidden }), ['worm']);
      const v = r.variants ?? {};
      const inputs = 'worm PCs';
      const p = { pieceName: ctx.piece.name };
      const rows: StepRow[] = [];
      if (v['initial weights']) rows.push(row('4', 4, 'MLP, initial weights', `MLP ${m.hidden.join('–')} (tanh), initial weights`, inputs, v['initial weights'], p));
      if (v['after Adam']) rows.push(row('5', 5, 'MLP after Adam', `the same MLP after ${m.epochs} Adam epochs`, inputs, v['after Adam'], { ...p, curves: r.curves.filter((c) => /adam/i.test(c.label)) }));
      rows.push(row('6', 6, 'MLP, Adam + L-BFGS', `… then ${m.lbfgsIterations} L-BFGS iterations`, inputs, r, p));
      return rows;
    },
  },
  {
    numbers: [7],
    label: 'step 7',
    async run(ctx) {
      const f = ctx.settings.forest;
      const opts = { trees: f.trees, maxDepth: f.maxDepth };
      const r = await ctx.evaluate(forestLearner({ ...opts, groups: ['worm', 'beat'] }), ['worm', 'beat'], { share: [0, 0.75] });
      const b = await ctx.evaluate(forestLearner({ ...opts, groups: ['beat'] }), ['beat'], { control: false, share: [0.75, 1] });
      const method = `random forest (${f.trees} trees, depth ${f.maxDepth}), out-of-bag threshold`;
      const p = { pieceName: ctx.piece.name };
      return [
        row('7', 7, 'random forest', method, 'worm PCs + beat phase', r, p),
        row('7', 7, 'random forest', method, 'beat phase only', b, { ...p, baselineOf: '7' }),
      ];
    },
  },
  {
    numbers: [8],
    label: 'step 8',
    async run(ctx) {
      const s = ctx.settings.pinn;
      const common = { groups: ['worm', 'time'], adamSteps: s.adamSteps, lbfgsIterations: s.lbfgsIterations, collocationPoints: s.collocationPoints, hidden: s.hidden };
      const groups = ['worm', 'time', 'muscle'];
      const ode = await ctx.evaluate(pinnLearner({ ...common, equation: 'ode', forcingColumns: ['muscle_all'] }), groups, { share: [0, 0.45] });
      const pde = await ctx.evaluate(pinnLearner({ ...common, equation: 'pde', forcingColumns: bendColumnNames() }), groups, { share: [0.45, 1] });
      const inputs = 'worm PCs + Fourier time (muscles force the equation)';
      const p = { pieceName: ctx.piece.name };
      return [
        row('8 ODE', 8, 'PINN, ODE', 'PINN: q″ + 2γq′ + ω²q = αF + β, collocation in time; F = mean muscle activation', inputs, ode, p),
        row('8 PDE', 8, 'PINN, PDE', 'PINN: ρq_tt − μq_xx + γq_t = αF + β, collocation in body position × time; F = dorsal − ventral bend', inputs, pde, p),
      ];
    },
  },
  {
    numbers: [9],
    label: 'step 9',
    async run(ctx) {
      const m = ctx.settings.mlp;
      const w = ctx.settings.windowSeconds;
      const opts = { epochs: m.epochs, lbfgsIterations: m.lbfgsIterations, hidden: m.hidden };
      const r = await ctx.evaluate(mlpLearner({ ...opts, groups: ['time', 'worm'] }), ['time', 'worm'], { window: w, share: [0, 0.5] });
      // 9b: the same, with the residual of the body equation q″ + 2γq′ + ω²q = αF + β as a further input.
      const o = await ctx.evaluate(mlpLearner({ ...opts, groups: ['time', 'worm', 'ode'] }), ['time', 'worm', 'ode'], { window: w, share: [0.5, 0.85] });
      const b = await ctx.evaluate(mlpLearner({ ...opts, groups: ['time'] }), ['time'], { window: w, control: false, share: [0.85, 1] });
      const method = `MLP ${m.hidden.join('–')}, Adam + L-BFGS, Fourier time over the window`;
      const p = { pieceName: ctx.window(w).piece.name, span: `first ${w} s` };
      return [
        row('9', 9, `MLP, ${w} s window`, method, 'Fourier time (12 harmonics) + worm PCs', r, { ...p, seed: SEED_WORM_TIME }),
        row('9b', 9, `MLP, ${w} s window, + ODE residual`, method, 'Fourier time + worm PCs + body-ODE residual', o, { ...p, seed: SEED_WORM_TIME_ODE }),
        row('9', 9, `MLP, ${w} s window`, method, 'Fourier time only', b, { ...p, baselineOf: '9', seed: SEED_TIME_ONLY }),
      ];
    },
  },
  {
    numbers: [10],
    label: 'step 10',
    async run(ctx) {
      const m = ctx.settings.mlp;
      const opts = { epochs: m.epochs, lbfgsIterations: m.lbfgsIterations, hidden: m.hidden };
      const r = await ctx.evaluate(mlpLearner({ ...opts, groups: ['time', 'worm'] }), ['time', 'worm'], { share: [0, 0.8] });
      const b = await ctx.evaluate(mlpLearner({ ...opts, groups: ['time'] }), ['time'], { control: false, share: [0.8, 1] });
      const method = `MLP ${m.hidden.join('–')}, Adam + L-BFGS, Fourier time over the whole piece`;
      const p = { pieceName: ctx.piece.name };
      return [
        row('10', 10, 'MLP, whole piece', method, 'Fourier time (12 harmonics) + worm PCs', r, p),
        row('10', 10, 'MLP, whole piece', method, 'Fourier time only', b, { ...p, baselineOf: '10', seed: SEED_TIME_ONLY }),
      ];
    },
  },
];

/**
 * Step numbers from a list such as "0-10", "4", "0,3,7-9".
 * @example
 * parseStepList('0,3,7-9'); // → [0, 3, 7, 8, 9]
 */
export function parseStepList(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new RangeError(`"${text}" is not a list of steps (e.g. 0-10, 4, 0,3,7-9)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > b) throw new RangeError(`step range ${a}-${b} runs backwards`);
    if (b > 10) throw new RangeError(`there are steps 0 to 10, not ${b}`);
    for (let s = a; s <= b; s++) out.add(s);
  }
  return [...out].sort((x, y) => x - y);
}
