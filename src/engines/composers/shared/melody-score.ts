/**
 * What the composers share: a melody (pitches and durations in quarter-note beats) becomes a `Score` with a tempo,
 * a time signature and a key, played legato by a piano voice; an optional accompaniment of chords (one per bar or
 * half bar) goes in a second voice.
 */
import type { Melody } from '../../../analysis/corpus/melody.js';
import { createScore } from '../../../score/ops.js';
import type { NoteEvent, Score } from '../../../score/types.js';

/** One accompaniment chord: MIDI pitches sounding from `onset` for `duration` beats. */
export interface ChordEvent {
  onset: number;
  duration: number;
  pitches: number[];
  /** A label such as "V" or "G". */
  label?: string;
}

/** Options of {@link melodyToScore}. */
export interface MelodyScoreOptions {
  /** Quarter notes per minute (default 100). */
  bpm?: number;
  title?: string;
  /** Key name for the score's metadata, e.g. "G major". */
  key?: string;
  /** The engine or file it came from. */
  source?: string;
  /** Chords for a second voice. */
  chords?: readonly ChordEvent[];
  /** Melody loudness 0–1 (default 0.72); chords play at 70 % of it. */
  velocity?: number;
}

/**
 * A melody as a score: voice 0 the melody (notes 95 % of their written length, the first note of each bar a little
 * louder), voice 1 the chords when given. Time signature and anacrusis come from the melody.
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * const score = melodyToScore(melodyFrom([60, 64, 67], [1, 1, 2]), { bpm: 120 });
 * score.notes.length; // → 3
 */
export function melodyToScore(melody: Melody, options: MelodyScoreOptions = {}): Score {
  const bpm = options.bpm ?? 100;
  const spb = 60 / bpm;
  const bar = (melody.metre.numerator * 4) / melody.metre.denominator;
  const velocity = options.velocity ?? 0.72;
  // The pickup sits at the end of an otherwise empty first bar, so bar lines fall where the metre says.
  const offset = melody.anacrusis > 0 ? bar - melody.anacrusis : 0;
  const notes: NoteEvent[] = melody.pitches.map((pitch, i) => {
    const at = melody.onsets[i]! + offset;
    const downbeat = Math.abs(at / bar - Math.round(at / bar)) < 1e-6;
    return { onset: at * spb, duration: melody.durations[i]! * spb * 0.95, pitch, velocity: Math.min(1, velocity * (downbeat ? 1.1 : 1)), voice: 0 };
  });
  for (const c of options.chords ?? []) {
    for (const p of c.pitches) notes.push({ onset: (c.onset + offset) * spb, duration: c.duration * spb * 0.97, pitch: p, velocity: velocity * 0.7, voice: 1 });
  }
  return createScore(notes, {
    tempos: [{ time: 0, bpm }],
    timeSignatures: [{ time: 0, numerator: melody.metre.numerator, denominator: melody.metre.denominator }],
    meta: {
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.source !== undefined ? { source: options.source } : {}),
      ...(options.key !== undefined ? { key: options.key } : {}),
      voiceNames: options.chords && options.chords.length > 0 ? ['melody', 'chords'] : ['melody'],
    },
  });
}
