/**
 * The exact thin singular value decomposition A = U·diag(s)·Vᵀ on flat matrices: Householder QR of the tall side
 * (A or Aᵀ), then one-sided Jacobi rotations (Hestenes 1958; Demmel & Veselić 1992) on the small triangular
 * factor. Jacobi works on A itself, not on AᵀA, so small singular values keep their relative accuracy; the QR
 * step makes a 46 × 13,350 piano roll cost one pass over its cells plus a 46 × 46 problem.
 */
import { flatMatrix, matMul, transposeMatrix, type FlatMatrix } from './flat-matrix.js';
import { qrDecomposition } from './qr.js';

/** A = U·diag(s)·Vᵀ: U is rows × r, V is cols × r, s descending and non-negative. */
export interface SvdResult {
  u: FlatMatrix;
  s: Float64Array;
  v: FlatMatrix;
}

/** Most Jacobi sweeps before giving up (convergence is quadratic; 6–12 sweeps are usual). */
const MAX_SWEEPS = 80;

/**
 * SVD of a small square matrix by one-sided Jacobi on its columns. Returns U (n × n), s, V (n × n).
 * Columns of U for zero singular values are completed to an orthonormal basis.
 */
function jacobiSvdSquare(r: FlatMatrix): SvdResult {
  const n = r.rows;
  // g holds the columns of R as contiguous rows (g_j = R[:, j]); vt the columns of V likewise.
  const g = transposeMatrix(r).data;
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  const tol = Math.max(n, 1) * Number.EPSILON;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const gp = p * n;
      for (let q = p + 1; q < n; q++) {
        const gq = q * n;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < n; k++) {
          const x = g[gp + k]!;
          const y = g[gq + k]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // Rotation that makes columns p and q orthogonal: t = tan θ, the smaller root of t² + 2ζt − 1 = 0.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < n; k++) {
          const x = g[gp + k]!;
          const y = g[gq + k]!;
          g[gp + k] = c * x - s * y;
          g[gq + k] = s * x + c * y;
          const vx = vt[gp + k]!;
          const vy = vt[gq + k]!;
          vt[gp + k] = c * vx - s * vy;
          vt[gq + k] = s * vx + c * vy;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let k = 0; k < n; k++) ss += g[j * n + k]! * g[j * n + k]!;
    sigma[j] = Math.sqrt(ss);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => sigma[b]! - sigma[a]! || a - b);
  const u = flatMatrix(n, n);
  const v = flatMatrix(n, n);
  const s = new Float64Array(n);
  const filled: number[] = [];
  for (let c = 0; c < n; c++) {
    const j = order[c]!;
    s[c] = sigma[j]!;
    for (let k = 0; k < n; k++) v.data[k * n + c] = vt[j * n + k]!;
    if (sigma[j]! > 0) {
      for (let k = 0; k < n; k++) u.data[k * n + c] = g[j * n + k]! / sigma[j]!;
      filled.push(c);
    }
  }
  completeOrthonormalColumns(u, filled);
  return { u, s, v };
}

/**
 * Fills the columns of a square matrix not listed in `filled` with unit vectors orthogonal to all others
 * (Gram–Schmidt, twice, from the standard basis vectors).
 */
function completeOrthonormalColumns(u: FlatMatrix, filled: number[]): void {
  const n = u.rows;
  if (filled.length === n) return;
  const done = new Set(filled);
  const basis = [...filled];
  let candidate = 0;
  for (let c = 0; c < n; c++) {
    if (done.has(c)) continue;
    for (; candidate < n; candidate++) {
      const x = new Float64Array(n);
      x[candidate] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          let d = 0;
          for (let k = 0; k < n; k++) d += u.data[k * n + b]! * x[k]!;
          for (let k = 0; k < n; k++) x[k] -= d * u.data[k * n + b]!;
        }
      }
      let norm = 0;
      for (let k = 0; k < n; k++) norm += x[k]! * x[k]!;
      norm = Math.sqrt(norm);
      if (norm > 0.5) {
        for (let k = 0; k < n; k++) u.data[k * n + c] = x[k]! / norm;
        basis.push(c);
        candidate++;
        break;
      }
    }
  }
}

/**
 * Makes signs deterministic, as scikit-learn's `svd_flip` does: in each column of U the entry of largest magnitude
 * becomes positive, and the matching column of V flips with it. Changes the arguments in place.
 */
export function flipSvdSigns(svd: SvdResult): SvdResult {
  const { u, v } = svd;
  for (let c = 0; c < u.cols; c++) {
    let best = 0;
    for (let i = 0; i < u.rows; i++) if (Math.abs(u.data[i * u.cols + c]!) > Math.abs(best)) best = u.data[i * u.cols + c]!;
    if (best < 0) {
      for (let i = 0; i < u.rows; i++) u.data[i * u.cols + c] = -u.data[i * u.cols + c]!;
      for (let i = 0; i < v.rows; i++) v.data[i * v.cols + c] = -v.data[i * v.cols + c]!;
    }
  }
  return svd;
}

/**
 * The exact thin SVD: for an m × n matrix, U is m × r, s has r values (descending), V is n × r, r = min(m, n).
 * Signs follow {@link flipSvdSigns}.
 * @example
 * const { s } = thinSvd(matrixFromRows([[3, 0], [4, 5]])); // s = [3√5, √5]
 */
export function thinSvd(a: FlatMatrix): SvdResult {
  if (a.rows === 0 || a.cols === 0) throw new RangeError(`SVD of an empty ${a.rows} × ${a.cols} matrix`);
  if (a.rows < a.cols) {
    const t = thinSvd(transposeMatrix(a));
    return flipSvdSigns({ u: t.v, s: t.s, v: t.u });
  }
  const { q, r } = qrDecomposition(a);
  const inner = jacobiSvdSquare(r);
  return flipSvdSigns({ u: matMul(q, inner.u), s: inner.s, v: inner.v });
}

/**
 * Singular values only (descending).
 * @example
 * singularValues(matrixFromRows([[2, 0], [0, 1]])); // Float64Array [2, 1]
 */
export function singularValues(a: FlatMatrix): Float64Array {
  return thinSvd(a).s;
}
