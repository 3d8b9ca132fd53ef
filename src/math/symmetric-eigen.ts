/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan, Matrix
 * Computations, 4th ed., §8.5): plane rotations annihilate the off-diagonal entries until they vanish to rounding.
 * Slower than tridiagonal QR for large n but simple and accurate to high relative precision; meant for covariance,
 * correlation and Gram matrices of up to a few hundred variables.
 */
import { flatMatrix, type FlatMatrix } from './flat-matrix.js';

/** A = V·diag(values)·Vᵀ, values descending, eigenvectors in V's columns. */
export interface SymmetricEigenResult {
  values: Float64Array;
  vectors: FlatMatrix;
}

/**
 * Eigenvalues (descending) and orthonormal eigenvectors of a symmetric matrix.
 * @example
 * symmetricEigen(matrixFromRows([[2, 1], [1, 2]])).values; // → [3, 1]
 */
export function symmetricEigen(a: FlatMatrix): SymmetricEigenResult {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigendecomposition needs a square matrix, got ${a.rows} × ${a.cols}`);
  let asym = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      asym = Math.max(asym, Math.abs(a.data[i * n + j]! - a.data[j * n + i]!));
      scale = Math.max(scale, Math.abs(a.data[i * n + j]!));
    }
  }
  if (asym > 1e-10 * Math.max(scale, 1e-300)) throw new RangeError(`matrix is not symmetric (largest |a_ij − a_ji| = ${asym.toExponential(2)})`);
  const m = a.data.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j]! ** 2;
    }
    if (off <= (Number.EPSILON ** 2) * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const app = m[p * n + p]!;
        const aqq = m[q * n + q]!;
        // tan θ as the smaller root of t² + 2τt − 1 = 0, τ = (a_qq − a_pp) / (2 a_pq).
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!;
          const aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y]! - m[x * n + x]! || x - y);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = flatMatrix(n, n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors.data[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}
