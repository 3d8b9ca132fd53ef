/** `neuromusic resonance <experiment>`: the options; the work is in resonance-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import { jsonOption, fileOption, quietOption, reportOption, seedOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';
import { RESONANCE_EXPERIMENT_NAMES, type ResonanceCliOptions, type ResonanceExperimentChoice } from './command-options.js';

/**
 * An experiment option whose default depends on the experiment: the help shows each (the experiments' own defaults,
 * src/engines/resonance/experiments/*.ts; a test checks them against the results).
 */
function tuning(flags: string, description: string, parse: (v: string) => number, defaults: string): Option {
  return new Option(flags, `${description} (default: ${defaults})`).argParser(parse);
}

export function registerResonance(program: Command): void {
  program
    .command('resonance')
    .description('run a neural-resonance experiment: hopf, metronome, detect, consonance or population')
    .argument('<experiment>', `one of ${RESONANCE_EXPERIMENT_NAMES.join(', ')}`, oneOf(RESONANCE_EXPERIMENT_NAMES))
    .addOption(seedOption(1, 'the noise and the simulated subjects'))
    .addOption(jsonOption('the results'))
    .addOption(reportOption('an HTML report with the plots and numbers'))
    .addOption(fileOption('--svg <file.svg>', '.svg', 'write the plots as one SVG picture'))
    .addOption(tuning('--tempo <hz>', 'metronome / population: metronome frequency, Hz (0.2–20)', numberIn(0.2, 20), 'metronome 2.2, population 2.4'))
    .addOption(tuning('--f0 <hz>', 'metronome: spontaneous rate of ASHLE, Hz (0.2–20)', numberIn(0.2, 20), '2'))
    .addOption(tuning('--lambda1 <x>', 'metronome: Hebbian frequency-learning rate λ1 (0–100)', numberIn(0, 100), '0.5'))
    .addOption(tuning('--lambda2 <x>', 'metronome: elasticity λ2 (0–100)', numberIn(0, 100), '2'))
    .addOption(tuning('--gamma <x>', 'metronome: sensory elasticity γ (0–100)', numberIn(0, 100), '0.01'))
    .addOption(tuning('--seconds <s>', 'metronome / detect / population: simulated time, seconds (2–600)', numberIn(2, 600), 'metronome 20, detect 40, population 30'))
    .addOption(new Option('--duration <s>', 'the old name of --seconds').argParser(numberIn(2, 600)).hideHelp())
    .addOption(tuning('--pulse <hz>', 'detect: pulse frequency, Hz (0.5–2, so that 4 harmonics fit the bank)', numberIn(0.5, 2), '2'))
    .addOption(tuning('--epsilon <x>', 'consonance: ε of the coupling nonlinearity (0.01–0.95)', numberIn(0.01, 0.95), '0.5'))
    .addOption(tuning('--coupling <x>', 'consonance: coupling strength (0–10)', numberIn(0, 10), '0.5'))
    .addOption(tuning('--noise <x>', 'consonance / population: noise amplitude (0–10)', numberIn(0, 10), 'consonance 0.15, population 0.5'))
    .addOption(tuning('--per-group <n>', 'population: subjects per group (2–1000)', numberIn(2, 1000, { integer: true }), '50'))
    .addOption(quietOption())
    .action(async (name: ResonanceExperimentChoice, opts: ResonanceCliOptions) => (await import('./resonance-run.js')).runResonance(name, opts));
}
