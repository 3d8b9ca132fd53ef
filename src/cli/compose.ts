/**
 * `neuromusic compose --engine NAME`: a nervous-system engine composes a piece. The command is built around a small
 * registry: each engine brings its name, its own options and a `run`; the options every engine shares (length,
 * seed, output folder, report, parameter file, sample rate) are the command's. Adding an engine is one entry in
 * {@link COMPOSE_ENGINES}.
 */
import type { Command } from 'commander';
import { ensureDirectory, prepareOutput } from '../node/files.js';
import { packageInfo } from '../node/package-info.js';
import type { ComposeContext, ComposeEngine, ComposeOption } from './compose-engine.js';
import { UsageError } from './errors.js';
import { numberIn, oneOf, seedOption } from './options.js';
import { emitJson, say } from './output.js';
import { nodalComposeEngine } from './compose-nodal.js';
import { wormComposeEngine } from './compose-worm.js';

/** The registered engines. */
export const COMPOSE_ENGINES: ComposeEngine[] = [wormComposeEngine, nodalComposeEngine];
/** The engine used when `--engine` is not given. */
export const DEFAULT_COMPOSE_ENGINE = 'worm';

/** The attribute name commander gives a flag: `--pitch-zone <z>` → `pitchZone`. */
export function optionKey(flags: string): string {
  const long = /--([a-z0-9-]+)/i.exec(flags)?.[1] ?? flags;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

interface SharedOptions {
  engine: string;
  seconds?: number;
  seed: number;
  out: string;
  report?: string;
  params?: string;
  sr: number;
  quiet?: boolean;
  json?: string | boolean;
}

export function registerCompose(program: Command, engines: ComposeEngine[] = COMPOSE_ENGINES, defaultEngine = DEFAULT_COMPOSE_ENGINE): void {
  const names = engines.map((e) => e.name);
  if (!names.includes(defaultEngine)) throw new Error(`the default compose engine "${defaultEngine}" is not registered`);
  const cmd = program
    .command('compose')
    .description('compose a piece with a simulated nervous system; writes audio, MIDI and (with --report) an HTML report')
    .option('--engine <name>', `engine: ${engines.map((e) => `${e.name} (${e.description})`).join('; ')}`, oneOf(names), defaultEngine)
    .option('--seconds <s>', `length of the piece in seconds (default: ${engines.map((e) => `${e.name} ${e.defaultSeconds}`).join(', ')})`, numberIn(1, 3600))
    .option('--seed <n>', 'random seed: the same seed gives the same piece', seedOption, 1)
    .option('--out <dir>', 'output folder', 'out')
    .option('--report <file.html>', 'write an HTML report of the run')
    .option('--params <file.json>', "a JSON file of the engine's parameters (defaults fill the rest)")
    .option('--sr <hz>', 'sample rate of the audio', numberIn(8000, 192000, { integer: true }), 44100)
    .option('--json [file]', 'print a JSON summary (or write it to a file)')
    .option('-q, --quiet', 'no progress bars');
  // Engine options: declared once even when several engines share a flag; each says which engines use it.
  const owners = new Map<string, { option: ComposeOption; engines: string[] }>();
  for (const e of engines) {
    for (const o of e.options) {
      const key = optionKey(o.flags);
      const seen = owners.get(key);
      if (seen) seen.engines.push(e.name);
      else owners.set(key, { option: o, engines: [e.name] });
    }
  }
  for (const { option, engines: users } of owners.values()) {
    const description = `${option.description} [${users.join(', ')}]`;
    if (option.parse) cmd.option(option.flags, description, option.parse as (v: string, prev: unknown) => unknown);
    else cmd.option(option.flags, description);
  }
  cmd.action(async (opts: SharedOptions & Record<string, unknown>) => {
    const engine = engines.find((e) => e.name === opts.engine)!;
    const mine = new Set(engine.options.map((o) => optionKey(o.flags)));
    const given: Record<string, unknown> = {};
    for (const [key, { option }] of owners) {
      if (cmd.getOptionValueSource(key) !== 'cli') continue;
      if (!mine.has(key)) throw new UsageError(`${/--[a-z0-9-]+/i.exec(option.flags)?.[0]} does not apply to --engine ${engine.name}`);
      given[key] = opts[key];
    }
    if (opts.report !== undefined && !opts.report.toLowerCase().endsWith('.html')) throw new UsageError(`--report must name an .html file, got "${opts.report}"`);
    ensureDirectory(opts.out);
    if (opts.report) prepareOutput(opts.report);
    const context: ComposeContext = {
      seconds: opts.seconds ?? engine.defaultSeconds,
      seed: opts.seed,
      outDir: opts.out,
      ...(opts.report ? { report: opts.report } : {}),
      ...(opts.params ? { paramsPath: opts.params } : {}),
      sampleRate: opts.sr,
      quiet: Boolean(opts.quiet) || opts.json === true,
      commandLine: ['neuromusic', ...process.argv.slice(2)].join(' '),
      version: packageInfo().version,
    };
    const result = await engine.run(context, given);
    if (opts.json !== undefined) emitJson(opts.json, { engine: engine.name, files: result.files, ...result.summary });
    if (opts.json !== true) say(...result.lines);
  });
}
