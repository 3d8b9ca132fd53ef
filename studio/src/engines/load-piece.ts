/**
 * Reading a piece a user gave an engine (a MIDI or score JSON file dropped on the page or opened): a file that does
 * not parse, or that holds no notes, is the user's problem, said on the page; anything else is a bug.
 */
import { readScoreFile, FormatError } from 'neuromusic/formats';
import type { Score } from 'neuromusic/score';
import type { EngineReply } from '../worker/live-engine.js';

/**
 * The score in `bytes`, or undefined after telling the user what is wrong with it.
 * @example
 * const score = readPiece('prelude.mid', bytes, reply, 'no notes to play');
 * if (!score) return 'none';
 */
export function readPiece(name: string, bytes: Uint8Array, reply: EngineReply, noNotes: string): Score | undefined {
  let score: Score;
  try {
    score = readScoreFile(bytes, name);
  } catch (err) {
    if (err instanceof FormatError) {
      reply.userError(err.message);
      return undefined;
    }
    throw err;
  }
  if (score.notes.length === 0) {
    reply.userError(`${name}: ${noNotes}`);
    return undefined;
  }
  return score;
}
