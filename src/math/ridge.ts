/**
 * Ridge (Tikhonov) regression, min ‖Y − XW − 1bᵀ‖²_F + λ‖W‖²_F, solved through the SVD of the centred X = USVᵀ:
 * W = V·diag(sᵢ/(sᵢ² + λ))·UᵀY_c. The same SVD scores every λ of a grid at once, by generalised cross-validation
 * (Golub, Heath & Wahba 1979, Technometrics 21: GCV(λ) = n‖(I − H_λ)Y‖² / (n − tr H_λ)², with the hat matrix
 * H_λ = U·diag(sᵢ²/(sᵢ² + λ))·Uᵀ (+ 11ᵀ/n for the intercept)) or by exact leave-one-out residuals
 * eᵢ/(1 − hᵢᵢ) (Allen's PRESS). One λ is shared by all columns of Y.
 */
import { flatMatrix, matMul, matMulAtB, type FlatMatrix } from './flat-matrix.js';
import { centerColumns } from './correlation.js';
import { thinSvd, type SvdResult } from './svd.js';

/** Options of {@link ridge}. */
export interface RidgeOptions {
  /** Fit an intercept (centre X and Y first; default true). */
  fitIntercept?: boolean;
}

/** A fitted ridge model: Ŷ = X·coefficients + intercept. */
export interface RidgeResult {
  /** cols(X) × cols(Y). */
  coefficients: FlatMatrix;
  /** One per column of Y (zeros without an intercept). */
  intercept: Float64Array;
  lambda: number;
  /** tr H_λ: effective degrees of freedom, intercept included. */
  degreesOfFreedom: number;
  /** σ₁/σ_min of the (centred) X; Infinity when it is singular to working precision. */
  conditionNumber: number;
}

/** Options of {@link ridgeGcv}. */
export interface RidgeCvOptions extends RidgeOptions {
  /** λ values to score (default: 60 values log-spaced over 10⁻⁸…10⁴ · s₁²). */
  lambdas?: readonly number[];
  /** 'gcv' (default) or 'loo' (exact leave-one-out mean squared error). */
  criterion?: 'gcv' | 'loo';
}

/** A ridge model with the λ chosen by cross-validation, and the score of every λ tried. */
export interface RidgeCvResult extends RidgeResult {
  criterion: 'gcv' | 'loo';
  scores: Array<{ lambda: number; score: number }>;
}

interface Prepared {
  svd: SvdResult;
  /** UᵀY_c, r × q. */
  uty: FlatMatrix;
  /** ‖(I − UUᵀ)Y_c‖²_F: the part of Y no λ can fit. */
  outside: number;
  /** The residual (I − UUᵀ)Y_c, n × q (for leave-one-out). */
  outsideResidual: FlatMatrix;
  xMeans: Float64Array;
  yMeans: Float64Array;
  n: number;
  intercept: boolean;
}

function prepare(x: FlatMatrix, y: FlatMatrix, fitIntercept: boolean): Prepared {
  if (x.rows !== y.rows) throw new RangeError(`X has ${x.rows} rows, Y has ${y.rows}`);
  if (x.rows < 2) throw new RangeError(`ridge regression needs at least 2 rows, got ${x.rows}`);
  const xc = fitIntercept ? centerColumns(x) : { centered: x, means: new Float64Array(x.cols) };
  const yc = fitIntercept ? centerColumns(y) : { centered: y, means: new Float64Array(y.cols) };
  const svd = thinSvd(xc.centered);
  const uty = matMulAtB(svd.u, yc.centered);
  const fit = matMul(svd.u, uty);
  const outsideResidual = flatMatrix(y.rows, y.cols);
  let outside = 0;
  for (let i = 0; i < fit.data.length; i++) {
    const e = yc.centered.data[i]! - fit.data[i]!;
    outsideResidual.data[i] = e;
    outside += e * e;
  }
  return { svd, uty, outside, outsideResidual, xMeans: xc.means, yMeans: yc.means, n: x.rows, intercept: fitIntercept };
}

function filterFactors(s: Float64Array, lambda: number): Float64Array {
  return s.map((si) => (si > 0 ? (si * si) / (si * si + lambda) : 0));
}

