/**
 * A piece as the learning progression sees it (docs/design/learning.md): the worm listens to the piece — `musicDrive`
 * turns its loudness, bass weight and register into the command interneurons' input — and the frames of that run, 20 ms
 * apart like the piece's frame grid, become the feature columns the learners may use:
 *
 *   'worm'    the first principal components of the ventral-cord motor neurons' activity (4, PyANNOW's k);
 *   'neural'  the motor neurons' activity itself (72 columns for the 12-unit cord: DA, DB, VA, VB, DD, VD × 12);
 *   'muscle'  muscle_all, the mean activation of the 95 body-wall muscles (the ODE's forcing), and bend_1 … bend_12,
 *             dorsal minus ventral activation at twelve positions from head to tail (the PDE's forcing);
 *   'beat'    the beat phase of the piece's tempo map (knowledge of the target's metre, not of the worm);
 *   'time'    PyANNOW's Fourier time features (12 harmonics) over the span.
 *
 * Only the first three groups come from the worm; the evaluation's control replaces them by phase-randomised
 * surrogates. The principal axes are fitted once, on the first piece's held-out training span only (its first 70 %),
 * and the same axes project every other span and the second piece, so the 'worm' columns mean the same thing
 * everywhere and no test frame shapes them.
 */
import { frameGrid, frameTimes, targetOnsets, FRAME_HOP_SECONDS } from '../../analysis/onset-targets.js';
import { musicDrive } from '../../engines/worm/dance/music-drive.js';
import { simulateWorm, type WormRecording } from '../../engines/worm/model/simulate.js';
import { muscleQuadrant } from '../../engines/worm/play/to-notes.js';
import type { WormParamsInput } from '../../engines/worm/model/params.js';
import { flatMatrix } from '../../math/flat-matrix.js';
import { lstsq } from '../../math/least-squares.js';
import { pca, pcaTransform, type PcaResult } from '../../math/pca.js';
import { scoreEnd } from '../../score/ops.js';
import type { Score } from '../../score/types.js';
import type { LearningPiece } from '../evaluation.js';
import { featureMatrix, hstack, type FeatureMatrix } from '../feature-matrix.js';
import { beatPhaseFeatures, fourierTimeFeatures } from '../time-features.js';

/** A piece and the worm's run while it listened. */
export interface HeardPiece {
  name: string;
  score: Score;
  /** The end of the last note (s): the span the worm listened to. */
  endSeconds: number;
  /** Recorded at 50 frames/s: frame f is the instant f · 20 ms, the piece's frame grid. */
  recording: WormRecording;
}

/** Options of {@link hearPiece}. */
export interface HearOptions {
  /** Worm parameters (default: the model's defaults, swimming in water). */
  params?: WormParamsInput;
  onProgress?: (fraction: number) => void;
}

/**
 * Lets the worm listen to a piece: simulates it for the piece's length under `musicDrive(score)`, recording every
 * 20 ms.
 * @example
 * const heard = hearPiece('prelude', score);
 * heard.recording.neurons; // frames × neurons
 */
