import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { wconSchemaValidator } from './helpers/wcon-schema.js';
import { readWcon } from '../src/formats/wcon.js';

const { dir, cleanup } = scratchDir('neuromusic-worm-');
afterAll(cleanup);

describe('neuromusic worm simulate', () => {
  it('prints help listing its options', () => {
    const r = runCli(['worm', 'simulate', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--seconds', '--env', '--command', '--muscles', '--connectome', '--wcon', '--json', '--report', '--seed']) expect(r.stdout).toContain(opt);
  });

  it('simulates, summarises as JSON, and writes WCON and an HTML report', () => {
    const wcon = join(dir, 'out', 'worm.wcon');
    const report = join(dir, 'out', 'worm.html');
    const json = join(dir, 'out', 'worm.json');
    const r = runCli(['worm', 'simulate', '--seconds', '8', '--env', 'agar', '--command', 'forward 5s, reverse', '--wcon', wcon, '--report', report, '--json', json, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. forward .* head-to-tail/);
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.environment).toEqual({ label: 'agar', medium: 1 });
    expect(summary.summary.segments.map((s: { action: string }) => s.action)).toEqual(['forward', 'reverse']);
    expect(summary.summary.segments[0].waveDirection).toBe('head-to-tail');
    const doc = readWcon(readFileSync(wcon, 'utf8'), wcon);
    expect(doc.tracks[0]!.t.length).toBe(8 * 25 + 1);
    expect(doc.tracks[0]!.x[0]).toHaveLength(49);
    const html = readFileSync(report, 'utf8');
    for (const heading of ['Kymograph', 'Trajectory', 'Undulation spectrum', 'Body-wall muscles']) expect(html).toContain(heading);
  });

  it.skipIf(!hasShared)('writes WCON that validates against the official schema', () => {
    const wcon = join(dir, 'schema.wcon');
    const r = runCli(['worm', 'simulate', '--seconds', '1', '--wcon', wcon, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const validate = wconSchemaValidator();
    expect(validate(JSON.parse(readFileSync(wcon, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('runs Hodgkin–Huxley muscles and reports their refractory period', () => {
    const r = runCli(['worm', 'simulate', '--seconds', '2', '--muscles', 'hh', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.muscles).toBe('hh');
    expect(out.muscleRefractoryMs).toBeGreaterThan(45);
    expect(out.muscleRefractoryMs).toBeLessThan(90);
  });

  it.skipIf(!hasShared)('runs the whole nervous system from a connectome file', () => {
    const r = runCli(['worm', 'simulate', '--seconds', '2', '--connectome', sharedData('connectome', 'herm_full_edgelist.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).circuit).toMatch(/300 neurons/);
  });

  it('gives the same run for the same seed', () => {
    const a = runCli(['worm', 'simulate', '--seconds', '1', '--json', '--seed', '5']);
    const b = runCli(['worm', 'simulate', '--seconds', '1', '--json', '--seed', '5']);
    const strip = (s: string) => { const j = JSON.parse(s); delete j.summary.wallSeconds; delete j.summary.realTimeFactor; return j; };
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
  });

  it('refuses bad options with one line and exit 2', () => {
    let r = runCli(['worm', 'simulate', '--env', 'honey']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--env.*must be water, agar or a drag ratio/);
    r = runCli(['worm', 'simulate', '--env', '100']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /drag ratio must lie between 1\.58 \(water\) and 40 \(agar\)/);
    r = runCli(['worm', 'simulate', '--command', 'forward 2s, moonwalk 3s']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--command: command script step 2 \("moonwalk 3s"\): unknown action "moonwalk"/);
    r = runCli(['worm', 'simulate', '--muscles', 'hydraulic']);
    expect(r.code).toBe(2);
    r = runCli(['worm', 'simulate', '--seconds', '-3']);
    expect(r.code).toBe(2);
  });

  it('names the file and the line of a bad connectome, exits 2, and writes nothing', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Source,Target,Weight,Type\nAVAL,DA01,5,chemical\nAVAL,NOTACELL,2,chemical\n');
    const wcon = join(dir, 'never.wcon');
    let r = runCli(['worm', 'simulate', '--seconds', '1', '--connectome', bad, '--wcon', wcon]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /bad\.csv: line 3: unknown cell "NOTACELL"/);
    expect(existsSync(wcon)).toBe(false);
    r = runCli(['worm', 'simulate', '--connectome', join(dir, 'missing.csv')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /missing\.csv/);
  });
});
