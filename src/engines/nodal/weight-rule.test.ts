import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkModificationCurve,
  modificationAsymptotes,
  modificationIncrement,
  modificationSlopeAtBreakpoint,
  PAPER_NON_TRIGGERING,
  PAPER_TRIGGERING,
  type ModificationCurve,
} from './weight-rule.js';

const curves = fc.record({
  amplitude: fc.double({ min: 0.01, max: 100, noNaN: true }),
  breakpointSeconds: fc.double({ min: 0.001, max: 100, noNaN: true }),
  dampeningRatio: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
});

describe('the weighting-modification function M(x) = a·(e^{k/x} − d), k = b·ln d (McIlwain & Pietsch §2.5)', () => {
  it('gives the hand-computed values of the paper\'s two modules', () => {
    // Non-triggering a = 1, b = 2, d = 0.3 at x = 1 s: 0.3^(2/1) − 0.3 = 0.09 − 0.3.
    expect(modificationIncrement(1, PAPER_NON_TRIGGERING)).toBeCloseTo(-0.21, 12);
    // Triggering a = 2, b = 0.2, d = 0.5 at x = 0.4 s: 2·(0.5^0.5 − 0.5) = √2 − 1.
    expect(modificationIncrement(0.4, PAPER_TRIGGERING)).toBeCloseTo(Math.SQRT2 - 1, 12);
    // Non-triggering at x = 4 s: 0.3^0.5 − 0.3.
    expect(modificationIncrement(4, PAPER_NON_TRIGGERING)).toBeCloseTo(Math.sqrt(0.3) - 0.3, 12);
  });

  it('is zero at the breakpoint b', () => {
    fc.assert(fc.property(curves, (c) => Math.abs(modificationIncrement(c.breakpointSeconds, c)) <= 1e-12 * c.amplitude));
  });

  it('dampens below the breakpoint and sensitises above it, rising monotonically', () => {
    fc.assert(
      fc.property(curves, fc.double({ min: 1.001, max: 1000, noNaN: true }), (c, f) => {
        const b = c.breakpointSeconds;
        const below = modificationIncrement(b / f, c);
        const above = modificationIncrement(b * f, c);
        return below < 0 && above > 0 && modificationIncrement(b / (f * 1.1), c) <= below && modificationIncrement(b * f * 1.1, c) >= above;
      }),
    );
  });

  it('has horizontal asymptotes −a·d (x → 0) and a·(1 − d) (x → ∞), a apart, a share d below zero', () => {
    fc.assert(
      fc.property(curves, (c) => {
        const { low, high } = modificationAsymptotes(c);
        const a = c.amplitude;
        const d = c.dampeningRatio;
        const tol = 1e-6 * a;
        // Far below b, d^{b/x} underflows to 0; far above, d^{b/x} = e^{−(b/x)·ln(1/d)} → 1.
        const atZero = modificationIncrement(c.breakpointSeconds * 1e-6, c);
        const atInfinity = modificationIncrement(c.breakpointSeconds * 1e12, c);
        return (
          Math.abs(low + a * d) < tol && Math.abs(high - a * (1 - d)) < tol &&
          Math.abs(atZero - low) < tol && Math.abs(atInfinity - high) < tol &&
          Math.abs(high - low - a) < tol && Math.abs((0 - low) / (high - low) - d) < 1e-9
        );
      }),
    );
    expect(modificationAsymptotes(PAPER_TRIGGERING)).toEqual({ low: -1, high: 1 });
    const non = modificationAsymptotes(PAPER_NON_TRIGGERING);
    expect(non.low).toBeCloseTo(-0.3, 15);
    expect(non.high).toBeCloseTo(0.7, 15);
  });

  it('stays strictly between its asymptotes (soft-limiting)', () => {
    fc.assert(
      fc.property(curves, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (c, f) => {
        const { low, high } = modificationAsymptotes(c);
        const m = modificationIncrement(c.breakpointSeconds * f, c);
        return m >= low && m <= high;
      }),
    );
    expect(modificationIncrement(0, PAPER_TRIGGERING)).toBe(-1);
  });

  it('has slope a·d·ln(1/d)/b at the breakpoint (finite differences), set by d and the same in log x for every b', () => {
    fc.assert(
      fc.property(curves, (c) => {
        const b = c.breakpointSeconds;
        const h = b * 1e-5;
        const numeric = (modificationIncrement(b + h, c) - modificationIncrement(b - h, c)) / (2 * h);
        const closed = modificationSlopeAtBreakpoint(c);
        const expected = (c.amplitude * c.dampeningRatio * Math.log(1 / c.dampeningRatio)) / b;
        return Math.abs(numeric - expected) <= 1e-5 * Math.abs(expected) && Math.abs(closed - expected) <= 1e-12 * Math.abs(expected);
      }),
    );
    // In log x the slope b·M'(b) = a·d·ln(1/d) does not depend on b …
    const at = (b: number, d: number): number => b * modificationSlopeAtBreakpoint({ amplitude: 1, breakpointSeconds: b, dampeningRatio: d });
    expect(at(0.2, 0.3)).toBeCloseTo(at(20, 0.3), 12);
    // … but does on d: 0.5·ln 2 ≈ 0.3466 for d = 0.5, 0.3·ln(1/0.3) ≈ 0.3612 for d = 0.3, largest (1/e) at d = 1/e.
    expect(at(1, 0.5)).toBeCloseTo(0.5 * Math.LN2, 12);
    expect(at(1, 0.3)).toBeCloseTo(0.3 * Math.log(1 / 0.3), 12);
    expect(at(1, 1 / Math.E)).toBeCloseTo(1 / Math.E, 12);
    expect(at(1, 1 / Math.E)).toBeGreaterThan(Math.max(at(1, 0.2), at(1, 0.6)));
  });

  it('makes the two paper modules pull against each other only between their breakpoints (Figure 2)', () => {
    for (const x of [0.25, 0.5, 1, 1.9]) {
      expect(modificationIncrement(x, PAPER_TRIGGERING)).toBeGreaterThan(0);
      expect(modificationIncrement(x, PAPER_NON_TRIGGERING)).toBeLessThan(0);
    }
    for (const x of [0.05, 0.15]) {
      expect(modificationIncrement(x, PAPER_TRIGGERING)).toBeLessThan(0);
      expect(modificationIncrement(x, PAPER_NON_TRIGGERING)).toBeLessThan(0);
    }
    for (const x of [2.5, 10]) {
      expect(modificationIncrement(x, PAPER_TRIGGERING)).toBeGreaterThan(0);
      expect(modificationIncrement(x, PAPER_NON_TRIGGERING)).toBeGreaterThan(0);
    }
  });

  it('refuses parameters outside the rule\'s domain', () => {
    const base: ModificationCurve = { amplitude: 1, breakpointSeconds: 1, dampeningRatio: 0.5 };
    expect(() => checkModificationCurve(base)).not.toThrow();
    expect(() => checkModificationCurve({ ...base, dampeningRatio: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => checkModificationCurve({ ...base, dampeningRatio: 0 })).toThrow(/strictly between 0 and 1/);
    expect(() => checkModificationCurve({ ...base, amplitude: -1 })).toThrow(/amplitude/);
    expect(() => checkModificationCurve({ ...base, breakpointSeconds: 0 })).toThrow(/breakpoint/);
  });
});