export function hearPiece(name: string, score: Score, options: HearOptions = {}): HeardPiece {
  if (score.notes.length === 0) throw new RangeError(`${name} has no notes for the worm to hear`);
  const endSeconds = scoreEnd(score);
  const { drive } = musicDrive(score, { frameRate: 1 / FRAME_HOP_SECONDS });
  const recording = simulateWorm({
    seconds: endSeconds,
    frameRate: 1 / FRAME_HOP_SECONDS,
    command: drive,
    ...(options.params ? { params: options.params } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (Math.abs(recording.frameRate * FRAME_HOP_SECONDS - 1) > 1e-9) {
    throw new RangeError(`the worm recorded ${recording.frameRate} frames/s; the progression needs ${1 / FRAME_HOP_SECONDS}`);
  }
  return { name, score, endSeconds, recording };
}

/** The principal axes of the motor neurons' activity: what turns neural activity into 'worm' columns. */
export interface NeuralBasis {
  /** Columns of `recording.neurons` used (the ventral-cord motor neurons), and their names. */
  neurons: number[];
  names: string[];
  pca: PcaResult;
  /** The body equation fitted on the same span, whose residual is step 9b's feature ({@link BodyOde}). */
  ode: BodyOde;
}

/**
 * The damped, driven oscillator of the body, q″ + 2γq′ + ω²q = αF + β, fitted by least squares to the worm's first
 * principal component q (its dominant body-wave mode) driven by the mean muscle activation F, with q′ and q″ by
 * central differences on the 50-ms frames. Step 9b adds its residual r = q″ + 2γq′ + ω²q − αF − β — the part of
 * the worm's motion that the body equation does not explain — as a feature (PyANNOW's "ODE residual").
 */
export interface BodyOde {
  gamma: number;
  omegaSquared: number;
  alpha: number;
  beta: number;
}

/** q′ and q″ by central differences (one-sided copies at the two ends). */
function derivatives(q: ArrayLike<number>, h: number): { d1: Float64Array; d2: Float64Array } {
  const n = q.length;
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  for (let t = 1; t < n - 1; t++) {
    d1[t] = (q[t + 1]! - q[t - 1]!) / (2 * h);
    d2[t] = (q[t + 1]! - 2 * q[t]! + q[t - 1]!) / (h * h);
  }
  if (n >= 3) {
    d1[0] = d1[1]!;
    d2[0] = d2[1]!;
    d1[n - 1] = d1[n - 2]!;
    d2[n - 1] = d2[n - 2]!;
  }
  return { d1, d2 };
}

/**
 * Fits {@link BodyOde} to q (frames of `h` seconds) driven by F: least squares of q″ on [q′, q, F, 1] over the
 * interior frames.
 * @example
 * const h = 0.05, q = Float64Array.from({ length: 400 }, (_, t) => Math.sin(2 * Math.PI * 0.5 * t * h));
 * fitBodyOde(q, new Float64Array(400), h).omegaSquared; // → 9.849 — (4/h²)·sin²(ωh/2): central differences' image of ω² = π² ≈ 9.870
 */
export function fitBodyOde(q: ArrayLike<number>, force: ArrayLike<number>, h: number): BodyOde {
  const n = q.length;
  if (n < 8) throw new RangeError(`too few frames (${n}) to fit the body equation`);
  const { d1, d2 } = derivatives(q, h);
  const rows = n - 2;
  const a = flatMatrix(rows, 4, new Float64Array(rows * 4));
  const b = new Float64Array(rows);
  for (let t = 1; t < n - 1; t++) {
    const r = t - 1;
    a.data[r * 4] = d1[t]!;
    a.data[r * 4 + 1] = q[t]!;
    a.data[r * 4 + 2] = force[t]!;
    a.data[r * 4 + 3] = 1;
    b[r] = d2[t]!;
  }
  const x = lstsq(a, b).solution.data;
  return { gamma: -x[0]! / 2, omegaSquared: -x[1]!, alpha: x[2]!, beta: x[3]! };
}

/**
 * The residual r = q″ + 2γq′ + ω²q − αF − β of the fitted body equation, frame by frame.
 * @example
 * const h = 0.05, q = Float64Array.from({ length: 400 }, (_, t) => Math.sin(2 * Math.PI * 0.5 * t * h));
 * const ode = fitBodyOde(q, new Float64Array(400), h);
 * Math.max(...bodyOdeResidual(q, new Float64Array(400), h, ode).slice(1, -1).map(Math.abs)) < 1e-6; // → true
 */
export function bodyOdeResidual(q: ArrayLike<number>, force: ArrayLike<number>, h: number, ode: BodyOde): Float64Array {
  const { d1, d2 } = derivatives(q, h);
  return Float64Array.from({ length: q.length }, (_, t) => d2[t]! + 2 * ode.gamma * d1[t]! + ode.omegaSquared * q[t]! - ode.alpha * force[t]! - ode.beta);
}

function motorActivity(rec: WormRecording, neurons: number[], fromFrame: number, toFrame: number): Float64Array {
  const n = rec.neuronNames.length;
  const out = new Float64Array((toFrame - fromFrame) * neurons.length);
  for (let f = fromFrame; f < toFrame; f++) {
    for (let j = 0; j < neurons.length; j++) out[(f - fromFrame) * neurons.length + j] = rec.neurons[f * n + neurons[j]!]!;
  }
  return out;
}

function frameOf(seconds: number): number {
  return Math.round(seconds / FRAME_HOP_SECONDS);
}

/**
 * PCA (exact, unstandardised: activities share one 0–1 scale) of the motor neurons' activity over
 * [0, untilSeconds) of a heard piece.
 * @example
 * const heard = hearPiece('prelude', score);
 * const basis = fitNeuralBasis(heard, { untilSeconds: 0.7 * heard.endSeconds }); // the held-out training span
 */
export function fitNeuralBasis(heard: HeardPiece, options: { components?: number; untilSeconds?: number } = {}): NeuralBasis {
  const rec = heard.recording;
  const neurons = [...new Set(rec.motorNeurons.map((m) => m.index))].sort((a, b) => a - b);
  if (neurons.length === 0) throw new RangeError('the worm recording has no motor neurons');
  const until = Math.min(rec.frames, frameOf(options.untilSeconds ?? heard.endSeconds));
  if (until < 3) throw new RangeError(`too few frames (${until}) to fit the neural basis`);
  const x = flatMatrix(until, neurons.length, motorActivity(rec, neurons, 0, until));
  const components = Math.min(options.components ?? 4, neurons.length);
  const fitted = pca(x, { components });
  const scores = pcaTransform(fitted, x);
  const q = Float64Array.from({ length: until }, (_, r) => scores.data[r * scores.cols]!);
  const force = muscleColumns(rec, 0, until).data.filter((_, i) => i % (BEND_POSITIONS + 1) === 0);
  const ode = fitBodyOde(q, force, FRAME_HOP_SECONDS);
  return { neurons, names: neurons.map((i) => rec.neuronNames[i]!), pca: fitted, ode };
}

/** Number of body positions of the PDE's forcing (one per ventral-cord unit of the 12-unit model). */
export const BEND_POSITIONS = 12;

/**
 * Names of the bend columns, head → tail (the PDE's forcing columns).
 * @example
 * pinnLearner({ equation: 'pde', forcingColumns: bendColumnNames() });
 */
export function bendColumnNames(): string[] {
  return Array.from({ length: BEND_POSITIONS }, (_, i) => `bend_${i + 1}`);
}

/** muscle_all and bend_1 … bend_12 over frames [from, to). */
function muscleColumns(rec: WormRecording, from: number, to: number): FeatureMatrix {
  const frames = rec.frames;
  const n = to - from;
  const all = new Float64Array(n);
  const bend = Array.from({ length: BEND_POSITIONS }, () => new Float64Array(n));
  const count = new Float64Array(BEND_POSITIONS * 2);
  const where = rec.muscleNames.map((name) => {
    const { quadrant, segment } = muscleQuadrant(name);
    const position = Math.min(BEND_POSITIONS - 1, Math.floor(((segment - 1) * BEND_POSITIONS) / 24));
    const dorsal = quadrant[0] === 'D';
    count[2 * position + (dorsal ? 0 : 1)]!++;
    return { position, dorsal };
  });
  rec.muscleNames.forEach((_, m) => {
    const { position, dorsal } = where[m]!;
    const w = (dorsal ? 1 : -1) / count[2 * position + (dorsal ? 0 : 1)]!;
    const row = m * frames;
    const b = bend[position]!;
    for (let f = 0; f < n; f++) {
      const a = rec.muscles[row + from + f]!;
      all[f]! += a / rec.muscleNames.length;
      b[f]! += w * a;
    }
  });
  return featureMatrix([
    { name: 'muscle_all', group: 'muscle', values: all },
    ...bend.map((values, i) => ({ name: `bend_${i + 1}`, group: 'muscle', values })),
  ]);
}

/** Options of {@link learningPiece}. */
export interface LearningPieceOptions {
  /** The span of the piece to learn (default the whole piece, [0, end)). */
  fromSeconds?: number;
  toSeconds?: number;
  /** Fourier harmonics of the 'time' columns (default 12, PyANNOW's). */
  harmonics?: number;
}

/**
 * A heard piece's span as a {@link LearningPiece} with the 'worm', 'neural', 'muscle', 'beat' and 'time' columns.
 * The Fourier time features run over the span itself (φ from 0 to 1), as PyANNOW's steps 9 and 10 do.
 * @example
 * const heard = hearPiece('prelude', score);
 * const basis = fitNeuralBasis(heard);
 * const piece = learningPiece(heard, basis);                     // step 10: the whole piece
 * const window = learningPiece(heard, basis, { toSeconds: 4 });  // step 9 takes PyANNOW's 10 s window
 */
export function learningPiece(heard: HeardPiece, basis: NeuralBasis, options: LearningPieceOptions = {}): LearningPiece {
  const from = options.fromSeconds ?? 0;
  const to = Math.min(options.toSeconds ?? heard.endSeconds, heard.endSeconds);
  if (!(to > from && from >= 0)) throw new RangeError(`${heard.name}: span ${from}–${to} s is empty`);
  const grid = frameGrid(from, to);
  const rec = heard.recording;
  const first = frameOf(from);
  const last = first + grid.count;
  if (last > rec.frames) throw new RangeError(`${heard.name}: the worm recording ends at frame ${rec.frames}, the span needs ${last}`);
  const times = frameTimes(grid);
  const activity = motorActivity(rec, basis.neurons, first, last);
  const scores = pcaTransform(basis.pca, flatMatrix(grid.count, basis.neurons.length, activity));
  const k = scores.cols;
  const worm = featureMatrix(
    Array.from({ length: k }, (_, c) => ({
      name: `worm_pc${c + 1}`,
      group: 'worm',
      values: Float64Array.from({ length: grid.count }, (_, r) => scores.data[r * k + c]!),
    })),
  );
  const neural = featureMatrix(
    basis.names.map((name, j) => ({
      name,
      group: 'neural',
      values: Float64Array.from({ length: grid.count }, (_, r) => activity[r * basis.neurons.length + j]!),
    })),
  );
  const muscles = muscleColumns(rec, first, last);
  const q = Float64Array.from({ length: grid.count }, (_, r) => scores.data[r * k]!);
  const force = Float64Array.from({ length: grid.count }, (_, r) => muscles.data[r * muscles.cols]!);
  const ode = featureMatrix([{ name: 'ode_residual', group: 'ode', values: bodyOdeResidual(q, force, FRAME_HOP_SECONDS, basis.ode) }]);
  const features = hstack(
    worm,
    neural,
    muscles,
    ode,
    beatPhaseFeatures(times, heard.score.tempos),
    fourierTimeFeatures(times, { startSeconds: from, spanSeconds: to - from, harmonics: options.harmonics ?? 12 }),
  );
  const span = from === 0 && to === heard.endSeconds ? '' : ` ${from.toFixed(0)}–${to.toFixed(0)} s`;
  return { name: `${heard.name}${span}`, grid, features, onsets: targetOnsets(heard.score, { fromSeconds: from, toSeconds: to }) };
}
