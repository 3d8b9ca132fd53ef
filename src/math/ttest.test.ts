import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTTwoTailed, twoSampleTTest } from './ttest.js';

describe('t-test', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln(100!)
  });

  it('incomplete beta: I_x(1,1) = x and I_x(a,1) = x^a', () => {
    for (const x of [0.1, 0.5, 0.9]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
    }
  });

  it('two-tailed p of Student t matches the closed forms for ν = 1 and ν = 2', () => {
    for (const t of [0.3, 1, 2.5, 10]) {
      // ν = 1 (Cauchy): p = 1 − (2/π)·atan|t|;  ν = 2: p = 1 − |t|/√(t² + 2)
      expect(studentTTwoTailed(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12);
      expect(studentTTwoTailed(-t, 2)).toBeCloseTo(1 - t / Math.sqrt(t * t + 2), 12);
    }
    // the familiar table value: t = 2.228, ν = 10 → p = 0.05
    expect(studentTTwoTailed(2.228, 10)).toBeCloseTo(0.05, 4);
  });

  it("Welch's and Student's tests agree with scipy 1.10 (stats.ttest_ind)", () => {
    // scipy.stats.ttest_ind([1,2,3,4],[3,4,5,6.5], equal_var=False) → t = −2.1532216876958206, p = 0.07572247714213781
    const w = twoSampleTTest([1, 2, 3, 4], [3, 4, 5, 6.5]);
    expect(w.t).toBeCloseTo(-2.1532216876958206, 12);
    expect(w.p).toBeCloseTo(0.07572247714213781, 9);
    // equal_var=True: t = −2.1532216876958206 (equal n), ν = 6, p = 2·t.sf(2.15322, 6)
    const s = twoSampleTTest([1, 2, 3, 4], [3, 4, 5, 6.5], { equalVariance: true });
    expect(s.dof).toBe(6);
    expect(s.p).toBeCloseTo(studentTTwoTailed(2.1532216876958206, 6), 12);
  });

  it('refuses samples that are too small', () => {
    expect(() => twoSampleTTest([1], [2, 3])).toThrow(RangeError);
  });
});
