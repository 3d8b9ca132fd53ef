/**
 * Loads the piece a command works on: a MIDI file, a Score JSON file, or the built-in prelude when none is given.
 */
import { extname } from 'node:path';
import { readMidi } from '../formats/midi.js';
import { FormatError } from '../formats/errors.js';
import { parseScore, ValidationError } from '../score/schema.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import type { Score } from '../score/types.js';
import { readInputFile } from './files.js';

/** The name shown for the built-in piece. */
export const BUILT_IN_PIECE = 'built-in: Bach, Prelude in C major BWV 846';

/**
 * Reads a score from a path (.mid, .midi, .json) or returns the built-in piece for `undefined`.
 * Errors are {@link FormatError}s naming the file.
 */
export function loadScore(path: string | undefined): Score {
  if (path === undefined) return bachPreludeInC();
  const ext = extname(path).toLowerCase();
  if (ext === '.mid' || ext === '.midi' || ext === '.smf' || ext === '.kar') {
    return readMidi(readInputFile(path), path);
  }
  if (ext === '.json') {
    const text = new TextDecoder().decode(readInputFile(path));
    if (text.trim() === '') throw new FormatError(path, 'empty file');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new FormatError(path, `not valid JSON (${(err as Error).message})`);
    }
    try {
      const score = parseScore(data, path);
      score.meta.source ??= path;
      return score;
    } catch (err) {
      if (err instanceof ValidationError) throw new FormatError(path, `not a neuromusic score: ${err.message.slice(path.length + 2)}`);
      throw err;
    }
  }
  throw new FormatError(path, `unsupported score format "${ext || '(no extension)'}": give a MIDI (.mid) or score JSON (.json) file`);
}
