/**
 * `neuromusic compose --engine NAME`: a nervous-system engine composes a piece. The command is built around a small
 * registry: each engine brings its name, its own options and a `run`; the options every engine shares (length,
 * seed, output folder, report, parameter file, sample rate) are the command's. Adding an engine is one entry in
 * {@link COMPOSE_ENGINES}.
 */
import type { Command } from 'commander';
import type { ComposeEngine, ComposeOption } from './compose-engine.js';
import { jsonOption, outDirOption, fileOption, quietOption, reportOption, sampleRateOption, secondsOption, seedOption } from './common-options.js';
import { oneOf } from './options.js';
import { duetComposeEngine } from './compose-duet.js';
import { geneticComposeEngine } from './compose-genetic.js';
import { markovComposeEngine } from './compose-markov.js';
import { recombinantComposeEngine } from './compose-recombinant.js';
import { rulesComposeEngine } from './compose-rules.js';
import { nodalComposeEngine } from './compose-nodal.js';
import { wormComposeEngine } from './compose-worm.js';
import type { SharedOptions } from './command-options.js';

/** The registered engines. */
export const COMPOSE_ENGINES: ComposeEngine[] = [wormComposeEngine, nodalComposeEngine, duetComposeEngine, geneticComposeEngine, markovComposeEngine, rulesComposeEngine, recombinantComposeEngine];
/** The engine used when `--engine` is not given. */
export const DEFAULT_COMPOSE_ENGINE = 'worm';

/** The attribute name commander gives a flag: `--pitch-zone <z>` → `pitchZone`. */
export function optionKey(flags: string): string {
  const long = /--([a-z0-9-]+)/i.exec(flags)?.[1] ?? flags;
  return long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const DEFAULT_TEXT = /\s*\(default: (.*)\)$/;

/**
 * The help text of an option several engines declare: the first engine's words, and when their defaults differ,
 * each engine's default (`(default: worm "C# minor", duet "D minor")`).
 */
function sharedDescription(option: ComposeOption, users: string[], engines: ComposeEngine[]): string {
  if (users.length < 2) return option.description;
  const key = optionKey(option.flags);
  const defaults = users.map((name) => {
    const own = engines.find((e) => e.name === name)!.options.find((o) => optionKey(o.flags) === key)!;
    return DEFAULT_TEXT.exec(own.description)?.[1];
  });
  if (defaults.every((d) => d === defaults[0])) return option.description;
  return `${option.description.replace(DEFAULT_TEXT, '')} (default: ${users.map((u, i) => `${u} ${defaults[i] ?? 'none'}`).join(', ')})`;
}

export function registerCompose(program: Command, engines: ComposeEngine[] = COMPOSE_ENGINES, defaultEngine = DEFAULT_COMPOSE_ENGINE): void {
  const names = engines.map((e) => e.name);
  if (!names.includes(defaultEngine)) throw new Error(`the default compose engine "${defaultEngine}" is not registered`);
  const cmd = program
    .command('compose')
    .description('compose a piece with a simulated nervous system; writes audio, MIDI and (with --report) an HTML report')
    .option('--engine <name>', `engine: ${engines.map((e) => `${e.name} (${e.description})`).join('; ')}`, oneOf(names), defaultEngine)
    .addOption(secondsOption('length of the piece', 1, 3600, engines.filter((e) => e.defaultSeconds > 0).map((e) => `${e.name} ${e.defaultSeconds}`).join(', ')))
    .addOption(seedOption(1))
    .addOption(outDirOption('the audio and MIDI'))
    .addOption(reportOption())
    .addOption(fileOption('--params <file.json>', '.json', "read the engine's parameters from this JSON file (defaults fill the rest)"))
    .addOption(sampleRateOption())
    .option('--notation <format>', 'also write the piece as notation beside its MIDI: musicxml, mxl (compressed MusicXML) or ly (LilyPond) (default: none)', oneOf(['musicxml', 'mxl', 'ly']))
    .addOption(jsonOption('a summary'))
    .addOption(quietOption());
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
    const description = `${sharedDescription(option, users, engines)} [${users.join(', ')}]`;
    if (option.parse) cmd.option(option.flags, description, option.parse as (v: string, prev: unknown) => unknown);
    else cmd.option(option.flags, description);
  }
  cmd.action(async (opts: SharedOptions & Record<string, unknown>) => (await import('./compose-run.js')).runCompose(cmd, engines, owners, opts));
}
