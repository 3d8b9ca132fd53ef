#!/usr/bin/env node
/** The `neuromusic` command: parses, calls the library, presents. */
import { Command } from 'commander';
import { packageInfo } from '../node/package-info.js';
import { reportError } from './errors.js';
import { registerCompose } from './compose.js';
import { registerWorm } from './worm.js';
import { registerDance } from './dance.js';
import { registerAnalyze } from './analyze.js';
import { registerLearn } from './learn.js';
import { registerResonance } from './resonance.js';
import { registerBeats } from './beats.js';
import { registerGroove } from './groove.js';
import { registerRender } from './render.js';
import { registerInfo } from './info.js';
import { registerDemo } from './demo.js';
import { registerStudio } from './studio.js';

/** Commander's own usage errors, as one line that points at --help. */
const ONE_LINE_ERRORS = {
  outputError: (text: string, write: (s: string) => void) => write(`neuromusic: ${text.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
};

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('neuromusic')
    .description('Neural-dynamics music: simulated nervous systems compose, numerical neuroscience analyses.')
    .version(packageInfo().version, '-V, --version')
    .exitOverride()
    .configureOutput(ONE_LINE_ERRORS);
  // Listed in --help in this order: engines that compose, analyses, then tools.
  registerCompose(program);
  registerWorm(program);
  registerDance(program);
  registerAnalyze(program);
  registerLearn(program);
  registerResonance(program);
  registerBeats(program);
  registerGroove(program);
  registerRender(program);
  registerInfo(program);
  registerDemo(program);
  registerStudio(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(ONE_LINE_ERRORS);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
