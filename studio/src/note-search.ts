/** Finding notes in time: a sorted score is searched, never scanned, on the worker's and the page's hot paths. */
import type { NoteEvent } from 'neuromusic/score';

/**
 * Index of the first note whose onset is ≥ `time` in notes sorted by onset (`notes.length` when none is).
 * @example
 * firstOnsetAtOrAfter(score.notes, 10); // the first note that starts at or after 10 s
 */
export function firstOnsetAtOrAfter(notes: readonly Pick<NoteEvent, 'onset'>[], time: number): number {
  let lo = 0;
  let hi = notes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (notes[mid]!.onset < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
