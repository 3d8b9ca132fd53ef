/**
 * The worm dances to a piece ("The Worm Dances to Chopin", Ghayoomie 2026; docs/design/worm.md), in four movements:
 *
 * 1. **The piece's patterns**: piano roll → SVD → k modes by energy → K-means on V_k with the exact silhouette → K*
 *    patterns and a label per 20-ms frame ({@link analyzePatterns}).
 * 2. **The piece drives the worm** ({@link musicDrive}): loudness drives the forward command interneurons (AVB/PVC),
 *    bass weight the backward ones (AVA/AVD), register the head; the locomotion model runs for the length of the
 *    piece. Z_worm = the first principal-component scores of its ventral-cord motor neurons' activity (T × k_w).
 *    Excitability of each mode (V_k's columns) and of each pattern (its frames' indicator) = max_j |Pearson(·,
 *    Z_worm[:, j])| with a circular-shift permutation p-value ({@link excitability}).
 * 3. **The neural → muscle map**: W = lstsq(Z_worm, V_mus) (k_w × 95, V_mus = the driven worm's muscles, optional
 *    Tikhonov λ, the condition number of Z_worm reported); pose_j = mean(Z_worm[labels = j])·W, the muscles' change
 *    from their mean posture while pattern j plays, and the poses' pairwise correlations.
 * 4. **The dance**: the body wave from the piano modes ({@link bodyWaveActivations}: mode 0 amplitude, mode 1 phase,
 *    mode 2 dorsal/ventral bias, mode 3 left/right offset), the wave running at the driven worm's own undulation
 *    frequency, head → tail while its forward command interneurons lead and tail → head while the backward ones do;
 *    navigation from headDL vs headDR (HALT / FORWARD / FWD+L / FWD+R / BACKWARD); and, beyond that write-up, the
 *    physical dance — those 95 activations drive the body model (nervous system paused), so the worm really moves.
 */
import { z } from 'zod';
import type { Score } from '../../../score/types.js';
import { formatIssues, ValidationError } from '../../../score/schema.js';
import { flatMatrix, matMul, transposeMatrix, type FlatMatrix } from '../../../math/flat-matrix.js';
import { lstsqFromCrossProducts } from '../../../math/least-squares.js';
import { correlationMatrix } from '../../../math/correlation.js';
import { analyzePatterns, patternOptionsSchema, type PatternAnalysis } from '../../../analysis/patterns.js';
import { distinctFrames, pianoRoll } from '../../../analysis/piano-roll.js';
import { excitability, type ExcitabilityResult } from '../../../analysis/excitability.js';
import { MUSCLE_COUNT } from '../model/muscles.js';
import { musicDrive, type MusicDrive } from './music-drive.js';
import { simulateWorm, type SimulateOptions, type WormRecording } from '../model/simulate.js';
import { driveWorm, type DrivenWorm } from './driven-worm.js';
import type { DanceBodyFigures } from './dance-body.js';
import { undulationSpectrum } from '../model/analysis.js';
import { neuralScores } from './neural-scores.js';
import { BODY_WAVE_DEFAULTS, bodyWaveActivations, DANCE_BEHAVIOURS, headDorsal, navigate, type BodyWaveFrame, type DanceBehaviour } from './body-wave.js';

/** Step of the physical dance's body (s). */
export const PHYSICAL_STEP_S = 0.004;

