/**
 * The markov, rules and recombinant composers and the critic, run as a user runs them: MIDI and WAV written and
 * read back, the JSON summaries, the reports, the errors.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMidi } from '../src/formats/midi.js';
import { decodeWav } from '../src/formats/wav.js';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';

const scratch = scratchDir('neuromusic-composers-');
afterAll(() => scratch.cleanup());

function composeJson(engine: string, extra: string[], folder = engine): Record<string, unknown> {
  const out = join(scratch.dir, folder);
  const r = runCli(['compose', '--engine', engine, '--out', out, '--report', join(out, `${engine}.html`), '--json', '-', '--seed', '4', ...extra], { timeoutMs: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.stdout) as Record<string, unknown>;
  const midi = readMidi(readFileSync(join(out, `${engine}.mid`)));
  expect(midi.notes.length).toBeGreaterThan(16);
  const wav = decodeWav(readFileSync(join(out, `${engine}.wav`)));
  expect(wav.channels[0]!.length).toBeGreaterThan(wav.sampleRate * 10);
  expect(readFileSync(join(out, `${engine}.html`), 'utf8')).toContain('<svg');
  return summary;
}

describe('compose with the corpus composers on the built-in corpus', () => {
  it('markov: writes the piece, the held-out table per order and the plagiarism check', () => {
    const s = composeJson('markov', ['--order', '2', '--bars', '8', '--key', 'G major']);
    expect(s['key']).toBe('G major');
    expect((s['evaluation'] as unknown[]).length).toBe(5);
    expect((s['longestCopiedRun'] as { notes: number }).notes).toBeGreaterThan(0);
    expect(typeof s['ruleViolations']).toBe('number');
  });
  it('rules: a melody the checker accepts, with chords', () => {
    const s = composeJson('rules', ['--bars', '8', '--harmonise']);
    expect(s['ruleViolations']).toBe(0);
    expect((s['chords'] as string[]).at(-1)).toBe('I');
    expect((s['search'] as { nodes: number }).nodes).toBeGreaterThan(0);
    const midi = readMidi(readFileSync(join(scratch.dir, 'rules', 'rules.mid')));
    expect(new Set(midi.notes.map((n) => n.voice)).size).toBe(2);
  });
  it('rules --species 1: a counterpoint above the cantus', () => {
    const s = composeJson('rules', ['--species', '1'], 'species');
    expect(s['ruleViolations']).toBe(0);
    expect((s['counterpoint'] as string[]).length).toBe(11);
  });
  it('recombinant: every segment with its source', () => {
    const s = composeJson('recombinant', ['--bars', '8']);
    const sources = s['sources'] as Array<{ source: string; sourceBar: number }>;
    expect(sources).toHaveLength(8);
    expect(sources.every((x) => x.source.startsWith('built-in: ') && x.sourceBar >= 1)).toBe(true);
  });
});

describe('errors', () => {
  it('an impossible rule set ends quickly with one clear line', () => {
    const rules = join(scratch.dir, 'impossible.json');
    writeFileSync(rules, JSON.stringify({ maxRange: 1 }));
    const t0 = Date.now();
    const r = runCli(['compose', '--engine', 'rules', '--params', rules, '--out', join(scratch.dir, 'imp')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /impossible\.json: no melody satisfies these rules/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
  it('a missing corpus folder, an empty one and a bad key', () => {
    expectOneLineError(runCli(['compose', '--engine', 'markov', '--corpus', join(scratch.dir, 'nope'), '--out', scratch.dir]).stderr, /nope: no such folder/);
    const empty = join(scratch.dir, 'empty');
    mkdirSync(empty, { recursive: true });
    expectOneLineError(runCli(['compose', '--engine', 'recombinant', '--corpus', empty, '--out', scratch.dir]).stderr, /empty: holds no score file/);
    expectOneLineError(runCli(['compose', '--engine', 'rules', '--key', 'H major', '--out', scratch.dir]).stderr, /--key: "H major" is not a key/);
    expectOneLineError(runCli(['compose', '--engine', 'markov', '--seconds', '10', '--out', scratch.dir]).stderr, /--seconds does not apply to --engine markov/);
    const broken = join(scratch.dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'bad.mid'), 'MThd not really');
    const r = runCli(['compose', '--engine', 'markov', '--corpus', broken, '--out', scratch.dir]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /bad\.mid/);
  });
});

describe('critique', () => {
  it('judges a piece the rules composer wrote: no violations', () => {
    const piece = join(scratch.dir, 'rules', 'rules.mid');
    if (!existsSync(piece)) composeJson('rules', ['--bars', '8']);
    const r = runCli(['critique', piece, '--json', '-', '--voice', '0', '--key', 'C major']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)['violations']).toBe(0);
  });
  it('places violations by bar and beat and writes a report', () => {
    const out = join(scratch.dir, 'critique.html');
    const r = runCli(['critique', join(scratch.dir, 'markov', 'markov.mid'), '--report', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/melody of \d+ notes/);
    expect(existsSync(out)).toBe(true);
  });
  it('refuses a missing file with one line', () => {
    const r = runCli(['critique', join(scratch.dir, 'missing.mid')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /missing\.mid/);
  });
});

describe.skipIf(!hasShared)('on the Swedish folk dances (../shared/data/corpus)', () => {
  it('markov learns from the folder and evaluates on a held-out folder', () => {
    const train = join(scratch.dir, 'train');
    const test = join(scratch.dir, 'test');
    mkdirSync(train, { recursive: true });
    mkdirSync(test, { recursive: true });
    const files = ['part1_no01', 'part1_no02', 'part1_no05', 'part1_no06', 'part1_no08', 'part1_no10', 'part1_no11', 'part1_no12'].map((f) => `swedish_folk_dance_1814_${f}.mid`);
    files.slice(0, 6).forEach((f) => copyFileSync(sharedData('corpus', f), join(train, f)));
    files.slice(6).forEach((f) => copyFileSync(sharedData('corpus', f), join(test, f)));
    const r = runCli(['compose', '--engine', 'markov', '--corpus', train, '--held-out', test, '--out', join(scratch.dir, 'sw'), '--json', '-', '--bars', '8']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { heldOut: string; evaluation: Array<{ heldOutBits: number }> };
    expect(s.heldOut).toContain('test');
    expect(s.evaluation).toHaveLength(5);
  });
  it('critique runs on a polyphonic dance and reads the upper staff', () => {
    const r = runCli(['critique', sharedData('corpus', 'swedish_folk_dance_1814_part1_no02.mid'), '--json', '-']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { voice: number; notes: number };
    expect(s.voice).toBe(0);
    expect(s.notes).toBeGreaterThan(100);
  });
});
