/** `neuromusic render [piece] -o out.wav`: a piece through the modal piano to a WAV file. */
import type { Command } from 'commander';
import { loadScore } from '../node/load-score.js';
import { prepareOutput } from '../node/files.js';
import { renderWavFile } from '../node/render-wav-file.js';
import { renderScore } from '../synth/render.js';
import type { WavEncoding } from '../formats/wav.js';
import { UsageError } from './errors.js';
import { numberIn, oneOf } from './options.js';
import { createProgress } from './progress.js';
import { say } from './output.js';

const BIT_DEPTHS = ['16', '24', '32f'] as const;
export const ENCODINGS: Record<(typeof BIT_DEPTHS)[number], WavEncoding> = { '16': 'pcm16', '24': 'pcm24', '32f': 'float32' };

export interface RenderCliOptions {
  out?: string;
  sr: number;
  channels: number;
  bits: (typeof BIT_DEPTHS)[number];
  quiet?: boolean;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('render a piece with the modal piano to a WAV file')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .requiredOption('-o, --out <file.wav>', 'output WAV file')
    .option('--sr <hz>', 'sample rate', numberIn(8000, 192000, { integer: true }), 44100)
    .option('--channels <n>', 'output channels: 1, 2, or N (notes with a speaker index go to that channel)', numberIn(1, 64, { integer: true }), 2)
    .option('--bits <depth>', 'sample format: 16, 24 or 32f (float)', oneOf(BIT_DEPTHS), '16')
    .option('-q, --quiet', 'no progress bar')
    .action((piece: string | undefined, opts: RenderCliOptions) => {
      if (!opts.out!.toLowerCase().endsWith('.wav')) throw new UsageError(`--out must name a .wav file, got "${opts.out}"`);
      prepareOutput(opts.out!);
      const score = loadScore(piece);
      if (score.notes.length === 0) throw new UsageError(`${piece ?? 'the piece'} has no notes to render`);
      const bar = createProgress('rendering', opts.quiet);
      let written;
      try {
        written = renderWavFile(score, opts.out!, { sampleRate: opts.sr, channels: opts.channels, encoding: ENCODINGS[opts.bits], onProgress: bar.update });
      } finally {
        bar.stop();
      }
      say(`wrote ${opts.out} (${written.seconds.toFixed(1)} s, ${written.channels} ch, ${opts.sr} Hz, ${opts.bits}-bit)`);
    });
}

/** Renders with a progress bar on stderr. */
export function renderWithProgress(score: Parameters<typeof renderScore>[0], opts: Pick<RenderCliOptions, 'sr' | 'channels' | 'quiet'>, ringSize?: number) {
  const bar = createProgress('rendering', opts.quiet);
  try {
    return renderScore(score, {
      sampleRate: opts.sr,
      channels: opts.channels,
      onProgress: bar.update,
      ...(ringSize ? { ringSize } : {}),
    });
  } finally {
    bar.stop();
  }
}
