/**
 * The evaluation protocol of the learning progression: every learner is scored by one-to-one onset F1 (±50 ms)
 *
 *   in-sample    fitted and scored on the whole piece, threshold fitted on the same frames (PyANNOW's convention,
 *                kept so our numbers can stand next to its figures);
 *   held-out     fitted on the first 70 % of the piece, threshold fitted on those training frames only, scored on
 *                the last 30 % (a time split: no frame of the future leaks into training);
 *   second piece the whole-piece model and threshold, scored on another piece;
 *   control      the held-out protocol again with every worm feature replaced by a phase-randomised surrogate of
 *                itself (same power spectrum, no relation to the music; Theiler et al. 1992). If the real worm does
 *                no better than its surrogates, the learner found nothing in the worm beyond its spectrum.
 *
 * Learners never see target onsets at prediction time: `predict` receives the span without them. Features are
 * standardised with the training span's mean and standard deviation only.
 */
import { fitOnsetThreshold, pickOnsets, pickOnsetsAtRate, type PeakOptions } from '../analysis/onset-picking.js';
import { frameTimes, onsetLabels, onsetsBetween, type FrameGrid } from '../analysis/onset-targets.js';
import { onsetF1, onsetF1ManyToMany, type OnsetScore } from '../analysis/onsets-f1.js';
import type { Random } from '../math/random.js';
import { applyStandardizer, fitStandardizer, selectGroups, sliceRows, type FeatureMatrix } from './feature-matrix.js';
import type { LossCurve } from './loss-curves.js';
import { surrogateColumns } from './surrogates.js';

/** A piece prepared for learning: a frame grid, one feature row per frame, and the target onsets. */
export interface LearningPiece {
  name: string;
  grid: FrameGrid;
  /** grid.count rows; columns tagged by group ('worm', 'time', 'beat', …). */
  features: FeatureMatrix;
  /** Distinct target onsets in seconds (see `targetOnsets`). */
  onsets: Float64Array;
}

/** What a learner is given to predict on: a contiguous span of frames, no targets. */
export interface PredictionSpan {
  piece: string;
  grid: FrameGrid;
  times: Float64Array;
  /** Standardised with the training span's statistics. */
  features: FeatureMatrix;
  /** The same columns before standardisation (physical drives for a PINN, for instance). */
  rawFeatures: FeatureMatrix;
}

/** A training span: a prediction span plus its targets. */
export interface TrainingSpan extends PredictionSpan {
  onsets: Float64Array;
  /** 1 on the frame nearest each onset. */
  labels: Float64Array;
}

/** A learner's output on a span: a per-frame onset activation (thresholded by the protocol) or onset times. */
export type Prediction = { activation: Float64Array } | { onsets: Float64Array };

/** Something that predicts onsets from a span. */
export interface PredictingHead {
  predict(span: PredictionSpan): Prediction | Promise<Prediction>;
  /**
   * An honest activation on the training span itself (out-of-bag probabilities of a forest, say), used instead
   * of `predict(train)` to fit the threshold that goes to new frames, so it is not tuned on memorised frames.
   */
  trainingActivation?: Float64Array;
}

/** A fitted learner. */
export interface FittedLearner extends PredictingHead {
  /** Other predictors from the same fit, scored under the same protocol (e.g. 'after Adam' before L-BFGS). */
  variants?: Record<string, PredictingHead>;
  curves?: LossCurve[];
  /** Figures worth reporting (OOB score, residuals, learned constants …). */
  info?: Record<string, number | string>;
}

/** A method of the progression. */
export interface Learner {
  name: string;
  fit(train: TrainingSpan, context: FitContext): FittedLearner | Promise<FittedLearner>;
}

/** What a learner gets besides its data: its own random stream, and where to report progress (0…1). */
export interface FitContext {
  rng: Random;
  onProgress?: (fraction: number) => void;
}

