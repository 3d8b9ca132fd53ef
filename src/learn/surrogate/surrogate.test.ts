import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { selectBackend, tf } from '../backend.js';
import { songInputs } from './encoding.js';
import { FULL_LOSS, lossJs, lossTensors } from './loss.js';
import { circularCorrelation, pearson, phaseDrift, predictMotor, predictSongsTf } from './metrics.js';
import { artifactsFromFiles, modelArtifacts, modelFromArtifacts, modelJson, SurrogateFormatError, type SurrogateModel } from './model.js';
import { makeSong, songSets, TRAINING_SONGS } from './songs.js';
import { initTcn, receptiveField, TcnStream, tcnForward, tcnParameterCount, tcnTensors, type TcnConfig } from './tcn.js';
import { trainSurrogate } from './train.js';
import { SurrogateDrummer } from './drummer.js';

const SMALL: TcnConfig = { inputs: 3, channels: 8, kernel: 3, blocks: 3, outputs: 4, sampleHz: 64 };

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('songs', () => {
  it('are a function of their seed, with the stimulus silent in dropouts and the motor on its limit cycle at start', () => {
    const spec = { ...TRAINING_SONGS, seconds: 6 };
    const a = makeSong(7, spec);
    const b = makeSong(7, spec);
    expect(Array.from(a.motor.phase)).toEqual(Array.from(b.motor.phase));
    expect(a.motor.phase.length).toBe(6 * 64);
    expect(a.motor.amplitude[0]).toBeCloseTo(1, 6);
    expect(a.motor.frequencyHz[0]).toBeCloseTo(2, 6);
    for (const [s, e] of a.dropouts) {
      const k = Math.ceil(s * 64);
      if (k / 64 < e && k < a.stimulus.re.length) expect(a.stimulus.re[k]).toBe(0);
    }
    expect(a.bpm).toBeGreaterThanOrEqual(80);
    expect(a.bpm).toBeLessThanOrEqual(160);
  });

  it('split into disjoint seed ranges, the extrapolation tempi outside the training range', () => {
    const s = songSets({ training: 50, validation: 8, heldOut: 12, extrapolation: 4 });
    const all = [...s.training.seeds, ...s.validation.seeds, ...s.heldOut.seeds, ...s.extrapolation.seeds];
    expect(new Set(all).size).toBe(all.length);
    for (const spec of s.extrapolation.spec) expect(spec.bpm[1] < 80 || spec.bpm[0] > 160).toBe(true);
  });
});