/** Options of {@link danceToPiece}, with their defaults. */
export const danceOptionsSchema = z.object({
  /** Medium of both worms, water (0) to agar (1). */
  medium: z.number().min(0).max(1).default(1),
  /** Seed of the pattern analysis (SVD sketch, K-means restarts). */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** Principal components of the motor neurons kept as Z_worm (PyANNOW v2's k_w ≈ 4). */
  wormComponents: z.number().int().min(1).max(20).default(4),
  /** Tikhonov λ of W = lstsq(Z_worm, V_mus) (0: the plain minimum-norm solution). */
  tikhonov: z.number().min(0).finite().default(0),
  /** Smallest rotation of the permutation test (s); default 10 % of the piece. */
  minShiftSeconds: z.number().positive().optional(),
  /** Largest K of the pattern sweep (lowered to the distinct frames of a short piece). */
  kMax: z.number().int().min(2).max(40).default(12),
  /** Peak activation of the dance's body wave. */
  amplitude: z.number().gt(0).max(1).default(0.9),
  /** Largest dorsal/ventral bias (mode 2) and left/right offset (mode 3), as shares of the amplitude. */
  dorsoventralBias: z.number().min(0).max(1).default(0.25),
  leftRight: z.number().min(0).max(1).default(0.5),
  /** Smoothing of the modes into the wave (s): the body does not jump with each note. */
  smoothingSeconds: z.number().min(0).max(5).default(0.15),
  /** Simulate the physical dance (the body driven by the wave). */
  physical: z.boolean().default(true),
});
export type DanceOptions = z.input<typeof danceOptionsSchema>;
type ResolvedDanceOptions = z.output<typeof danceOptionsSchema>;

/** The neural → muscle map. */
export interface NeuralMuscleMap {
  /** k_w × 95. */
  W: FlatMatrix;
  conditionNumber: number;
  rank: number;
  tikhonov: number;
  /** Share of the muscles' variance (about their means) that Z_worm·W explains. */
  rSquared: number;
}

/** Everything the dance computed. */
export interface Dance {
  options: ResolvedDanceOptions;
  analysis: PatternAnalysis;
  frameSeconds: number;
  /** T, frames of the roll and of every per-frame series here. */
  frames: number;
  drive: MusicDrive;
  /** The worm driven by the piece (50 frames/s, T frames): its neurons, mid-body curvature and muscle products. */
  driven: DrivenWorm;
  /** T × k_w, and the share of the motor neurons' variance each component holds. */
  zWorm: FlatMatrix;
  zVarianceRatio: Float64Array;
  modeExcitability: ExcitabilityResult;
  patternExcitability: ExcitabilityResult;
  map: NeuralMuscleMap;
  /** K × 95: pose_j = mean(Z_worm[labels = j])·W; K × K correlations. */
  poses: FlatMatrix;
  poseCorrelations: FlatMatrix;
  /** The driven worm's mean muscle activation (the posture the poses depart from). */
  meanPosture: Float64Array;
  /** The body wave: per frame, its parameters, direction (+1 head → tail), smoothed headDL − headDR, behaviour. */
  wave: {
    undulationHz: number;
    amplitude: Float32Array;
    phase: Float64Array;
    dorsoventralBias: Float32Array;
    leftRight: Float32Array;
    direction: Int8Array;
    headDifference: Float32Array;
    behaviour: DanceBehaviour[];
  };
  behaviourShares: Record<DanceBehaviour, number>;
  /** The body driven by the wave (50 frames/s), when `physical`. */
  body?: WormRecording;
  /**
   * Figures of the physical dance computed while it ran, when its recording was not kept (`neuromusic dance` streams
   * the body to its WCON and timeline: see dance-body.ts); a summary reads these instead of `body`.
   */
  bodyFigures?: DanceBodyFigures;
  /** The physical dance thinned to every `stride`-th frame, for the report's trajectory, when `body` was not kept. */
  trajectory?: { recording: WormRecording; stride: number };
}

/**
 * A dance as data only: everything but the drive's function of time, so it can be posted between threads (a Web
 * Worker computes it, another plays it) and written out (WCON, the dance timeline) on either side.
 */
export type DanceData = Omit<Dance, 'drive'> & { drive: Omit<MusicDrive, 'drive'> };

/** The dance without its drive function: a structured-cloneable copy of the same arrays (shared, not copied). */
export function danceData(d: Dance): DanceData {
  const { drive: _function, ...drive } = d.drive;
  return { ...d, drive };
}

/** Progress: fraction of the whole and the stage. */
export type DanceProgress = (fraction: number, stage: string) => void;

function percentileAbs(x: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(x, Math.abs).sort();
  return a.length ? a[Math.min(a.length - 1, Math.floor(q * (a.length - 1)))]! : 0;
}

/** One-pole smoothing in place (time constant tau, frames of dt). */
function smoothInPlace(x: Float32Array, dt: number, tau: number): void {
  if (!(tau > 0)) return;
  const a = 1 - Math.exp(-dt / tau);
  let y = x[0] ?? 0;
  for (let i = 0; i < x.length; i++) {
    y += a * (x[i]! - y);
    x[i] = y;
  }
}

/** Rounds in place to single precision: the activations are a function of the wave's single-precision parameters. */
function roundToFloat32(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]!);
}

