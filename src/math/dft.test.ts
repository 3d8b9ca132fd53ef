import { describe, expect, it } from 'vitest';
import { Dft } from './dft.js';
import { createRandom } from './random.js';

/** The textbook O(N²) sum, with angles reduced mod N for accuracy: the oracle. */
function naiveDft(re: Float64Array, im: Float64Array, inverse = false): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  const s = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const ang = (s * 2 * Math.PI * ((j * k) % n)) / n;
      a += re[j]! * Math.cos(ang) - im[j]! * Math.sin(ang);
      b += re[j]! * Math.sin(ang) + im[j]! * Math.cos(ang);
    }
    outRe[k] = inverse ? a / n : a;
    outIm[k] = inverse ? b / n : b;
  }
  return { re: outRe, im: outIm };
}

describe('DFT of any length', () => {
  for (const n of [1, 2, 3, 7, 16, 37, 100, 257, 1000]) {
    it(`matches the O(N²) sum for N = ${n}, forward and inverse`, () => {
      const rng = createRandom(n);
      const re = Float64Array.from({ length: n }, () => rng.normal());
      const im = Float64Array.from({ length: n }, () => rng.normal());
      const d = new Dft(n);
      const oRe = new Float64Array(n);
      const oIm = new Float64Array(n);
      d.forward(re, im, oRe, oIm);
      const ref = naiveDft(re, im);
      const tol = 1e-9 * Math.sqrt(n);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(oRe[k]! - ref.re[k]!)).toBeLessThan(tol);
        expect(Math.abs(oIm[k]! - ref.im[k]!)).toBeLessThan(tol);
      }
      const bRe = new Float64Array(n);
      const bIm = new Float64Array(n);
      d.inverse(oRe, oIm, bRe, bIm);
      for (let j = 0; j < n; j++) {
        expect(bRe[j]).toBeCloseTo(re[j]!, 10);
        expect(bIm[j]).toBeCloseTo(im[j]!, 10);
      }
    });
  }

  it('refuses arrays of the wrong length', () => {
    expect(() => new Dft(3).forward([1, 2], undefined, new Float64Array(3), new Float64Array(3))).toThrow(/length 3/);
    expect(() => new Dft(0)).toThrow(/≥ 1/);
  });
});
