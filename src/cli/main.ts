#!/usr/bin/env node
/**
 * The `neuromusic` command: parses, calls the library, presents. Only the options are declared here and in the
 * per-command registration files; each command loads its implementation (and the library behind it) with a dynamic
 * import when it runs, so `neuromusic --help` and `--version` answer at once.
 */
import { Command, CommanderError } from 'commander';
import { packageInfo } from '../node/package-info.js';
import { registerCompose } from './compose.js';
import { registerCritique } from './critique.js';
import { registerWorm } from './worm.js';
import { registerDance } from './dance.js';
import { registerAnalyze } from './analyze.js';
import { registerLearn } from './learn.js';
import { registerResonance } from './resonance.js';
import { registerBeats } from './beats.js';
import { registerBeatsEval } from './beats-eval.js';
import { registerGroove } from './groove.js';
import { registerSurrogate } from './surrogate.js';
import { registerEeg } from './eeg.js';
import { registerBcmi } from './bcmi.js';
import { registerStimulus } from './stimulus.js';
import { registerRender } from './render.js';
import { registerNotate } from './notate.js';
import { registerInfo } from './info.js';
import { registerDemo } from './demo.js';
import { registerStudio } from './studio.js';
import { registerSweep } from './sweep.js';
import { registerWorker } from './worker.js';

/** Commander's own usage errors, as one line that points at --help. */
const ONE_LINE_ERRORS = {
  outputError: (text: string, write: (s: string) => void) => write(`neuromusic: ${text.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
};

/**
 * Set to "TypeError" or "RangeError", makes every command throw that error before it starts: the tests use it to
 * check how an internal error is reported. Not documented for users.
 */
const FORCED_ERROR_VARIABLE = 'NEUROMUSIC_TEST_FORCE_ERROR';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('neuromusic')
    .description('Neural-dynamics music: simulated nervous systems compose, numerical neuroscience analyses.')
    .version(packageInfo().version, '-V, --version')
    .option('--debug', 'on an error, print the stack trace too (for bug reports)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput(ONE_LINE_ERRORS);
  // Listed in --help in this order: engines that compose, analyses, then tools.
  registerCompose(program);
  registerCritique(program);
  registerWorm(program);
  registerDance(program);
  registerAnalyze(program);
  registerLearn(program);
  registerResonance(program);
  registerBeats(program);
  registerBeatsEval(program);
  registerGroove(program);
  registerSurrogate(program);
  registerEeg(program);
  registerBcmi(program);
  registerStimulus(program);
  registerRender(program);
  registerNotate(program);
  registerInfo(program);
  registerDemo(program);
  registerStudio(program);
  registerSweep(program);
  registerWorker(program);
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(ONE_LINE_ERRORS);
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  program.hook('preAction', () => {
    const forced = process.env[FORCED_ERROR_VARIABLE];
    if (forced === 'TypeError') throw new TypeError('forced for a test: cannot read properties of undefined');
    if (forced === 'RangeError') throw new RangeError('forced for a test: index out of range');
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) return 0;
    // Loaded only on failure: it brings the library's error classes (and zod) with it.
    const { reportError } = await import('./errors.js');
    return reportError(err);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
