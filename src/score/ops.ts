/**
 * Everyday operations on scores: build, sort, slice, transpose, merge, describe. Pure functions: they return
 * new scores and never change their arguments.
 */
import { compareNotes } from './schema.js';
import { pitchName } from './pitch.js';
import type { NoteEvent, Score, ScoreMeta, Seconds, TempoChange, TimeSignatureChange } from './types.js';

/**
 * A score from notes, with a default 120 bpm 4/4 tempo map when none is given. Notes are sorted.
 * @example
 * const s = createScore([{ onset: 0, duration: 0.5, pitch: 60, velocity: 0.8, voice: 0 }]);
 */
export function createScore(
  notes: NoteEvent[],
  options: { tempos?: TempoChange[]; timeSignatures?: TimeSignatureChange[]; meta?: ScoreMeta } = {},
): Score {
  return {
    notes: sortNotes(notes),
    tempos: options.tempos ?? [{ time: 0, bpm: 120 }],
    timeSignatures: options.timeSignatures ?? [{ time: 0, numerator: 4, denominator: 4 }],
    meta: options.meta ?? {},
  };
}

/** Notes in canonical order (onset, pitch, voice), as a new array. */
export function sortNotes(notes: readonly NoteEvent[]): NoteEvent[] {
  return [...notes].sort(compareNotes);
}

/** Time at which the last note ends (0 for an empty score). */
export function scoreEnd(score: Pick<Score, 'notes'>): Seconds {
  let end = 0;
  for (const n of score.notes) end = Math.max(end, n.onset + n.duration);
  return end;
}

/**
 * The part of a score between `from` and `to` seconds, shifted to start at 0. Notes that overlap the window are
 * cut to it (`clip: true`, the default) or kept whole if they start inside it (`clip: false`).
 * @example
 * sliceScore(score, 10, 20).notes.every((n) => n.onset >= 0 && n.onset < 10); // → true
 */
export function sliceScore(score: Score, from: Seconds, to: Seconds, options: { clip?: boolean } = {}): Score {
  if (!(to > from)) throw new RangeError(`slice needs to > from (got ${from}..${to})`);
  const clip = options.clip ?? true;
  const notes: NoteEvent[] = [];
  for (const n of score.notes) {
    const end = n.onset + n.duration;
    if (clip) {
      if (end <= from || n.onset >= to) continue;
      const a = Math.max(n.onset, from);
      const b = Math.min(end, to);
      if (b - a > 0) notes.push({ ...n, onset: a - from, duration: b - a });
    } else if (n.onset >= from && n.onset < to) {
      notes.push({ ...n, onset: n.onset - from });
    }
  }
  const shiftMap = <T extends { time: number }>(list: T[]): T[] => {
    const before = list.filter((e) => e.time <= from).pop();
    const inside = list.filter((e) => e.time > from && e.time < to).map((e) => ({ ...e, time: e.time - from }));
    return before ? [{ ...before, time: 0 }, ...inside] : inside;
  };
  return {
    notes: sortNotes(notes),
    tempos: shiftMap(score.tempos),
    timeSignatures: shiftMap(score.timeSignatures),
    meta: { ...score.meta },
  };
}

/**
 * Moves every note by `semitones`. Throws if a note would leave MIDI 0–127.
 * @example
 * transpose(score, 12); // an octave up
 */
export function transpose(score: Score, semitones: number): Score {
  if (!Number.isInteger(semitones)) throw new RangeError(`transpose needs whole semitones, got ${semitones}`);
  const notes = score.notes.map((n) => {
    const pitch = n.pitch + semitones;
    if (pitch < 0 || pitch > 127) {
      throw new RangeError(`transposing ${pitchName(n.pitch)} at ${n.onset.toFixed(3)} s by ${semitones} leaves MIDI 0–127`);
    }
    return { ...n, pitch };
  });
  return { ...score, notes };
}

/**
 * Plays scores together. The first score's tempo map and metadata are kept; voices of later scores are renumbered
 * after the earlier ones unless `keepVoices` is set.
 */
export function mergeScores(scores: readonly Score[], options: { keepVoices?: boolean } = {}): Score {
  if (scores.length === 0) throw new RangeError('mergeScores needs at least one score');
  const notes: NoteEvent[] = [];
  const voiceNames: string[] = [];
  let offset = 0;
  for (const s of scores) {
    let maxVoice = -1;
    for (const n of s.notes) {
      notes.push(options.keepVoices ? { ...n } : { ...n, voice: n.voice + offset });
      maxVoice = Math.max(maxVoice, n.voice);
    }
    const names = s.meta.voiceNames ?? [];
    for (let v = 0; v <= maxVoice; v++) voiceNames[options.keepVoices ? v : v + offset] ??= names[v] ?? `voice ${v + offset}`;
    if (!options.keepVoices) offset += maxVoice + 1;
  }
  const first = scores[0]!;
  return { ...first, notes: sortNotes(notes), meta: { ...first.meta, voiceNames } };
}

