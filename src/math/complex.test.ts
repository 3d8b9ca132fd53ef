import { describe, expect, it } from 'vitest';
import { analyticSignal, complexAbs, complexArg, complexMultiply, phasors, unwrapPhase } from './complex.js';

describe('complex arrays', () => {
  it('multiplies, takes moduli and arguments element-wise', () => {
    const a = { re: Float64Array.of(1, 0, 3), im: Float64Array.of(0, 1, 4) };
    const b = { re: Float64Array.of(2, 0, 1), im: Float64Array.of(0, 1, 0) };
    const p = complexMultiply(a, b, { re: new Float64Array(3), im: new Float64Array(3) });
    expect(Array.from(p.re)).toEqual([2, -1, 3]); // (1)(2), i·i = −1, (3+4i)(1)
    expect(Array.from(p.im)).toEqual([0, 0, 4]);
    expect(Array.from(complexAbs(a))).toEqual([1, 1, 5]);
    expect(complexArg(a)[1]).toBeCloseTo(Math.PI / 2, 15);
    const u = phasors([0, Math.PI / 2]);
    expect(u.re[0]).toBe(1);
    expect(u.im[1]).toBe(1);
  });

  it('unwraps phase jumps', () => {
    const wrapped = Array.from({ length: 50 }, (_, n) => Math.atan2(Math.sin(0.4 * n), Math.cos(0.4 * n)));
    const un = unwrapPhase(wrapped);
    for (let n = 0; n < 50; n++) expect(un[n]).toBeCloseTo(0.4 * n, 12);
  });

  it('turns a cosine into e^{iωt} (Hilbert transform by FFT)', () => {
    // A whole number of cycles over a power-of-two length: the closed form holds away from the ends.
    const n = 1024;
    const x = Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * 16 * k) / n + 0.3));
    const z = analyticSignal(x);
    // A finite cosine's Hilbert transform departs from the sine near the ends (by ~1/(π·distance in cycles)).
    for (let k = 300; k < 724; k++) {
      expect(z.re[k]).toBeCloseTo(x[k]!, 9);
      expect(Math.abs(z.im[k]! - Math.sin((2 * Math.PI * 16 * k) / n + 0.3))).toBeLessThan(0.01);
    }
  });

  it('gives the analytic signal of an empty input as empty', () => {
    expect(analyticSignal([]).re.length).toBe(0);
  });
});
