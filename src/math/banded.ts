/**
 * Banded matrices on flat Float64Arrays, and their LU factorisation without pivoting (Golub & Van Loan, Matrix
 * Computations, 4th ed., Algorithm 4.3.1, "band Gaussian elimination"). Cost O(n·p·q) for p sub- and q
 * super-diagonals, against O(n³) dense. Without pivoting the factorisation is safe for matrices that are diagonally
 * dominant or symmetric positive definite — the Jacobians of overdamped mechanical systems (drag plus viscous
 * elements) are of that kind. A zero or non-finite pivot is reported, never silently divided by.
 *
 * Storage: row i, column j (|i − j| within the band) lives at `data[i * width + (j − i + lower)]`, with
 * width = lower + upper + 1: each row holds its band contiguously, so the row operations of elimination run over
 * consecutive memory.
 */

/** An n × n band matrix with `lower` sub-diagonals and `upper` super-diagonals. */
export class BandMatrix {
  readonly width: number;
  readonly data: Float64Array;

  constructor(readonly n: number, readonly lower: number, readonly upper: number) {
    if (!(n >= 1 && Number.isInteger(n))) throw new RangeError(`band matrix size must be a positive integer, got ${n}`);
    this.width = lower + upper + 1;
    this.data = new Float64Array(n * this.width);
  }

  /** Sets every entry to zero. */
  clear(): void {
    this.data.fill(0);
  }

  /** Index of (i, j) in `data`; only valid inside the band. */
  index(i: number, j: number): number {
    return i * this.width + (j - i + this.lower);
  }

  /**
   * Entry (i, j), zero outside the band.
   * @example
   * const a = new BandMatrix(3, 1, 1); a.add(0, 1, 2); a.get(0, 1); // 2
   */
  get(i: number, j: number): number {
    if (j - i > this.upper || i - j > this.lower) return 0;
    return this.data[this.index(i, j)]!;
  }

  /** Adds `value` to entry (i, j), which must lie inside the band. */
  add(i: number, j: number, value: number): void {
    if (j - i > this.upper || i - j > this.lower) throw new RangeError(`entry (${i}, ${j}) lies outside the band`);
    this.data[this.index(i, j)] = this.data[this.index(i, j)]! + value;
  }

  /** y = A x. */
  multiply(x: Float64Array, y: Float64Array): void {
    const { n, width, lower, upper, data } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const j0 = Math.max(0, i - lower);
      const j1 = Math.min(n - 1, i + upper);
      for (let j = j0; j <= j1; j++) s += data[i * width + (j - i + lower)]! * x[j]!;
      y[i] = s;
    }
  }
}

/**
 * Factorises A = LU in place (unit lower L below the diagonal, U on and above it), without pivoting. Fill-in stays
 * inside the band when no rows are exchanged, so the storage of A suffices.
 * Throws when a pivot is zero or not finite.
 * @example
 * const a = new BandMatrix(2, 1, 1); a.add(0, 0, 4); a.add(0, 1, 1); a.add(1, 0, 1); a.add(1, 1, 3);
 * bandLuFactor(a); const x = new Float64Array([1, 2]); bandLuSolve(a, x); // x solves A x = (1, 2)
 */
export function bandLuFactor(a: BandMatrix): void {
  const { n, width, lower, upper, data } = a;
  for (let k = 0; k < n; k++) {
    const kk = k * width + lower;
    const pivot = data[kk]!;
    if (!(Math.abs(pivot) > 0) || !Number.isFinite(pivot)) {
      throw new RangeError(`band LU: pivot ${k} is ${pivot} (singular or non-finite matrix)`);
    }
    const iEnd = Math.min(n - 1, k + lower);
    const jEnd = Math.min(n - 1, k + upper);
    for (let i = k + 1; i <= iEnd; i++) {
      const ik = i * width + (k - i + lower);
      const factor = data[ik]! / pivot;
      data[ik] = factor;
      if (factor === 0) continue;
      // Row i (columns k+1..jEnd) -= factor · row k; both rows' bands are contiguous.
      const rowI = i * width - i + lower;
      const rowK = k * width - k + lower;
      for (let j = k + 1; j <= jEnd; j++) data[rowI + j] = data[rowI + j]! - factor * data[rowK + j]!;
    }
  }
}

