/**
 * Loads the piece a command works on: a MIDI file, a Score JSON file, or the built-in prelude when none is given.
 */
import { assertScoreFileName, readScoreFile } from '../formats/score-file.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import type { Score } from '../score/types.js';
import { readInputFile } from './files.js';

/** The name shown for the built-in piece. */
export const BUILT_IN_PIECE = 'built-in: Bach, Prelude in C major BWV 846';

/**
 * Reads a score from a path (.mid, .midi, .json) or returns the built-in piece for `undefined`.
 * Errors are FormatErrors naming the file.
 */
export function loadScore(path: string | undefined): Score {
  if (path === undefined) return bachPreludeInC();
  assertScoreFileName(path);
  return readScoreFile(readInputFile(path), path);
}
