/**
 * The surrogate's whole procedure as the command line and the report use it: build the song sets, train against a
 * budget, evaluate on the held-out and extrapolation sets, and pick a held-out song for the seed's figure 9.
 */
import { selectBackend } from '../backend.js';
import { predictMotor, evaluateSongs, type SetMetrics } from './metrics.js';
import { FULL_LOSS, type LossWeights } from './loss.js';
import { surrogateStream, type SurrogateModel, type TrainingRecord } from './model.js';
import { makeSong, songSets, SURROGATE_ASHLE, TRAINING_SONGS, type Song, type SongSpec } from './songs.js';
import { DEFAULT_TCN, type TcnConfig } from './tcn.js';
import { trainSurrogate, type TrainState } from './train.js';
import type { LossTerms } from './loss.js';
import type { MotorSeries } from './encoding.js';

/** How many songs each set holds (the seed trained on 50 songs of 30 s). */
export interface SetSizes {
  training: number;
  validation: number;
  heldOut: number;
  extrapolation: number;
}

/** The default sizes: 200 training songs (the seed trained on 50; 200 over-fit less in the same 15 minutes), 8 validation, 12 held-out, 8 extrapolation. */
export const DEFAULT_SET_SIZES: SetSizes = { training: 200, validation: 8, heldOut: 12, extrapolation: 8 };

/** Built songs. */
export interface BuiltSets {
  training: Song[];
  validation: Song[];
  heldOut: Song[];
  extrapolation: Song[];
}

/** Builds the song sets (ASHLE integrated for each: about 60 ms a 30-s song). */
export function buildSets(sizes: Partial<SetSizes> = {}, spec: SongSpec = TRAINING_SONGS, which: Array<keyof BuiltSets> = ['training', 'validation', 'heldOut', 'extrapolation']): BuiltSets {
  const s = songSets({ ...DEFAULT_SET_SIZES, ...sizes }, spec);
  const make = (seeds: number[], specs: SongSpec | SongSpec[]): Song[] => seeds.map((seed, i) => makeSong(seed, Array.isArray(specs) ? specs[i]! : specs, SURROGATE_ASHLE));
  return {
    training: which.includes('training') ? make(s.training.seeds, s.training.spec) : [],
    validation: which.includes('validation') ? make(s.validation.seeds, s.validation.spec) : [],
    heldOut: which.includes('heldOut') ? make(s.heldOut.seeds, s.heldOut.spec) : [],
    extrapolation: which.includes('extrapolation') ? make(s.extrapolation.seeds, s.extrapolation.spec) : [],
  };
}

/** Options of {@link trainModel}. */
export interface TrainModelOptions {
  seed: number;
  /** Training budget (s), counting a resumed run's earlier sessions. */
  budgetSeconds: number;
  maxSteps?: number;
  weights?: LossWeights;
  config?: TcnConfig;
  sizes?: Partial<SetSizes>;
  batchSize?: number;
  learningRate?: number;
  validateEvery?: number;
  resume?: TrainState;
  /** Songs already built (tests and the ablation reuse them). */
  sets?: Pick<BuiltSets, 'training' | 'validation'>;
  onStep?: (state: TrainState, terms: LossTerms, learningRate: number) => void;
  onValidate?: (state: TrainState, terms: LossTerms) => void | Promise<void>;
  /** Seconds clock of the budget (default: wall-clock). */
  clock?: () => number;
}

/** Trains a surrogate on the wasm backend; returns the model and the final training state. */
export async function trainModel(options: TrainModelOptions): Promise<{ model: SurrogateModel; state: TrainState; backend: string }> {
  const { backend } = await selectBackend('wasm');
  const config = options.config ?? DEFAULT_TCN;
  const weights = options.weights ?? FULL_LOSS;
  const sets = options.sets ?? buildSets(options.sizes, { ...TRAINING_SONGS, sampleHz: config.sampleHz }, ['training', 'validation']);
  const f0Hz = SURROGATE_ASHLE.spontaneousHz!;
  const batchSize = options.batchSize ?? 4;
  const learningRate = options.learningRate ?? 3e-3;
  const state = await trainSurrogate({
    config,
    weights,
    seed: options.seed,
    f0Hz,
    training: sets.training,
    validation: sets.validation,
    batchSize,
    learningRate,
    budgetSeconds: options.budgetSeconds,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    ...(options.validateEvery !== undefined ? { validateEvery: options.validateEvery } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
    ...(options.onStep ? { onStep: options.onStep } : {}),
    ...(options.onValidate ? { onValidate: options.onValidate } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const training: TrainingRecord = {
    seed: options.seed,
    steps: state.step,
    seconds: +state.seconds.toFixed(1),
    batchSize,
    learningRate,
    weights,
    trainingSongs: sets.training.length,
    validationSongs: sets.validation.length,
    backend,
  };
  return { model: { config, theta: state.theta, ashle: { ...SURROGATE_ASHLE, spontaneousHz: f0Hz }, training }, state, backend };
}

/** Figures on the held-out and extrapolation sets. */
export interface Evaluation {
  heldOut: SetMetrics;
  extrapolation: SetMetrics;
  /** Figure 9: one held-out song, ASHLE and the surrogate over time. */
  figure: { song: Song; surrogate: MotorSeries };
}

/**
 * Evaluates a model on the held-out and extrapolation songs (built here unless given), through TensorFlow.js in
 * batches (the wasm backend is started here).
 */
export async function evaluateModel(model: SurrogateModel, sets?: Pick<BuiltSets, 'heldOut' | 'extrapolation'>, sizes: Partial<SetSizes> = {}): Promise<Evaluation> {
  await selectBackend('wasm');
  const built = sets ?? buildSets(sizes, { ...TRAINING_SONGS, sampleHz: model.config.sampleHz }, ['heldOut', 'extrapolation']);
  const net = surrogateStream(model);
  const f0 = model.ashle.spontaneousHz;
  const heldOut = evaluateSongs(net, built.heldOut, f0, model.theta);
  const extrapolation = evaluateSongs(net, built.extrapolation, f0, model.theta);
  // Figure 9 on the held-out song whose PLV is the median: a typical song, not the best one.
  const order = heldOut.perSong.map((s, i) => [s.plv, i] as const).sort((a, b) => a[0] - b[0]);
  const song = built.heldOut[order[Math.floor(order.length / 2)]![1]]!;
  return { heldOut, extrapolation, figure: { song, surrogate: predictMotor(net, song.stimulus.re, song.stimulus.im, f0) } };
}

/** A set's figures without the per-song list (for model.json and summaries). */
export function summary(m: SetMetrics): Omit<SetMetrics, 'perSong'> {
  const { perSong: _omit, ...rest } = m;
  const round = (v: number): number => (Number.isFinite(v) ? +v.toFixed(4) : v);
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, round(v)])) as Omit<SetMetrics, 'perSong'>;
}