function fitted(prep: Prepared, lambda: number): RidgeResult {
  const { svd, uty } = prep;
  const q = uty.cols;
  const scaled = flatMatrix(uty.rows, q);
  const s = svd.s;
  for (let i = 0; i < s.length; i++) {
    const g = s[i]! > 0 ? s[i]! / (s[i]! * s[i]! + lambda) : 0;
    for (let j = 0; j < q; j++) scaled.data[i * q + j] = g * uty.data[i * q + j]!;
  }
  const coefficients = matMul(svd.v, scaled);
  const intercept = new Float64Array(q);
  if (prep.intercept) {
    for (let j = 0; j < q; j++) {
      let b = prep.yMeans[j]!;
      for (let t = 0; t < coefficients.rows; t++) b -= prep.xMeans[t]! * coefficients.data[t * q + j]!;
      intercept[j] = b;
    }
  }
  const f = filterFactors(s, lambda);
  const df = f.reduce((a, b) => a + b, 0) + (prep.intercept ? 1 : 0);
  const min = s[s.length - 1]!;
  const singular = !(min > Number.EPSILON * Math.max(prep.n, coefficients.rows) * s[0]!);
  return { coefficients, intercept, lambda, degreesOfFreedom: df, conditionNumber: singular ? Infinity : s[0]! / min };
}

/** GCV or LOO score of one λ. */
function score(prep: Prepared, lambda: number, criterion: 'gcv' | 'loo'): number {
  const { svd, uty, n } = prep;
  const q = uty.cols;
  const f = filterFactors(svd.s, lambda);
  if (criterion === 'gcv') {
    let rss = prep.outside;
    for (let i = 0; i < f.length; i++) for (let j = 0; j < q; j++) rss += ((1 - f[i]!) * uty.data[i * q + j]!) ** 2;
    const df = f.reduce((a, b) => a + b, 0) + (prep.intercept ? 1 : 0);
    const den = n - df;
    return den > 0 ? (n * rss) / (den * den) / q : Infinity;
  }
  // Leave-one-out: residual e = (I − UUᵀ)Y_c + U·diag(1 − f)·UᵀY_c; leverage hᵢᵢ = 1/n + Σ_k U_ik² f_k.
  const u = svd.u;
  const r = f.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let h = prep.intercept ? 1 / n : 0;
    for (let k = 0; k < r; k++) h += u.data[i * r + k]! ** 2 * f[k]!;
    if (!(1 - h > 1e-12)) return Infinity;
    for (let j = 0; j < q; j++) {
      let e = prep.outsideResidual.data[i * q + j]!;
      for (let k = 0; k < r; k++) e += u.data[i * r + k]! * (1 - f[k]!) * uty.data[k * q + j]!;
      total += (e / (1 - h)) ** 2;
    }
  }
  return total / (n * q);
}

function asMatrix(y: FlatMatrix | ArrayLike<number>): FlatMatrix {
  return 'data' in y && 'rows' in y ? (y as FlatMatrix) : flatMatrix((y as ArrayLike<number>).length, 1, Float64Array.from(y as ArrayLike<number>));
}

/**
 * Ridge regression for a given λ ≥ 0 (λ = 0 is ordinary least squares by the pseudoinverse).
 * @example
 * const { coefficients, intercept } = ridge(matrixFromRows([[0], [1], [2]]), [1, 3, 5], 0); // y = 2x + 1
 * intercept; // → [1]
 */
export function ridge(x: FlatMatrix, y: FlatMatrix | ArrayLike<number>, lambda: number, options: RidgeOptions = {}): RidgeResult {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`λ must be a finite number ≥ 0, got ${lambda}`);
  return fitted(prepare(x, asMatrix(y), options.fitIntercept ?? true), lambda);
}

/**
 * Ridge regression with λ chosen from a grid by generalised cross-validation (or leave-one-out).
 * @example
 * const fit = ridgeGcv(matrixFromRows([[0], [1], [2], [3]]), [1, 3, 5, 7.5]); // fit.lambda, fit.scores, fit.coefficients
 */
export function ridgeGcv(x: FlatMatrix, y: FlatMatrix | ArrayLike<number>, options: RidgeCvOptions = {}): RidgeCvResult {
  const prep = prepare(x, asMatrix(y), options.fitIntercept ?? true);
  const criterion = options.criterion ?? 'gcv';
  const s1 = prep.svd.s[0]!;
  const lambdas = options.lambdas ?? Array.from({ length: 60 }, (_, i) => s1 * s1 * Math.pow(10, -8 + (12 * i) / 59));
  if (lambdas.length === 0) throw new RangeError('ridgeGcv needs at least one λ');
  for (const l of lambdas) if (!(l >= 0) || !Number.isFinite(l)) throw new RangeError(`λ must be a finite number ≥ 0, got ${l}`);
  const scores = lambdas.map((lambda) => ({ lambda, score: score(prep, lambda, criterion) }));
  let best = scores[0]!;
  for (const s of scores) if (s.score < best.score) best = s;
  return { ...fitted(prep, best.lambda), criterion, scores };
}
