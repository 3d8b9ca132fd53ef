import { describe, expect, it } from 'vitest';
import { Matrix, SVD } from 'ml-matrix';
import { flatMatrix, matrixFromRows, matMul, matMulAtB, matMulABt, transposeMatrix, maxAbsDifference, identityMatrix, toMlMatrix, fromMlMatrix, leadingColumns, type FlatMatrix } from './flat-matrix.js';
import { qrDecomposition } from './qr.js';
import { thinSvd } from './svd.js';
import { randomizedSvd } from './randomized-svd.js';
import { cumulativeEnergy, energyRank } from './energy-rank.js';
import { createRandom } from './random.js';

function randomMatrix(rows: number, cols: number, seed: number): FlatMatrix {
  const m = flatMatrix(rows, cols);
  createRandom(seed).fillNormal(m.data);
  return m;
}

/** U·diag(s)·Vᵀ. */
function reconstruct(u: FlatMatrix, s: Float64Array, v: FlatMatrix): FlatMatrix {
  const us = flatMatrix(u.rows, s.length);
  for (let i = 0; i < u.rows; i++) for (let j = 0; j < s.length; j++) us.data[i * s.length + j] = u.data[i * u.cols + j]! * s[j]!;
  return matMulABt(us, v);
}

function expectOrthonormalColumns(q: FlatMatrix, tol = 1e-12): void {
  expect(maxAbsDifference(matMulAtB(q, q), identityMatrix(q.cols))).toBeLessThan(tol);
}

/** A rows × cols matrix with the given singular values (random orthonormal factors from ml-matrix's QR). */
function withSpectrum(rows: number, cols: number, sigma: number[], seed: number): FlatMatrix {
  const r = sigma.length;
  const u = qrDecomposition(randomMatrix(rows, r, seed)).q;
  const v = qrDecomposition(randomMatrix(cols, r, seed + 1)).q;
  return reconstruct(u, Float64Array.from(sigma), v);
}