/** How one fitted model did on one test span. */
export interface SplitScore {
  /** One-to-one F1 (mir_eval), the headline number. */
  f1: number;
  oneToOne: OnsetScore;
  /** PyANNOW's many-to-many variant on the same predictions, for comparison. */
  manyToMany: OnsetScore;
  /**
   * Activation threshold fitted on the training span (undefined when the learner returns onsets). In-sample it is
   * fitted on the model's own predictions of those frames (PyANNOW's convention); for held-out, control and
   * second-piece scores on the learner's honest training activation (out-of-bag) when it gives one.
   */
  threshold: number | undefined;
  /** How the training fit was carried to these frames: the threshold value, or the onset rate it produced. */
  rule: ThresholdRule;
  /** Out of sample: the one-to-one F1 the other rule would have given, from the same activation (no refit). */
  otherRule?: { rule: ThresholdRule; f1: number; predicted: number };
  /** One-to-one F1 on the training span at that threshold. */
  trainF1: number;
  /** Predicted onsets on the test span. */
  predicted: Float64Array;
  /** The test span's activation, when the learner gives one. */
  activation?: Float64Array;
  testSpan: { startSeconds: number; endSeconds: number; targets: number };
}

/** The control: surrogate worm features under the held-out (and optionally in-sample) protocol. */
export interface ControlScore {
  groups: string[];
  heldOut: SplitScore[];
  inSample: SplitScore[];
  /** Mean held-out F1 over the surrogates. */
  heldOutF1: number;
  /** Real held-out F1 minus the surrogates' mean. */
  advantage: number;
  /** (1 + #surrogates scoring ≥ the real worm) / (1 + #surrogates): a surrogate-test p-value. */
  pValue: number;
}

/** Everything the protocol measured for one learner. */
export interface LearnerEvaluation extends ProtocolScores {
  learner: string;
  piece: string;
  /** The same scores for each variant the fitted model offered. */
  variants?: Record<string, ProtocolScores>;
  /** Loss curves and figures of the whole-piece fit. */
  curves: LossCurve[];
  info: Record<string, number | string>;
  seconds: { inSample: number; heldOut: number; control: number; secondPiece: number };
}

/**
 * How the peak-picking fit on training frames carries to new frames: 'value' keeps the activation threshold (the
 * default, and PyANNOW's way); 'rate' keeps the number of onsets per second that the best threshold produced on
 * the training frames and takes that many of the highest peaks — immune to a model whose activations run higher
 * or lower on new frames than on the frames it was fitted to, but wrong for a second piece that is busier or
 * sparser than the first. Both use training data only; every out-of-sample score also reports the other rule's F1.
 */
export type ThresholdRule = 'value' | 'rate';

/** Options of {@link evaluateLearner}. */
export interface EvaluationOptions {
  /** See {@link ThresholdRule} (default 'value'). */
  thresholdRule?: ThresholdRule;
  rng: Random;
  /** Share of the piece's duration used for training in the held-out split (default 0.7). */
  trainFraction?: number;
  windowSeconds?: number;
  secondPiece?: LearningPiece;
  /** Surrogate control (default: groups ['worm'], 1 surrogate, held-out only); false to skip. */
  control?: false | { groups?: string[]; surrogates?: number; inSample?: boolean };
  /** Standardise features with training statistics (default true). */
  standardize?: boolean;
  peaks?: PeakOptions;
  onProgress?: (stage: string, fraction: number) => void;
}

function gridRows(grid: FrameGrid, from: number, to: number): FrameGrid {
  return { count: to - from, hopSeconds: grid.hopSeconds, startSeconds: grid.startSeconds + from * grid.hopSeconds };
}

function spanOf(piece: LearningPiece, features: FeatureMatrix, from: number, to: number): { raw: FeatureMatrix; grid: FrameGrid; onsets: Float64Array } {
  const grid = gridRows(piece.grid, from, to);
  const start = grid.startSeconds;
  // A span owns the instants [first frame, first frame of the next span): onsets are split at the same time.
  const end = to >= piece.grid.count ? Infinity : piece.grid.startSeconds + to * piece.grid.hopSeconds;
  const startBound = from === 0 ? -Infinity : start;
  return { raw: sliceRows(features, from, to), grid, onsets: onsetsBetween(piece.onsets, startBound, end) };
}

function checkPiece(piece: LearningPiece): void {
  if (piece.features.rows !== piece.grid.count) {
    throw new RangeError(`piece "${piece.name}": ${piece.features.rows} feature rows for ${piece.grid.count} frames`);
  }
  if (piece.grid.count < 10) throw new RangeError(`piece "${piece.name}" is too short to learn from (${piece.grid.count} frames)`);
}

