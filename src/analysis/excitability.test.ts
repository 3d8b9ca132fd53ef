import { describe, expect, it } from 'vitest';
import { excitability } from './excitability.js';
import { flatMatrix, type FlatMatrix } from '../math/flat-matrix.js';
import { pearson } from '../math/stats.js';
import { createRandom } from '../math/random.js';

function columns(cols: number[][]): FlatMatrix {
  const T = cols[0]!.length;
  const m = flatMatrix(T, cols.length);
  cols.forEach((c, j) => c.forEach((v, t) => (m.data[t * cols.length + j] = v)));
  return m;
}

const rotate = (x: number[], s: number): number[] => x.map((_, t) => x[(t + s) % x.length]!);

describe('excitability with a circular-shift permutation test', () => {
  const rng = createRandom(7);
  const T = 60;
  const noise = (): number[] => Array.from({ length: T }, () => rng.normal());
  const z = [noise(), noise(), noise()];
  const v = [noise(), noise().map((x, t) => x * 0.2 + z[1]![t]!), Array.from({ length: T }, () => 3)];

  it('matches Pearson correlations and a brute-force count over every rotation', () => {
    const minShift = 6;
    const r = excitability(columns(v), columns(z), { minShift });
    expect(r.shifts).toBe(T - 2 * minShift + 1);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(r.correlations.data[i * 3 + j]).toBeCloseTo(pearson(v[i]!, z[j]!), 12);
      const stat = (s: number): number => Math.max(...z.map((zj) => Math.abs(pearson(rotate(v[i]!, s), zj))));
      const observed = stat(0);
      expect(r.entries[i]!.excitability).toBeCloseTo(observed, 12);
      let exceed = 0;
      for (let s = minShift; s <= T - minShift; s++) if (stat(s) >= observed - 1e-12) exceed++;
      expect(r.entries[i]!.pValue).toBeCloseTo((1 + exceed) / (1 + r.shifts), 12);
    }
  });

  it('finds the coupled pattern, ranks it first and gives it the smallest p the test can give', () => {
    const r = excitability(columns(v), columns(z));
    const coupled = r.entries[1]!;
    expect(coupled.component).toBe(1);
    expect(coupled.r).toBeGreaterThan(0.9);
    expect(coupled.rank).toBe(1);
    expect(coupled.pValue).toBeCloseTo(1 / (1 + r.shifts), 12);
    expect(r.entries[0]!.pValue).toBeGreaterThan(0.01);
    // A constant envelope correlates with nothing.
    expect(r.entries[2]).toMatchObject({ excitability: 0, pValue: 1, rank: 3 });
  });

  it('refuses mismatched lengths and impossible shifts', () => {
    expect(() => excitability(columns(v), columns([z[0]!.slice(1)]))).toThrow(/60 frames, neural scores 59/);
    expect(() => excitability(columns(v), columns(z), { minShift: 31 })).toThrow(/minShift/);
  });
});
