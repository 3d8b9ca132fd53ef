/**
 * `compose --notation FORMAT`: each MIDI file an engine staged gets its notation beside it (worm.mid →
 * worm.musicxml), staged in the same output set, so the notation is published with the piece or not at all.
 */
import { readMidi } from '../formats/midi.js';
import type { OutputSet } from '../node/output-set.js';
import { toNotation, type NotationFormat } from '../notation/formats.js';
import { notateScore } from '../notation/layout.js';
import { notationSummary } from './notate-run.js';
import { basename } from 'node:path';

/** Stages the notation of every .mid among `files` (staged in `outputs`); returns the lines to show. */
export function stageNotationBeside(files: readonly string[], format: NotationFormat, outputs: OutputSet): string[] {
  const mids = files.filter((f) => /\.midi?$/i.test(f));
  const targets = mids.map((mid) => mid.replace(/\.midi?$/i, `.${format}`));
  outputs.declare(...targets);
  const lines: string[] = [];
  mids.forEach((mid, i) => {
    const bytes = outputs.contents(mid);
    if (bytes === undefined || typeof bytes === 'string') throw new Error(`${mid} was not staged as MIDI bytes`);
    const score = readMidi(bytes, mid);
    const target = targets[i]!;
    outputs.file(target, toNotation(score, format, { name: basename(mid).replace(/\.midi?$/i, '') }));
    const n = notateScore(score);
    lines.push(`wrote ${target} (${notationSummary(n.report, n.parts.length)})`);
  });
  return lines;
}
