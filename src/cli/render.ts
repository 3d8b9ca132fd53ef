/** `neuromusic render [piece]`: the options; the work is in render-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { outDirOption, fileOption, instrumentOption, quietOption, sampleRateOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';
import { BIT_DEPTHS, type RenderCliOptions } from './command-options.js';

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('render a piece with the modal piano (or the organ or a SoundFont: --instrument) to a WAV file (<out>/<piece>.wav, or the file -o names)')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .addOption(outDirOption('the WAV file (named after the piece)'))
    .addOption(fileOption('-o, --output <file.wav>', '.wav', 'write this WAV file instead (--out is then not used)'))
    .addOption(sampleRateOption())
    .option('--channels <n>', 'output channels: 1, 2, or N (1–64; notes with a speaker index go to that channel)', numberIn(1, 64, { integer: true }), 2)
    .option('--bits <depth>', 'sample format: 16, 24 or 32f (float)', oneOf(BIT_DEPTHS), '16')
    .addOption(instrumentOption())
    .addOption(quietOption())
    .action(async (piece: string | undefined, opts: RenderCliOptions, command: Command) => (await import('./render-run.js')).runRender(piece, opts, command));
}
