/**
 * A corpus folder for the composers: every score file in a folder (not its subfolders) that `loadScore` reads —
 * MIDI (.mid, .midi, .smf, .kar), MusicXML (.musicxml, .xml, .mxl) and Humdrum **kern (.krn) — in name order.
 * Files of other kinds are skipped; a folder with none, or a file that cannot be read, is a clear error naming it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError } from '../formats/errors.js';
import { fileExtension, MIDI_EXTENSIONS } from '../formats/score-file.js';
import { KERN_EXTENSIONS } from '../notation/kern/index.js';
import { MUSICXML_EXTENSIONS } from '../notation/formats.js';
import type { Score } from '../score/types.js';
import { loadScore } from './load-score.js';

/** The file extensions a corpus folder's pieces may have. */
export const CORPUS_EXTENSIONS: readonly string[] = [...MIDI_EXTENSIONS, ...MUSICXML_EXTENSIONS, ...KERN_EXTENSIONS];

/**
 * The score files of a folder, sorted by name. Throws a FormatError naming the folder when it is missing, not a
 * folder, or holds no score file.
 */
export function corpusFolderFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new FormatError(dir, 'is not a folder: give a folder of MIDI, MusicXML or **kern files');
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(dir, 'no such folder');
  }
  const files = names.filter((n) => CORPUS_EXTENSIONS.includes(fileExtension(n))).sort();
  if (files.length === 0) throw new FormatError(dir, `holds no score file (${CORPUS_EXTENSIONS.join(', ')})`);
  return files.map((n) => join(dir, n));
}

/** Every piece of a corpus folder, read by `loadScore` (errors are FormatErrors naming the file). */
export function loadCorpusFolder(dir: string, options: { onWarning?: (message: string) => void } = {}): Score[] {
  return corpusFolderFiles(dir).map((f) => {
    const score = loadScore(f, { onWarning: options.onWarning ?? (() => undefined) });
    if (score.notes.length === 0) throw new FormatError(f, 'holds no notes: a corpus piece needs a melody');
    return score;
  });
}