describe('flat matrices', () => {
  it('multiplies, transposes and converts like ml-matrix', () => {
    const a = randomMatrix(7, 5, 1);
    const b = randomMatrix(5, 3, 2);
    const oracle = toMlMatrix(a).mmul(toMlMatrix(b));
    expect(maxAbsDifference(matMul(a, b), fromMlMatrix(oracle))).toBeLessThan(1e-13);
    expect(maxAbsDifference(matMulAtB(transposeMatrix(a), b), matMul(a, b))).toBeLessThan(1e-13);
    expect(maxAbsDifference(matMulABt(a, transposeMatrix(b)), matMul(a, b))).toBeLessThan(1e-13);
    expect(matMul(matrixFromRows([[1, 2]]), matrixFromRows([[3], [4]])).data[0]).toBe(11);
    expect(() => matMul(a, a)).toThrow(/cannot multiply 7 × 5 by 7 × 5/);
    expect(() => matrixFromRows([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('Householder QR', () => {
  it('factors tall, square and wide matrices with orthonormal Q and upper-triangular R', () => {
    for (const [m, n] of [[9, 4], [5, 5], [3, 7]] as const) {
      const a = randomMatrix(m, n, m * 10 + n);
      const { q, r } = qrDecomposition(a);
      expect([q.rows, q.cols, r.rows, r.cols]).toEqual([m, Math.min(m, n), Math.min(m, n), n]);
      expectOrthonormalColumns(q);
      expect(maxAbsDifference(matMul(q, r), a)).toBeLessThan(1e-13);
      for (let i = 0; i < r.rows; i++) {
        expect(r.data[i * n + i]).toBeGreaterThanOrEqual(0);
        for (let j = 0; j < i; j++) expect(r.data[i * n + j]).toBe(0);
      }
    }
  });

  it('matches the hand computation for a 2 × 1 column: [3, 4] = [0.6, 0.8]·5', () => {
    const { q, r } = qrDecomposition(matrixFromRows([[3], [4]]));
    expect(q.data[0]).toBeCloseTo(0.6, 15);
    expect(q.data[1]).toBeCloseTo(0.8, 15);
    expect(r.data[0]).toBeCloseTo(5, 14);
  });
});

describe('exact thin SVD', () => {
  it('gives the closed-form singular values of [[3, 0], [4, 5]]: 3√5 and √5', () => {
    const { s } = thinSvd(matrixFromRows([[3, 0], [4, 5]]));
    expect(s[0]).toBeCloseTo(3 * Math.sqrt(5), 14);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it('agrees with ml-matrix on tall and wide random matrices and satisfies A = UΣVᵀ', () => {
    for (const [m, n] of [[40, 6], [6, 40], [12, 12]] as const) {
      const a = randomMatrix(m, n, m + 3 * n);
      const { u, s, v } = thinSvd(a);
      const oracle = new SVD(toMlMatrix(a), { autoTranspose: true }).diagonal;
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - oracle[i]!) / oracle[0]!).toBeLessThan(1e-13);
      expectOrthonormalColumns(u);
      expectOrthonormalColumns(v);
      expect(maxAbsDifference(reconstruct(u, s, v), a)).toBeLessThan(1e-12);
    }
  });

  it('handles rank deficiency: zero singular values and a complete orthonormal U', () => {
    // Rank 1: every row a multiple of [1, 2, 2] (norm 3); column of multiples [1, 1, 1, 1] (norm 2) → σ = 6.
    const a = matrixFromRows([[1, 2, 2], [1, 2, 2], [1, 2, 2], [1, 2, 2]]);
    const { u, s, v } = thinSvd(a);
    expect(s[0]).toBeCloseTo(6, 13);
    expect(s[1]).toBeLessThan(1e-14);
    expect(s[2]).toBeLessThan(1e-14);
    expectOrthonormalColumns(u);
    expectOrthonormalColumns(v);
    expect(maxAbsDifference(reconstruct(u, s, v), a)).toBeLessThan(1e-13);
    const zero = thinSvd(flatMatrix(3, 2));
    expect(Array.from(zero.s)).toEqual([0, 0]);
    expectOrthonormalColumns(zero.u);
  });

  it('keeps relative accuracy of tiny singular values (graded spectrum 1 … 1e-10)', () => {
    const sigma = [1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10];
    const a = withSpectrum(30, 6, sigma, 7);
    const { s } = thinSvd(a);
    // QR + Jacobi is backward stable: absolute error ~ ε‖A‖, so the smallest is good to ~1e-6 relative.
    for (let i = 0; i < 5; i++) expect(Math.abs(s[i]! - sigma[i]!) / sigma[i]!).toBeLessThan(1e-6);
  });
});

describe('randomized SVD (Halko et al. 2011)', () => {
  it('is exact when the sketch would span the column space (rank + p ≥ min dimension)', () => {
    const a = randomMatrix(20, 300, 11);
    const exact = thinSvd(a).s;
    const r = randomizedSvd(a, 10, createRandom(1)); // l = 10 + 10 = 20 = rows
    for (let i = 0; i < 10; i++) expect(Math.abs(r.s[i]! - exact[i]!) / exact[i]!).toBeLessThan(1e-12);
  });

  it('finds the leading singular values of a matrix with a decaying spectrum to 1e-6 with p = 10, q = 2', () => {
    const sigma = Array.from({ length: 60 }, (_, i) => Math.pow(0.8, i));
    const a = withSpectrum(200, 120, sigma, 21);
    const { u, s, v } = randomizedSvd(a, 10, createRandom(5));
    for (let i = 0; i < 10; i++) expect(Math.abs(s[i]! - sigma[i]!) / sigma[i]!).toBeLessThan(1e-6);
    expectOrthonormalColumns(u, 1e-10);
    expectOrthonormalColumns(v, 1e-10);
    // Eckart–Young: the rank-10 residual is close to σ_11.
    const residual = reconstruct(u, s, v);
    let err = 0;
    for (let i = 0; i < a.data.length; i++) err += (a.data[i]! - residual.data[i]!) ** 2;
    const optimal = sigma.slice(10).reduce((t, x) => t + x * x, 0);
    expect(Math.sqrt(err)).toBeLessThan(Math.sqrt(optimal) * 1.0001);
  });

  it('is reproducible for a seed and refuses bad ranks', () => {
    const a = randomMatrix(15, 40, 3);
    const x = randomizedSvd(a, 4, createRandom(9), { oversampling: 2, powerIterations: 1 });
    const y = randomizedSvd(a, 4, createRandom(9), { oversampling: 2, powerIterations: 1 });
    expect(Array.from(x.s)).toEqual(Array.from(y.s));
    expect(() => randomizedSvd(a, 0, createRandom(1))).toThrow(/rank must be/);
    expect(() => randomizedSvd(a, 16, createRandom(1))).toThrow(/1…15/);
    expect(leadingColumns(x.u, 2).cols).toBe(2);
  });
});

describe('energy rank', () => {
  it('picks the smallest k reaching the fraction of ‖M‖²_F', () => {
    // σ = 3, 2, 1: energies 9, 4, 1 of 14 → cumulative 9/14 = 0.643, 13/14 = 0.929, 1.
    expect(Array.from(cumulativeEnergy([3, 2, 1]))).toEqual([9 / 14, 13 / 14, 1]);
    expect(energyRank([3, 2, 1], 0.9)).toBe(2);
    expect(energyRank([3, 2, 1], 9 / 14)).toBe(1);
    expect(energyRank([3, 2, 1], 0.95)).toBe(3);
    expect(energyRank([3, 2, 1], 1)).toBe(3);
    // A truncated set that does not reach the fraction of the true total.
    expect(energyRank([3, 2], 0.95, 14)).toBeUndefined();
    expect(() => energyRank([1], 0)).toThrow(/\(0, 1\]/);
    expect(() => energyRank([1], 1.5)).toThrow(/\(0, 1\]/);
  });

  it('agrees with Frobenius energy computed from the matrix itself', () => {
    const a = randomMatrix(10, 30, 4);
    let total = 0;
    for (const x of a.data) total += x * x;
    const s = thinSvd(a).s;
    expect(cumulativeEnergy(s, total)[9]).toBeCloseTo(1, 12);
    const ml = new Matrix(toMlMatrix(a).to2DArray());
    expect(ml.norm('frobenius') ** 2).toBeCloseTo(total, 10);
  });
});
