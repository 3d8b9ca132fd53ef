/** The `resonance` command, run as a user would. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { expectOneLineError } from './helpers/one-line-error.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

describe('neuromusic resonance', () => {
  it('lists the experiments in its help', () => {
    const r = runCli(['resonance', '--help']);
    expect(r.code).toBe(0);
    for (const name of ['hopf', 'metronome', 'detect', 'consonance', 'population']) expect(r.stdout).toContain(name);
  });

  it('detect finds the 2 Hz pulse and writes JSON, an SVG picture and an HTML report', () => {
    const json = join(dir, 'detect.json');
    const svg = join(dir, 'detect.svg');
    const html = join(dir, 'detect.html');
    const r = runCli(['resonance', 'detect', '--seconds', '30', '--json', json, '--svg', svg, '--report', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/detected pulse frequency/);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    expect(data.experiment).toBe('detect');
    expect(Math.abs(data.detectedHz - 2)).toBeLessThan(0.01);
    expect(data.profile).toHaveLength(30);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(html, 'utf8')).toMatch(/<svg[\s\S]*natural frequency/);
  });

  it('metronome prints JSON to stdout with --json and follows its options', () => {
    const r = runCli(['resonance', 'metronome', '--tempo', '2.1', '--seconds', '10', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.tempoHz).toBe(2.1);
    expect(data.plvSecondHalf).toBeGreaterThan(0.99);
    expect(data.sweep).toHaveLength(7);
  });

  it('population is reproducible for a seed', () => {
    const args = ['resonance', 'population', '--per-group', '4', '--seconds', '6', '--json'];
    const a = JSON.parse(runCli([...args, '--seed', '5']).stdout);
    const b = JSON.parse(runCli([...args, '--seed', '5']).stdout);
    expect(a.subjects).toEqual(b.subjects);
    expect(a.subjects).toHaveLength(8);
    expect(a.tTest.p).toBeGreaterThan(0);
    expect(a.tTest.p).toBeLessThanOrEqual(1);
  });

  it('refuses unknown experiments, misplaced options and out-of-range values with one line and exit 2', () => {
    const unknown = runCli(['resonance', 'lorenz']);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr, /must be one of hopf, metronome, detect, consonance, population/);
    const misplaced = runCli(['resonance', 'hopf', '--epsilon', '0.5']);
    expect(misplaced.code).toBe(2);
    expectOneLineError(misplaced.stderr, /--epsilon applies to consonance, not to hopf/);
    const range = runCli(['resonance', 'consonance', '--epsilon', '3']);
    expect(range.code).toBe(2);
    expectOneLineError(range.stderr, /between 0.01 and 0.95/);
  });

  it('fails with exit 2 and writes nothing when the report cannot be written', () => {
    const blocker = join(dir, 'detect.json'); // a file, used as a folder
    const r = runCli(['resonance', 'detect', '--seconds', '4', '--report', join(blocker, 'r.html')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /r\.html/);
    expect(existsSync(join(blocker, 'r.html'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
