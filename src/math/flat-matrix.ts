/**
 * Dense matrices as one flat, row-major `Float64Array` with a shape: no array-of-rows indirection, so the inner
 * loops of products, decompositions, K-means and the silhouette run over contiguous memory. Conversions to and from
 * ml-matrix's `Matrix` keep that library available for everything else (and as the oracle in tests).
 */
import * as mlMatrixModule from 'ml-matrix';
import type { Matrix as MlMatrix } from 'ml-matrix';
import { namedExport } from './interop.js';

const MlMatrixClass = namedExport<typeof MlMatrix>(mlMatrixModule, 'Matrix');

/** A rows × cols matrix; element (i, j) is `data[i * cols + j]`. */
export interface FlatMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function checkShape(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape must be two non-negative integers, got ${rows} × ${cols}`);
  }
}

/**
 * A matrix of the given shape, zero-filled or wrapping `data` (not copied).
 * @example
 * const a = flatMatrix(2, 3); // 2 × 3 zeros
 * const b = flatMatrix(2, 2, Float64Array.from([1, 2, 3, 4]));
 */
export function flatMatrix(rows: number, cols: number, data?: Float64Array): FlatMatrix {
  checkShape(rows, cols);
  if (data && data.length !== rows * cols) throw new RangeError(`data has ${data.length} values, a ${rows} × ${cols} matrix needs ${rows * cols}`);
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/**
 * A matrix from nested rows (all of equal length).
 * @example
 * matrixFromRows([[1, 2], [3, 4]]).data; // Float64Array [1, 2, 3, 4]
 */
export function matrixFromRows(rows: ArrayLike<ArrayLike<number>>): FlatMatrix {
  const m = rows.length;
  const n = m ? rows[0]!.length : 0;
  const out = flatMatrix(m, n);
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    if (r.length !== n) throw new RangeError(`row ${i} has ${r.length} values, row 0 has ${n}`);
    for (let j = 0; j < n; j++) out.data[i * n + j] = r[j]!;
  }
  return out;
}

/** The rows as nested plain arrays (for JSON and tests). */
export function matrixToRows(a: FlatMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** An independent copy. */
export function cloneMatrix(a: FlatMatrix): FlatMatrix {
  return { rows: a.rows, cols: a.cols, data: a.data.slice() };
}

/** The n × n identity. */
export function identityMatrix(n: number): FlatMatrix {
  const out = flatMatrix(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
  return out;
}

/** Element (i, j). */
export function matrixAt(a: FlatMatrix, i: number, j: number): number {
  return a.data[i * a.cols + j]!;
}

/** Column j as a new array. */
export function matrixColumn(a: FlatMatrix, j: number): Float64Array {
  if (j < 0 || j >= a.cols) throw new RangeError(`column ${j} outside 0…${a.cols - 1}`);
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) out[i] = a.data[i * a.cols + j]!;
  return out;
}

/** Row i as a view (no copy). */
export function matrixRow(a: FlatMatrix, i: number): Float64Array {
  if (i < 0 || i >= a.rows) throw new RangeError(`row ${i} outside 0…${a.rows - 1}`);
  return a.data.subarray(i * a.cols, (i + 1) * a.cols);
}

/** The first `count` columns (or columns `from` … `from + count − 1`) as a new matrix. */
export function leadingColumns(a: FlatMatrix, count: number, from = 0): FlatMatrix {
  if (from < 0 || count < 0 || from + count > a.cols) throw new RangeError(`columns ${from}…${from + count - 1} outside 0…${a.cols - 1}`);
  const out = flatMatrix(a.rows, count);
  for (let i = 0; i < a.rows; i++) out.data.set(a.data.subarray(i * a.cols + from, i * a.cols + from + count), i * count);
  return out;
}

/**
 * Aᵀ.
 * @example
 * transposeMatrix(matrixFromRows([[1, 2, 3]])).rows; // → 3
 */
export function transposeMatrix(a: FlatMatrix): FlatMatrix {
  const out = flatMatrix(a.cols, a.rows);
  const { rows: m, cols: n } = a;
  // Blocked so both the reads and the writes stay in cache for large matrices.
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = Math.min(m, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out.data[j * m + i] = a.data[i * n + j]!;
    }
  }
  return out;
}

/**
 * The product A·B. Zero entries of A are skipped, which makes products with binary piano rolls cheap.
 * @example
 * matMul(matrixFromRows([[1, 2]]), matrixFromRows([[3], [4]])).data[0]; // → 11
 */
export function matMul(a: FlatMatrix, b: FlatMatrix): FlatMatrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows} × ${a.cols} by ${b.rows} × ${b.cols}`);
  const { rows: m, cols: n } = a;
  const p = b.cols;
  const out = flatMatrix(m, p);
  const A = a.data;
  const Bd = b.data;
  const C = out.data;
  for (let i = 0; i < m; i++) {
    const ci = i * p;
    for (let k = 0; k < n; k++) {
      const aik = A[i * n + k]!;
      if (aik === 0) continue;
      const bk = k * p;
      for (let j = 0; j < p; j++) C[ci + j] += aik * Bd[bk + j]!;
    }
  }
  return out;
}

