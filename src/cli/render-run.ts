/** `neuromusic render [piece]`: a piece through the modal piano to a WAV file. */
import type { Command } from 'commander';
import { basename, extname, join } from 'node:path';
import { BUILT_IN_PIECE, loadScore } from '../node/load-score.js';
import { prepareOutput } from '../node/files.js';
import { writeWavFile } from '../node/render-wav-file.js';
import { describeInstrument, instrumentSource } from '../node/instruments.js';
import type { WavEncoding } from '../formats/wav.js';
import type { BIT_DEPTHS, RenderCliOptions } from './command-options.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { say } from './output.js';

export const ENCODINGS: Record<(typeof BIT_DEPTHS)[number], WavEncoding> = { '16': 'pcm16', '24': 'pcm24', '32f': 'float32' };

/** The file name of a piece's WAV in the output folder: the piece's own name, or the built-in prelude's. */
export function wavNameFor(piece: string | undefined): string {
  return `${piece === undefined ? 'bach-prelude-c-major' : basename(piece, extname(piece))}.wav`;
}

/** Runs `neuromusic render`. */
export async function runRender(piece: string | undefined, opts: RenderCliOptions, command: Command): Promise<void> {
  if (opts.output !== undefined && command.getOptionValueSource('out') === 'cli') throw new UsageError('give --out <dir> or -o/--output <file.wav>, not both');
  const path = opts.output ?? join(opts.out, wavNameFor(piece));
  prepareOutput(path);
  const score = loadScore(piece);
  if (score.notes.length === 0) throw new UsageError(`${piece ?? BUILT_IN_PIECE} has no notes to render`);
  const bar = createProgress('rendering', opts.quiet);
  let written;
  try {
    // The organ and SoundFonts render in memory first; the modal piano streams long pieces itself.
    const source = instrumentSource(score, opts.instrument, { sampleRate: opts.sr, channels: opts.channels });
    written = writeWavFile(path, source, { sampleRate: opts.sr, channels: opts.channels, encoding: ENCODINGS[opts.bits], onProgress: bar.update });
  } finally {
    bar.stop();
  }
  say(`wrote ${path} (${written.seconds.toFixed(1)} s, ${written.channels} ch, ${opts.sr} Hz, ${opts.bits}-bit${opts.instrument && opts.instrument.kind !== 'piano' ? `, ${describeInstrument(opts.instrument)}` : ''})`);
}
