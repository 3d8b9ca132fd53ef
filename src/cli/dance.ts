/** `neuromusic dance [piece]`: the options; the work is in dance-run.ts, loaded when the command runs. */
import { InvalidArgumentError, type Command } from 'commander';
import { environmentOption, jsonOption, outDirOption, quietOption, reportOption, sampleRateOption, seedOption } from './common-options.js';
import { numberIn } from './options.js';
import type { DanceCliOptions } from './command-options.js';

/** Timeline rates that take every n-th 20-ms frame. */
function fpsOption(value: string): number {
  const fps = numberIn(1, 50, { integer: true })(value);
  if (50 % fps !== 0) throw new InvalidArgumentError(`must divide 50 (50, 25, 10, 5, 2 or 1), got ${value}.`);
  return fps;
}

export function registerDance(program: Command): void {
  program
    .command('dance')
    .description('the worm dances to a piece: excitability of its patterns, neural → muscle poses, the body wave and the physical dance; writes a timeline, WCON, WAV and a report')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .addOption(outDirOption('the timeline, WCON, WAV and report'))
    .addOption(environmentOption())
    .addOption(seedOption(0, 'the pattern analysis'))
    .option('--components <k>', 'principal components of the motor neurons kept as Z_worm (1–20)', numberIn(1, 20, { integer: true }), 4)
    .option('--tikhonov <lambda>', 'Tikhonov λ of W = lstsq(Z_worm, V_mus) (0 = none)', numberIn(0, 1e12), 0)
    .option('--min-shift <seconds>', 'smallest rotation of the permutation test, seconds (default: 10 % of the piece)', numberIn(0.02, 1e6))
    .option('--kmax <K>', 'largest number of patterns tried (2–40)', numberIn(2, 40, { integer: true }), 12)
    .option('--fps <n>', 'frames per second of the timeline and the WCON: 50, 25, 10, 5, 2 or 1 (a whole share of the 20-ms analysis frames)', fpsOption, 25)
    .addOption(sampleRateOption())
    .addOption(reportOption('the report here instead (default: <out>/<piece>-dance.html)'))
    .addOption(jsonOption('a summary'))
    .addOption(quietOption())
    .action(async (piece: string | undefined, opts: DanceCliOptions) => (await import('./dance-run.js')).runDance(piece, opts));
}
