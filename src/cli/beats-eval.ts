/** `neuromusic beats-eval`: the options; the work is in beats-eval-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { jsonOption, quietOption, seedOption } from './common-options.js';
import { numberIn } from './options.js';
import type { BeatsEvalCliOptions } from './command-options.js';

export function registerBeatsEval(program: Command): void {
  program
    .command('beats-eval')
    .description('score the beat tracker (offline and online) and aubio on a corpus with known beats: F-measure, Cemgil, CMLt/AMLt, information gain')
    .option('--pieces <n>', 'generated pieces in the corpus (1–200)', numberIn(1, 200, { integer: true }), 12)
    .addOption(seedOption(1, 'the generated pieces (the tracker was tuned on seeds 1000–1023: keep away from them)'))
    .option('--midi <file.mid...>', 'MIDI files to add, scored against their tempo map and time signature; without it, the .mid files of ../shared/data/midi when that folder exists')
    .option('--no-midi', 'no MIDI files, not even the default ones')
    .option('--no-aubio', 'leave out aubio (aubiotrack, Debian aubio-tools) even when it is installed')
    .option('--online-latency <seconds>', 'also score the online tracker with this stated latency (it then reports each beat this long after it sounds instead of predicting it; 0–4 s, 0: no such row)', numberIn(0, 4), 0)
    .option('--no-fluidsynth', 'render everything with the modal piano, not with fluidsynth and FluidR3 GM')
    .option('--out <dir>', 'keep the rendered WAV files and the beat CSVs of every piece in this folder (created when missing)')
    .addOption(jsonOption('every piece and the means'))
    .addOption(quietOption())
    .action(async (opts: BeatsEvalCliOptions) => (await import('./beats-eval-run.js')).runBeatsEval(opts));
}
