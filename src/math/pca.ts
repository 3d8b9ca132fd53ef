/**
 * Principal component analysis by the SVD of the centred (optionally standardised) data matrix, X_c = U·S·Vᵀ
 * (Jolliffe, Principal Component Analysis, 2nd ed., §3.5): the components are V's columns, the scores U·S, and the
 * explained variances sᵢ²/(n − 1). No covariance matrix is formed, so small components keep their accuracy.
 * Exact (thin SVD) by default; the randomized SVD when only a few leading components of a large matrix are needed.
 */
import { flatMatrix, leadingColumns, matMul, type FlatMatrix } from './flat-matrix.js';
import { centerColumns } from './correlation.js';
import { thinSvd, type SvdResult } from './svd.js';
import { randomizedSvd } from './randomized-svd.js';
import type { Random } from './random.js';

/** Options of {@link pca}. */
export interface PcaOptions {
  /** Components to keep (default all, min(n, p)). */
  components?: number;
  /** Divide each centred column by its standard deviation (ddof 1) first: PCA of the correlation matrix. */
  standardize?: boolean;
  /** Use the randomized SVD with this generator (for a few components of a large matrix). */
  random?: Random;
}

/** A fitted PCA. */
export interface PcaResult {
  /** p × k: column j is the j-th principal axis (unit length; its largest-magnitude loading is positive). */
  components: FlatMatrix;
  /** n × k: the data in component coordinates. */
  scores: FlatMatrix;
  /** Variance along each component (sᵢ²/(n − 1)). */
  explainedVariance: Float64Array;
  /** Share of the total variance along each component. */
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  /** Column means removed. */
  mean: Float64Array;
  /** Column standard deviations divided out (all 1 without `standardize`). */
  scale: Float64Array;
}

/**
 * PCA of the rows of X (observations × variables).
 * @example
 * const x = matrixFromRows([[1, 2, 0], [2, 4, 1], [3, 6, 0], [4, 8, 1]]);
 * const { scores, explainedVarianceRatio } = pca(x, { components: 2 });
 */
export function pca(x: FlatMatrix, options: PcaOptions = {}): PcaResult {
  const n = x.rows;
  const p = x.cols;
  if (n < 2) throw new RangeError(`PCA needs at least 2 observations, got ${n}`);
  const maxK = Math.min(n, p);
  const k = options.components ?? maxK;
  if (!Number.isInteger(k) || k < 1 || k > maxK) throw new RangeError(`components must be a whole number in 1…${maxK}, got ${k}`);
  const { centered, means } = centerColumns(x);
  const scale = new Float64Array(p).fill(1);
  let totalVariance = 0;
  for (let j = 0; j < p; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += centered.data[i * p + j]! ** 2;
    const variance = ss / (n - 1);
    if (options.standardize) {
      scale[j] = variance > 0 ? Math.sqrt(variance) : 1;
      totalVariance += variance > 0 ? 1 : 0;
    } else totalVariance += variance;
  }
  if (options.standardize) for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) centered.data[i * p + j] = centered.data[i * p + j]! / scale[j]!;
  const svd: SvdResult = options.random ? randomizedSvd(centered, k, options.random) : thinSvd(centered);
  const components = leadingColumns(svd.v, k);
  // Sign convention: the largest-magnitude loading of each component is positive.
  const flip = new Float64Array(k).fill(1);
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let j = 0; j < p; j++) if (Math.abs(components.data[j * k + c]!) > Math.abs(best)) best = components.data[j * k + c]!;
    if (best < 0) {
      flip[c] = -1;
      for (let j = 0; j < p; j++) components.data[j * k + c] = -components.data[j * k + c]!;
    }
  }
  const scores = flatMatrix(n, k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) scores.data[i * k + c] = flip[c]! * svd.u.data[i * svd.u.cols + c]! * svd.s[c]!;
  const singularValues = svd.s.slice(0, k);
  const explainedVariance = singularValues.map((s) => (s * s) / (n - 1));
  const explainedVarianceRatio = explainedVariance.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  return { components, scores, explainedVariance, explainedVarianceRatio, singularValues, mean: means, scale };
}

/**
 * Scores of new observations in a fitted PCA's coordinates.
 * @example
 * const fit = pca(matrixFromRows([[1, 2], [2, 4], [3, 6]]), { components: 1 });
 * const z = pcaTransform(fit, matrixFromRows([[4, 8]])); // rows × k
 */
export function pcaTransform(fit: PcaResult, x: FlatMatrix): FlatMatrix {
  if (x.cols !== fit.mean.length) throw new RangeError(`data has ${x.cols} columns, the PCA was fitted on ${fit.mean.length}`);
  const c = flatMatrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) c.data[i * x.cols + j] = (x.data[i * x.cols + j]! - fit.mean[j]!) / fit.scale[j]!;
  return matMul(c, fit.components);
}
