import { describe, expect, it } from 'vitest';
import { EVD, Matrix, pseudoInverse as mlPseudoInverse, inverse } from 'ml-matrix';
import { flatMatrix, matrixFromRows, fromMlMatrix, identityMatrix, maxAbsDifference, matMul, matMulAtB, toMlMatrix, type FlatMatrix } from './flat-matrix.js';
import { conditionNumber, lstsq, lstsqFromCrossProducts, pseudoInverse } from './least-squares.js';
import { ridge, ridgeGcv } from './ridge.js';
import { centerColumns, correlationMatrix, crossCorrelation, zscoreColumns } from './correlation.js';
import { pca, pcaTransform } from './pca.js';
import { orthogonalProcrustes, procrustesAlign } from './procrustes.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { pearson } from './stats.js';
import { createRandom } from './random.js';

function randomMatrix(rows: number, cols: number, seed: number): FlatMatrix {
  const m = flatMatrix(rows, cols);
  createRandom(seed).fillNormal(m.data);
  return m;
}

describe('least squares by pseudoinverse', () => {
  it('solves a consistent overdetermined system exactly (y = 1 + 2x through (0,1), (1,3), (2,5))', () => {
    const r = lstsq(matrixFromRows([[1, 0], [1, 1], [1, 2]]), [1, 3, 5]);
    expect(r.solution.data[0]).toBeCloseTo(1, 13);
    expect(r.solution.data[1]).toBeCloseTo(2, 13);
    expect(r.rank).toBe(2);
    expect(r.residualSumOfSquares[0]).toBeLessThan(1e-25);
  });

  it('gives the textbook regression line for (0,0), (1,1), (2,1): intercept 1/6, slope 1/2', () => {
    const r = lstsq(matrixFromRows([[1, 0], [1, 1], [1, 2]]), [0, 1, 1]);
    expect(r.solution.data[0]).toBeCloseTo(1 / 6, 14);
    expect(r.solution.data[1]).toBeCloseTo(1 / 2, 14);
    // Residuals −1/6, 1/3, −1/6 → RSS = 1/36 + 1/9 + 1/36 = 1/6.
    expect(r.residualSumOfSquares[0]).toBeCloseTo(1 / 6, 14);
  });

  it('returns the minimum-norm solution of a rank-deficient system and reports the rank', () => {
    const r = lstsq(matrixFromRows([[1, 1], [1, 1]]), [2, 2]);
    expect(r.rank).toBe(1);
    expect(Array.from(r.solution.data).map((v) => +v.toFixed(12))).toEqual([1, 1]);
    expect(r.conditionNumber).toBe(Infinity);
    // Underdetermined (2 equations, 4 unknowns): x = A⁺b, the same as ml-matrix's pseudoinverse.
    const a = randomMatrix(2, 4, 3);
    const b = [1, -2];
    const ours = lstsq(a, b).solution;
    const theirs = fromMlMatrix(mlPseudoInverse(toMlMatrix(a)).mmul(Matrix.columnVector(b)));
    expect(maxAbsDifference(ours, theirs)).toBeLessThan(1e-12);
  });

  it('solves many right-hand sides at once (W = lstsq(Z, V) with Z T × 4, V T × 96) like the normal equations', () => {
    const z = randomMatrix(500, 4, 1);
    const v = randomMatrix(500, 96, 2);
    const w = lstsq(z, v).solution;
    const zz = toMlMatrix(matMulAtB(z, z));
    const normal = fromMlMatrix(inverse(zz).mmul(toMlMatrix(matMulAtB(z, v))));
    expect([w.rows, w.cols]).toEqual([4, 96]);
    expect(maxAbsDifference(w, normal)).toBeLessThan(1e-12);
  });

  it('honours rcond: a tiny singular direction is dropped when the cut-off is above it', () => {
    const a = matrixFromRows([[1, 0], [0, 1e-9]]);
    expect(lstsq(a, [1, 1]).rank).toBe(2);
    const cut = lstsq(a, [1, 1], { rcond: 1e-6 });
    expect(cut.rank).toBe(1);
    expect(Array.from(cut.solution.data)).toEqual([1, 0]);
  });

  it('with a Tikhonov λ equals ridge regression without intercept, (AᵀA + λI)⁻¹AᵀB', () => {
    const a = randomMatrix(60, 4, 21);
    const b = randomMatrix(60, 7, 22);
    const tik = lstsq(a, b, { tikhonov: 3 }).solution;
    const closed = fromMlMatrix(inverse(toMlMatrix(matMulAtB(a, a)).add(Matrix.eye(4).mul(3))).mmul(toMlMatrix(matMulAtB(a, b))));
    expect(maxAbsDifference(tik, closed)).toBeLessThan(1e-12);
    expect(maxAbsDifference(tik, ridge(a, b, 3, { fitIntercept: false }).coefficients)).toBeLessThan(1e-12);
    expect(() => lstsq(a, b, { tikhonov: -1 })).toThrow(/Tikhonov λ/);
  });

  it('computes the pseudoinverse and the condition number', () => {
    expect(Array.from(pseudoInverse(matrixFromRows([[2, 0], [0, 0]])).data)).toEqual([0.5, 0, 0, 0]);
    const a = randomMatrix(6, 3, 8);
    expect(maxAbsDifference(pseudoInverse(a), fromMlMatrix(mlPseudoInverse(toMlMatrix(a))))).toBeLessThan(1e-12);
    expect(conditionNumber(matrixFromRows([[10, 0], [0, 0.1]]))).toBeCloseTo(100, 10);
    expect(conditionNumber(matrixFromRows([[1, 2], [2, 4]]))).toBe(Infinity);
  });

  it('from the cross products AᵀB alone: the same solution, rank, condition and residuals as lstsq', () => {
    const a = randomMatrix(300, 4, 21);
    const b = randomMatrix(300, 7, 22);
    for (let i = 0; i < b.data.length; i++) b.data[i] = b.data[i]! + 3; // an offset: ‖b‖² far above the residual
    const sumSq = (m: FlatMatrix, j: number): number => {
      let s = 0;
      for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + j]! ** 2;
      return s;
    };
    // Full rank, with and without Tikhonov λ; then rank-deficient (a repeated column: the minimum-norm solution).
    const deficient = flatMatrix(300, 4);
    for (let i = 0; i < 300; i++) for (let j = 0; j < 4; j++) deficient.data[i * 4 + j] = a.data[i * 4 + (j === 3 ? 0 : j)]!;
    for (const [m, options] of [[a, {}], [a, { tikhonov: 25 }], [deficient, {}]] as const) {
      const direct = lstsq(m, b, options);
      const fit = lstsqFromCrossProducts(m, matMulAtB(m, b), options);
      expect(maxAbsDifference(fit.solution, direct.solution)).toBeLessThan(1e-12);
      expect(fit.rank).toBe(direct.rank);
      expect(fit.conditionNumber).toBe(direct.conditionNumber);
      for (let j = 0; j < 7; j++) expect(sumSq(b, j) - fit.explainedSumOfSquares[j]!).toBeCloseTo(direct.residualSumOfSquares[j]!, 8);
    }
    expect(lstsqFromCrossProducts(deficient, matMulAtB(deficient, b)).rank).toBe(3);
    expect(() => lstsqFromCrossProducts(a, b)).toThrow(/AᵀB has 300 rows, A has 4 columns/);
  });
});

