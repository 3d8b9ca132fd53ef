/**
 * Randomized SVD (Halko, Martinsson & Tropp, "Finding structure with randomness", SIAM Review 53, 2011):
 * a Gaussian sketch Y = AΩ with oversampling p, q power iterations re-orthonormalised between every product
 * (their Algorithm 4.4, randomized subspace iteration, which keeps the small singular directions from being lost to
 * rounding), then the exact SVD of the small matrix B = QᵀA (Algorithm 5.1).
 */
import { matMul, matMulAtB, flatMatrix, leadingColumns, type FlatMatrix } from './flat-matrix.js';
import { orthonormalBasis } from './qr.js';
import { flipSvdSigns, thinSvd, type SvdResult } from './svd.js';
import type { Random } from './random.js';

/** Defaults of {@link randomizedSvd}: the values of Halko et al. §1.3 and of "The Worm Dances to Chopin" (docs/design/analysis.md). */
export const RSVD_DEFAULTS = { oversampling: 10, powerIterations: 2 } as const;

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra sketch columns p beyond the rank (default 10). */
  oversampling?: number;
  /** Power iterations q, each re-orthonormalised (default 2). */
  powerIterations?: number;
}

/**
 * The leading `rank` singular triplets of A, approximately. When rank + p reaches min(rows, cols) the sketch would
 * span A's whole column space, so the randomized result is the exact SVD; it is then computed directly by
 * {@link thinSvd}, skipping the sketch and power iterations that could only reproduce it.
 * @example
 * const a = matrixFromRows(Array.from({ length: 30 }, (_, i) => Array.from({ length: 20 }, (_, j) => Math.sin(i + 2 * j))));
 * const { u, s, v } = randomizedSvd(a, 2, createRandom(0)); // s: the 2 largest singular values
 */
export function randomizedSvd(a: FlatMatrix, rank: number, random: Random, options: RandomizedSvdOptions = {}): SvdResult {
  const p = options.oversampling ?? RSVD_DEFAULTS.oversampling;
  const q = options.powerIterations ?? RSVD_DEFAULTS.powerIterations;
  const minDim = Math.min(a.rows, a.cols);
  if (minDim === 0) throw new RangeError(`randomized SVD of an empty ${a.rows} × ${a.cols} matrix`);
  if (!Number.isInteger(rank) || rank < 1 || rank > minDim) throw new RangeError(`rank must be a whole number in 1…${minDim}, got ${rank}`);
  if (!Number.isInteger(p) || p < 0) throw new RangeError(`oversampling must be a whole number ≥ 0, got ${p}`);
  if (!Number.isInteger(q) || q < 0) throw new RangeError(`power iterations must be a whole number ≥ 0, got ${q}`);
  const l = Math.min(rank + p, minDim);
  if (l === minDim) {
    const exact = thinSvd(a);
    return { u: leadingColumns(exact.u, rank), s: exact.s.slice(0, rank), v: leadingColumns(exact.v, rank) };
  }
  const omega = flatMatrix(a.cols, l);
  random.fillNormal(omega.data);
  let basis = orthonormalBasis(matMul(a, omega)); // Q0 = orth(AΩ)
  for (let i = 0; i < q; i++) {
    const z = orthonormalBasis(matMulAtB(a, basis)); // orth(AᵀQ)
    basis = orthonormalBasis(matMul(a, z)); // orth(A·Qz)
  }
  const b = matMulAtB(basis, a); // B = QᵀA, l × cols
  const small = thinSvd(b);
  const u = matMul(basis, leadingColumns(small.u, rank));
  return flipSvdSigns({ u, s: small.s.slice(0, rank), v: leadingColumns(small.v, rank) });
}
