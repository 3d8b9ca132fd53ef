/**
 * Householder QR on flat row-major matrices (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 5.2.1).
 * Reflectors are applied row by row (w = vᵀA, then A −= β v wᵀ), so every inner loop runs over contiguous memory.
 * Backward stable: the orthonormalisation step of the randomized SVD and the first step of the exact SVD.
 */
import { flatMatrix, type FlatMatrix } from './flat-matrix.js';

/** A = Q·R with orthonormal columns in Q (rows × r) and upper-triangular R (r × cols), r = min(rows, cols). */
export interface QrResult {
  q: FlatMatrix;
  r: FlatMatrix;
}

/**
 * Applies H = I − β·v·vᵀ to rows k… and columns k… of a rows × cols row-major matrix in place, by rows:
 * w = vᵀA[k:, k:] (into `acc`), then A[k:, k:] −= β·v·wᵀ. Columns before k are zero below row k in both uses.
 */
function applyReflector(a: Float64Array, rows: number, cols: number, v: Float64Array, beta: number, k: number, acc: Float64Array): void {
  acc.fill(0, k, cols);
  for (let i = k; i < rows; i++) {
    const vi = v[i - k]!;
    if (vi === 0) continue;
    const base = i * cols;
    for (let j = k; j < cols; j++) acc[j] += vi * a[base + j]!;
  }
  for (let i = k; i < rows; i++) {
    const f = beta * v[i - k]!;
    if (f === 0) continue;
    const base = i * cols;
    for (let j = k; j < cols; j++) a[base + j] -= f * acc[j]!;
  }
}

/**
 * Thin QR decomposition. R's diagonal is made non-negative, which makes the factors unique for full-rank A.
 * @example
 * const { q, r } = qrDecomposition(matrixFromRows([[3], [4]])); // q = [[0.6], [0.8]], r = [[5]]
 */
export function qrDecomposition(a: FlatMatrix): QrResult {
  const { rows: m, cols: n } = a;
  const kMax = Math.min(m, n);
  const w = a.data.slice(); // working copy, reduced to R in place
  const vs: Float64Array[] = [];
  const betas = new Float64Array(kMax);
  const acc = new Float64Array(n);
  for (let k = 0; k < kMax; k++) {
    // Householder vector for column k below the diagonal.
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += w[i * n + k]! * w[i * n + k]!;
    const v = new Float64Array(m - k);
    vs.push(v);
    if (norm2 === 0) continue; // column already zero: H = I (beta 0)
    const x0 = w[k * n + k]!;
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    for (let i = k; i < m; i++) v[i - k] = w[i * n + k]!;
    v[0] = x0 - alpha;
    const vv = norm2 - x0 * x0 + v[0]! * v[0]!;
    if (vv === 0) continue;
    const beta = 2 / vv;
    betas[k] = beta;
    applyReflector(w, m, n, v, beta, k, acc);
  }
  // R: the upper triangle of the first kMax rows.
  const r = flatMatrix(kMax, n);
  for (let i = 0; i < kMax; i++) for (let j = i; j < n; j++) r.data[i * n + j] = w[i * n + j]!;
  // Q = H_0 H_1 … H_{kMax−1} applied to the first kMax columns of the identity, last reflector first.
  const q = flatMatrix(m, kMax);
  const Q = q.data;
  for (let i = 0; i < kMax; i++) Q[i * kMax + i] = 1;
  const accQ = new Float64Array(kMax);
  for (let k = kMax - 1; k >= 0; k--) {
    const beta = betas[k]!;
    if (beta === 0) continue;
    applyReflector(Q, m, kMax, vs[k]!, beta, k, accQ);
  }
  // Non-negative diagonal of R: flip the sign of row i of R and column i of Q together.
  for (let i = 0; i < kMax; i++) {
    if (r.data[i * n + i]! < 0) {
      for (let j = i; j < n; j++) r.data[i * n + j] = -r.data[i * n + j]!;
      for (let t = 0; t < m; t++) Q[t * kMax + i] = -Q[t * kMax + i]!;
    }
  }
  return { q, r };
}

/**
 * An orthonormal basis of A's column space as the Q factor of its thin QR (rows × min(rows, cols)).
 * @example
 * const q = orthonormalBasis(matrixFromRows([[3, 1], [4, 1], [0, 1]])); // qᵀq = I
 */
export function orthonormalBasis(a: FlatMatrix): FlatMatrix {
  return qrDecomposition(a).q;
}
