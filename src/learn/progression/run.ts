/**
 * Runs the learning progression on a piece: the worm listens to it (and to the second piece), its activity becomes
 * feature columns, and each requested step is scored by the evaluation protocol. Deterministic for a seed: every
 * step draws from its own fork of one generator, so running a subset of steps gives those steps' full-run figures.
 */
import { frameGrid } from '../../analysis/onset-targets.js';
import { sliceScore } from '../../score/ops.js';
import { createRandom, type Random } from '../../math/random.js';
import type { Score } from '../../score/types.js';
import { undulationSpectrum } from '../../engines/worm/model/analysis.js';
import type { WormParamsInput } from '../../engines/worm/model/params.js';
import { selectBackend, type BackendChoice } from '../backend.js';
import { evaluateLearner, onlyGroups, type LearningPiece } from '../evaluation.js';
import { onsetsToWormNotes } from './onset-notes.js';
import { PROGRESSION_SETTINGS, PROGRESSION_STEPS, WORM_GROUPS, type ProgressionSettings, type StepContext, type StepRow } from './steps.js';
import { fitNeuralBasis, hearPiece, learningPiece, type HeardPiece } from './worm-piece.js';

/** Share of each piece that trains in the held-out split (70 %, as docs/design/learning.md states). */
export const TRAIN_FRACTION = 0.7;

/** A piece to learn. */
export interface ProgressionPiece {
  name: string;
  score: Score;
}

/** Progress of one stage (the worm listening, or a step). */
export interface ProgressionEvent {
  kind: 'start' | 'progress' | 'end';
  /** 'worm listens', 'step 0', 'steps 4–6', … */
  label: string;
  fraction: number;
  /** Wall seconds of the stage, on 'end'. */
  seconds?: number;
}

/** Options of {@link runProgression}. */
export interface ProgressionOptions {
  /** Step numbers to run (default 0–10). */
  steps?: number[];
  /** Seed of every random choice (default 0). */
  seed?: number;
  settings?: ProgressionSettings;
  /** Worm parameters (default: the model's, in water). */
  worm?: WormParamsInput;
  /** tfjs backend (default 'auto': the faster by measurement). */
  backend?: 'auto' | 'cpu' | 'wasm';
  onEvent?: (event: ProgressionEvent) => void;
}

/** Figures of a piece as the progression used it. */
export interface PieceFacts {
  name: string;
  seconds: number;
  notes: number;
  /** Distinct onsets (a chord counts once). */
  onsets: number;
  onsetsPerSecond: number;
  /** Where the held-out test span starts (s). */
  heldOutFromSeconds: number;
  /** The worm's undulation frequency while it listened (Hz). */
  wormHz: number;
}

/** What {@link runProgression} returns. */
export interface ProgressionResult {
  piece: PieceFacts;
  secondPiece?: PieceFacts;
  /** Share of the motor neurons' variance in each 'worm' PC (fitted on the piece's training span). */
  wormPcVariance: number[];
  motorNeurons: number;
  backend: BackendChoice;
  seed: number;
  settings: ProgressionSettings;
  rows: StepRow[];
  /** Wall seconds per stage. */
  timings: Array<{ label: string; seconds: number }>;
  /** The runs the worm made while it listened (for the notes of a step). */
  heard: { piece: HeardPiece; secondPiece?: HeardPiece };
}

function facts(heard: HeardPiece, piece: LearningPiece): PieceFacts {
  const split = Math.round(piece.grid.count * TRAIN_FRACTION);
  return {
    name: heard.name,
    seconds: heard.endSeconds,
    notes: heard.score.notes.length,
    onsets: piece.onsets.length,
    onsetsPerSecond: piece.onsets.length / heard.endSeconds,
    heldOutFromSeconds: piece.grid.startSeconds + split * piece.grid.hopSeconds,
    wormHz: undulationSpectrum(heard.recording, { fromS: Math.min(5, heard.endSeconds / 4) }).peakHz,
  };
}

/**
 * The progression: steps 0–10 (or the requested ones) on a piece, each scored in-sample, held-out, on the second
 * piece and against surrogate worms.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * result.rows.map((r) => [r.step, r.scores.heldOut.f1]);
 */