/** A piece without the columns of some groups (e.g. the time-only baseline: drop 'worm'). */
export function withoutGroups(piece: LearningPiece, groups: string[]): LearningPiece {
  return { ...piece, features: selectGroups(piece.features, groups, false) };
}

/** A piece with only the columns of some groups. */
export function onlyGroups(piece: LearningPiece, groups: string[]): LearningPiece {
  return { ...piece, features: selectGroups(piece.features, groups, true) };
}

/** What one head of a fitted model (the model itself, or one of its variants) needs to be thresholded. */
interface HeadFit {
  head: PredictingHead;
  /** On the honest training activation (out-of-bag) when the head gives one: used for new frames. */
  honest: { threshold: number; ratePerSecond: number; f1: number } | undefined;
  /** On the head's own predictions of its training frames: PyANNOW's in-sample convention. */
  self: { threshold: number; ratePerSecond: number; f1: number } | undefined;
  /** Training F1 of a head that returns onsets directly. */
  onsetF1?: number;
}

interface Fitted {
  model: FittedLearner;
  heads: Map<string, HeadFit>;
  standardize: (X: FeatureMatrix) => FeatureMatrix;
}

/** The name under which the model's own predict is kept among its heads. */
const MAIN = '';

function headsOf(model: FittedLearner): Map<string, PredictingHead> {
  const heads = new Map<string, PredictingHead>([[MAIN, model]]);
  for (const [name, v] of Object.entries(model.variants ?? {})) heads.set(name, v);
  return heads;
}

async function fitOn(
  learner: Learner,
  piece: LearningPiece,
  features: FeatureMatrix,
  from: number,
  to: number,
  options: EvaluationOptions,
  rng: Random,
  onProgress?: (fraction: number) => void,
): Promise<Fitted> {
  const { raw, grid, onsets } = spanOf(piece, features, from, to);
  const st = options.standardize === false ? undefined : fitStandardizer(raw);
  const standardize = (X: FeatureMatrix): FeatureMatrix => (st ? applyStandardizer(X, st) : X);
  const train: TrainingSpan = {
    piece: piece.name,
    grid,
    times: frameTimes(grid),
    features: standardize(raw),
    rawFeatures: raw,
    onsets,
    labels: onsetLabels(onsets, grid),
  };
  const model = await learner.fit(train, { rng, ...(onProgress ? { onProgress } : {}) });
  const { onsets: _o, labels: _l, ...predictionSpan } = train;
  const w = { windowSeconds: options.windowSeconds };
  const seconds = grid.count * grid.hopSeconds;
  const summarise = (act: Float64Array) => {
    const fit = fitOnsetThreshold(act, grid, onsets, { ...options.peaks, ...w });
    return { threshold: fit.threshold, ratePerSecond: fit.score.predicted / seconds, f1: fit.score.f1 };
  };
  const heads = new Map<string, HeadFit>();
  for (const [name, head] of headsOf(model)) {
    const own = await head.predict(predictionSpan);
    if (!('activation' in own)) {
      heads.set(name, { head, honest: undefined, self: undefined, onsetF1: onsetF1(own.onsets, onsets, w).f1 });
      continue;
    }
    const self = summarise(own.activation);
    heads.set(name, { head, self, honest: head.trainingActivation ? summarise(head.trainingActivation) : self });
  }
  return { model, heads, standardize };
}

