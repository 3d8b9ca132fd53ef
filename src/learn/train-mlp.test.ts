import { beforeAll, describe, expect, it } from 'vitest';
import { matMul, measureBackend, selectBackend, tf } from './backend.js';
import { initParameters, layersOf, mlpForward, mlpForwardJs, mlpLayout, parameterCount, parameterTensors } from './mlp.js';
import { trainMlp } from './train-mlp.js';
import { createRandom } from '../math/random.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** A fixed regression problem: y = sin(2x0) + x1·x2 + noise on 400 rows of 3 features. */
function problem(seed: number, rows = 400) {
  const rng = createRandom(seed);
  const data = Float64Array.from({ length: rows * 3 }, () => rng.uniform(-1.5, 1.5));
  const y = Float64Array.from({ length: rows }, (_, r) => Math.sin(2 * data[r * 3]!) + data[r * 3 + 1]! * data[r * 3 + 2]! + 0.05 * rng.normal());
  return { X: { rows, cols: 3, data }, y };
}

describe('flat-parameter MLP', () => {
  it('computes the same outputs in tfjs (float32) as the float64 reference', () => {
    const layout = mlpLayout([3, 7, 5, 2], 'tanh');
    expect(parameterCount(layout)).toBe(3 * 7 + 7 + 7 * 5 + 5 + 5 * 2 + 2);
    const theta = initParameters(layout, createRandom(1));
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const ref = mlpForwardJs(theta, layout, x, 4);
    const out = tf.tidy(() => mlpForward(layersOf(parameterTensors(theta, layout), layout), layout, tf.tensor2d(Float32Array.from(x), [4, 3])).dataSync());
    ref.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
  });

  it('draws the same initial weights from the same seed, with Glorot limits', () => {
    const layout = mlpLayout([16, 64, 1]);
    const a = initParameters(layout, createRandom(5));
    expect(initParameters(layout, createRandom(5))).toEqual(a);
    const limit = Math.sqrt(6 / (16 + 64));
    for (let i = 0; i < 16 * 64; i++) expect(Math.abs(a[i]!)).toBeLessThanOrEqual(limit);
    expect(a[16 * 64]).toBe(0); // first bias
  });

  it('backpropagates through the explicit-transpose matMul exactly like tf.matMul', () => {
    const rng = createRandom(2);
    const x = tf.tensor2d(Float32Array.from({ length: 20 }, () => rng.normal()), [5, 4]);
    const w = tf.tensor2d(Float32Array.from({ length: 12 }, () => rng.normal()), [4, 3]);
    const f1 = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(matMul(a as tf.Tensor2D, b as tf.Tensor2D)));
    const f2 = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)));
    const [ga, gb] = tf.grads(f1)([x, w]);
    const [ha, hb] = tf.grads(f2)([x, w]);
    expect(Array.from(ga!.dataSync())).toEqual(Array.from(ha!.dataSync()));
    expect(Array.from(gb!.dataSync())).toEqual(Array.from(hb!.dataSync()));
    tf.dispose([x, w, ga!, gb!, ha!, hb!]);
  });
});

describe('Adam then L-BFGS', () => {
  it('L-BFGS lowers the full-batch objective that Adam left, on a fixed problem', async () => {
    const { X, y } = problem(1);
    const before = tf.memory().numTensors;
    const net = await trainMlp(X, y, createRandom(0), { hidden: [16, 16], epochs: 30, batchSize: 64, learningRate: 3e-3, lbfgsIterations: 60 });
    const lb = net.curves[1]!.loss;
    // L-BFGS starts exactly where Adam stopped and ends at least 3× lower.
    expect(lb[0]).toBeCloseTo(net.objectiveAfterAdam, 6);
    expect(net.objectiveFinal).toBeLessThan(net.objectiveAfterAdam / 3);
    for (let i = 1; i < lb.length; i++) expect(lb[i]!).toBeLessThanOrEqual(lb[i - 1]! * (1 + 1e-6));
    // Adam's curve goes down too, and no tensor is left behind.
    const adam = net.curves[0]!.loss;
    expect(adam[adam.length - 1]!).toBeLessThan(adam[0]! / 2);
    expect(tf.memory().numTensors).toBe(before);
    // It generalises: held-out rows of the same function are predicted well (noise variance 0.0025).
    const test = problem(2, 200);
    const pred = net.predict(test.X);
    let mse = 0;
    for (let r = 0; r < 200; r++) mse += (pred[r]! - test.y[r]!) ** 2 / 200;
    expect(mse).toBeLessThan(0.05);
  }, 60_000);

  it('is reproducible from the seed', async () => {
    const { X, y } = problem(3, 120);
    const opts = { hidden: [8], epochs: 3, batchSize: 32, lbfgsIterations: 5 };
    const a = await trainMlp(X, y, createRandom(4), opts);
    const b = await trainMlp(X, y, createRandom(4), opts);
    expect(a.parameters).toEqual(b.parameters);
  });

  it('learns 0/1 onset labels with a weighted cross-entropy and predicts probabilities', async () => {
    // Label 1 on a tenth of the rows, where x0 > 1.2: rare, like onset frames.
    const { X } = problem(5, 300);
    const labels = Float64Array.from({ length: 300 }, (_, r) => (X.data[r * 3]! > 1.2 ? 1 : 0));
    const net = await trainMlp(X, labels, createRandom(1), { loss: 'bce', positiveWeight: 5, hidden: [8], epochs: 40, batchSize: 50, learningRate: 0.01, lbfgsIterations: 30 });
    const p = net.predict(X);
    let right = 0;
    for (let r = 0; r < 300; r++) {
      expect(p[r]!).toBeGreaterThanOrEqual(0);
      expect(p[r]!).toBeLessThanOrEqual(1);
      if ((p[r]! > 0.5 ? 1 : 0) === labels[r]) right++;
    }
    expect(right / 300).toBeGreaterThan(0.95);
    await expect(trainMlp(X, Float64Array.from(labels, (v) => 2 * v), createRandom(1), { loss: 'bce' })).rejects.toThrow(/\[0, 1\]/);
  });

  it('refuses targets that do not fit the rows, and measures a backend', async () => {
    const { X } = problem(6, 10);
    await expect(trainMlp(X, new Float64Array(7), createRandom(0))).rejects.toThrow(/7 values for 10 rows/);
    const ms = await measureBackend('wasm', 2);
    expect(ms).toBeGreaterThan(0);
    await selectBackend('wasm');
  });
});