/**
 * The 95 muscle activations of the dance's body wave at frame f (BODY_WALL_MUSCLES order), written into `out`:
 * computed from the wave's parameters when asked, not stored (95 values a frame would be 380 bytes per 20 ms).
 * @example
 * const d = danceToPiece(score, { physical: false });
 * const muscles = waveActivations(d.wave, 100, new Float64Array(95)); // frame 100, at 2 s
 */
export function waveActivations(wave: Pick<Dance['wave'], 'amplitude' | 'phase' | 'dorsoventralBias' | 'leftRight'>, f: number, out: Float64Array | Float32Array): Float64Array | Float32Array {
  if (!(Number.isInteger(f) && f >= 0 && f < wave.amplitude.length)) throw new RangeError(`frame ${f} is outside the dance's ${wave.amplitude.length} frames`);
  const row = out instanceof Float64Array ? out : new Float64Array(out.length);
  bodyWaveActivations({ amplitude: wave.amplitude[f]!, phase: wave.phase[f]!, dorsoventralBias: wave.dorsoventralBias[f]!, leftRight: wave.leftRight[f]! }, row, BODY_WAVE_DEFAULTS);
  roundToFloat32(row);
  if (row !== out) out.set(row);
  return out;
}

/**
 * Parses dance options, naming the bad field.
 * @example
 * parseDanceOptions({ medium: 0 }).wormComponents; // → 4
 */
