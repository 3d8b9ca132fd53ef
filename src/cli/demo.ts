/** `neuromusic demo`: the options; the work is in demo-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { outDirOption, quietOption, sampleRateOption } from './common-options.js';
import { numberIn } from './options.js';
import type { DemoCliOptions } from './command-options.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write the built-in piece (Bach, Prelude in C major, BWV 846) as MIDI and WAV')
    .addOption(outDirOption('bach-prelude-c-major.mid and .wav'))
    .option('--bpm <bpm>', 'tempo, quarter notes per minute (20–300)', numberIn(20, 300), 66)
    .addOption(sampleRateOption())
    .addOption(quietOption())
    .action(async (opts: DemoCliOptions) => (await import('./demo-run.js')).runDemo(opts));
}