/** Solves A x = b in place in `b`, given the factors from {@link bandLuFactor}. */
export function bandLuSolve(a: BandMatrix, b: Float64Array): void {
  const { n, width, lower, upper, data } = a;
  // Forward substitution with unit lower L.
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const j0 = Math.max(0, i - lower);
    const row = i * width - i + lower;
    for (let j = j0; j < i; j++) s -= data[row + j]! * b[j]!;
    b[i] = s;
  }
  // Back substitution with U.
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    const j1 = Math.min(n - 1, i + upper);
    const row = i * width - i + lower;
    for (let j = i + 1; j <= j1; j++) s -= data[row + j]! * b[j]!;
    b[i] = s / data[row + i]!;
  }
}

/**
 * A symmetric n × n band matrix with `bandwidth` super-diagonals, stored as its upper band: entry (i, j), i ≤ j ≤
 * i + bandwidth, lives at `data[i * (bandwidth + 1) + (j − i)]`.
 */
export class SymmetricBandMatrix {
  readonly width: number;
  readonly data: Float64Array;

  constructor(readonly n: number, readonly bandwidth: number) {
    if (!(n >= 1 && Number.isInteger(n))) throw new RangeError(`band matrix size must be a positive integer, got ${n}`);
    this.width = bandwidth + 1;
    this.data = new Float64Array(n * this.width);
  }

  /**
   * Entry (i, j) of the full symmetric matrix, zero outside the band.
   * @example
   * const a = new SymmetricBandMatrix(3, 1); a.add(0, 1, 2); a.get(1, 0); // 2
   */
  get(i: number, j: number): number {
    if (i > j) [i, j] = [j, i];
    if (j - i > this.bandwidth) return 0;
    return this.data[i * this.width + (j - i)]!;
  }

  /** Adds `value` to entries (i, j) and (j, i); |i − j| must lie within the band. */
  add(i: number, j: number, value: number): void {
    if (i > j) [i, j] = [j, i];
    if (j - i > this.bandwidth) throw new RangeError(`entry (${i}, ${j}) lies outside the band`);
    this.data[i * this.width + (j - i)] = this.data[i * this.width + (j - i)]! + value;
  }
}

/**
 * Factorises a symmetric positive definite band matrix as A = LDLᵀ in place (unit lower L stored transposed in the
 * upper band, D on the diagonal): the square-root-free band Cholesky (Golub & Van Loan, Algorithm 4.3.6 with 4.1.2).
 * Cost n·p(p + 3)/2 for bandwidth p. Throws when a pivot is not positive (the matrix is not positive definite).
 * @example
 * const a = new SymmetricBandMatrix(2, 1); a.add(0, 0, 4); a.add(0, 1, 1); a.add(1, 1, 3);
 * bandLdltFactor(a); const x = new Float64Array([1, 2]); bandLdltSolve(a, x); // A x = (1, 2)
 */
export function bandLdltFactor(a: SymmetricBandMatrix): void {
  const { n, width, bandwidth: p, data } = a;
  if (p === 5) {
    ldltFactorBandwidth5(n, data);
    return;
  }
  for (let k = 0; k < n; k++) {
    const kk = k * width;
    const d = data[kk]!;
    if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`band LDLᵀ: pivot ${k} is ${d} (matrix not positive definite)`);
    const end = Math.min(p, n - 1 - k);
    // Rows k+1..k+end: A_ij −= A_ki A_kj / d for i ≤ j ≤ k + end.
    for (let s = 1; s <= end; s++) {
      const aks = data[kk + s]!;
      if (aks === 0) continue;
      const f = aks / d;
      const ii = (k + s) * width - s; // index of (k+s, j) is ii + (j − k)
      for (let t = s; t <= end; t++) data[ii + t] = data[ii + t]! - f * data[kk + t]!;
    }
    for (let s = 1; s <= end; s++) data[kk + s] = data[kk + s]! / d;
  }
}

/** Solves A x = b in place in `b`, given the factors from {@link bandLdltFactor}. */
export function bandLdltSolve(a: SymmetricBandMatrix, b: Float64Array): void {
  const { n, width, bandwidth: p, data } = a;
  if (p === 5) {
    ldltSolveBandwidth5(n, data, b);
    return;
  }
  // L y = b: column-oriented, L_{k+s,k} = data[k·width + s].
  for (let k = 0; k < n; k++) {
    const bk = b[k]!;
    if (bk === 0) continue;
    const end = Math.min(p, n - 1 - k);
    for (let s = 1; s <= end; s++) b[k + s] = b[k + s]! - data[k * width + s]! * bk;
  }
  for (let k = 0; k < n; k++) b[k] = b[k]! / data[k * width]!;
  // Lᵀ x = z.
  for (let k = n - 1; k >= 0; k--) {
    const end = Math.min(p, n - 1 - k);
    let s0 = b[k]!;
    for (let s = 1; s <= end; s++) s0 -= data[k * width + s]! * b[k + s]!;
    b[k] = s0;
  }
}

