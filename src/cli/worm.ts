/** `neuromusic worm simulate`: the options; the work is in worm-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import { environmentOption, jsonOption, fileOption, quietOption, reportOption, secondsOption, seedOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';
import type { SimulateCliOptions } from './command-options.js';

/** The script run when --command is not given: the worm swims, reverses and turns. */
export const DEFAULT_WORM_COMMAND = 'forward 12s, reverse 6s, turn-left 6s, forward';

export function registerWorm(program: Command): void {
  const worm = program.command('worm').description('the C. elegans locomotion model: a nervous system and a body that swim');
  worm
    .command('simulate')
    .description('simulate the worm (body, ventral-cord circuit, command interneurons, muscles) and write its observables')
    .addOption(secondsOption('simulated time', 0.5, 3600, 30))
    .addOption(environmentOption())
    .option('--command <script>', 'what the worm does, e.g. "forward 20s, reverse 5s, turn-left 4s, forward"', DEFAULT_WORM_COMMAND)
    .option('--muscles <model>', 'hh (Hodgkin–Huxley, Boyle & Cohen 2008) or activation (leaky integrator)', oneOf(['hh', 'activation'] as const), 'activation')
    .option('--connectome <file>', 'whole-nervous-system mode: a connectome edge list (Cook 2019 CSV or White 1986 TSV)')
    .addOption(fileOption('--wcon <file.wcon>', '.wcon', 'write the body midline per frame as WCON'))
    .addOption(jsonOption('a summary'))
    .addOption(reportOption('an HTML report (kymograph, muscle raster, trajectory, spectrum)'))
    .option('--fps <n>', 'frames recorded per second (1–200)', numberIn(1, 200), 25)
    .addOption(new Option('--frame-rate <fps>', 'the old name of --fps').argParser(numberIn(1, 200)).hideHelp())
    .addOption(seedOption(1))
    .addOption(quietOption())
    .action(async (opts: SimulateCliOptions) => (await import('./worm-run.js')).runWormSimulate(opts));
}
