/** `neuromusic info [piece]`: the options; the work is in info-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { jsonOption } from './common-options.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('describe a piece: notes, voices, duration, range, rate, density, tempo map (or a WAV file: format and levels)')
    .argument('[piece]', 'MIDI (.mid), score JSON or WAV file; the built-in prelude when omitted')
    .addOption(jsonOption('the description'))
    .action(async (piece: string | undefined, opts: { json?: string | boolean }) => (await import('./info-run.js')).runInfo(piece, opts));
}