/**
 * {@link bandLdltFactor} unrolled for bandwidth 5 (the block-tridiagonal 3 × 3 systems of rod chains): row k's band
 * is held in locals and the 15 updates of the trailing triangle are written out, which is 3–4× faster in V8 than
 * the general loops of length 1–5. Rows near the end see zeros beyond the matrix, which the padding holds.
 */
function ldltFactorBandwidth5(n: number, data: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const kk = k * 6;
    const d = data[kk]!;
    if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`band LDLᵀ: pivot ${k} is ${d} (matrix not positive definite)`);
    const rest = n - 1 - k;
    const a1 = rest >= 1 ? data[kk + 1]! : 0;
    const a2 = rest >= 2 ? data[kk + 2]! : 0;
    const a3 = rest >= 3 ? data[kk + 3]! : 0;
    const a4 = rest >= 4 ? data[kk + 4]! : 0;
    const a5 = rest >= 5 ? data[kk + 5]! : 0;
    const f1 = a1 / d;
    const f2 = a2 / d;
    const f3 = a3 / d;
    const f4 = a4 / d;
    const f5 = a5 / d;
    // Row k+s, entry (k+s, k+t) at (k+s)·6 + (t − s).
    if (rest >= 1) {
      const r = kk + 6;
      data[r] = data[r]! - f1 * a1;
      data[r + 1] = data[r + 1]! - f1 * a2;
      data[r + 2] = data[r + 2]! - f1 * a3;
      data[r + 3] = data[r + 3]! - f1 * a4;
      data[r + 4] = data[r + 4]! - f1 * a5;
      data[kk + 1] = f1;
    }
    if (rest >= 2) {
      const r = kk + 12;
      data[r] = data[r]! - f2 * a2;
      data[r + 1] = data[r + 1]! - f2 * a3;
      data[r + 2] = data[r + 2]! - f2 * a4;
      data[r + 3] = data[r + 3]! - f2 * a5;
      data[kk + 2] = f2;
    }
    if (rest >= 3) {
      const r = kk + 18;
      data[r] = data[r]! - f3 * a3;
      data[r + 1] = data[r + 1]! - f3 * a4;
      data[r + 2] = data[r + 2]! - f3 * a5;
      data[kk + 3] = f3;
    }
    if (rest >= 4) {
      const r = kk + 24;
      data[r] = data[r]! - f4 * a4;
      data[r + 1] = data[r + 1]! - f4 * a5;
      data[kk + 4] = f4;
    }
    if (rest >= 5) {
      const r = kk + 30;
      data[r] = data[r]! - f5 * a5;
      data[kk + 5] = f5;
    }
  }
}

/** {@link bandLdltSolve} unrolled for bandwidth 5 (see {@link ldltFactorBandwidth5}). */
function ldltSolveBandwidth5(n: number, data: Float64Array, b: Float64Array): void {
  // L z = b, then D y = z, column by column: b[k+s] −= L_{k+s,k} b[k].
  for (let k = 0; k < n; k++) {
    const kk = k * 6;
    const bk = b[k]!;
    const rest = n - 1 - k;
    if (rest >= 5) {
      b[k + 1] = b[k + 1]! - data[kk + 1]! * bk;
      b[k + 2] = b[k + 2]! - data[kk + 2]! * bk;
      b[k + 3] = b[k + 3]! - data[kk + 3]! * bk;
      b[k + 4] = b[k + 4]! - data[kk + 4]! * bk;
      b[k + 5] = b[k + 5]! - data[kk + 5]! * bk;
    } else {
      for (let s = 1; s <= rest; s++) b[k + s] = b[k + s]! - data[kk + s]! * bk;
    }
    b[k] = bk / data[kk]!;
  }
  // Lᵀ x = y.
  for (let k = n - 1; k >= 0; k--) {
    const kk = k * 6;
    const rest = n - 1 - k;
    if (rest >= 5) {
      b[k] = b[k]! - data[kk + 1]! * b[k + 1]! - data[kk + 2]! * b[k + 2]! - data[kk + 3]! * b[k + 3]! - data[kk + 4]! * b[k + 4]! - data[kk + 5]! * b[k + 5]!;
    } else {
      let s0 = b[k]!;
      for (let s = 1; s <= rest; s++) s0 -= data[kk + s]! * b[k + s]!;
      b[k] = s0;
    }
  }
}
