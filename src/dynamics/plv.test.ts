import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random.js';
import { phaseLockingValue, phasesOf, slidingPlv } from './plv.js';

describe('phase-locking value', () => {
  it('is 1 for identical phases and for a constant lag', () => {
    const phi = Array.from({ length: 500 }, (_, n) => 0.37 * n);
    expect(phaseLockingValue(phi, phi)).toBeCloseTo(1, 12);
    expect(phaseLockingValue(phi, phi.map((p) => p + 1.3))).toBeCloseTo(1, 12);
  });

  it('is near 0 for independent phases (≈ 1/√N)', () => {
    const rng = createRandom(11);
    const n = 10_000;
    const a = Array.from({ length: n }, () => rng.uniform(-Math.PI, Math.PI));
    const b = Array.from({ length: n }, () => rng.uniform(-Math.PI, Math.PI));
    // E[PLV] = √(π/(4N)) ≈ 0.0089 for N = 10,000 uniform differences
    expect(phaseLockingValue(a, b)).toBeLessThan(0.03);
  });

  it('measures k:m locking with phase multipliers', () => {
    // φ2 runs at 3/2 the rate of φ1: 3·φ1 − 2·φ2 is constant
    const p1 = Array.from({ length: 400 }, (_, n) => 0.1 * n);
    const p2 = p1.map((p) => 1.5 * p + 0.4);
    expect(phaseLockingValue(p1, p2, { m: 3, k: 2 })).toBeCloseTo(1, 12);
    expect(phaseLockingValue(p1, p2)).toBeLessThan(0.2);
  });

  it('slides a window, equal to the plain PLV on each full window', () => {
    const rng = createRandom(3);
    const a = Array.from({ length: 300 }, () => rng.uniform(-Math.PI, Math.PI));
    const b = a.map((v, i) => (i < 150 ? v + 0.2 : rng.uniform(-Math.PI, Math.PI)));
    const s = slidingPlv(a, b, 100);
    expect(s[149]).toBeCloseTo(1, 9);
    expect(s[299]).toBeCloseTo(phaseLockingValue(a, b, { from: 200, to: 300 }), 9);
    expect(Array.from(phasesOf([0, -1], [1, 0]))).toEqual([Math.PI / 2, Math.PI]);
  });
});
