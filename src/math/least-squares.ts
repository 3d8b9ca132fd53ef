/**
 * Linear least squares by the pseudoinverse: X = A⁺B = V·diag(1/σᵢ)·UᵀB over the singular values above
 * rcond·σ₁, the minimum-norm solution of min ‖AX − B‖_F (Golub & Van Loan §5.5). Rank-deficient and
 * underdetermined systems are safe: directions with σ below the cut-off are dropped rather than amplified.
 * The same SVD gives the 2-norm condition number σ₁/σ_min.
 */
import { flatMatrix, matMul, matMulAtB, type FlatMatrix } from './flat-matrix.js';
import { thinSvd, type SvdResult } from './svd.js';

/** Options of {@link lstsq} and {@link pseudoInverse}. */
export interface LstsqOptions {
  /**
   * Relative cut-off: singular values ≤ rcond·σ₁ count as zero. Default ε·max(rows, cols), NumPy's
   * `rcond=None` (ε = 2.22e-16).
   */
  rcond?: number;
  /**
   * Tikhonov regularisation λ ≥ 0 (default 0): minimise ‖AX − B‖²_F + λ‖X‖²_F, i.e. X = V·diag(σ/(σ² + λ))·UᵀB,
   * for ill-conditioned A. Ridge regression with an intercept and λ by cross-validation is `ridgeGcv`.
   */
  tikhonov?: number;
}

/** A least-squares solution with the facts needed to trust it. */
export interface LstsqResult {
  /** cols(A) × cols(B). */
  solution: FlatMatrix;
  /** Singular values above the cut-off. */
  rank: number;
  /** All min(rows, cols) singular values of A, descending. */
  singularValues: Float64Array;
  /** The relative cut-off used. */
  rcond: number;
  /** σ₁ / σ_min of A (Infinity when A is singular to working precision). */
  conditionNumber: number;
  /** ‖A·x_j − b_j‖² for each column j of B. */
  residualSumOfSquares: Float64Array;
}

/** A vector (as a one-column matrix) or a matrix. */
export type RightHandSide = FlatMatrix | ArrayLike<number>;

function asMatrix(b: RightHandSide, rows: number): FlatMatrix {
  if ('data' in b && 'rows' in b) return b as FlatMatrix;
  const v = b as ArrayLike<number>;
  if (v.length !== rows) throw new RangeError(`right-hand side has ${v.length} values, A has ${rows} rows`);
  return flatMatrix(rows, 1, Float64Array.from(v));
}

function defaultRcond(a: FlatMatrix): number {
  return Number.EPSILON * Math.max(a.rows, a.cols);
}

/**
 * σ₁/σ_min, or Infinity when σ_min is at rounding level (≤ ε·max(rows, cols)·σ₁): such a matrix is singular to
 * working precision and a finite figure like 2.5e16 would only measure the rounding.
 */
function conditionFromSingular(s: Float64Array, rows: number, cols: number): number {
  const min = s[s.length - 1]!;
  return min > Number.EPSILON * Math.max(rows, cols) * s[0]! ? s[0]! / min : Infinity;
}

/** V·diag(1/σ over the kept values)·UᵀB from an SVD (σ/(σ² + λ) with Tikhonov λ). */
function solveFromSvd(svd: SvdResult, b: FlatMatrix, cutoff: number, lambda = 0): { x: FlatMatrix; rank: number } {
  const utb = matMulAtB(svd.u, b); // r × q
  const r = svd.s.length;
  const q = b.cols;
  let rank = 0;
  for (let i = 0; i < r; i++) {
    const sigma = svd.s[i]!;
    const keep = sigma > cutoff;
    if (keep) rank++;
    const gain = keep ? sigma / (sigma * sigma + lambda) : 0;
    for (let j = 0; j < q; j++) utb.data[i * q + j] = gain * utb.data[i * q + j]!;
  }
  return { x: matMul(svd.v, utb), rank };
}

/**
 * Solves min ‖A·X − B‖_F for X (minimum norm when A is rank-deficient), optionally with Tikhonov regularisation.
 * B may be a vector or a matrix.
 * @example
 * lstsq(matrixFromRows([[1, 1], [1, 1]]), [2, 2]).solution.data; // → [1, 1] — the minimum-norm solution, rank 1
 */
