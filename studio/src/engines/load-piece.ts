/**
 * Reading a piece a user gave an engine (a MIDI, score JSON, MusicXML or Humdrum **kern file dropped on the page or
 * opened): a file that does not parse, or that holds no notes, is the user's problem, said on the page; anything
 * else is a bug.
 */
import { readScoreFile, fileExtension, FormatError, SCORE_FILE_EXTENSIONS } from 'neuromusic/formats';
import { readMusicXml, readKern, MUSICXML_EXTENSIONS, KERN_EXTENSIONS } from 'neuromusic/notation';
import { pieceLimitProblem, type Score } from 'neuromusic/score';
import type { EngineReply } from '../worker/live-engine.js';

/** Every extension a piece may have: MIDI, score JSON, MusicXML (.musicxml, .xml, .mxl) and **kern (.krn). */
export const PIECE_EXTENSIONS: readonly string[] = [...SCORE_FILE_EXTENSIONS, ...MUSICXML_EXTENSIONS, ...KERN_EXTENSIONS];

/**
 * The score in a piece's bytes, by its name's extension; errors are FormatErrors naming the file.
 * @example
 * readPieceFile(new TextEncoder().encode('**kern\n4c\n*-\n'), 'c.krn').notes.length; // → 1
 */
export function readPieceFile(bytes: Uint8Array, name: string): Score {
  const ext = fileExtension(name);
  let score: Score;
  if ((MUSICXML_EXTENSIONS as readonly string[]).includes(ext)) score = readMusicXml(bytes, name);
  else if ((KERN_EXTENSIONS as readonly string[]).includes(ext)) score = readKern(new TextDecoder().decode(bytes), name);
  else return readScoreFile(bytes, name);
  const problem = pieceLimitProblem(score.notes);
  if (problem) throw new FormatError(name, problem);
  return score;
}

/**
 * The score in `bytes`, or undefined after telling the user what is wrong with it.
 * @example
 * const score = readPiece('prelude.mid', bytes, reply, 'no notes to play');
 * if (!score) return 'none';
 */
export function readPiece(name: string, bytes: Uint8Array, reply: EngineReply, noNotes: string): Score | undefined {
  let score: Score;
  try {
    score = readPieceFile(bytes, name);
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
