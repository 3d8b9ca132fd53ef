import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { selectBackend, tf } from '../backend.js';
import { FULL_LOSS, lossTensors } from './loss.js';
import { predictMotor, predictSongsTf } from './metrics.js';
import { artifactsFromFiles, modelArtifacts, modelFromArtifacts, modelJson, type SurrogateModel } from './model.js';
import { makeSong, TRAINING_SONGS } from './songs.js';
import { DEFAULT_TCN, initTcn, receptiveField, TcnStream, tcnForward, tcnParameterCount, tcnSegments, tcnTensors, type TcnConfig } from './tcn.js';
import { trainSurrogate } from './train.js';

// Window 16 over 90 samples: 6 blocks, the last one padded at the end.
const ATT: TcnConfig = { inputs: 3, channels: 8, kernel: 3, blocks: 3, outputs: 4, sampleHz: 64, attentionHeads: 2, attentionWindow: 16 };
const T = 90;

beforeAll(async () => {
  await selectBackend('wasm');
});

/** θ with every attention parameter moved off its initial value, so that the lag biases and the norm matter. */
function randomTheta(config: TcnConfig, seed: number): Float32Array {
  const theta = initTcn(config, createRandom(seed));
  const rng = createRandom(seed + 100);
  for (const s of tcnSegments(config)) if (s.name.startsWith('attention/')) for (let i = 0; i < s.size; i++) theta[s.offset + i] = theta[s.offset + i]! + rng.normal(0, 0.5);
  return theta;
}

const run = (theta: Float32Array, config: TcnConfig, inp: Float32Array, B = 1): Float32Array =>
  tf.tidy(() => tcnForward(tcnTensors(theta, config), config, tf.tensor3d(inp, [B, inp.length / (3 * B), 3])).dataSync() as Float32Array);