describe('the TCN', () => {
  const theta = initTcn(SMALL, createRandom(3));
  const T = 96;
  const x = new Float32Array(T * 3);
  const rng = createRandom(5);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);

  it('is causal: perturbing a later input changes no earlier output (tfjs and streaming)', () => {
    const at = 50;
    const y = x.slice();
    y[3 * at] = y[3 * at]! + 3;
    y[3 * at + 1] = y[3 * at + 1]! - 2;
    const run = (inp: Float32Array): Float32Array => tf.tidy(() => tcnForward(tcnTensors(theta, SMALL), SMALL, tf.tensor3d(inp, [1, T, 3])).dataSync() as Float32Array);
    const a = run(x);
    const b = run(y);
    for (let k = 0; k < at; k++) for (let j = 0; j < 4; j++) expect(b[4 * k + j]).toBe(a[4 * k + j]);
    let changed = 0;
    for (let j = 0; j < 4; j++) changed += Math.abs(b[4 * at + j]! - a[4 * at + j]!);
    expect(changed).toBeGreaterThan(0);
    const net = new TcnStream(theta, SMALL);
    const s1 = Array.from({ length: T }, (_, k) => Array.from(net.push(x.subarray(3 * k, 3 * k + 3))));
    net.reset();
    const s2 = Array.from({ length: T }, (_, k) => Array.from(net.push(y.subarray(3 * k, 3 * k + 3))));
    expect(s2.slice(0, at)).toEqual(s1.slice(0, at));
  });

  it('streams the same outputs as the tfjs im2col forward pass', () => {
    const a = tf.tidy(() => tcnForward(tcnTensors(theta, SMALL), SMALL, tf.tensor3d(x, [1, T, 3])).dataSync() as Float32Array);
    const net = new TcnStream(theta, SMALL);
    let worst = 0;
    for (let k = 0; k < T; k++) {
      const o = net.push(x.subarray(3 * k, 3 * k + 3));
      for (let j = 0; j < 4; j++) worst = Math.max(worst, Math.abs(o[j]! - a[4 * k + j]!));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('has the receptive field 1 + (K − 1)(1 + Σ 2^l)', () => {
    expect(receptiveField(SMALL)).toBe(1 + 2 * (1 + 1 + 2 + 4));
    // An input just inside the field moves the output; one just outside does not.
    const rf = receptiveField(SMALL);
    const net = new TcnStream(theta, SMALL);
    const probe = (at: number): number[] => {
      net.reset();
      let last: number[] = [];
      for (let k = 0; k < rf + 5; k++) last = Array.from(net.push(k === at ? [1, 1, 1] : [0, 0, 1]));
      return last;
    };
    const base = probe(-1);
    expect(probe(rf + 5 - rf)).not.toEqual(base);
    expect(probe(rf + 5 - rf - 1)).toEqual(base);
  });
});

describe('the physics-informed loss', () => {
  // One sequence of two samples. Targets: φ = 0 and π/2, f = 0 and 1, a = 0 and 0.
  const target = Float32Array.of(1, 0, 0, 0, 0, 1, 1, 0);
  // Predictions: (2, 0) → φ̂ = 0; (0, −1) → φ̂ = −π/2; f̂ = 0.5 and 1; â = 1 and −1.
  const pred = Float32Array.of(2, 0, 0.5, 1, 0, -1, 1, -1);

  it('matches values computed by hand', () => {
    const l = lossJs(pred, target, 1, 2, FULL_LOSS);
    // MSE: ((2−1)² + 0 + 0.5² + 1² + 0 + (−1−1)² + 0 + (−1)²)/8 = (1 + 0.25 + 1 + 4 + 1)/8
    expect(l.mse).toBeCloseTo(7.25 / 8, 6);
    // e^{i(φ̂−φ)}: e^{0} = 1 and e^{i(−π/2 − π/2)} = −1: mean 0, L_plv = 1 (ε = 1e-6 in the norm: ~5e-7 off)
    expect(l.plv).toBeCloseTo(1, 5);
    expect(l.freq).toBeCloseTo((0.25 + 0) / 2, 6);
    expect(l.amp).toBeCloseTo((1 + 1) / 2, 6);
    expect(l.total).toBeCloseTo(l.mse + FULL_LOSS.plv * l.plv + FULL_LOSS.freq * l.freq + FULL_LOSS.amp * l.amp, 9);
    // A constant phase lag locks fully: L_plv = 0 however large the lag.
    const lag = Float32Array.of(0, 1, 0, 0, -1, 0, 1, 0);
    expect(lossJs(lag, target, 1, 2, FULL_LOSS).plv).toBeCloseTo(0, 5);
  });

  it('is the same in tfjs as in JavaScript', () => {
    const rng = createRandom(9);
    const B = 3;
    const T = 20;
    const p = Float32Array.from({ length: B * T * 4 }, () => rng.uniform(-1.5, 1.5));
    const y = Float32Array.from({ length: B * T * 4 }, () => rng.uniform(-1, 1));
    const js = lossJs(p, y, B, T, FULL_LOSS);
    const t = tf.tidy(() => {
      const l = lossTensors(tf.tensor3d(p, [B, T, 4]), tf.tensor3d(y, [B, T, 4]), FULL_LOSS);
      return [l.total, l.mse, l.plv, l.freq, l.amp].map((v) => v.dataSync()[0]!);
    });
    expect(t[0]).toBeCloseTo(js.total, 4);
    expect(t[1]).toBeCloseTo(js.mse, 4);
    expect(t[2]).toBeCloseTo(js.plv, 4);
    expect(t[3]).toBeCloseTo(js.freq, 4);
    expect(t[4]).toBeCloseTo(js.amp, 4);
  });
});

describe('metrics', () => {
  it('circular correlation: 1 for a constant lag, about 0 for independent phases; Pearson and drift by hand', () => {
    const a = Array.from({ length: 500 }, (_, k) => 0.37 * k);
    expect(circularCorrelation(a, a.map((v) => v + 2))).toBeCloseTo(1, 9);
    const rng = createRandom(1);
    expect(Math.abs(circularCorrelation(a, a.map(() => rng.uniform(-Math.PI, Math.PI))))).toBeLessThan(0.15);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    // φ̂ runs 0.1 Hz faster than φ: 3 cycles per 30 s.
    const hz = 64;
    const truth = Array.from({ length: 30 * hz }, (_, k) => 2 * Math.PI * 2 * (k / hz));
    const pred = truth.map((v, k) => v + 2 * Math.PI * 0.1 * (k / hz));
    expect(phaseDrift(pred, truth, hz)).toBeCloseTo(3, 6);
  });
});

describe('model files', () => {
  const model: SurrogateModel = { config: SMALL, theta: initTcn(SMALL, createRandom(11)), ashle: { spontaneousHz: 2 }, training: { seed: 1, steps: 3, seconds: 1, batchSize: 2, learningRate: 0.003, weights: FULL_LOSS, trainingSongs: 2, validationSongs: 1 } };

  it('save in the tfjs layout and reload to identical predictions', () => {
    const a = modelArtifacts(model);
    const json = modelJson(a);
    const parsed = JSON.parse(json) as { weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string }> }> };
    expect(parsed.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(parsed.weightsManifest[0]!.weights.map((w) => w.name)[0]).toBe('input/kernel');
    const back = modelFromArtifacts(artifactsFromFiles(json, (a.weightData as ArrayBuffer).slice(0)));
    expect(Array.from(back.theta)).toEqual(Array.from(model.theta));
    expect(back.training).toEqual(model.training);
    const song = makeSong(3, { ...TRAINING_SONGS, seconds: 3 });
    const p1 = predictMotor(new TcnStream(model.theta, SMALL), song.stimulus.re, song.stimulus.im, 2);
    const p2 = predictMotor(new TcnStream(back.theta, back.config), song.stimulus.re, song.stimulus.im, 2);
    expect(Array.from(p2.phase)).toEqual(Array.from(p1.phase));
  });

  it('refuse broken files with a clear reason', () => {
    const a = modelArtifacts(model);
    const json = modelJson(a);
    const bytes = a.weightData as ArrayBuffer;
    expect(() => artifactsFromFiles('{"format":', bytes)).toThrow(/not JSON/);
    expect(() => modelFromArtifacts(artifactsFromFiles(json, bytes.slice(0, 100)))).toThrow(/100 bytes/);
    expect(() => modelFromArtifacts(artifactsFromFiles(json.replace('neuromusic-ashle-tcn', 'layers-model'), bytes))).toThrow(SurrogateFormatError);
    expect(() => modelFromArtifacts(artifactsFromFiles(json.replace('"input/kernel"', '"input/kernelx"'), bytes))).toThrow(/expected input\/kernel/);
    const nan = new Float32Array(bytes.slice(0));
    nan[5] = NaN;
    expect(() => modelFromArtifacts(artifactsFromFiles(json, nan.buffer))).toThrow(/not finite/);
  });
});

describe('training', () => {
  it('lowers the loss of a tiny network, resumes where it stopped, and batches agree with streaming', async () => {
    const spec = { ...TRAINING_SONGS, seconds: 6 };
    const songs = [1, 2, 3, 4, 5].map((s) => makeSong(s, spec));
    const common = { config: SMALL, weights: FULL_LOSS, seed: 2, f0Hz: 2, training: songs.slice(0, 4), validation: songs.slice(4), batchSize: 2, learningRate: 1e-2, budgetSeconds: 600, validateEvery: 20, clock: () => 0 };
    const first = await trainSurrogate({ ...common, maxSteps: 20 });
    expect(first.step).toBe(20);
    const state = await trainSurrogate({ ...common, maxSteps: 60, resume: first });
    expect(state.step).toBe(60);
    expect(state.theta.length).toBe(tcnParameterCount(SMALL));
    const mean = (r: typeof state.train): number => r.reduce((a, b) => a + b.total, 0) / r.length;
    expect(mean(state.train.slice(-10))).toBeLessThan(0.9 * mean(state.train.slice(0, 10)));
    // Validation ran at every 20 steps and at the end, on the held-apart song (a stopped clock keeps the learning rate at
    // its peak, so the run is deterministic; whether the tiny network generalises after 60 steps is not asserted).
    expect(state.validation.map((v) => v.step)).toEqual([20, 40, 60]);
    expect(state.validation.every((v) => Number.isFinite(v.total))).toBe(true);
    const viaTf = predictSongsTf(state.theta, SMALL, songs.slice(4), 2)[0]!;
    const viaStream = predictMotor(new TcnStream(state.theta, SMALL), songs[4]!.stimulus.re, songs[4]!.stimulus.im, 2);
    for (let k = 0; k < viaTf.phase.length; k += 17) expect(Math.cos(viaTf.phase[k]! - viaStream.phase[k]!)).toBeGreaterThan(0.9999);
    expect(songInputs(songs[0]!.stimulus.re, songs[0]!.stimulus.im).length).toBe(6 * 64 * 3);
  }, 120_000);
});

describe('the surrogate drummer', () => {
  it('keeps a phase that advances between network samples and starts at phase 0, amplitude 1, f0', () => {
    const model: SurrogateModel = { config: SMALL, theta: initTcn(SMALL, createRandom(4)), ashle: { spontaneousHz: 2 } };
    const d = new SurrogateDrummer(model);
    d.reset(2);
    expect([d.phase, d.amplitude, d.frequencyHz]).toEqual([0, 1, 2]);
    for (let k = 0; k < 256; k++) d.step(1 / 256, Math.cos(k / 20), Math.sin(k / 20), 2);
    expect(Number.isFinite(d.phase) && Number.isFinite(d.frequencyHz) && d.amplitude >= 0).toBe(true);
  });
});
