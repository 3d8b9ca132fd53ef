/**
 * `neuromusic surrogate train|eval`, `compose --engine duet --drummer` and `groove --model`, run as a user runs them
 * (the built CLI): a short training run whose loss falls, a saved model that reloads to the same figures, broken
 * model folders refused in one line, and the trained surrogate playing the duet and listening to a recording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../src/formats/wav.js';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';

const scratch = scratchDir('neuromusic-surrogate-');
const model = join(scratch.dir, 'model');
let train: { code: number; stdout: string; stderr: string };

beforeAll(() => {
  train = runCli(['surrogate', 'train', '--minutes', '2', '--max-steps', '12', '--songs', '4', '--batch', '2', '--out', model, '--json'], { timeoutMs: 240_000 });
}, 250_000);
afterAll(() => scratch.cleanup());

interface Figures {
  plvRetentionPercent: number;
  stimulusPlvRatioPercent: number;
  frequencyR: number;
}

describe('neuromusic surrogate', () => {
  it('trains: the loss falls, the model is saved in the tfjs layout with its checkpoint', () => {
    expect(train.code, train.stderr).toBe(0);
    const info = JSON.parse(train.stdout) as { steps: number; heldOut: Figures; extrapolation: Figures };
    expect(info.steps).toBe(12);
    for (const f of ['model.json', 'weights.bin', 'checkpoint.json', 'checkpoint.bin']) expect(existsSync(join(model, f)), f).toBe(true);
    const json = JSON.parse(readFileSync(join(model, 'model.json'), 'utf8')) as { format: string; weightsManifest: Array<{ paths: string[] }>; userDefinedMetadata: { training: { steps: number; command: string } } };
    expect(json.format).toBe('neuromusic-ashle-tcn');
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.training.steps).toBe(12);
    const curve = (JSON.parse(readFileSync(join(model, 'checkpoint.json'), 'utf8')) as { train: Array<{ total: number }> }).train.map((r) => r.total);
    expect(curve).toHaveLength(12);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(curve.slice(-3))).toBeLessThan(0.7 * mean(curve.slice(0, 3)));
    expect(info.heldOut.plvRetentionPercent).toBeGreaterThan(0);
    expect(info.heldOut.plvRetentionPercent).toBeLessThanOrEqual(100);
  });

  it('eval reloads the saved model to the same figures training reported', () => {
    const info = JSON.parse(train.stdout) as { heldOut: Figures };
    const r = runCli(['surrogate', 'eval', model, '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout) as { heldOut: Figures; perSong: unknown[] };
    expect(e.heldOut).toEqual(info.heldOut);
    expect(e.perSong).toHaveLength(12);
  }, 130_000);

  it('continues a run from its checkpoint, and refuses to continue with other settings', () => {
    const r = runCli(['surrogate', 'train', '--minutes', '2', '--max-steps', '14', '--songs', '4', '--batch', '2', '--out', model, '--json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { steps: number }).steps).toBe(14);
    const bad = runCli(['surrogate', 'train', '--songs', '5', '--batch', '2', '--out', model]);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr, /trained with --songs 4, not 5/);
  }, 190_000);

  it('refuses broken model folders in one line', () => {
    const empty = join(scratch.dir, 'empty');
    mkdirSync(empty);
    let r = runCli(['surrogate', 'eval', empty]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /no model\.json/);
    const cut = join(scratch.dir, 'cut');
    mkdirSync(cut);
    writeFileSync(join(cut, 'model.json'), readFileSync(join(model, 'model.json')));
    writeFileSync(join(cut, 'weights.bin'), readFileSync(join(model, 'weights.bin')).subarray(0, 1000));
    r = runCli(['surrogate', 'eval', cut]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /weights\.bin has 1000 bytes/);
    writeFileSync(join(cut, 'model.json'), '{ "format": ');
    r = runCli(['surrogate', 'eval', cut]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /model\.json.*not JSON/);
  });

  it('plays the duet as the drummer: a trained folder (--drummer DIR) and the shipped model keeping ASHLE\'s tempo', () => {
    let runs = 0;
    const duet = (drummer: string[]): { drummer: string; beats: number } => {
      const out = join(scratch.dir, `duet-${runs++}`);
      const r = runCli(['compose', '--engine', 'duet', ...drummer, '--seconds', '10', '--sr', '8000', '--out', out, '--json', '--quiet'], { timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(out, 'duet.mid'))).toBe(true);
      return JSON.parse(r.stdout) as { drummer: string; beats: number };
    };
    expect(duet(['--drummer', model]).drummer).toMatch(/surrogate/);
    const ashle = duet([]);
    expect(ashle.drummer).toBe('ASHLE');
    const shipped = duet(['--drummer', 'surrogate']);
    expect(shipped.drummer).toMatch(/surrogate/);
    // ASHLE alone keeps its 2 beats a second: about 20 in 10 s; the shipped surrogate within two of it.
    expect(Math.abs(shipped.beats - ashle.beats)).toBeLessThanOrEqual(2);
  }, 180_000);

  it('listens to a recording in groove --model and writes phase, frequency and amplitude over time', () => {
    const sr = 22050;
    const clicks = new Float32Array(sr * 8);
    for (let t = 0.25; t < 8; t += 0.5) for (let k = 0; k < 200; k++) clicks[Math.round(t * sr) + k] = 0.8 * Math.exp(-k / 40) * Math.sin(k);
    const wav = join(scratch.dir, 'clicks.wav');
    writeFileSync(wav, encodeWav({ sampleRate: sr, channels: [clicks] }));
    const out = join(scratch.dir, 'groove');
    const r = runCli(['groove', wav, '--model', model, '--out', out, '--json'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'clicks-surrogate.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time_s,surrogate_phase_rad,surrogate_frequency_hz,surrogate_learned_hz,surrogate_amplitude,ashle_phase_rad,ashle_frequency_hz,ashle_learned_hz,ashle_amplitude');
    expect(csv.length).toBeGreaterThan(8 * 64);
    const row = csv[300]!.split(',').map(Number);
    expect(row.every(Number.isFinite)).toBe(true);
  });
});