/**
 * The product Aᵀ·B without forming Aᵀ.
 * @example
 * matMulAtB(matrixFromRows([[1], [2]]), matrixFromRows([[3], [4]])).data[0]; // → 11
 */
export function matMulAtB(a: FlatMatrix, b: FlatMatrix): FlatMatrix {
  if (a.rows !== b.rows) throw new RangeError(`cannot multiply (${a.rows} × ${a.cols})ᵀ by ${b.rows} × ${b.cols}`);
  const { rows: m, cols: n } = a;
  const p = b.cols;
  const out = flatMatrix(n, p);
  const A = a.data;
  const Bd = b.data;
  const C = out.data;
  for (let i = 0; i < m; i++) {
    const bi = i * p;
    for (let k = 0; k < n; k++) {
      const aik = A[i * n + k]!;
      if (aik === 0) continue;
      const ck = k * p;
      for (let j = 0; j < p; j++) C[ck + j] += aik * Bd[bi + j]!;
    }
  }
  return out;
}

/**
 * The product A·Bᵀ without forming Bᵀ (dot products of rows).
 * @example
 * matMulABt(matrixFromRows([[1, 2]]), matrixFromRows([[3, 4]])).data[0]; // → 11
 */
export function matMulABt(a: FlatMatrix, b: FlatMatrix): FlatMatrix {
  if (a.cols !== b.cols) throw new RangeError(`cannot multiply ${a.rows} × ${a.cols} by (${b.rows} × ${b.cols})ᵀ`);
  const { rows: m, cols: n } = a;
  const p = b.rows;
  const out = flatMatrix(m, p);
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    for (let j = 0; j < p; j++) {
      const bj = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[ai + k]! * b.data[bj + k]!;
      out.data[i * p + j] = s;
    }
  }
  return out;
}

/** Squared Frobenius norm ‖A‖²_F = Σ a_ij². */
export function frobeniusSquared(a: FlatMatrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * a.data[i]!;
  return s;
}

/** Largest absolute difference between two matrices of the same shape. */
export function maxAbsDifference(a: FlatMatrix, b: FlatMatrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`shapes differ: ${a.rows} × ${a.cols} and ${b.rows} × ${b.cols}`);
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
  return d;
}

/** Throws unless every entry is finite (NaN and ±Infinity are refused with their position). */
export function assertFiniteMatrix(a: FlatMatrix, what = 'matrix'): void {
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i]!)) {
      throw new RangeError(`${what} has a non-finite value (${a.data[i]}) at row ${Math.floor(i / a.cols)}, column ${i % a.cols}`);
    }
  }
}

/**
 * The same matrix as an ml-matrix `Matrix` (copied), for the library's decompositions and utilities.
 * @example
 * toMlMatrix(matrixFromRows([[1, 2], [3, 4]])).get(1, 0); // → 3
 */
export function toMlMatrix(a: FlatMatrix): MlMatrix {
  const out = new MlMatrixClass(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.set(i, j, a.data[i * a.cols + j]!);
  return out;
}

/** An ml-matrix `Matrix` (or any object with rows, columns and get) as a flat matrix (copied). */
export function fromMlMatrix(m: { rows: number; columns: number; get(i: number, j: number): number }): FlatMatrix {
  const out = flatMatrix(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.data[i * m.columns + j] = m.get(i, j);
  return out;
}
