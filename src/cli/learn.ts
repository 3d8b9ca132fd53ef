/** `neuromusic learn [piece]`: the options; the work is in learn-run.ts (and TensorFlow.js), loaded when the command runs. */
import type { Command } from 'commander';
import { jsonOption, quietOption, reportOption, seedOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';
import { DEFAULT_SECOND_PIECE, type LearnOptions } from './command-options.js';

export function registerLearn(program: Command): void {
  program
    .command('learn')
    .description('teach the worm a piece: learning progression steps 0–10 scored by musical F1 (in-sample, held-out, second piece, surrogate control)')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .option('--steps <list>', 'steps to run, e.g. 0-10, 4, 0,3,7-9', '0-10')
    .option('--second-piece <file>', `piece for the "second piece" column (default: ${DEFAULT_SECOND_PIECE} from ../shared/data/midi when present, else the built-in prelude)`)
    .option('--no-second-piece', 'score on no second piece')
    .addOption(seedOption(0))
    .option('--surrogates <n>', 'surrogate worms per control (1–99; p-values are multiples of 1/(n + 1))', numberIn(1, 99, { integer: true }), 9)
    .option('--backend <name>', 'tfjs backend: auto (the faster by measurement), wasm or cpu', oneOf(['auto', 'wasm', 'cpu'] as const), 'auto')
    .addOption(reportOption('an HTML report with the table, plots and loss curves'))
    .addOption(jsonOption('the table'))
    .option('--out <dir>', 'also write the MIDI and WAV of the best held-out step (and the piece over the same span) into this folder (default: none)')
    .option('--play <step>', 'with --out: the step whose held-out onsets to write instead of the best one (e.g. 10, "8 ODE")')
    .addOption(quietOption())
    .action(async (piece: string | undefined, opts: LearnOptions) => (await import('./learn-run.js')).runLearn(piece, opts));
}
