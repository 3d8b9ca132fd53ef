import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { expectOneLineError } from './helpers/one-line-error.js';
import { hasShared } from './helpers/shared.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { sliceScore } from '../src/score/ops.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';

const { dir, cleanup } = scratchDir('neuromusic-learn-');
afterAll(cleanup);

// A short piece keeps the real command fast: 15 s of the built-in prelude, as score JSON.
const piece = join(dir, 'short.json');
writeFileSync(piece, JSON.stringify(sliceScore(bachPreludeInC(), 0, 15)));

describe('neuromusic learn', () => {
  it('prints help listing its options', () => {
    const r = runCli(['learn', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--steps', '--second-piece', '--no-second-piece', '--seed', '--surrogates', '--report', '--json', '--out', '--play', '--quiet']) expect(r.stdout).toContain(opt);
  });

  it('prints the F1 table, and writes JSON, an HTML report and the held-out and full-length notes as MIDI and WAV', () => {
    const out = join(dir, 'out');
    const report = join(dir, 'learn.html');
    const json = join(dir, 'learn.json');
    const r = runCli(['learn', piece, '--steps', '0,3', '--no-second-piece', '--surrogates', '2', '--backend', 'wasm', '--seed', '5', '--out', out, '--report', report, '--json', json, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^0 +random onsets .* 0\.186–0\.217$/m);
    expect(r.stdout).toMatch(/^3 +ridge, λ by GCV +motor-neuron activity/m);
    expect(r.stdout).toContain('2 surrogates per step');
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.rows.map((x: { step: string }) => x.step)).toEqual(['0', '3']);
    expect(summary.secondPiece).toBeNull();
    expect(summary.rows[1].control.surrogateF1s).toHaveLength(2);
    expect(summary.seed).toBe(5);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith('.mid'))).toHaveLength(4);
    const wavs = files.filter((f) => f.endsWith('.wav'));
    expect(wavs).toHaveLength(4);
    for (const w of wavs) expect(decodeWav(readFileSync(join(out, w)), w).sampleRate).toBe(44100);
    const midi = files.find((f) => f.startsWith('learn-step-') && f.endsWith('-heldout.mid'))!;
    const best = summary.rows.reduce((a: { heldOut: { f1: number } }, b: { heldOut: { f1: number } }) => (b.heldOut.f1 > a.heldOut.f1 ? b : a));
    expect(readMidi(readFileSync(join(out, midi)), midi).notes).toHaveLength(best.heldOut.predicted);
    // The full-length pair: the whole-piece fit's onsets, and the whole piece.
    const fullMidi = files.find((f) => f.startsWith('learn-step-') && f.endsWith('-full.mid'))!;
    expect(readMidi(readFileSync(join(out, fullMidi)), fullMidi).notes).toHaveLength(best.inSample.predicted);
    expect(readMidi(readFileSync(join(out, 'learn-piece-full.mid')), 'learn-piece-full.mid').notes.length).toBeGreaterThan(readMidi(readFileSync(join(out, 'learn-piece-heldout.mid')), 'x.mid').notes.length);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('The F1 progression');
    expect(html).toContain(`href="out/${midi}"`);
  });

  it.skipIf(!hasShared)('scores on the E-minor prelude from ../shared when no second piece is named', () => {
    const r = runCli(['learn', piece, '--steps', '0', '--backend', 'wasm', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.secondPiece.name).toBe('chopin_prelude_op28_no4_e_minor');
    expect(summary.rows[0].secondPiece.f1).toBeGreaterThanOrEqual(0);
  });

  it('refuses bad steps, a bad --play, a bad report name and a missing piece with one line and nothing written', () => {
    const report = join(dir, 'never.html');
    let r = runCli(['learn', piece, '--steps', '3-12', '--report', report]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--steps: there are steps 0 to 10/);
    r = runCli(['learn', piece, '--steps', '0,3', '--play', '7', '--report', report]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--play "7" is not one of the steps run \(0, 3\)/);
    r = runCli(['learn', piece, '--report', join(dir, 'report.txt')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--report <file\.html>.*must end in \.html/);
    r = runCli(['learn', join(dir, 'missing.mid'), '--report', report]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /missing\.mid/);
    r = runCli(['learn', piece, '--surrogates', '0']);
    expect(r.code).toBe(2);
    expect(existsSync(report)).toBe(false);
  });
});