async function scoreOn(
  fitted: Fitted,
  name: string,
  piece: LearningPiece,
  features: FeatureMatrix,
  from: number,
  to: number,
  options: EvaluationOptions,
  inSample = false,
): Promise<SplitScore> {
  const { raw, grid, onsets } = spanOf(piece, features, from, to);
  const span: PredictionSpan = { piece: piece.name, grid, times: frameTimes(grid), features: fitted.standardize(raw), rawFeatures: raw };
  const hf = fitted.heads.get(name)!;
  const pred = await hf.head.predict(span);
  const rule = options.thresholdRule ?? 'value';
  const fit = inSample ? hf.self : hf.honest;
  const w = { windowSeconds: options.windowSeconds };
  let predicted: Float64Array;
  let activation: Float64Array | undefined;
  let otherRule: SplitScore['otherRule'];
  if ('activation' in pred) {
    if (pred.activation.length !== grid.count) throw new RangeError(`learner predicted ${pred.activation.length} frames for a span of ${grid.count}`);
    if (!fit) throw new Error(`learner "${name || 'main'}" gave onsets on its training span but an activation now`);
    activation = pred.activation;
    const byValue = pickOnsets(activation, grid, fit.threshold, options.peaks);
    if (inSample) predicted = byValue;
    else {
      const byRate = pickOnsetsAtRate(activation, grid, fit.ratePerSecond, options.peaks);
      predicted = rule === 'rate' ? byRate : byValue;
      const other = rule === 'rate' ? byValue : byRate;
      otherRule = { rule: rule === 'rate' ? 'value' : 'rate', f1: onsetF1(other, onsets, w).f1, predicted: other.length };
    }
  } else predicted = pred.onsets;
  const oneToOne = onsetF1(predicted, onsets, w);
  return {
    f1: oneToOne.f1,
    oneToOne,
    manyToMany: onsetF1ManyToMany(predicted, onsets, w),
    threshold: fit?.threshold,
    rule,
    ...(otherRule ? { otherRule } : {}),
    trainF1: fit ? fit.f1 : hf.onsetF1!,
    predicted,
    ...(activation ? { activation } : {}),
    testSpan: { startSeconds: grid.startSeconds, endSeconds: grid.startSeconds + grid.count * grid.hopSeconds, targets: onsets.length },
  };
}

/** All protocol scores of one head. */
export interface ProtocolScores {
  inSample: SplitScore;
  heldOut: SplitScore;
  secondPiece?: SplitScore & { piece: string };
  control?: ControlScore;
}

function controlSummary(groups: string[], heldOut: SplitScore, held: SplitScore[], ins: SplitScore[]): ControlScore {
  const mean = held.reduce((s, h) => s + h.f1, 0) / held.length;
  const atLeast = held.filter((h) => h.f1 >= heldOut.f1).length;
  return { groups, heldOut: held, inSample: ins, heldOutF1: mean, advantage: heldOut.f1 - mean, pValue: (1 + atLeast) / (1 + held.length) };
}

/**
 * Runs the whole protocol for one learner on one piece (and optionally a second piece). Each variant the fitted
 * model offers (e.g. an MLP's "after Adam" beside its L-BFGS-polished self) is scored under the same protocol
 * from the same fits, in `variants`.
 * @example
 * const heard = hearPiece('prelude', score);
 * const piece = learningPiece(heard, fitNeuralBasis(heard));
 * const result = await evaluateLearner(randomOnsetLearner(), piece, { rng: createRandom(0) });
 * result.inSample.f1; result.heldOut.f1; result.control?.heldOutF1; result.secondPiece?.f1;
 */
