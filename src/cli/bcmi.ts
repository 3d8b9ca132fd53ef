/** `neuromusic bcmi`: the options; the work is in bcmi-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { fileOption, jsonOption, outDirOption, quietOption, reportOption, sampleRateOption, seedOption } from './common-options.js';
import { DEFAULT_BASELINE_SECONDS } from './eeg-source.js';
import { numberIn } from './options.js';
import type { BcmiCliOptions } from './command-options.js';

export function registerBcmi(program: Command): void {
  program
    .command('bcmi')
    .description('the brain–computer music experiment: the EEG twin in each of five states (neutral, stressed, focused, relaxed, meditative) steers the duet; a table of biomarkers, controls and musical descriptors per state, a WAV per state')
    .option('--seconds-per-state <s>', 'seconds of music per state (10–600)', numberIn(10, 600), 30)
    .option('--baseline <s>', 'seconds of neutral calibration before each state, the baseline of the biomarkers (3–600)', numberIn(3, 600), DEFAULT_BASELINE_SECONDS)
    .option('--settle <s>', 'seconds at the start of each state left out of the musical descriptors (0–60)', numberIn(0, 60), 5)
    .addOption(seedOption(1, 'the twin and the duet'))
    .addOption(outDirOption('one WAV and MIDI per state'))
    .addOption(fileOption('--mapping <table.json>', '.json', 'the table from biomarkers to controls (default: the built-in table)'))
    .addOption(sampleRateOption())
    .addOption(reportOption('an HTML report: the table, each state\'s biomarkers, controls and notes'))
    .addOption(jsonOption('the table'))
    .addOption(quietOption())
    .action(async (opts: BcmiCliOptions) => (await import('./bcmi-run.js')).runBcmi(opts));
}