/** Numbers a user expects to see about a score. */
export interface ScoreStats {
  notes: number;
  voices: number;
  /** End of the last note, seconds. */
  durationSeconds: Seconds;
  pitchMin: number | null;
  pitchMax: number | null;
  /** Unique pitches used. */
  uniquePitches: number;
  notesPerSecond: number;
  /** Mean number of notes sounding at once, over the score's duration. */
  meanPolyphony: number;
  maxPolyphony: number;
  /** Fraction of active cells in the piano roll (unique pitches × frames of `frameSeconds`). */
  rollDensity: number;
  meanVelocity: number;
}

/**
 * Frame span [a, b) that a note occupies in a piano roll with frames of `frame` seconds (b ≥ a + 1): the project's
 * one definition, used by `scoreStats` and `pianoRoll`. Quotients within 1e-9 of a frame boundary snap to it, so
 * the frame does not depend on how a reader rounded the seconds (see src/analysis/piano-roll.ts).
 */
export function noteFrames(onset: Seconds, duration: Seconds, frame: Seconds): [number, number] {
  const a = Math.floor(onset / frame + 1e-9);
  const b = Math.max(a + 1, Math.ceil((onset + duration) / frame - 1e-9));
  return [a, b];
}

/**
 * Counts, range, rate and density of a score.
 * @example
 * scoreStats(score).notesPerSecond;
 */
export function scoreStats(score: Pick<Score, 'notes'>, frameSeconds = 0.02): ScoreStats {
  const notes = score.notes;
  const duration = scoreEnd(score);
  if (notes.length === 0) {
    return {
      notes: 0, voices: 0, durationSeconds: 0, pitchMin: null, pitchMax: null, uniquePitches: 0,
      notesPerSecond: 0, meanPolyphony: 0, maxPolyphony: 0, rollDensity: 0, meanVelocity: 0,
    };
  }
  let lo = 127;
  let hi = 0;
  let velocity = 0;
  let sounding = 0;
  const voices = new Set<number>();
  const pitches = new Map<number, Array<[number, number]>>();
  const edges: Array<[number, number]> = [];
  for (const n of notes) {
    lo = Math.min(lo, n.pitch);
    hi = Math.max(hi, n.pitch);
    velocity += n.velocity;
    sounding += n.duration;
    voices.add(n.voice);
    const spans = pitches.get(n.pitch) ?? [];
    spans.push(noteFrames(n.onset, n.duration, frameSeconds));
    pitches.set(n.pitch, spans);
    edges.push([n.onset, 1], [n.onset + n.duration, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let maxPoly = 0;
  for (const [, d] of edges) {
    now += d;
    maxPoly = Math.max(maxPoly, now);
  }
  // Union of frame spans per pitch row.
  let active = 0;
  let frames = 0;
  for (const n of notes) frames = Math.max(frames, noteFrames(n.onset, n.duration, frameSeconds)[1]);
  frames = Math.max(frames, Math.ceil(duration / frameSeconds - 1e-9));
  for (const spans of pitches.values()) {
    spans.sort((a, b) => a[0] - b[0]);
    let curA = -1;
    let curB = -1;
    for (const [a, b] of spans) {
      if (a > curB) {
        active += curB - curA;
        curA = a;
        curB = b;
      } else curB = Math.max(curB, b);
    }
    active += curB - curA;
  }
  return {
    notes: notes.length,
    voices: voices.size,
    durationSeconds: duration,
    pitchMin: lo,
    pitchMax: hi,
    uniquePitches: pitches.size,
    notesPerSecond: duration > 0 ? notes.length / duration : 0,
    meanPolyphony: duration > 0 ? sounding / duration : 0,
    maxPolyphony: maxPoly,
    rollDensity: active / (pitches.size * frames),
    meanVelocity: velocity / notes.length,
  };
}

/**
 * A note as a readable one-liner, for logs and test diffs.
 * @example
 * formatNote({ onset: 0.5, duration: 0.25, pitch: 60, velocity: 0.8, voice: 0 }); // → "[ 0.500 → 0.750 | C4 v0.80 voice 0 ]"
 */
export function formatNote(n: NoteEvent): string {
  const speaker = n.speaker !== undefined ? ` speaker ${n.speaker}` : '';
  return `[ ${n.onset.toFixed(3)} → ${(n.onset + n.duration).toFixed(3)} | ${pitchName(n.pitch)} v${n.velocity.toFixed(2)} voice ${n.voice}${speaker} ]`;
}
