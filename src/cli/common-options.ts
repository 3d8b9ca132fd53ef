/**
 * The options many commands share, each declared once — flags, description, parser with its range check, default —
 * so that `--json`, `--quiet`, `--out`, `--seed`, `--report`, `--sr` and `--seconds` mean the same in every command
 * and every `--help` shows the same words. This module loads nothing but commander: `neuromusic --help` stays fast.
 */
import { InvalidArgumentError, Option } from 'commander';
import { numberIn } from './options.js';
import { parseInstrument, type Instrument } from '../synth/instrument.js';

/** The output folder every command that writes several files uses when --out is not given. */
export const DEFAULT_OUT_DIR = 'out';
/** The sample rate of every WAV the commands write, unless --sr says otherwise. */
export const DEFAULT_SAMPLE_RATE = 44100;

/** A parser for a file name that must end in `extension` (".html"): catches `--report out.txt` before any work. */
export function fileWithExtension(extension: string): (value: string) => string {
  return (value: string): string => {
    if (value.trim() === '' || !value.toLowerCase().endsWith(extension)) throw new InvalidArgumentError(`the file name must end in ${extension}, got "${value}".`);
    return value;
  };
}

/** `--json [file.json]`: JSON on stdout, or in a file (`-` is stdout too). */
export function jsonOption(what = 'a JSON summary'): Option {
  const parse = fileWithExtension('.json');
  return new Option('--json [file.json]', `print ${what} as JSON on stdout instead of text, or write it to file.json`).argParser((v: string) => (v === '-' ? v : parse(v)));
}

/** Where `--json` sends its text: stdout (`true` or `-`), a file, or nowhere. */
export function jsonTarget(json: string | boolean | undefined): 'stdout' | 'file' | 'none' {
  if (json === true || json === '-') return 'stdout';
  return typeof json === 'string' ? 'file' : 'none';
}

/** `-q, --quiet`: no progress bars (they go to stderr, and only when it is a terminal). */
export function quietOption(): Option {
  return new Option('-q, --quiet', 'no progress bars on stderr');
}

/** `--out <dir>`: the output folder, created when missing. */
export function outDirOption(what = 'the files'): Option {
  return new Option('--out <dir>', `folder to write ${what} into (created when missing)`).default(DEFAULT_OUT_DIR);
}

/** Seeds are whole numbers 0 … 2^32 − 1; the same seed gives the same result. */
export function seedOption(defaultSeed: number, what = 'every random choice'): Option {
  return new Option('--seed <n>', `seed of ${what} (a whole number; the same seed gives the same result)`).argParser(numberIn(0, 2 ** 32 - 1, { integer: true })).default(defaultSeed);
}

/** `--report <file.html>`: a self-contained HTML report. */
export function reportOption(what = 'an HTML report of the run'): Option {
  return new Option('--report <file.html>', `write ${what}`).argParser(fileWithExtension('.html'));
}

/** `--sr <hz>`: the sample rate of the audio written. */
export function sampleRateOption(): Option {
  return new Option('--sr <hz>', 'sample rate of the WAV audio written, Hz (8000–192000)').argParser(numberIn(8000, 192000, { integer: true })).default(DEFAULT_SAMPLE_RATE);
}

/**
 * `--seconds <s>`: a length in seconds within [min, max]. `defaultSeconds` may be a text when it depends on another
 * option (the help shows it; the option is then undefined unless given).
 */
export function secondsOption(what: string, min: number, max: number, defaultSeconds?: number | string): Option {
  const option = new Option('--seconds <s>', `${what}, seconds (${min}–${max})${typeof defaultSeconds === 'string' ? ` (default: ${defaultSeconds})` : ''}`).argParser(numberIn(min, max));
  return typeof defaultSeconds === 'number' ? option.default(defaultSeconds) : option;
}

/** A file option with a required extension, e.g. `--svg <file.svg>` or `--params <file.json>`. */
export function fileOption(flags: string, extension: string, description: string): Option {
  return new Option(flags, description).argParser(fileWithExtension(extension));
}

/** Parses `--instrument` (see {@link instrumentOption}); a bad value is a usage error naming the accepted forms. */
export function parseInstrumentOption(value: string): Instrument {
  try {
    return parseInstrument(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** What `--instrument` says in every command's help. */
export const INSTRUMENT_HELP =
  "instrument of the WAV: piano (the modal piano), organ[:REGISTRATION[:OPTIONS]] (the additive organ: nine drawbar digits such as 888000000; options perc2|perc3, fast|slow, soft, noperc, click=0…1, v1–v3|c1–c3, novib) or sf2[:FILE.sf2[:PROGRAM]] (a SoundFont; Debian's FluidR3 General MIDI font by default)";

/** `--instrument <spec>`: what renders the WAV (the modal piano unless given). */
export function instrumentOption(): Option {
  return new Option('--instrument <spec>', `${INSTRUMENT_HELP} (default: piano)`).argParser(parseInstrumentOption);
}

/** The environments of the worm: water, agar, or a drag ratio C⊥/C∥ (the worm engine converts it to a medium). */
export type EnvironmentChoice = { label: 'water' | 'agar' } | { label: string; dragRatio: number };

/** The default environment of every command with --env. */
export const DEFAULT_ENVIRONMENT: EnvironmentChoice = { label: 'agar' };

/** Parses `--env`: water, agar or a drag ratio within the model's 1.6 (water) … 40 (agar). */
export function parseEnvironment(value: string): EnvironmentChoice {
  const key = value.trim().toLowerCase();
  if (key === 'water' || key === 'agar') return { label: key };
  const ratio = Number(value);
  if (value.trim() === '' || !Number.isFinite(ratio)) throw new InvalidArgumentError(`must be water, agar or a drag ratio such as 10, got "${value}".`);
  return { label: `drag ratio ${ratio}`, dragRatio: ratio };
}

/** `--env <env>`: the worm's medium, agar by default everywhere. */
export function environmentOption(): Option {
  return new Option('--env <env>', 'the medium the worm moves in: water, agar, or a drag ratio C⊥/C∥ from 1.6 (water) to 40 (agar)')
    .argParser(parseEnvironment)
    .default(DEFAULT_ENVIRONMENT, 'agar');
}