export async function runProgression(main: ProgressionPiece, second: ProgressionPiece | undefined, options: ProgressionOptions = {}): Promise<ProgressionResult> {
  const wanted = new Set(options.steps ?? Array.from({ length: 11 }, (_, i) => i));
  const settings = options.settings ?? PROGRESSION_SETTINGS;
  const seed = options.seed ?? 0;
  const emit = options.onEvent ?? (() => undefined);
  const timings: ProgressionResult['timings'] = [];
  const stage = async <T>(label: string, work: (progress: (f: number) => void) => T | Promise<T>): Promise<T> => {
    emit({ kind: 'start', label, fraction: 0 });
    const t0 = performance.now();
    const out = await work((fraction) => emit({ kind: 'progress', label, fraction }));
    const seconds = (performance.now() - t0) / 1000;
    timings.push({ label, seconds });
    emit({ kind: 'end', label, fraction: 1, seconds });
    return out;
  };

  const heard = await stage('worm listens', (progress) => {
    const total = second ? main.score.notes.length + second.score.notes.length : main.score.notes.length;
    const share = main.score.notes.length / total;
    const wormOptions = options.worm ? { params: options.worm } : {};
    const a = hearPiece(main.name, main.score, { ...wormOptions, onProgress: (f) => progress(f * share) });
    const b = second ? hearPiece(second.name, second.score, { ...wormOptions, onProgress: (f) => progress(share + f * (1 - share)) }) : undefined;
    return { piece: a, ...(b ? { secondPiece: b } : {}) };
  });
  const backend = await selectBackend(options.backend ?? 'auto');

  // The worm's principal axes come from the piece's held-out training span only, and serve every span and piece.
  const grid = frameGrid(0, heard.piece.endSeconds);
  const trainUntil = Math.round(grid.count * TRAIN_FRACTION) * grid.hopSeconds;
  const basis = fitNeuralBasis(heard.piece, { untilSeconds: trainUntil });
  const piece = learningPiece(heard.piece, basis);
  const secondPiece = heard.secondPiece ? learningPiece(heard.secondPiece, basis) : undefined;
  const windows = new Map<number, { piece: LearningPiece; secondPiece?: LearningPiece }>();
  const window = (seconds: number): { piece: LearningPiece; secondPiece?: LearningPiece } => {
    if (!windows.has(seconds)) {
      const p = learningPiece(heard.piece, basis, { toSeconds: seconds });
      const s = heard.secondPiece ? learningPiece(heard.secondPiece, basis, { toSeconds: seconds }) : undefined;
      windows.set(seconds, { piece: p, ...(s ? { secondPiece: s } : {}) });
    }
    return windows.get(seconds)!;
  };

  const root = createRandom(seed);
  const rows: StepRow[] = [];
  for (const step of PROGRESSION_STEPS) {
    if (!step.numbers.some((n) => wanted.has(n))) continue;
    const stepRng: Random = root.fork(step.label);
    const stepRows = await stage(step.label, async (progress) => {
      let calls = 0;
      const ctx: StepContext = {
        piece,
        ...(secondPiece ? { secondPiece } : {}),
        window,
        settings,
        evaluate(learner, groups, o = {}) {
          const pair = o.window ? window(o.window) : { piece, ...(secondPiece ? { secondPiece } : {}) };
          const select = (p: LearningPiece): LearningPiece => (groups.length ? onlyGroups(p, groups) : p);
          const controlGroups = WORM_GROUPS.filter((g) => groups.includes(g));
          const [a, b] = o.share ?? [0, 1];
          return evaluateLearner(learner, select(pair.piece), {
            rng: stepRng.fork(`evaluation ${calls++}`),
            trainFraction: TRAIN_FRACTION,
            ...(pair.secondPiece ? { secondPiece: select(pair.secondPiece) } : {}),
            control: o.control !== false && controlGroups.length > 0 ? { groups: controlGroups, surrogates: settings.surrogates } : false,
            onProgress: (_stage, f) => progress(a + f * (b - a)),
          });
        },
      };
      return step.run(ctx);
    });
    rows.push(...stepRows.filter((r) => wanted.has(r.number)));
  }
  return {
    piece: facts(heard.piece, piece),
    ...(heard.secondPiece && secondPiece ? { secondPiece: facts(heard.secondPiece, secondPiece) } : {}),
    wormPcVariance: Array.from(basis.pca.explainedVarianceRatio),
    motorNeurons: basis.neurons.length,
    backend,
    seed,
    settings,
    rows,
    timings,
    heard,
  };
}

/**
 * The step with the best held-out F1 (baselines excluded), if any step ran.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * const best = bestHeldOutRow(result); best?.scores.heldOut.f1;
 */
export function bestHeldOutRow(result: ProgressionResult): StepRow | undefined {
  let best: StepRow | undefined;
  for (const r of result.rows) if (!r.baselineOf && (!best || r.scores.heldOut.f1 > best.scores.heldOut.f1)) best = r;
  return best;
}

/**
 * The worm's notes at a step's held-out predicted onsets, and the piece over the same span — both shifted to start
 * at 0 — for listening side by side.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * const { predicted, target, fromSeconds } = heldOutNotes(result, bestHeldOutRow(result)!);
 */
export function heldOutNotes(result: ProgressionResult, row: StepRow): { predicted: Score; target: Score; fromSeconds: number; toSeconds: number } {
  return spanNotes(result, row.scores.heldOut);
}

/**
 * A step's in-sample onsets — the fit on the whole span it learns (the whole piece for most steps, the window for
 * step 9) predicting that same span — as the worm's notes, and the piece over the same span: the full-length pair
 * that PyANNOW's step 10 plays side by side (worm_mlp_full.wav, chopin_synth_full.wav).
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0] });
 * const { predicted, target } = fullLengthNotes(result, bestHeldOutRow(result)!);
 */
export function fullLengthNotes(result: ProgressionResult, row: StepRow): { predicted: Score; target: Score; fromSeconds: number; toSeconds: number } {
  return spanNotes(result, row.scores.inSample);
}

function spanNotes(result: ProgressionResult, scores: StepRow['scores']['heldOut']): { predicted: Score; target: Score; fromSeconds: number; toSeconds: number } {
  const span = scores.testSpan;
  const heard = result.heard.piece;
  const predicted = onsetsToWormNotes(scores.predicted, heard, { offsetSeconds: -span.startSeconds });
  const target = sliceScore(heard.score, span.startSeconds, span.endSeconds);
  return { predicted, target, fromSeconds: span.startSeconds, toSeconds: span.endSeconds };
}
