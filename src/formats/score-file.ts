/**
 * A score from a file's bytes, by its name's extension: a Standard MIDI File (.mid, .midi, .smf, .kar) or a score
 * JSON file (.json, the `Score` shape). Isomorphic: the CLI reads the bytes from disk, the studio from a dropped
 * file, and both get the same score and the same one-line errors naming the file.
 */
import { readMidi, type ReadScoreOptions } from './midi.js';
import { pieceLimitProblem, type PieceLimits } from '../score/limits.js';
import { FormatError } from './errors.js';
import { parseScore, ValidationError } from '../score/schema.js';
import type { Score } from '../score/types.js';

/** Extensions read as Standard MIDI Files. */
export const MIDI_EXTENSIONS = ['.mid', '.midi', '.smf', '.kar'] as const;
/** Every extension {@link readScoreFile} accepts. */
export const SCORE_FILE_EXTENSIONS = [...MIDI_EXTENSIONS, '.json'] as const;

/** The lower-case extension of a file name or path ('' when it has none). */
export function fileExtension(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * Refuses, before anything is read, a file name whose extension is not a score format.
 * @example
 * assertScoreFileName('prelude.mid'); // passes; 'notes.txt' throws FormatError: unsupported score format ".txt"
 */
export function assertScoreFileName(name: string): void {
  const ext = fileExtension(name);
  if (!(SCORE_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new FormatError(name, `unsupported score format "${ext || '(no extension)'}": give a MIDI (.mid) or score JSON (.json) file`);
  }
}

/**
 * Reads a score from the bytes of a file called `name`; errors are {@link FormatError}s naming it, including a piece
 * longer or denser than the limits (`DEFAULT_PIECE_LIMITS` of `neuromusic/score`).
 * @example
 * const score = readScoreFile(writeMidi(bachPreludeInC()), 'prelude.mid');
 */
export function readScoreFile(bytes: Uint8Array, name: string, options: ReadScoreFileOptions = {}): Score {
  assertScoreFileName(name);
  const ext = fileExtension(name);
  const score = (MIDI_EXTENSIONS as readonly string[]).includes(ext) ? readMidi(bytes, name, options) : readScoreJson(bytes, name);
  const problem = pieceLimitProblem(score.notes, options.limits);
  if (problem) throw new FormatError(name, problem);
  return score;
}

/** Options of {@link readScoreFile}: warnings, and the piece limits (the defaults unless given). */
export interface ReadScoreFileOptions extends ReadScoreOptions {
  /** Length and density limits, checked once the file is read (`DEFAULT_PIECE_LIMITS` of `neuromusic/score` where not given). */
  limits?: Partial<PieceLimits>;
}

/** A score JSON file: parsed, then validated once by the schema. */
function readScoreJson(bytes: Uint8Array, name: string): Score {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') throw new FormatError(name, 'empty file');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FormatError(name, `not valid JSON (${(err as Error).message})`);
  }
  try {
    const score = parseScore(data, name);
    score.meta.source ??= name;
    return score;
  } catch (err) {
    if (err instanceof ValidationError) throw new FormatError(name, `not a neuromusic score: ${err.message.slice(name.length + 2)}`);
    throw err;
  }
}
