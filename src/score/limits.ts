/**
 * Limits on a piece's length and density, checked once where every piece enters (the score readers), before any
 * work starts. Without them a last note at 10⁹ s or a 200,000-note chord sends a renderer or an analysis into a run
 * that never ends or a heap that never stops growing. The defaults admit every real piece of music — a four-hour
 * opera act, a dense piano étude with the pedal down — and a user with an unusual file raises them (the CLI reads
 * `NEUROMUSIC_MAX_PIECE_SECONDS`, `NEUROMUSIC_MAX_NOTES` and `NEUROMUSIC_MAX_NOTES_PER_SECOND`).
 */
import type { NoteEvent } from './types.js';

/** The limits a piece must keep. */
export interface PieceLimits {
  /** Latest end of any note, seconds (default 14,400: four hours). */
  maxSeconds: number;
  /** Most notes in the whole piece (default 2,000,000). */
  maxNotes: number;
  /** Most note onsets inside any one-second window (default 1,000). */
  maxNotesPerSecond: number;
}

/** The defaults of {@link PieceLimits}. */
export const DEFAULT_PIECE_LIMITS: Readonly<PieceLimits> = Object.freeze({
  maxSeconds: 4 * 3600,
  maxNotes: 2_000_000,
  maxNotesPerSecond: 1000,
});

/**
 * What is wrong with a piece's size, as one clause ("the last note ends at 1000000000 s, …"), or `undefined` when
 * it keeps the limits. Linear in the number of notes; the notes need not be sorted.
 * @example
 * pieceLimitProblem([{ onset: 1e9, duration: 1 }])?.startsWith('the last note ends at 1000000001 s'); // → true
 * pieceLimitProblem(score.notes); // → undefined
 */
export function pieceLimitProblem(notes: ReadonlyArray<Pick<NoteEvent, 'onset' | 'duration'>>, limits: Partial<PieceLimits> = {}): string | undefined {
  const { maxSeconds, maxNotes, maxNotesPerSecond } = { ...DEFAULT_PIECE_LIMITS, ...limits };
  if (notes.length > maxNotes) {
    return `${notes.length} notes, more than the limit of ${maxNotes} (raise it with NEUROMUSIC_MAX_NOTES)`;
  }
  let end = 0;
  for (const n of notes) if (n.onset + n.duration > end) end = n.onset + n.duration;
  if (end > maxSeconds) {
    return `the last note ends at ${+end.toPrecision(10)} s, beyond the limit of ${maxSeconds} s (${+(maxSeconds / 3600).toFixed(2)} h; raise it with NEUROMUSIC_MAX_PIECE_SECONDS)`;
  }
  if (notes.length > maxNotesPerSecond) {
    const densest = densestSecond(notes);
    if (densest.count > maxNotesPerSecond) {
      return `${densest.count} notes start within one second (from ${densest.from.toFixed(2)} s), more than the limit of ${maxNotesPerSecond} (raise it with NEUROMUSIC_MAX_NOTES_PER_SECOND)`;
    }
  }
  return undefined;
}

/** The most onsets in any half-open one-second window, and where it starts: a two-pointer sweep over sorted onsets. */
function densestSecond(notes: ReadonlyArray<Pick<NoteEvent, 'onset'>>): { count: number; from: number } {
  const onsets = Float64Array.from(notes, (n) => n.onset).sort();
  let best = 0;
  let from = 0;
  for (let i = 0, j = 0; i < onsets.length; i++) {
    while (onsets[j]! <= onsets[i]! - 1) j++;
    if (i - j + 1 > best) {
      best = i - j + 1;
      from = onsets[j]!;
    }
  }
  return { count: best, from };
}