describe('causal attention', () => {
  const theta = randomTheta(ATT, 3);
  const rng = createRandom(5);
  const x = Float32Array.from({ length: T * 3 }, () => rng.uniform(-1, 1));

  it('leaves the network without attention as it was: same segments, parameter count and initial weights', () => {
    expect(tcnSegments(DEFAULT_TCN).map((s) => s.name)).not.toContain('attention/query');
    expect(tcnParameterCount(DEFAULT_TCN)).toBe(36_708); // models/ashle-surrogate's weights.bin: 146,832 bytes
    expect(tcnParameterCount({ ...DEFAULT_TCN, attentionHeads: 0, attentionWindow: 64 })).toBe(36_708);
    const plain = { ...ATT, attentionHeads: undefined, attentionWindow: undefined };
    const a = initTcn(plain, createRandom(1));
    const b = initTcn(ATT, createRandom(1));
    const head = tcnSegments(plain).at(-2)!;
    // Everything before the head is drawn identically; the attention's segments come between.
    expect(Array.from(b.subarray(0, head.offset))).toEqual(Array.from(a.subarray(0, head.offset)));
    expect(tcnParameterCount(ATT) - tcnParameterCount(plain)).toBe(4 * 8 * 8 + 16 * 2 + 2 * 8);
    expect(receptiveField(ATT)).toBe(receptiveField(plain) + 15);
  });

  it('refuses heads that do not divide the channels and a missing window', () => {
    expect(() => tcnParameterCount({ ...ATT, attentionHeads: 3 })).not.toThrow(); // counting does not check
    expect(() => new TcnStream(new Float32Array(1), { ...ATT, attentionHeads: 3 })).toThrow(/divide the channels/);
    expect(() => new TcnStream(new Float32Array(1), { ...ATT, attentionWindow: undefined })).toThrow(/attentionWindow/);
  });

  it('is causal: perturbing a later input changes no earlier output (tfjs and streaming), and the window bounds what it sees', () => {
    for (const at of [20, 50, 79]) {
      const y = x.slice();
      y[3 * at] = y[3 * at]! + 3;
      y[3 * at + 1] = y[3 * at + 1]! - 2;
      const a = run(theta, ATT, x);
      const b = run(theta, ATT, y);
      for (let k = 0; k < at; k++) for (let j = 0; j < 4; j++) expect(b[4 * k + j]).toBe(a[4 * k + j]);
      let changed = 0;
      for (let j = 0; j < 4; j++) changed += Math.abs(b[4 * at + j]! - a[4 * at + j]!);
      expect(changed).toBeGreaterThan(0);
      const net = new TcnStream(theta, ATT);
      const s1 = Array.from({ length: T }, (_, k) => Array.from(net.push(x.subarray(3 * k, 3 * k + 3))));
      net.reset();
      const s2 = Array.from({ length: T }, (_, k) => Array.from(net.push(y.subarray(3 * k, 3 * k + 3))));
      expect(s2.slice(0, at)).toEqual(s1.slice(0, at));
      expect(s2[at]).not.toEqual(s1[at]);
    }
    // An input reaches the output exactly receptiveField − 1 samples later, and no further.
    const rf = receptiveField(ATT);
    const net = new TcnStream(theta, ATT);
    const probe = (at: number): number[] => {
      net.reset();
      let last: number[] = [];
      for (let k = 0; k < rf + 5; k++) last = Array.from(net.push(k === at ? [1, 1, 1] : [0, 0, 1]));
      return last;
    };
    const base = probe(-1);
    expect(probe(5)).not.toEqual(base);
    expect(probe(4)).toEqual(base);
  });

  it('streams the same outputs as the tfjs blocked forward pass, in a batch of sequences', () => {
    const rng2 = createRandom(8);
    const x2 = Float32Array.from({ length: T * 3 }, () => rng2.uniform(-1, 1));
    const both = new Float32Array(2 * T * 3);
    both.set(x, 0);
    both.set(x2, T * 3);
    const a = run(theta, ATT, both, 2);
    const net = new TcnStream(theta, ATT);
    let worst = 0;
    [x, x2].forEach((inp, b) => {
      net.reset();
      for (let k = 0; k < T; k++) {
        const o = net.push(inp.subarray(3 * k, 3 * k + 3));
        for (let j = 0; j < 4; j++) worst = Math.max(worst, Math.abs(o[j]! - a[(b * T + k) * 4 + j]!));
      }
    });
    expect(worst).toBeLessThan(1e-4);
    // A sequence whose length is a multiple of the window (no end padding) gives the same first 80 outputs.
    const short = run(theta, ATT, x.subarray(0, 80 * 3));
    for (let i = 0; i < short.length; i++) expect(short[i]).toBeCloseTo(a[i]!, 5);
  });

  it('has the gradient of finite differences on the wasm backend (attention weights, lag biases, norm)', () => {
    const y = Float32Array.from({ length: T * 4 }, (_, i) => Math.sin(i / 7));
    const base = randomTheta(ATT, 4);
    const loss = (th: Float32Array): number =>
      tf.tidy(() => lossTensors(tcnForward(tcnTensors(th, ATT), ATT, tf.tensor3d(x, [1, T, 3])), tf.tensor3d(y, [1, T, 4]), FULL_LOSS).total.dataSync()[0]!);
    const grads = tf.tidy(() => {
      const g = tf.grads((...p: tf.Tensor[]) => lossTensors(tcnForward(p, ATT, tf.tensor3d(x, [1, T, 3])), tf.tensor3d(y, [1, T, 4]), FULL_LOSS).total);
      return g(tcnTensors(base, ATT)).map((t) => t.dataSync() as Float32Array);
    });
    const segs = tcnSegments(ATT);
    const rng3 = createRandom(12);
    let checked = 0;
    for (const [si, s] of segs.entries()) {
      if (!s.name.startsWith('attention/') && s.name !== 'block2/kernel') continue;
      for (let r = 0; r < 3; r++) {
        const i = rng3.int(s.size);
        const h = 1e-2;
        const up = base.slice();
        const down = base.slice();
        up[s.offset + i] = up[s.offset + i]! + h;
        down[s.offset + i] = down[s.offset + i]! - h;
        const fd = (loss(up) - loss(down)) / (2 * h);
        const g = grads[si]![i]!;
        expect(Math.abs(g - fd)).toBeLessThan(2e-3 + 0.03 * Math.abs(fd));
        checked++;
      }
    }
    expect(checked).toBe(8 * 3);
  });

  it('saves and reloads to identical predictions, the attention stored in the topology', () => {
    const model: SurrogateModel = { config: ATT, theta, ashle: { spontaneousHz: 2 } };
    const a = modelArtifacts(model);
    const json = modelJson(a);
    const topo = (JSON.parse(json) as { modelTopology: { config: TcnConfig } }).modelTopology.config;
    expect([topo.attentionHeads, topo.attentionWindow]).toEqual([2, 16]);
    const back = modelFromArtifacts(artifactsFromFiles(json, (a.weightData as ArrayBuffer).slice(0)));
    expect(back.config).toEqual(ATT);
    const song = makeSong(3, { ...TRAINING_SONGS, seconds: 3 });
    const p1 = predictMotor(new TcnStream(model.theta, ATT), song.stimulus.re, song.stimulus.im, 2);
    const p2 = predictMotor(new TcnStream(back.theta, back.config), song.stimulus.re, song.stimulus.im, 2);
    expect(Array.from(p2.phase)).toEqual(Array.from(p1.phase));
    expect(Array.from(predictSongsTf(back.theta, back.config, [song], 2)[0]!.phase)).toEqual(Array.from(predictSongsTf(theta, ATT, [song], 2)[0]!.phase));
    // Without attention the topology is what it was: no attention keys.
    const plain = modelJson(modelArtifacts({ ...model, config: DEFAULT_TCN, theta: initTcn(DEFAULT_TCN, createRandom(0)) }));
    expect(plain).not.toMatch(/attention/);
    // A weights file of the network without attention does not load as one with it.
    expect(() => modelFromArtifacts(artifactsFromFiles(json, (a.weightData as ArrayBuffer).slice(0, 4 * tcnParameterCount({ ...ATT, attentionHeads: 0 }))))).toThrow();
  });

  it('trains: the loss of a tiny network with attention falls', async () => {
    const spec = { ...TRAINING_SONGS, seconds: 6 };
    const songs = [1, 2, 3, 4, 5].map((s) => makeSong(s, spec));
    const state = await trainSurrogate({ config: ATT, weights: FULL_LOSS, seed: 2, f0Hz: 2, training: songs.slice(0, 4), validation: songs.slice(4), batchSize: 2, learningRate: 1e-2, budgetSeconds: 600, maxSteps: 40, validateEvery: 40, clock: () => 0 });
    expect(state.step).toBe(40);
    const mean = (r: typeof state.train): number => r.reduce((a, b) => a + b.total, 0) / r.length;
    expect(mean(state.train.slice(-8))).toBeLessThan(0.9 * mean(state.train.slice(0, 8)));
  }, 120_000);
});
