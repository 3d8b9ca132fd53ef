/**
 * The piano roll M (P pitches × T frames): binary presence of each pitch in each frame, the music-information-
 * retrieval representation the "worm dances" analysis starts from (Ghayoomie 2026, docs/design/analysis.md: P unique
 * pitches, 20 ms frames). Velocity, duration and onsets are kept beside it in matrices of the same shape.
 *
 * Frame spans come from `noteFrames` (score/ops.ts), the project's one definition, also used by `scoreStats`:
 * a note covers frames ⌊onset/frame⌋ … ⌈end/frame⌉ − 1 (at least one frame), with the quotient snapped to the
 * grid within 1e-9 frames. The Python reference that `npm run crosscheck` compares with takes int() and ceil() of
 * seconds accumulated event by event, without snapping. On all four test pieces both rules give the same frame for
 * every note (measured: 0 differences in 2,686 notes) and our MIDI reader's onsets differ from the reference reader's
 * by at most 1.6e-13 s; snapping makes a note that starts exactly on a frame boundary land in that frame whichever
 * reader's rounding produced its seconds.
 */
import { noteFrames } from '../score/ops.js';
import type { Score } from '../score/types.js';
import { flatMatrix, type FlatMatrix } from '../math/flat-matrix.js';

/** Defaults of {@link pianoRoll}. */
export const PIANO_ROLL_DEFAULTS = { frameSeconds: 0.02 } as const;

/** Largest roll accepted (pitches × frames): 64 Mi cells, about 600 MB with velocity and duration beside it. */
export const MAX_ROLL_CELLS = 64 * 2 ** 20;

/** Options of {@link pianoRoll}. */
export interface PianoRollOptions {
  /** Frame length in seconds (default 0.02). */
  frameSeconds?: number;
  /**
   * Rows: the distinct pitches of the score (default, PyANNOW v2's P), or an explicit list of MIDI pitches (e.g. the
   * 96 keys 24–119 that map onto body-wall muscles); notes at other pitches are then left out and counted.
   */
  pitches?: readonly number[];
}

/** A piano roll: P × T matrices, row-major (cell (p, t) at p·frames + t). */
export interface PianoRoll {
  frameSeconds: number;
  /** MIDI pitch of each row, ascending. */
  pitches: number[];
  /** T, the number of frames. */
  frames: number;
  /** 1 where the pitch sounds. */
  active: Uint8Array;
  /** Velocity (0–1) of the sounding note; the loudest when notes overlap; 0 where silent. */
  velocity: Float32Array;
  /** Duration in seconds of the sounding note; the longest when notes overlap; 0 where silent. */
  duration: Float32Array;
  /** 1 in the first frame of each note. */
  onset: Uint8Array;
  /** Notes placed in the roll. */
  notes: number;
  /** Notes left out because their pitch is not a row (explicit `pitches` only). */
  notesOutside: number;
}

/**
 * Builds the piano roll of a score.
 * @example
 * const roll = pianoRoll(score); // 20 ms frames, one row per distinct pitch
 * roll.active[0 * roll.frames + 0]; // 1 or 0: is the lowest pitch sounding in the first frame
 */