export function parseDanceOptions(options: DanceOptions = {}): ResolvedDanceOptions {
  const parsed = danceOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(`dance: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The worm dances to a piece.
 * @example
 * const d = danceToPiece(score); // the whole prelude: danceToPiece(bachPreludeInC())
 * d.modeExcitability.entries; d.poseCorrelations; d.behaviourShares; d.body?.midlineX;
 */
export function danceToPiece(score: Pick<Score, 'notes'>, options: DanceOptions = {}, onProgress?: DanceProgress): Dance {
  const o = parseDanceOptions(options);
  const progress = onProgress ?? (() => undefined);
  if (score.notes.length === 0) throw new RangeError('the piece has no notes to dance to');
  // 1. The piece's patterns.
  progress(0, 'patterns');
  const roll = pianoRoll(score);
  const distinct = distinctFrames(roll).counts.length;
  const kMax = Math.max(2, Math.min(o.kMax, distinct));
  const analysis = analyzePatterns(roll, patternOptionsSchema.parse({ seed: o.seed, kMax, kMin: 2 }));
  const T = analysis.T;
  const dt = analysis.options.frameSeconds;

  // 2. The piece drives the worm.
  progress(0.1, 'driven worm');
  const drive = musicDrive(score, { frameRate: 1 / dt });
  const driven = driveWorm({
    seconds: T * dt,
    frameRate: 1 / dt,
    command: drive.drive,
    // Neural step 2 ms, body step 4 ms (the model's fast mode): undulation and speed on agar within 2 % of the
    // default (bench/RESULTS.md, "worm"), at about two thirds of its cost.
    params: { environment: { medium: o.medium }, numerics: { bodyEvery: 2 } },
    onProgress: (f) => progress(0.1 + 0.4 * f, 'driven worm'),
  }, T);
  progress(0.5, 'neural scores');
  const motor = driven.motorNeurons.map((m) => m.index);
  const nNeurons = driven.neuronNames.length;
  const kw = Math.min(o.wormComponents, motor.length, T - 1);
  const fit = neuralScores({ rows: T, cols: nNeurons, data: driven.neurons }, kw, motor);
  const zWorm = fit.scores;
  const Vk = flatMatrix(T, analysis.k);
  for (let t = 0; t < T; t++) for (let i = 0; i < analysis.k; i++) Vk.data[t * analysis.k + i] = analysis.patterns[i]!.envelope[t]!;
  const K = analysis.Kstar;
  const indicators = flatMatrix(T, K);
  for (let t = 0; t < T; t++) indicators.data[t * K + analysis.frameLabels[t]!] = 1;
  const minShift = o.minShiftSeconds !== undefined ? Math.min(Math.floor(T / 2), Math.max(1, Math.round(o.minShiftSeconds / dt))) : undefined;
  const testOptions = minShift !== undefined ? { minShift } : {};
  const modeExcitability = excitability(Vk, zWorm, testOptions);
  const patternExcitability = excitability(indicators, zWorm, testOptions);

  // 3. The neural → muscle map and the poses.
  progress(0.6, 'poses');
  // W from the muscles' products with the motor neurons, summed while the driven worm ran (driven-worm.ts):
  // Z_wormᵀ·V_mus = Cᵀ·Σ(x − x̄)(v − v̄)ᵀ, since Z_worm is centred.
  const moments = driven.muscles;
  const meanPosture = Float64Array.from(moments.mean);
  const ztv = matMul(transposeMatrix(fit.components), moments.motorCross);
  const ls = lstsqFromCrossProducts(zWorm, ztv, { tikhonov: o.tikhonov });
  let explained = 0;
  let tss = 0;
  for (let m = 0; m < MUSCLE_COUNT; m++) {
    explained += ls.explainedSumOfSquares[m]!;
    tss += moments.sumSquares[m]!;
  }
  // Z_worm is centred, so Z·W has zero mean: R² is of the muscles about their means, which are not its to explain.
  const map: NeuralMuscleMap = { W: ls.solution, conditionNumber: ls.conditionNumber, rank: ls.rank, tikhonov: o.tikhonov, rSquared: tss > 0 ? explained / tss : 0 };
  const zMeans = flatMatrix(K, kw);
  const counts = new Float64Array(K);
  for (let t = 0; t < T; t++) {
    const j = analysis.frameLabels[t]!;
    counts[j]++;
    for (let c = 0; c < kw; c++) zMeans.data[j * kw + c] += zWorm.data[t * kw + c]!;
  }
  for (let j = 0; j < K; j++) for (let c = 0; c < kw; c++) zMeans.data[j * kw + c] /= Math.max(1, counts[j]!);
  const poses = matMul(zMeans, ls.solution);
  const poseCorrelations = correlationMatrix(transposeMatrix(poses));

  // 4. The body wave from the piano modes, and navigation.
  progress(0.65, 'body wave');
  const undulationHz = undulationSpectrum(driven, { fromS: Math.min(2, (T * dt) / 4) }).peakHz;
  const mode = (i: number): Float32Array => {
    const out = new Float32Array(T);
    if (i >= analysis.k) return out;
    const env = analysis.patterns[i]!.envelope;
    const ref = percentileAbs(env, 0.95) || 1;
    for (let t = 0; t < T; t++) out[t] = Math.max(-1, Math.min(1, env[t]! / ref));
    return out;
  };
  const amplitude = mode(0).map(Math.abs);
  const shift = mode(1);
  const dorsoventralBias = mode(2);
  const leftRight = mode(3);
  for (const x of [amplitude, shift, dorsoventralBias, leftRight]) smoothInPlace(x, dt, o.smoothingSeconds);
  for (let t = 0; t < T; t++) {
    amplitude[t] = amplitude[t]! * o.amplitude;
    dorsoventralBias[t] = dorsoventralBias[t]! * o.dorsoventralBias;
    leftRight[t] = leftRight[t]! * o.leftRight;
  }
  const names = driven.neuronNames;
  const cmd = (n: string): number => names.indexOf(n);
  const [avb, pvc, ava, avd] = ['AVB', 'PVC', 'AVA', 'AVD'].map(cmd) as [number, number, number, number];
  const direction = new Int8Array(T);
  const phase = new Float64Array(T);
  const headDifference = new Float32Array(T);
  const behaviour: DanceBehaviour[] = new Array<DanceBehaviour>(T);
  const frame: BodyWaveFrame = { amplitude: 0, phase: 0, dorsoventralBias: 0, leftRight: 0 };
  const row = new Float64Array(MUSCLE_COUNT);
  const smoothHead = 1 - Math.exp(-dt * undulationHz); // over about one wave period
  let clock = 0;
  let dir = 1;
  let head = 0;
  const shares = Object.fromEntries(DANCE_BEHAVIOURS.map((b) => [b, 0])) as Record<DanceBehaviour, number>;
  for (let t = 0; t < T; t++) {
    const out = driven.neurons.subarray(t * nNeurons, (t + 1) * nNeurons);
    const lead = (avb >= 0 ? out[avb]! : 0) + (pvc >= 0 ? out[pvc]! : 0) - (ava >= 0 ? out[ava]! : 0) - (avd >= 0 ? out[avd]! : 0);
    // Hysteresis: the direction changes only when one pair clearly leads.
    if (lead > 0.1) dir = 1;
    else if (lead < -0.1) dir = -1;
    direction[t] = dir;
    frame.amplitude = amplitude[t]!;
    frame.phase = clock + Math.PI * shift[t]!;
    frame.dorsoventralBias = dorsoventralBias[t]!;
    frame.leftRight = leftRight[t]!;
    phase[t] = frame.phase;
    bodyWaveActivations(frame, row, BODY_WAVE_DEFAULTS);
    const { headDL, headDR } = headDorsal(row);
    head += smoothHead * (headDL - headDR - head);
    headDifference[t] = head;
    const b = navigate(head, frame.amplitude, dir);
    behaviour[t] = b;
    shares[b] += 1 / T;
    // The crest runs head → tail (φ0 falls) while the worm goes forward.
    clock -= 2 * Math.PI * undulationHz * dir * dt;
  }
  const dance: Dance = {
    options: o,
    analysis,
    frameSeconds: dt,
    frames: T,
    drive,
    driven,
    zWorm,
    zVarianceRatio: fit.varianceRatio,
    modeExcitability,
    patternExcitability,
    map,
    poses,
    poseCorrelations,
    meanPosture,
    wave: { undulationHz, amplitude, phase, dorsoventralBias, leftRight, direction, headDifference, behaviour },
    behaviourShares: shares,
  };
  if (o.physical) dance.body = simulateWorm(physicalDanceRun(dance, progress));
  progress(1, 'done');
  return dance;
}

/**
 * The run of the physical dance: the body alone, open loop, driven by the dance's activations (nervous system
 * paused), for the piece's length at the dance's frame rate — for {@link simulateWorm} (a recording, as
 * {@link danceToPiece} keeps) or `streamWorm` (frame by frame, as `neuromusic dance` writes it).
 * @example
 * const d = danceToPiece(score, { physical: false });
 * const body = simulateWorm(physicalDanceRun(d)); // what danceToPiece(score) keeps as d.body
 */
export function physicalDanceRun(d: Pick<Dance, 'options' | 'frames' | 'frameSeconds' | 'wave'>, onProgress?: DanceProgress): SimulateOptions {
  const T = d.frames;
  const dt = d.frameSeconds;
  const progress = onProgress ?? (() => undefined);
  progress(0.7, 'physical dance');
  return {
    seconds: T * dt,
    frameRate: 1 / dt,
    // The body alone, open loop: a 4-ms step moves the centroid within about 1 % of a 1-ms step over 30 s of
    // crawling or swimming (bench/RESULTS.md, "dance"), at half the cost of the model's 2-ms default.
    params: { environment: { medium: d.options.medium }, numerics: { stepS: PHYSICAL_STEP_S } },
    muscles: (time, target) => {
      const f = Math.min(T - 1, Math.max(0, Math.round(time / dt)));
      waveActivations(d.wave, f, target);
    },
    onProgress: (f) => progress(0.7 + 0.3 * f, 'physical dance'),
  };
}