describe('ridge regression', () => {
  /** Brute force with ml-matrix: W = (XcᵀXc + λI)⁻¹XcᵀYc and the explicit hat matrix. */
  function bruteForce(x: FlatMatrix, y: FlatMatrix, lambda: number): { w: FlatMatrix; gcv: number; loo: number } {
    const n = x.rows;
    const xc = toMlMatrix(centerColumns(x).centered);
    const yc = toMlMatrix(centerColumns(y).centered);
    const g = xc.transpose().mmul(xc).add(Matrix.eye(x.cols).mul(lambda));
    const w = inverse(g).mmul(xc.transpose()).mmul(yc);
    const h = xc.mmul(inverse(g)).mmul(xc.transpose()).add(new Matrix(n, n).fill(1 / n));
    const resid = Matrix.sub(yc, xc.mmul(w));
    let rss = 0;
    let loo = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < y.cols; j++) {
        rss += resid.get(i, j) ** 2;
        loo += (resid.get(i, j) / (1 - h.get(i, i))) ** 2;
      }
    }
    const df = h.trace();
    return { w: fromMlMatrix(w), gcv: (n * rss) / (n - df) ** 2 / y.cols, loo: loo / (n * y.cols) };
  }

  it('matches the closed form (XᵀX + λI)⁻¹XᵀY, with the intercept ȳ − x̄ᵀW', () => {
    const x = randomMatrix(40, 5, 1);
    const y = randomMatrix(40, 3, 2);
    const fit = ridge(x, y, 2.5);
    const ref = bruteForce(x, y, 2.5);
    expect(maxAbsDifference(fit.coefficients, ref.w)).toBeLessThan(1e-12);
    const means = centerColumns(y).means;
    const xm = centerColumns(x).means;
    for (let j = 0; j < 3; j++) {
      let b = means[j]!;
      for (let t = 0; t < 5; t++) b -= xm[t]! * fit.coefficients.data[t * 3 + j]!;
      expect(fit.intercept[j]).toBeCloseTo(b, 12);
    }
    // λ = 0 is least squares.
    const ols = ridge(x, y, 0, { fitIntercept: false });
    expect(maxAbsDifference(ols.coefficients, lstsq(x, y).solution)).toBeLessThan(1e-12);
  });

  it('scores each λ by GCV and LOO exactly as the explicit hat matrix does, and picks the minimum', () => {
    const rng = createRandom(4);
    const x = randomMatrix(30, 8, 5);
    const truth = Float64Array.from({ length: 8 }, (_, i) => (i < 3 ? 1 : 0));
    const y = flatMatrix(30, 1);
    for (let i = 0; i < 30; i++) {
      let s = 0;
      for (let j = 0; j < 8; j++) s += x.data[i * 8 + j]! * truth[j]!;
      y.data[i] = s + 0.8 * rng.normal();
    }
    const lambdas = [0.01, 0.1, 1, 3, 10, 30, 100];
    for (const criterion of ['gcv', 'loo'] as const) {
      const fit = ridgeGcv(x, y, { lambdas, criterion });
      fit.scores.forEach(({ lambda, score }) => {
        const ref = bruteForce(x, y, lambda);
        expect(score).toBeCloseTo(criterion === 'gcv' ? ref.gcv : ref.loo, 10);
      });
      const best = fit.scores.reduce((a, b) => (b.score < a.score ? b : a));
      expect(fit.lambda).toBe(best.lambda);
      expect(fit.degreesOfFreedom).toBeGreaterThan(1);
      expect(fit.degreesOfFreedom).toBeLessThan(9);
    }
    // The default grid runs and finds an interior λ.
    const auto = ridgeGcv(x, y);
    expect(auto.scores).toHaveLength(60);
    expect(auto.lambda).toBeGreaterThan(auto.scores[0]!.lambda);
    expect(() => ridge(x, y, -1)).toThrow(/λ must be/);
  });
});