export function pianoRoll(score: Pick<Score, 'notes'>, options: PianoRollOptions = {}): PianoRoll {
  const frameSeconds = options.frameSeconds ?? PIANO_ROLL_DEFAULTS.frameSeconds;
  if (!(frameSeconds > 0) || !Number.isFinite(frameSeconds)) throw new RangeError(`frame length must be a positive number of seconds, got ${frameSeconds}`);
  if (score.notes.length === 0) throw new RangeError('the piece has no notes: its piano roll would be empty');
  const pitches = options.pitches
    ? [...new Set(options.pitches)].sort((a, b) => a - b)
    : [...new Set(score.notes.map((n) => n.pitch))].sort((a, b) => a - b);
  if (pitches.length === 0) throw new RangeError('a piano roll needs at least one pitch row');
  const rowOf = new Map(pitches.map((p, i) => [p, i]));
  let frames = 0;
  let end = 0;
  for (const n of score.notes) {
    frames = Math.max(frames, noteFrames(n.onset, n.duration, frameSeconds)[1]);
    end = Math.max(end, n.onset + n.duration);
  }
  frames = Math.max(frames, Math.ceil(end / frameSeconds - 1e-9));
  const cells = pitches.length * frames;
  if (cells > MAX_ROLL_CELLS) {
    throw new RangeError(`the piano roll would have ${pitches.length} × ${frames} cells, more than ${MAX_ROLL_CELLS}: use longer frames`);
  }
  const active = new Uint8Array(cells);
  const velocity = new Float32Array(cells);
  const duration = new Float32Array(cells);
  const onset = new Uint8Array(cells);
  let placed = 0;
  let outside = 0;
  for (const n of score.notes) {
    const row = rowOf.get(n.pitch);
    if (row === undefined) {
      outside++;
      continue;
    }
    placed++;
    const [a, b] = noteFrames(n.onset, n.duration, frameSeconds);
    const base = row * frames;
    onset[base + a] = 1;
    for (let t = a; t < b; t++) {
      active[base + t] = 1;
      if (n.velocity > velocity[base + t]!) velocity[base + t] = n.velocity;
      if (n.duration > duration[base + t]!) duration[base + t] = n.duration;
    }
  }
  return { frameSeconds, pitches, frames, active, velocity, duration, onset, notes: placed, notesOutside: outside };
}

/**
 * M as a flat P × T matrix of 0s and 1s, for the linear algebra.
 * @example
 * const m = rollMatrix(pianoRoll(score)); // m.rows = P, m.cols = T
 */
export function rollMatrix(roll: PianoRoll): FlatMatrix {
  const out = flatMatrix(roll.pitches.length, roll.frames);
  for (let i = 0; i < roll.active.length; i++) out.data[i] = roll.active[i]!;
  return out;
}

/** Active cells over all cells: the density of M. */
export function rollDensity(roll: PianoRoll): number {
  let on = 0;
  for (let i = 0; i < roll.active.length; i++) on += roll.active[i]!;
  return on / roll.active.length;
}

/** The distinct frames (columns) of a roll with their multiplicities. */
export interface DistinctFrames {
  /** P × U matrix of the distinct columns, in order of first appearance. */
  columns: FlatMatrix;
  /** How many frames equal each distinct column. */
  counts: Int32Array;
  /** For each frame, the index of its distinct column. */
  index: Int32Array;
}

/**
 * Groups identical frames. A piano roll has long runs of them (a held chord is one column for many frames), so the
 * distinct ones are typically 1–3 % of all frames.
 * @example
 * const roll = pianoRoll(score);
 * const { columns, counts } = distinctFrames(roll); // columns.cols ≪ roll.frames
 */
export function distinctFrames(roll: PianoRoll): DistinctFrames {
  const P = roll.pitches.length;
  const T = roll.frames;
  const keys = new Map<string, number>();
  const index = new Int32Array(T);
  const firsts: number[] = [];
  const counts: number[] = [];
  const bytes = new Uint8Array(P);
  const decoder = new TextDecoder('latin1');
  for (let t = 0; t < T; t++) {
    for (let p = 0; p < P; p++) bytes[p] = 48 + roll.active[p * T + t]!;
    const key = decoder.decode(bytes);
    let u = keys.get(key);
    if (u === undefined) {
      u = firsts.length;
      keys.set(key, u);
      firsts.push(t);
      counts.push(0);
    }
    index[t] = u;
    counts[u] = counts[u]! + 1;
  }
  const columns = flatMatrix(P, firsts.length);
  for (let u = 0; u < firsts.length; u++) {
    const t = firsts[u]!;
    for (let p = 0; p < P; p++) columns.data[p * firsts.length + u] = roll.active[p * T + t]!;
  }
  return { columns, counts: Int32Array.from(counts), index };
}
