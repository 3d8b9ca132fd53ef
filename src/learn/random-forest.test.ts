import { describe, expect, it } from 'vitest';
import { fitRandomForest } from './random-forest.js';
import type { NumericMatrix } from './feature-matrix.js';
import { createRandom } from '../math/random.js';

/** n rows of `cols` uniform features in [−1, 1]; the label comes from `rule`, flipped with probability `noise`. */
function dataset(seed: number, n: number, cols: number, rule: (x: Float64Array) => number, noise = 0) {
  const rng = createRandom(seed);
  const data = new Float64Array(n * cols);
  const y = new Int32Array(n);
  const clean = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const x = new Float64Array(cols);
    for (let c = 0; c < cols; c++) x[c] = data[r * cols + c] = rng.uniform(-1, 1);
    clean[r] = rule(x);
    y[r] = rng.next() < noise ? 1 - clean[r]! : clean[r]!;
  }
  return { X: { rows: n, cols, data } as NumericMatrix, y, clean };
}

function accuracy(proba: Float64Array, y: ArrayLike<number>): number {
  let right = 0;
  for (let r = 0; r < y.length; r++) if ((proba[2 * r + 1]! > proba[2 * r]! ? 1 : 0) === y[r]) right++;
  return right / y.length;
}

describe('random forest', () => {
  const rule = (x: Float64Array) => (x[0]! > 0.3 && x[1]! < 0.2 ? 1 : 0);

  it('learns an axis-aligned rule, ranks the informative features first, and its OOB score tracks test accuracy', () => {
    const train = dataset(1, 1500, 5, rule);
    const test = dataset(2, 1000, 5, rule);
    const forest = fitRandomForest(train.X, train.y, createRandom(0), { trees: 40, maxDepth: 10 });
    const acc = accuracy(forest.predictProba(test.X), test.y);
    expect(acc).toBeGreaterThan(0.97);
    expect(Math.abs(forest.oobScore - acc)).toBeLessThan(0.03);
    const imp = Array.from(forest.featureImportance);
    expect(imp[0]! + imp[1]!).toBeGreaterThan(0.8);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives an honest out-of-bag score on noisy labels (20 % flipped: the best possible accuracy is 0.8)', () => {
    const train = dataset(3, 2000, 4, (x) => (x[0]! > 0 ? 1 : 0), 0.2);
    const test = dataset(4, 2000, 4, (x) => (x[0]! > 0 ? 1 : 0), 0.2);
    const forest = fitRandomForest(train.X, train.y, createRandom(1), { trees: 60, maxDepth: 12 });
    const inSample = accuracy(forest.predictProba(train.X), train.y);
    const testAcc = accuracy(forest.predictProba(test.X), test.y);
    expect(inSample).toBeGreaterThan(0.85); // deep trees memorise part of the noise
    expect(forest.oobScore).toBeLessThan(0.84);
    expect(Math.abs(forest.oobScore - testAcc)).toBeLessThan(0.04);
    // Out-of-bag probabilities exist for (almost) every row and are probabilities.
    const p = forest.oobProbability;
    let seen = 0;
    for (let r = 0; r < 2000; r++) {
      if (Number.isNaN(p[2 * r]!)) continue;
      seen++;
      expect(p[2 * r]! + p[2 * r + 1]!).toBeCloseTo(1, 12);
    }
    expect(seen).toBeGreaterThan(1990);
  });

  it('splits exactly between the values of a feature with few distinct values', () => {
    // One feature, values 0…9, class 1 for values ≥ 7: a stump must put its threshold at 6.5.
    const data = Float64Array.from({ length: 200 }, (_, i) => i % 10);
    const y = Int32Array.from(data, (v) => (v >= 7 ? 1 : 0));
    const forest = fitRandomForest({ rows: 200, cols: 1, data }, y, createRandom(2), { trees: 5, maxDepth: 1 });
    const p = forest.predictProba({ rows: 4, cols: 1, data: Float64Array.of(6.4, 6.6, -100, 100) });
    expect(p[1]).toBe(0);
    expect(p[3]).toBe(1);
    expect(p[5]).toBe(0);
    expect(p[7]).toBe(1);
  });

  it('is reproducible from the seed and balances rare classes on request', () => {
    const d = dataset(5, 600, 3, (x) => (x[0]! > 0.8 ? 1 : 0));
    const a = fitRandomForest(d.X, d.y, createRandom(9), { trees: 10 });
    const b = fitRandomForest(d.X, d.y, createRandom(9), { trees: 10 });
    expect(a.predictProba(d.X)).toEqual(b.predictProba(d.X));
    const balanced = fitRandomForest(d.X, d.y, createRandom(9), { trees: 10, maxDepth: 2, classWeight: 'balanced' });
    const plain = fitRandomForest(d.X, d.y, createRandom(9), { trees: 10, maxDepth: 2 });
    const mean1 = (p: Float64Array) => p.filter((_, i) => i % 2 === 1).reduce((s, v) => s + v, 0) / 600;
    expect(mean1(balanced.predictProba(d.X))).toBeGreaterThan(mean1(plain.predictProba(d.X)));
  });

  it('refuses bad input', () => {
    const X = { rows: 3, cols: 1, data: Float64Array.of(1, 2, 3) };
    expect(() => fitRandomForest(X, [0, 1], createRandom(0))).toThrow(/2 labels for 3 rows/);
    expect(() => fitRandomForest(X, [0, 1, 0.5], createRandom(0))).toThrow(/whole number/);
    expect(() => fitRandomForest({ ...X, data: Float64Array.of(1, NaN, 3) }, [0, 1, 0], createRandom(0))).toThrow(/not finite/);
    expect(() => fitRandomForest(X, [0, 1, 0], createRandom(0), { maxFeatures: 3 })).toThrow(/maxFeatures/);
  });
});