describe('correlation', () => {
  it('agrees with pearson() column by column and gives 0 for constant columns', () => {
    const x = randomMatrix(50, 4, 6);
    const y = randomMatrix(50, 3, 7);
    const r = crossCorrelation(x, y);
    const col = (m: FlatMatrix, j: number): number[] => Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(r.data[i * 3 + j]).toBeCloseTo(pearson(col(x, i), col(y, j)), 13);
    const c = correlationMatrix(matrixFromRows([[1, 5, 2], [2, 5, 4], [3, 5, 7]]));
    expect(c.data[0]).toBe(1);
    expect(c.data[1]).toBe(0);
    // x = 1, 2, 3 and y = 2, 4, 7: r = 5 / √(2 · 12.667) = 0.99339
    expect(c.data[2]).toBeCloseTo(5 / Math.sqrt(2 * (38 / 3)), 13);
    expect(Array.from(zscoreColumns(matrixFromRows([[1], [2], [3]])).data)).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
  });
});

describe('PCA', () => {
  it('recovers the axis of points on a line and its variance', () => {
    // Points t·(3, 4)/5 for t = −2 … 2: all variance on one axis; variance = Σt²/(n − 1) = 10/4.
    const x = matrixFromRows([-2, -1, 0, 1, 2].map((t) => [(3 * t) / 5, (4 * t) / 5]));
    const fit = pca(x);
    expect(fit.components.data[0]).toBeCloseTo(0.6, 14);
    expect(fit.components.data[2]).toBeCloseTo(0.8, 14);
    expect(fit.explainedVariance[0]).toBeCloseTo(2.5, 13);
    expect(fit.explainedVarianceRatio[0]).toBeCloseTo(1, 13);
    expect(fit.explainedVariance[1]).toBeLessThan(1e-25);
  });

  it('matches the eigen-decomposition of the covariance matrix (ml-matrix) and transforms new data', () => {
    const x = randomMatrix(200, 6, 9);
    for (let i = 0; i < 200; i++) x.data[i * 6 + 1] += 2 * x.data[i * 6]!;
    const fit = pca(x, { components: 3 });
    const { centered } = centerColumns(x);
    const cov = toMlMatrix(matMulAtB(centered, centered)).div(199);
    const eig = new EVD(cov, { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
    for (let c = 0; c < 3; c++) expect(fit.explainedVariance[c]).toBeCloseTo(eig[c]!, 10);
    expect(maxAbsDifference(pcaTransform(fit, x), fit.scores)).toBeLessThan(1e-12);
    const randomized = pca(x, { components: 3, random: createRandom(1) });
    for (let c = 0; c < 3; c++) expect(randomized.explainedVariance[c]! / fit.explainedVariance[c]!).toBeCloseTo(1, 4);
    const standardized = pca(x, { standardize: true });
    expect(standardized.explainedVarianceRatio.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('orthogonal Procrustes', () => {
  it('recovers a known rotation, scale and shift', () => {
    const a = randomMatrix(25, 2, 10);
    const th = 0.7;
    const rot = matrixFromRows([[Math.cos(th), Math.sin(th)], [-Math.sin(th), Math.cos(th)]]);
    const b = matMul(a, rot);
    expect(maxAbsDifference(orthogonalProcrustes(a, b).rotation, rot)).toBeLessThan(1e-12);
    const moved = flatMatrix(25, 2);
    for (let i = 0; i < 50; i++) moved.data[i] = 3 * b.data[i]! + (i % 2 ? -1 : 5);
    const fit = procrustesAlign(a, moved);
    expect(fit.scale).toBeCloseTo(3, 12);
    expect(fit.disparity).toBeLessThan(1e-24);
    expect(maxAbsDifference(matMulAtB(fit.rotation, fit.rotation), identityMatrix(2))).toBeLessThan(1e-13);
  });
});

describe('symmetric eigendecomposition (Jacobi)', () => {
  it('gives [3, 1] for [[2, 1], [1, 2]] and agrees with ml-matrix on a random covariance', () => {
    expect(Array.from(symmetricEigen(matrixFromRows([[2, 1], [1, 2]])).values).map((v) => +v.toFixed(13))).toEqual([3, 1]);
    const x = randomMatrix(30, 10, 12);
    const g = matMulAtB(x, x);
    const { values, vectors } = symmetricEigen(g);
    const ref = new EVD(toMlMatrix(g), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
    values.forEach((v, i) => expect(Math.abs(v - ref[i]!) / ref[0]!).toBeLessThan(1e-13));
    expect(maxAbsDifference(matMulAtB(vectors, vectors), identityMatrix(10))).toBeLessThan(1e-12);
    // G·V = V·Λ
    const gv = matMul(g, vectors);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) expect(gv.data[i * 10 + j]).toBeCloseTo(vectors.data[i * 10 + j]! * values[j]!, 9);
    expect(() => symmetricEigen(matrixFromRows([[1, 2], [0, 1]]))).toThrow(/not symmetric/);
  });
});
