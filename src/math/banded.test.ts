import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { createRandom } from './random.js';
import { BandMatrix, SymmetricBandMatrix, bandLdltFactor, bandLdltSolve, bandLuFactor, bandLuSolve } from './banded.js';

/** A random symmetric positive definite band matrix (diagonally dominant), as a dense oracle and both band forms. */
function randomSpdBand(n: number, p: number, seed: number): { dense: Matrix; sym: SymmetricBandMatrix; band: BandMatrix } {
  const rng = createRandom(seed);
  const dense = Matrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j <= Math.min(n - 1, i + p); j++) {
      const v = rng.uniform(-1, 1);
      dense.set(i, j, v);
      dense.set(j, i, v);
    }
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(dense.get(i, j));
    dense.set(i, i, s + rng.uniform(0.1, 2));
  }
  const sym = new SymmetricBandMatrix(n, p);
  const band = new BandMatrix(n, p, p);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - p); j <= Math.min(n - 1, i + p); j++) {
      band.add(i, j, dense.get(i, j));
      if (j >= i) sym.add(i, j, dense.get(i, j));
    }
  }
  return { dense, sym, band };
}

describe('band solvers', () => {
  for (const [n, p] of [[147, 5], [40, 3], [9, 5], [6, 1]] as const) {
    it(`LDLᵀ and LU solve a ${n} × ${n} SPD system of bandwidth ${p} as ml-matrix does`, () => {
      const { dense, sym, band } = randomSpdBand(n, p, n * 10 + p);
      const rng = createRandom(7);
      const b = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
      const expected = solve(dense, Matrix.columnVector(Array.from(b))).getColumn(0);
      const x1 = Float64Array.from(b);
      bandLdltFactor(sym);
      bandLdltSolve(sym, x1);
      const x2 = Float64Array.from(b);
      bandLuFactor(band);
      bandLuSolve(band, x2);
      for (let i = 0; i < n; i++) {
        expect(x1[i]).toBeCloseTo(expected[i]!, 10);
        expect(x2[i]).toBeCloseTo(expected[i]!, 10);
      }
    });
  }

  it('multiplies a band matrix by a vector', () => {
    const { dense, band } = randomSpdBand(12, 2, 3);
    const x = Float64Array.from({ length: 12 }, (_, i) => i - 5);
    const y = new Float64Array(12);
    band.multiply(x, y);
    const expected = dense.mmul(Matrix.columnVector(Array.from(x))).getColumn(0);
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('refuses a matrix that is not positive definite, and entries outside the band', () => {
    const a = new SymmetricBandMatrix(2, 1);
    a.add(0, 0, 1);
    a.add(0, 1, 2);
    a.add(1, 1, 1); // eigenvalues 3 and −1
    expect(() => bandLdltFactor(a)).toThrow(/not positive definite/);
    expect(() => new BandMatrix(4, 1, 1).add(0, 3, 1)).toThrow(/outside the band/);
    const singular = new BandMatrix(2, 1, 1);
    expect(() => bandLuFactor(singular)).toThrow(/singular/);
  });
});
