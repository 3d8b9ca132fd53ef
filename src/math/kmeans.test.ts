import { describe, expect, it } from 'vitest';
import { flatMatrix, matrixFromRows, type FlatMatrix } from './flat-matrix.js';
import { kmeans, kmeansPlusPlus } from './kmeans.js';
import { silhouetteSamples, silhouetteScore, silhouetteScores } from './silhouette.js';
import { uniqueRows } from './unique-rows.js';
import { createRandom } from './random.js';

/** Three well-separated Gaussian blobs in 2-D around (0, 0), (10, 0), (0, 10), 30 points each. */
function blobs(seed: number): { x: FlatMatrix; truth: Int32Array } {
  const rng = createRandom(seed);
  const centres = [[0, 0], [10, 0], [0, 10]];
  const x = flatMatrix(90, 2);
  const truth = new Int32Array(90);
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    truth[i] = c;
    x.data[2 * i] = centres[c]![0]! + 0.5 * rng.normal();
    x.data[2 * i + 1] = centres[c]![1]! + 0.5 * rng.normal();
  }
  return { x, truth };
}

/** The textbook definition, written independently: every pair, per point, no blocking, no symmetry, no weights. */
function naiveSilhouette(rows: number[][], labels: ArrayLike<number>): number {
  const n = rows.length;
  const ks = [...new Set(Array.from(labels))];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const dist = (j: number): number => Math.hypot(...rows[i]!.map((v, t) => v - rows[j]![t]!));
    const members = (c: number): number[] => [...Array(n).keys()].filter((j) => labels[j] === c);
    const own = members(labels[i]!);
    if (own.length === 1) continue;
    const a = own.filter((j) => j !== i).reduce((s, j) => s + dist(j), 0) / (own.length - 1);
    const b = Math.min(...ks.filter((c) => c !== labels[i]).map((c) => members(c).reduce((s, j) => s + dist(j), 0) / members(c).length));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** Rows repeated by their counts. */
function expand(x: FlatMatrix, counts: ArrayLike<number>): FlatMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < x.rows; i++) for (let c = 0; c < counts[i]!; c++) rows.push(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  return matrixFromRows(rows);
}

describe('k-means', () => {
  it('recovers three separated blobs (same partition as the truth, centres near the true centres)', () => {
    const { x, truth } = blobs(1);
    const r = kmeans(x, 3, createRandom(0));
    expect(r.converged).toBe(true);
    // Same partition up to renaming: each true cluster maps to one label.
    const map = new Map<number, number>();
    for (let i = 0; i < 90; i++) {
      if (!map.has(truth[i]!)) map.set(truth[i]!, r.labels[i]!);
      expect(r.labels[i]).toBe(map.get(truth[i]!));
    }
    expect(new Set(map.values()).size).toBe(3);
    // Centres are the cluster means: inertia equals Σ‖x − mean‖² computed here from the labels.
    let inertia = 0;
    for (let c = 0; c < 3; c++) {
      const idx = [...Array(90).keys()].filter((i) => r.labels[i] === c);
      const mx = idx.reduce((s, i) => s + x.data[2 * i]!, 0) / idx.length;
      const my = idx.reduce((s, i) => s + x.data[2 * i + 1]!, 0) / idx.length;
      expect(r.centers.data[2 * c]).toBeCloseTo(mx, 12);
      expect(r.centers.data[2 * c + 1]).toBeCloseTo(my, 12);
      inertia += idx.reduce((s, i) => s + (x.data[2 * i]! - mx) ** 2 + (x.data[2 * i + 1]! - my) ** 2, 0);
    }
    expect(r.inertia).toBeCloseTo(inertia, 9);
    expect(r.restartInertias).toHaveLength(10);
    expect(Math.min(...r.restartInertias)).toBe(r.inertia);
  });

  it('solves a 1-D case by hand: {0, 1, 2} and {10, 11} → centres 1 and 10.5, inertia 2.5', () => {
    const r = kmeans(matrixFromRows([[0], [1], [2], [10], [11]]), 2, createRandom(3));
    const centres = Array.from(r.centers.data).sort((a, b) => a - b);
    expect(centres).toEqual([1, 10.5]);
    expect(r.inertia).toBeCloseTo(2.5, 14);
  });

  it('Hamerly and Lloyd give the same clustering from the same seed', () => {
    const rng = createRandom(8);
    const x = flatMatrix(400, 5);
    rng.fillNormal(x.data);
    for (const k of [2, 5, 9]) {
      const h = kmeans(x, k, createRandom(k), { algorithm: 'hamerly' });
      const l = kmeans(x, k, createRandom(k), { algorithm: 'lloyd' });
      expect(Array.from(h.labels)).toEqual(Array.from(l.labels));
      expect(h.inertia).toBeCloseTo(l.inertia, 10);
      expect(h.iterations).toBe(l.iterations);
    }
  });

  it('clustering distinct rows with their counts equals clustering every row', () => {
    const base = matrixFromRows([[0, 0], [0, 1], [5, 5], [6, 5], [5, 6], [9, 0], [9, 1]]);
    const counts = [40, 3, 17, 2, 9, 25, 1];
    const full = expand(base, counts);
    const weighted = kmeans(base, 3, createRandom(2), { weights: counts });
    const plain = kmeans(full, 3, createRandom(2));
    expect(weighted.inertia).toBeCloseTo(plain.inertia, 10);
    const { index } = uniqueRows(full);
    for (let i = 0; i < full.rows; i++) {
      // Same partition: rows that share a label in one share it in the other.
      for (let j = 0; j < full.rows; j += 7) {
        expect(plain.labels[i] === plain.labels[j]).toBe(weighted.labels[index[i]!] === weighted.labels[index[j]!]);
      }
    }
  });

  it('k-means++ picks K distinct rows and refuses K above the distinct rows', () => {
    const x = matrixFromRows([[0], [0], [1], [1], [2]]);
    const c = kmeansPlusPlus(x, 3, createRandom(1));
    expect(new Set(Array.from(c.data)).size).toBe(3);
    expect(() => kmeans(x, 4, createRandom(1))).toThrow(/K = 4 is more than the 3 distinct points/);
    expect(() => kmeans(x, 6, createRandom(1))).toThrow(/more than the 5 points/);
    expect(() => kmeans(x, 0, createRandom(1))).toThrow(/K must be/);
    expect(() => kmeans(matrixFromRows([[NaN]]), 1, createRandom(1))).toThrow(/non-finite/);
  });

  it('is reproducible for a seed', () => {
    const { x } = blobs(4);
    const a = kmeans(x, 4, createRandom(11));
    const b = kmeans(x, 4, createRandom(11));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
  });
});

