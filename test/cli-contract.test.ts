/**
 * The CLI's contract, across commands: user mistakes exit 2 with one line, our bugs exit 1 as "internal error" with
 * the stack only under --debug; every option that takes a value shows its default in --help; the options shared by
 * several commands read the same everywhere; and --help / --version load no library code.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cliPath, expectOneLineError, helpOptions, runCli, scratchDir } from './helpers/cli.js';
import { RESONANCE_EXPERIMENTS } from '../src/engines/resonance/experiments/index.js';
import { DEFAULT_COMPOSE_COMMAND } from '../src/engines/worm/play/compose.js';
import { DEFAULT_ASHLE } from '../src/dynamics/params.js';
import { RESONANCE_EXPERIMENT_NAMES } from '../src/cli/command-options.js';
import { WORM_COMPOSE_DEFAULT_COMMAND } from '../src/cli/compose-worm.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

const COMMANDS = [['compose'], ['worm', 'simulate'], ['dance'], ['analyze'], ['learn'], ['resonance'], ['beats'], ['beats-eval'], ['groove'], ['eeg'], ['bcmi'], ['stimulus'], ['render'], ['info'], ['demo'], ['studio']];

describe('errors: the user’s mistakes and our bugs', () => {
  it('a user mistake is one line and exit 2', () => {
    const r = runCli(['info', join(dir, 'missing.mid')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /missing\.mid: cannot read: no such file or directory/);
    const bad = runCli(['render', '--sr', 'fast']);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr, /--sr <hz>.*must be a number, got "fast"/);
  });

  for (const kind of ['TypeError', 'RangeError']) {
    it(`an internal ${kind} is exit 1, "internal error", no stack; --debug adds the stack`, () => {
      const r = runCli(['info'], { env: { NEUROMUSIC_TEST_FORCE_ERROR: kind } });
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, new RegExp(`^neuromusic: internal error: ${kind}: forced for a test.*\\(run with --debug for details and report it\\)$`));
      expect(r.stdout).toBe('');
      const debug = runCli(['info', '--debug'], { env: { NEUROMUSIC_TEST_FORCE_ERROR: kind } });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(/internal error/);
      expect(debug.stderr).toMatch(/\n\s+at .*main\.js/);
    });
  }

  it('takes --debug before the command and NEUROMUSIC_DEBUG=1 too', () => {
    const before = runCli(['--debug', 'info'], { env: { NEUROMUSIC_TEST_FORCE_ERROR: 'TypeError' } });
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/\n\s+at /);
    const env = runCli(['info'], { env: { NEUROMUSIC_TEST_FORCE_ERROR: 'TypeError', NEUROMUSIC_DEBUG: '1' } });
    expect(env.stderr).toMatch(/\n\s+at /);
  });
});

describe('one vocabulary', () => {
  /** Options that name a file or a choice written only when asked for: no default to show. */
  const NO_DEFAULT = /^(--json|--report|--svg|--csv|--wcon|-o, --output|--params|--contour|--layout|--connectome|--write-edf|--second-piece|--play|--out <dir>.*learn)/;

  for (const args of COMMANDS) {
    it(`${args.join(' ')} --help shows the default of every option that takes a value`, () => {
      for (const o of helpOptions(args)) {
        if (!/[<[]/.test(o.flags) || o.flags.startsWith('-h,')) continue;
        if (NO_DEFAULT.test(o.flags) || (args[0] === 'learn' && o.flags.startsWith('--out'))) continue;
        if (args[0] === 'beats-eval' && /^--(out|midi) /.test(o.flags)) continue; // opt-in: files kept, files added
        expect(o.description, `${args.join(' ')} ${o.flags}`).toMatch(/\(default: .+\)/);
      }
    });
  }

  it('declares the shared options alike in every command', () => {
    const seen = new Map<string, string>();
    for (const args of COMMANDS) {
      for (const o of helpOptions(args)) {
        const flag = /--[a-z-]+/.exec(o.flags)![0];
        if (!['--json', '--quiet', '--out', '--report', '--sr'].includes(flag)) continue;
        if ((args[0] === 'learn' || args[0] === 'beats-eval') && flag === '--out') continue; // opt-in there: it only adds files
        const shape = `${o.flags} ${o.description.replace(/ \(default: .*\)$/, '').replace(/^(write|print|folder to write) .*? (as JSON|into)/, '$1 … $2')}`;
        if (flag === '--report' || flag === '--json' || flag === '--out') {
          expect(o.flags).toBe({ '--report': '--report <file.html>', '--json': '--json [file.json]', '--out': '--out <dir>' }[flag]);
        } else {
          expect(seen.get(flag) ?? shape, `${args.join(' ')} ${flag}`).toBe(shape);
          seen.set(flag, shape);
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual(['--quiet', '--sr']);
  });

  it('uses --seconds for a length, agar as the default medium, and a folder (default out) for --out', () => {
    const resonance = helpOptions(['resonance']).map((o) => o.flags);
    expect(resonance).toContain('--seconds <s>');
    expect(resonance).not.toContain('--duration <s>');
    for (const args of [['compose'], ['worm', 'simulate'], ['dance']]) {
      const env = helpOptions(args).find((o) => o.flags.startsWith('--env'))!;
      expect(env.description, args.join(' ')).toMatch(/\(default: agar\)/);
    }
    for (const args of [['compose'], ['dance'], ['groove'], ['render'], ['demo']]) {
      expect(helpOptions(args).find((o) => o.flags === '--out <dir>')!.description, args.join(' ')).toMatch(/\(default: "out"\)/);
    }
  });

  it('keeps --duration working, hidden, as the old name of resonance --seconds', () => {
    const r = runCli(['resonance', 'metronome', '--duration', '4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).experiment).toBe('metronome');
  });

  it('refuses output files with the wrong extension before any work', () => {
    const cases: Array<[string[], RegExp]> = [
      [['resonance', 'hopf', '--svg', join(dir, 'x.png')], /--svg <file\.svg>.*must end in \.svg/],
      [['beats', join(dir, 'x.wav'), '--csv', join(dir, 'x.txt')], /--csv <file\.csv>.*must end in \.csv/],
      [['info', '--json', join(dir, 'x.txt')], /--json \[file\.json\].*must end in \.json/],
      [['render', '-o', join(dir, 'x.mp3')], /--output <file\.wav>.*must end in \.wav/],
      [['worm', 'simulate', '--wcon', join(dir, 'x.json')], /--wcon <file\.wcon>.*must end in \.wcon/],
    ];
    for (const [args, pattern] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
  });

  it('shows the library’s own defaults where the CLI repeats them', () => {
    expect([...RESONANCE_EXPERIMENT_NAMES]).toEqual(Object.keys(RESONANCE_EXPERIMENTS));
    expect(WORM_COMPOSE_DEFAULT_COMMAND).toBe(DEFAULT_COMPOSE_COMMAND);
    const resonance = helpOptions(['resonance']);
    const shown = (flag: string): string => /\(default: (.*)\)/.exec(resonance.find((o) => o.flags.startsWith(flag))!.description)![1]!;
    expect(shown('--f0')).toBe(String(DEFAULT_ASHLE.spontaneousHz));
    expect(shown('--lambda1')).toBe(String(DEFAULT_ASHLE.lambda1));
    expect(shown('--lambda2')).toBe(String(DEFAULT_ASHLE.lambda2));
    expect(shown('--gamma')).toBe(String(DEFAULT_ASHLE.gamma));
  });
});

describe('start-up', () => {
  /** The files `main.js` loads before any command runs: its static imports, followed within dist/. */
  function staticGraph(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?!type\b)[^'"]*?['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else seen.add(spec);
      }
    };
    visit(entry);
    return [...seen];
  }

  it.skipIf(!existsSync(cliPath))('--help and --version load commander and the option declarations only', () => {
    const graph = staticGraph(cliPath);
    expect(graph).toContain('commander');
    // Option vocabularies that parse only (no DSP, no model) may be read at declaration time: `--instrument`.
    const parseOnly = /[/\\]synth[/\\](instrument|organ-settings)\.js$/;
    const heavy = graph.filter((f) => !parseOnly.test(f) && /[/\\](engines|analysis|learn|synth|dynamics|report|formats|score)[/\\]|^zod$|^cli-progress$|-run\.js$/.test(f));
    expect(heavy).toEqual([]);
  });
});

describe('the bin', () => {
  it('is executable after the build, so `npx neuromusic` runs it in a fresh clone', () => {
    expect(statSync(cliPath).mode & 0o111).toBe(0o111);
    expect(readFileSync(cliPath, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
