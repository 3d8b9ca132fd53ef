/** `compose --notation FORMAT`: each MIDI file an engine wrote gets its notation beside it (worm.mid → worm.musicxml). */
import { readMidi } from '../formats/midi.js';
import { readInputFile, writeFileAtomic } from '../node/files.js';
import { toNotation, type NotationFormat } from '../notation/formats.js';
import { notateScore } from '../notation/layout.js';
import { notationSummary } from './notate-run.js';
import { basename } from 'node:path';

/** Writes the notation of every .mid among `files`; returns the lines to show. */
export function writeNotationBeside(files: readonly string[], format: NotationFormat): string[] {
  const lines: string[] = [];
  for (const mid of files.filter((f) => /\.midi?$/i.test(f))) {
    const score = readMidi(readInputFile(mid), mid);
    const target = mid.replace(/\.midi?$/i, `.${format}`);
    writeFileAtomic(target, toNotation(score, format, { name: basename(mid).replace(/\.midi?$/i, '') }));
    const n = notateScore(score);
    lines.push(`wrote ${target} (${notationSummary(n.report, n.parts.length)})`);
  }
  return lines;
}