export function lstsq(a: FlatMatrix, b: RightHandSide, options: LstsqOptions = {}): LstsqResult {
  const B = asMatrix(b, a.rows);
  if (B.rows !== a.rows) throw new RangeError(`B has ${B.rows} rows, A has ${a.rows}`);
  const rcond = options.rcond ?? defaultRcond(a);
  if (!(rcond >= 0)) throw new RangeError(`rcond must be ≥ 0, got ${rcond}`);
  const lambda = options.tikhonov ?? 0;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Tikhonov λ must be a finite number ≥ 0, got ${lambda}`);
  const svd = thinSvd(a);
  const { x, rank } = solveFromSvd(svd, B, rcond * svd.s[0]!, lambda);
  const fitted = matMul(a, x);
  const rss = new Float64Array(B.cols);
  for (let i = 0; i < B.rows; i++) for (let j = 0; j < B.cols; j++) rss[j] += (fitted.data[i * B.cols + j]! - B.data[i * B.cols + j]!) ** 2;
  return { solution: x, rank, singularValues: svd.s, rcond, conditionNumber: conditionFromSingular(svd.s, a.rows, a.cols), residualSumOfSquares: rss };
}

/**
 * The Moore–Penrose pseudoinverse A⁺ (cols × rows).
 * @example
 * pseudoInverse(matrixFromRows([[2, 0], [0, 0]])).data; // → [0.5, 0, 0, 0]
 */
export function pseudoInverse(a: FlatMatrix, options: Pick<LstsqOptions, 'rcond'> = {}): FlatMatrix {
  const rcond = options.rcond ?? defaultRcond(a);
  const svd = thinSvd(a);
  // A⁺ = V·Σ⁺·Uᵀ = solve against the identity.
  const eye = flatMatrix(a.rows, a.rows);
  for (let i = 0; i < a.rows; i++) eye.data[i * a.rows + i] = 1;
  return solveFromSvd(svd, eye, rcond * svd.s[0]!).x;
}

/**
 * The 2-norm condition number σ₁/σ_min (Infinity for a matrix singular to working precision).
 * @example
 * conditionNumber(matrixFromRows([[10, 0], [0, 0.1]])); // → 100
 */
export function conditionNumber(a: FlatMatrix): number {
  return conditionFromSingular(thinSvd(a).s, a.rows, a.cols);
}

/** {@link lstsqFromCrossProducts}'s answer: lstsq's, with the explained sums of squares in place of the residuals. */
export interface CrossProductFit extends Omit<LstsqResult, 'residualSumOfSquares'> {
  /**
   * 2·x_jᵀ(Aᵀb_j) − x_jᵀ(AᵀA)x_j for each column j of B: ‖b_j‖² − ‖A·x_j − b_j‖², so the residual is any sum of
   * squares of b_j the caller kept minus this.
   */
  explainedSumOfSquares: Float64Array;
}

/**
 * The least-squares solution of min ‖A·X − B‖_F (minimum norm, optional Tikhonov λ: exactly {@link lstsq}'s) from A
 * and the cross products AᵀB alone — for a B too tall to hold, its products with A's columns accumulated as its rows
 * streamed past. With A = UΣWᵀ, UᵀB = Σ⁻¹Wᵀ(AᵀB) on the singular values kept, so
 * X = W·diag(1/(σ² + λ))·Wᵀ(AᵀB) over them.
 * @example
 * const a = matrixFromRows([[1, 0], [0, 1], [1, 1]]);
 * const b = matrixFromRows([[1], [2], [3]]);
 * lstsqFromCrossProducts(a, matMulAtB(a, b)).solution.data; // → [1, 2] — lstsq(a, b)'s
 */
export function lstsqFromCrossProducts(a: FlatMatrix, atb: FlatMatrix, options: LstsqOptions = {}): CrossProductFit {
  if (atb.rows !== a.cols) throw new RangeError(`AᵀB has ${atb.rows} rows, A has ${a.cols} columns`);
  const rcond = options.rcond ?? defaultRcond(a);
  if (!(rcond >= 0)) throw new RangeError(`rcond must be ≥ 0, got ${rcond}`);
  const lambda = options.tikhonov ?? 0;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Tikhonov λ must be a finite number ≥ 0, got ${lambda}`);
  const svd = thinSvd(a);
  const cutoff = rcond * svd.s[0]!;
  const r = svd.s.length;
  const q = atb.cols;
  // y = Wᵀ(AᵀB) = Σ·UᵀB (r × q); the solution's coordinates along W are y_i/(σ_i² + λ) for the kept σ_i.
  const y = matMulAtB(svd.v, atb);
  const coef = flatMatrix(r, q);
  const explained = new Float64Array(q);
  let rank = 0;
  for (let i = 0; i < r; i++) {
    const s2 = svd.s[i]! ** 2;
    if (!(svd.s[i]! > cutoff)) continue;
    rank++;
    for (let j = 0; j < q; j++) {
      const c = y.data[i * q + j]! / (s2 + lambda);
      coef.data[i * q + j] = c;
      explained[j] += 2 * c * y.data[i * q + j]! - s2 * c * c;
    }
  }
  return { solution: matMul(svd.v, coef), rank, singularValues: svd.s, rcond, conditionNumber: conditionFromSingular(svd.s, a.rows, a.cols), explainedSumOfSquares: explained };
}