describe('silhouette', () => {
  it('matches a hand computation: 0, 1 | 4, 5 → s = 7/9, 5/7, 5/7, 7/9', () => {
    const x = matrixFromRows([[0], [1], [4], [5]]);
    expect(Array.from(silhouetteSamples(x, [0, 0, 1, 1]))).toEqual([7 / 9, 5 / 7, 5 / 7, 7 / 9].map((v) => expect.closeTo(v, 15)));
    expect(silhouetteScore(x, [0, 0, 1, 1])).toBeCloseTo((7 / 9 + 5 / 7) / 2, 15);
    // A singleton cluster scores 0: {0, 1} | {5}: s(0) = (5 − 1)/5, s(1) = (4 − 1)/4, s(5) = 0.
    expect(silhouetteScore(matrixFromRows([[0], [1], [5]]), [0, 0, 1])).toBeCloseTo((4 / 5 + 3 / 4) / 3, 15);
  });

  it('equals the textbook definition on random data with several clusters, to 1e-12', () => {
    const rng = createRandom(5);
    const rows = Array.from({ length: 300 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const x = matrixFromRows(rows);
    const labellings = [2, 3, 7].map((k) => Int32Array.from(rows, () => rng.int(k)));
    const scores = silhouetteScores(x, labellings);
    labellings.forEach((lab, i) => expect(Math.abs(scores[i]! - naiveSilhouette(rows, lab))).toBeLessThan(1e-12));
  });

  it('with counts as weights equals the silhouette of the expanded rows', () => {
    const base = matrixFromRows([[0, 0], [0, 1], [5, 5], [6, 5], [5, 6], [9, 0], [9, 1]]);
    const counts = [4, 3, 1, 2, 5, 2, 1];
    const labels = [0, 0, 1, 1, 1, 2, 2];
    const full = expand(base, counts);
    const fullLabels = labels.flatMap((l, i) => Array(counts[i]).fill(l) as number[]);
    const expected = naiveSilhouette(Array.from({ length: full.rows }, (_, i) => Array.from(full.data.subarray(2 * i, 2 * i + 2))), fullLabels);
    expect(Math.abs(silhouetteScore(base, labels, { weights: counts }) - expected)).toBeLessThan(1e-13);
    // A distinct row alone in its cluster but counted twice is not a singleton: its duplicates are 0 away.
    expect(silhouetteScore(matrixFromRows([[0], [3]]), [0, 1], { weights: [2, 2] })).toBe(1);
  });

  it('samples only when asked, and then approximates the exact score', () => {
    const { x, truth } = blobs(2);
    const exact = silhouetteScore(x, truth);
    const sampled = silhouetteScore(x, truth, { sampleSize: 60, random: createRandom(1) });
    expect(sampled).not.toBe(exact);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.05);
    expect(silhouetteScore(x, truth, { sampleSize: 1000, random: createRandom(1) })).toBe(exact);
    expect(() => silhouetteScore(x, truth, { sampleSize: 10 })).toThrow(/seeded generator/);
  });

  it('refuses one cluster, mismatched lengths and bad weights', () => {
    const x = matrixFromRows([[0], [1], [2]]);
    expect(() => silhouetteScore(x, [0, 0, 0])).toThrow(/2 … n − 1 clusters, got 1 cluster/);
    expect(() => silhouetteScore(x, [0, 1, 2])).toThrow(/got 3 clusters of 3 points/);
    expect(() => silhouetteScore(x, [0, 1])).toThrow(/2 labels for 3 points/);
    expect(() => silhouetteScore(x, [0, 1, 1], { weights: [1, 0.5, 1] })).toThrow(/whole numbers/);
    expect(() => silhouetteScore(x, [0, -1, 1])).toThrow(/whole numbers ≥ 0/);
  });
});

describe('unique rows', () => {
  it('groups identical rows in order of first appearance', () => {
    const r = uniqueRows(matrixFromRows([[1, 0], [1, 0], [0, 1], [1, 0], [-0, 1]]));
    expect(r.unique.rows).toBe(2);
    expect(Array.from(r.counts)).toEqual([3, 2]);
    expect(Array.from(r.index)).toEqual([0, 0, 1, 0, 1]);
  });
});
