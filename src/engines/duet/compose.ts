/**
 * The duet offline: a {@link DuetEngine} run for a number of seconds in whole grid steps, collecting the notes into
 * a Score (melody and drums as two voices; the tempo map follows the drummer's beats) and recording the state
 * trajectories at a fixed frame rate for the CSV, the dashboard and the tests.
 */
import { sortNotes } from '../../score/ops.js';
import { parseKey } from '../../score/scales.js';
import type { NoteEvent, Score, TempoChange } from '../../score/types.js';
import { DUET_VOICE_NAMES, DuetEngine, type DuetEngineOptions } from './engine.js';

/** Options of {@link composeDuet}. */
export interface ComposeDuetOptions extends DuetEngineOptions {
  /** Length of the run (s). */
  seconds: number;
  /** Frames recorded per second (default 64; rounded so that a frame is a whole number of grid steps). */
  recordHz?: number;
}

/** The recorded state, one entry per frame (frame i at time[i]); listener amplitudes frame-major. */
export interface DuetTrajectory {
  frameSeconds: number;
  time: Float64Array;
  lambda2: Float64Array;
  rho: Float64Array;
  tempoScale: Float64Array;
  density: Float64Array;
  inputEnvelope: Float64Array;
  drummerPhase: Float64Array;
  drummerHz: Float64Array;
  drummerLearnedHz: Float64Array;
  drummerAmplitude: Float64Array;
  listenerStrongestHz: Float64Array;
  listenerPlv: Float64Array;
  lorenzX: Float64Array;
  lorenzY: Float64Array;
  lorenzZ: Float64Array;
  /** The listener's natural frequencies (Hz), and |z| of each oscillator per frame: index frame·N + oscillator. */
  listenerFrequencies: Float64Array;
  listenerAmplitudes: Float32Array;
}

/** The scalar series of a {@link DuetTrajectory}, in CSV column order. */
export const TRAJECTORY_COLUMNS = [
  'time', 'lambda2', 'rho', 'tempoScale', 'density', 'inputEnvelope', 'drummerPhase', 'drummerHz', 'drummerLearnedHz',
  'drummerAmplitude', 'listenerStrongestHz', 'listenerPlv', 'lorenzX', 'lorenzY', 'lorenzZ',
] as const satisfies readonly (keyof DuetTrajectory)[];

/** An offline duet: the score, the beat times, the trajectories. */
export interface DuetRun {
  score: Score;
  /** Times (s) at which the drummer's beats began. */
  beats: number[];
  trajectory: DuetTrajectory;
  seconds: number;
}

/**
 * Runs the duet offline for `seconds`: the notes (onsets < seconds … exactly those a live run emits by then), the
 * beats and the trajectories.
 * @example
 * const run = composeDuet({ seconds: 4, seed: 3 });
 * run.score.meta.voiceNames; // → ['melody (Lorenz)', 'drums (ASHLE)']
 * run.beats.length; // → 9 — two beats a second at f0 = 2 Hz: at 0, 0.5, …, 4 s
 */
export function composeDuet(options: ComposeDuetOptions): DuetRun {
  const { seconds, recordHz, ...engineOptions } = options;
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`seconds must be positive, got ${seconds}`);
  const engine = new DuetEngine(engineOptions);
  const rate = engine.params.dynamicsHz;
  const every = Math.max(1, Math.round(rate / (recordHz ?? 64)));
  const steps = Math.floor(seconds * rate + 1e-9);
  const frames = Math.floor(steps / every) + 1;
  const N = engine.listenerFrequencies.length;
  const series = (): Float64Array => new Float64Array(frames);
  const trajectory: DuetTrajectory = {
    frameSeconds: every / rate,
    time: series(), lambda2: series(), rho: series(), tempoScale: series(), density: series(), inputEnvelope: series(),
    drummerPhase: series(), drummerHz: series(), drummerLearnedHz: series(), drummerAmplitude: series(),
    listenerStrongestHz: series(), listenerPlv: series(), lorenzX: series(), lorenzY: series(), lorenzZ: series(),
    listenerFrequencies: Float64Array.from(engine.listenerFrequencies),
    listenerAmplitudes: new Float32Array(frames * N),
  };
  const amplitudes = new Float64Array(N);
  const record = (f: number): void => {
    const s = engine.state;
    const tr = trajectory;
    tr.time[f] = s.timeSeconds;
    tr.lambda2[f] = s.controls.lambda2;
    tr.rho[f] = s.controls.rho;
    tr.tempoScale[f] = s.controls.tempoScale;
    tr.density[f] = s.controls.density;
    tr.inputEnvelope[f] = s.inputEnvelope;
    tr.drummerPhase[f] = s.drummerPhase;
    tr.drummerHz[f] = s.drummerHz;
    tr.drummerLearnedHz[f] = s.drummerLearnedHz;
    tr.drummerAmplitude[f] = s.drummerAmplitude;
    tr.listenerStrongestHz[f] = s.listenerStrongestHz;
    tr.listenerPlv[f] = s.listenerPlv;
    tr.lorenzX[f] = s.lorenzX;
    tr.lorenzY[f] = s.lorenzY;
    tr.lorenzZ[f] = s.lorenzZ;
    engine.listenerAmplitudes(amplitudes);
    tr.listenerAmplitudes.set(amplitudes, f * N);
  };
  const notes: NoteEvent[] = [];
  const beats: number[] = [];
  const sink = { note: (n: NoteEvent) => void notes.push(n), beat: (t: number) => void beats.push(t) };
  record(0);
  for (let f = 1; f < frames; f++) {
    engine.advanceSteps(every, sink);
    record(f);
  }
  engine.advanceSteps(steps - (frames - 1) * every, sink);
  return { score: duetScore(notes, beats, engine.params.melodist.key, engine.params.drummer.f0Hz), beats, trajectory, seconds };
}

/** The Score of a duet's notes: canonical order, two named voices, a tempo change at each beat. */
export function duetScore(notes: readonly NoteEvent[], beats: readonly number[], key: string, f0Hz: number): Score {
  const tempos: TempoChange[] = [{ time: 0, bpm: 60 * f0Hz }];
  for (let i = 1; i < beats.length; i++) {
    const interval = beats[i]! - beats[i - 1]!;
    if (interval > 0) tempos.push({ time: beats[i - 1]!, bpm: Math.round((6000 / interval)) / 100 });
  }
  // One tempo per time: the first beat's replaces the default at 0.
  const map = new Map<number, TempoChange>();
  for (const t of tempos) map.set(t.time, t);
  return {
    notes: sortNotes(notes),
    tempos: [...map.values()].sort((a, b) => a.time - b.time),
    timeSignatures: [{ time: 0, numerator: 4, denominator: 4 }],
    meta: { title: 'Neural Duet', source: 'duet', voiceNames: [...DUET_VOICE_NAMES], key: parseKey(key).name },
  };
}
