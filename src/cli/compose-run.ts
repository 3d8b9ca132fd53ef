/** Runs `neuromusic compose`: checks the shared and engine options, prepares the outputs, runs the engine, presents. */
import type { Command } from 'commander';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import type { ComposeContext, ComposeEngine, ComposeOption } from './compose-engine.js';
import type { SharedOptions } from './command-options.js';
import { jsonTarget } from './common-options.js';
import { UsageError } from './errors.js';
import { emitJson, say } from './output.js';

/** `owners`: each engine option's key, its declaration and the engines that take it. */
export async function runCompose(cmd: Command, engines: ComposeEngine[], owners: Map<string, { option: ComposeOption; engines: string[] }>, opts: SharedOptions & Record<string, unknown>): Promise<void> {
  const engine = engines.find((e) => e.name === opts.engine)!;
  const given: Record<string, unknown> = {};
  for (const [key, { option, engines: users }] of owners) {
    if (cmd.getOptionValueSource(key) !== 'cli') continue;
    if (!users.includes(engine.name)) throw new UsageError(`${/--[a-z0-9-]+/i.exec(option.flags)?.[0]} does not apply to --engine ${engine.name}`);
    given[key] = opts[key];
  }
  ensureDirectory(opts.out);
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const context: ComposeContext = {
    seconds: opts.seconds ?? engine.defaultSeconds,
    secondsGiven: opts.seconds !== undefined,
    seed: opts.seed,
    outDir: opts.out,
    ...(opts.report ? { report: opts.report } : {}),
    ...(opts.params ? { paramsPath: opts.params } : {}),
    sampleRate: opts.sr,
    quiet: Boolean(opts.quiet) || jsonTarget(opts.json) === 'stdout',
    commandLine: ['neuromusic', ...process.argv.slice(2)].join(' '),
    version: packageInfo().version,
    outputs,
  };
  let result;
  let notationLines: string[] = [];
  try {
    result = await engine.run(context, given);
    // Notation is made from the MIDI the engine staged, so it is the same piece for every engine, and it is
    // published with the engine's files or not at all.
    if (opts['notation']) notationLines = (await import('./compose-notation.js')).stageNotationBeside(result.files, opts['notation'] as 'musicxml' | 'mxl' | 'ly', outputs);
  } catch (err) {
    outputs.discard();
    throw err;
  }
  if (opts.json !== undefined) emitJson(opts.json, { engine: engine.name, files: result.files, ...result.summary }, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) !== 'stdout') say(...result.lines, ...notationLines);
}
