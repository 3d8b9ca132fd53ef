/**
 * Loads the piece a command works on: a MIDI file, a Score JSON file, or the built-in prelude when none is given.
 */
import { assertScoreFileName, readScoreFile } from '../formats/score-file.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import type { Score } from '../score/types.js';
import { readInputFile } from './files.js';
import { FormatError } from '../formats/errors.js';
import { DEFAULT_PIECE_LIMITS, pieceLimitProblem, type PieceLimits } from '../score/limits.js';
import { readMusicXml } from '../notation/musicxml-read.js';
import { MUSICXML_EXTENSIONS } from '../notation/formats.js';
import { fileExtension } from '../formats/score-file.js';
import { readKern, KERN_EXTENSIONS } from '../notation/kern/index.js';

/** The name shown for the built-in piece. */
export const BUILT_IN_PIECE = 'built-in: Bach, Prelude in C major BWV 846';

/**
 * Reads a score from a path (.mid, .midi, .json, MusicXML .musicxml/.xml/.mxl, Humdrum **kern .krn) or returns the built-in piece for `undefined`.
 * Errors are FormatErrors naming the file.
 */
export function loadScore(path: string | undefined, options: LoadScoreOptions = {}): Score {
  if (path === undefined) return bachPreludeInC();
  const limits = options.limits ?? pieceLimitsFromEnvironment();
  if ((MUSICXML_EXTENSIONS as readonly string[]).includes(fileExtension(path))) {
    const score = readMusicXml(readInputFile(path), path);
    const problem = pieceLimitProblem(score.notes, limits);
    if (problem) throw new FormatError(path, problem);
    return score;
  }
  if ((KERN_EXTENSIONS as readonly string[]).includes(fileExtension(path))) {
    const score = readKern(new TextDecoder().decode(readInputFile(path)), path, { onWarning: options.onWarning ?? warnOnStderr });
    const problem = pieceLimitProblem(score.notes, limits);
    if (problem) throw new FormatError(path, problem);
    return score;
  }
  assertScoreFileName(path);
  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`neuromusic: warning: ${message}\n`));
  return readScoreFile(readInputFile(path), path, { limits, onWarning });
}

/** Options of {@link loadScore}. */
export interface LoadScoreOptions {
  /** Piece limits; by default {@link pieceLimitsFromEnvironment}. */
  limits?: Partial<PieceLimits>;
  /** Where repairs are told; by default a `neuromusic: warning:` line on stderr. */
  onWarning?: (message: string) => void;
}

/** The environment variables that raise (or lower) the piece limits, by limit. */
export const PIECE_LIMIT_VARIABLES = {
  maxSeconds: 'NEUROMUSIC_MAX_PIECE_SECONDS',
  maxNotes: 'NEUROMUSIC_MAX_NOTES',
  maxNotesPerSecond: 'NEUROMUSIC_MAX_NOTES_PER_SECOND',
} as const satisfies Record<keyof PieceLimits, string>;

/**
 * The piece limits: {@link DEFAULT_PIECE_LIMITS}, each overridden by its environment variable when set. A value that
 * is not a positive number is the user's mistake, told as a {@link FormatError} naming the variable.
 * @example
 * pieceLimitsFromEnvironment({ NEUROMUSIC_MAX_PIECE_SECONDS: '36000' }).maxSeconds; // → 36000
 */
export function pieceLimitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): PieceLimits {
  const limits: PieceLimits = { ...DEFAULT_PIECE_LIMITS };
  for (const key of Object.keys(PIECE_LIMIT_VARIABLES) as Array<keyof PieceLimits>) {
    const name = PIECE_LIMIT_VARIABLES[key];
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new FormatError(name, `"${text}" is not a positive number`);
    limits[key] = value;
  }
  return limits;
}

/** The default `onWarning`: a `neuromusic: warning:` line on stderr. */
function warnOnStderr(message: string): void {
  process.stderr.write(`neuromusic: warning: ${message}\n`);
}
