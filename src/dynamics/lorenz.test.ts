import { describe, expect, it } from 'vitest';
import { lorenzEquilibria, simulateLorenz } from './lorenz.js';

describe('Lorenz system', () => {
  it('stays on the attractor: |x| < 25, |y| < 30, 0 < z < 50 (σ 10, ρ 28, β 8/3, RK4 dt 0.01)', () => {
    const tr = simulateLorenz({ steps: 20_000, stepSeconds: 0.01 });
    for (let i = 500; i < tr.x.length; i++) {
      expect(Math.abs(tr.x[i]!)).toBeLessThan(25);
      expect(Math.abs(tr.y[i]!)).toBeLessThan(30);
      expect(tr.z[i]!).toBeGreaterThan(0);
      expect(tr.z[i]!).toBeLessThan(50);
    }
    // it visits both wings
    expect(Math.min(...tr.x.subarray(500))).toBeLessThan(-10);
    expect(Math.max(...tr.x.subarray(500))).toBeGreaterThan(10);
  });

  it('has its equilibria at (±√(β(ρ−1)), ±√(β(ρ−1)), ρ−1)', () => {
    const [c] = lorenzEquilibria();
    expect(c![0]).toBeCloseTo(Math.sqrt(72), 12); // β(ρ − 1) = (8/3)·27 = 72
    expect(c![2]).toBe(27);
    // started exactly there it stays (the right-hand side vanishes)
    const tr = simulateLorenz({ steps: 100, stepSeconds: 0.01, initial: c! });
    expect(tr.x.at(-1)).toBeCloseTo(c![0], 9);
    expect(lorenzEquilibria({ rho: 0.5 })).toEqual([]);
  });
});