export async function evaluateLearner(learner: Learner, piece: LearningPiece, options: EvaluationOptions): Promise<LearnerEvaluation> {
  checkPiece(piece);
  const fraction = options.trainFraction ?? 0.7;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`trainFraction must lie in (0, 1), got ${fraction}`);
  const n = piece.grid.count;
  const split = Math.round(n * fraction);
  if (split < 5 || n - split < 5) throw new RangeError(`piece "${piece.name}" is too short for a ${fraction} split`);
  const other = options.secondPiece;
  if (other) {
    checkPiece(other);
    if (other.features.names.join('\u0000') !== piece.features.names.join('\u0000')) {
      throw new RangeError(`second piece "${other.name}" has different feature columns from "${piece.name}"`);
    }
  }
  const control = options.control === false ? undefined : { groups: ['worm'], surrogates: 1, inSample: false, ...options.control };
  const hasControlColumns = control ? piece.features.groups.some((g) => control.groups.includes(g)) : false;
  const nControl = control && hasControlColumns ? control.surrogates * (control.inSample ? 2 : 1) : 0;
  const totalFits = 2 + nControl;
  let fitsDone = 0;
  let stageName = '';
  const progress = (stage: string): void => {
    stageName = stage;
    options.onProgress?.(stage, fitsDone / totalFits);
  };
  const within = (fraction: number): void => options.onProgress?.(stageName, (fitsDone + Math.min(1, Math.max(0, fraction))) / totalFits);
  const rng = options.rng;
  const scores = new Map<string, Partial<ProtocolScores> & { controlHeld: SplitScore[]; controlIn: SplitScore[] }>();
  const slot = (name: string) => {
    if (!scores.has(name)) scores.set(name, { controlHeld: [], controlIn: [] });
    return scores.get(name)!;
  };

  // In-sample: fit on everything, threshold on everything (PyANNOW's convention); the same model and its honest
  // threshold then meet the second piece.
  progress('in-sample fit');
  let t0 = performance.now();
  const whole = await fitOn(learner, piece, piece.features, 0, n, options, rng.fork('in-sample'), within);
  for (const name of whole.heads.keys()) slot(name).inSample = await scoreOn(whole, name, piece, piece.features, 0, n, options, true);
  const inSampleSeconds = (performance.now() - t0) / 1000;
  fitsDone++;
  t0 = performance.now();
  if (other) {
    progress('second piece');
    for (const name of whole.heads.keys()) {
      slot(name).secondPiece = { ...(await scoreOn(whole, name, other, other.features, 0, other.grid.count, options)), piece: other.name };
    }
  }
  const secondSeconds = (performance.now() - t0) / 1000;

  // Held-out: the first 70 % trains (model and threshold), the last 30 % tests.
  progress('held-out fit');
  t0 = performance.now();
  const early = await fitOn(learner, piece, piece.features, 0, split, options, rng.fork('held-out'), within);
  for (const name of early.heads.keys()) slot(name).heldOut = await scoreOn(early, name, piece, piece.features, split, n, options);
  const heldOutSeconds = (performance.now() - t0) / 1000;
  fitsDone++;

  // Control: surrogate worm features, same protocol.
  t0 = performance.now();
  if (control && hasControlColumns) {
    for (let i = 0; i < control.surrogates; i++) {
      const sr = rng.fork(`control ${i}`);
      const surrogate = surrogateColumns(piece.features, control.groups, sr.fork('features'));
      progress(`control ${i + 1}/${control.surrogates}: held-out fit`);
      const fitted = await fitOn(learner, piece, surrogate, 0, split, options, sr.fork('held-out'), within);
      for (const name of fitted.heads.keys()) slot(name).controlHeld.push(await scoreOn(fitted, name, piece, surrogate, split, n, options));
      fitsDone++;
      if (control.inSample) {
        progress(`control ${i + 1}/${control.surrogates}: in-sample fit`);
        const all = await fitOn(learner, piece, surrogate, 0, n, options, sr.fork('in-sample'), within);
        for (const name of all.heads.keys()) slot(name).controlIn.push(await scoreOn(all, name, piece, surrogate, 0, n, options, true));
        fitsDone++;
      }
    }
  }
  const controlSeconds = (performance.now() - t0) / 1000;
  options.onProgress?.('done', 1);

  const finish = (name: string): ProtocolScores => {
    const sc = slot(name);
    if (!sc.inSample || !sc.heldOut) throw new Error(`variant "${name}" was not offered by every fit of "${learner.name}"`);
    return {
      inSample: sc.inSample,
      heldOut: sc.heldOut,
      ...(sc.secondPiece ? { secondPiece: sc.secondPiece } : {}),
      ...(sc.controlHeld.length ? { control: controlSummary(control!.groups, sc.heldOut, sc.controlHeld, sc.controlIn) } : {}),
    };
  };
  const variants: Record<string, ProtocolScores> = {};
  for (const name of whole.heads.keys()) if (name !== MAIN) variants[name] = finish(name);
  return {
    learner: learner.name,
    piece: piece.name,
    ...finish(MAIN),
    ...(Object.keys(variants).length ? { variants } : {}),
    curves: whole.model.curves ?? [],
    info: whole.model.info ?? {},
    seconds: { inSample: inSampleSeconds, heldOut: heldOutSeconds, control: controlSeconds, secondPiece: secondSeconds },
  };
}
