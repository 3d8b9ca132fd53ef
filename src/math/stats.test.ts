import { describe, expect, it } from 'vitest';
import { mean, median, pearson, std, variance, zscore } from './stats.js';
import { Rk4 } from './ode.js';

describe('statistics', () => {
  it('agrees with hand-computed values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([1, 2, 3, 4])).toBe(1.25);
    expect(variance([1, 2, 3, 4], 1)).toBeCloseTo(5 / 3, 15);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Array.from(zscore([1, 2, 3]))).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    expect(Array.from(zscore([5, 5]))).toEqual([0, 0]);
  });

  it('computes Pearson r: ±1 for lines, 0 for constants, a known value otherwise', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    expect(pearson([1, 2, 3], [7, 7, 7])).toBe(0);
    // x = 1..5, y = 2, 4, 5, 4, 5: r = 6 / √(10 · 6) = 0.7746
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 14);
    expect(() => pearson([1], [1, 2])).toThrow(RangeError);
    expect(() => mean([])).toThrow(RangeError);
  });
});

describe('RK4', () => {
  it('integrates a harmonic oscillator with fourth-order error', () => {
    const osc = new Rk4(2, (_t, y, d) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    });
    const err = (h: number): number => {
      const y = new Float64Array([1, 0]);
      const n = Math.round(2 * Math.PI / h);
      for (let i = 0; i < n; i++) osc.step(i * h, y, h);
      return Math.abs(y[0]! - Math.cos(n * h));
    };
    expect(err(0.01)).toBeLessThan(1e-9);
    // Halving the step divides the error by about 2^4.
    expect(err(0.1) / err(0.05)).toBeGreaterThan(12);
  });
});
