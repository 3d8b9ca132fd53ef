/** `neuromusic eeg <input>`: the options; the work is in eeg-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { fileOption, jsonOption, secondsOption, seedOption } from './common-options.js';
import { DEFAULT_BASELINE_SECONDS, parseEegSource, type EegSource } from './eeg-source.js';
import { numberIn } from './options.js';
import type { EegCliOptions } from './command-options.js';

export function registerEeg(program: Command): void {
  program
    .command('eeg')
    .description('describe an EEG recording (an EDF file or the EEG twin): header, channels and the EPOC positions they serve, annotations, biomarkers per segment; write it as EDF+')
    .argument('<input>', 'a file.edf, twin:STATE (neutral, stressed, focused, relaxed, meditative) or twin:"neutral 10s, relaxed 30s"', parseEegSource)
    .addOption(secondsOption('length of the twin\'s recording (a file is cut to it)', 1, 3600, 'the script\'s, 60 for one state, a file\'s own'))
    .addOption(seedOption(1, "the EEG twin's signals"))
    .option('--baseline <s>', "seconds of baseline: the twin's neutral calibration before its script, or a file's first seconds (3–600)", numberIn(3, 600), DEFAULT_BASELINE_SECONDS)
    .addOption(fileOption('--write-edf <file.edf>', '.edf', 'write the recording as EDF+ (the twin with its calibration; a file as its 14 EPOC positions at 128 Hz)'))
    .addOption(jsonOption('the description'))
    .action(async (input: EegSource, opts: EegCliOptions) => (await import('./eeg-run.js')).runEeg(input, opts));
}
