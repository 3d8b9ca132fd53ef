/**
 * Z_worm: principal-component scores of the motor neurons' activity (frames × neurons, tall and narrow: 13,350 × 72
 * for a four-minute piece). The components come from the neurons × neurons covariance matrix and its symmetric
 * eigendecomposition (Jolliffe, Principal Component Analysis, 2nd ed., §1.1): for so few columns this is several
 * times faster than an SVD of the data matrix, and the leading components — well separated from the rest — keep
 * full accuracy (the tests compare with `pca`, which works from the SVD).
 */
import { flatMatrix, type FlatMatrix } from '../../../math/flat-matrix.js';
import { symmetricEigen } from '../../../math/symmetric-eigen.js';

/** Leading principal components of the rows of X. */
export interface NeuralScores {
  /** frames × k, the scores (centred data · components). */
  scores: FlatMatrix;
  /** neurons × k; each column's largest-magnitude loading is positive (as `pca`). */
  components: FlatMatrix;
  /** Share of the total variance along each component. */
  varianceRatio: Float64Array;
  /** The variables' means (subtracted before projecting). */
  means: Float64Array;
}

/** Frames × variables read in place: rows of `cols` values, of which `columns` (all when omitted) are the variables. */
export interface FrameTable {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/**
 * The first k principal-component scores of X (observations × variables), or of some of its columns: the motor
 * neurons are read where the recording holds them, among all the neurons, without a copy.
 * @example
 * const activity = matrixFromRows(Array.from({ length: 50 }, (_, t) => Array.from({ length: 6 }, (_, j) => Math.sin(0.2 * t + j))));
 * const { scores, varianceRatio } = neuralScores(activity, 4);
 * neuralScores(activity, 2, [0, 2, 4]).components.rows; // → 3
 */
export function neuralScores(x: FrameTable, k: number, columns?: readonly number[]): NeuralScores {
  const n = x.rows;
  const stride = x.cols;
  const cols = columns ?? Array.from({ length: stride }, (_, j) => j);
  const p = cols.length;
  if (n < 2) throw new RangeError(`principal components need at least 2 frames, got ${n}`);
  if (!(Number.isInteger(k) && k >= 1 && k <= p)) throw new RangeError(`components must be a whole number in 1…${p}, got ${k}`);
  for (const c of cols) if (!(Number.isInteger(c) && c >= 0 && c < stride)) throw new RangeError(`column ${c} is outside the table's ${stride} columns`);
  const data = x.data;
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += data[i * stride + cols[j]!]!;
  for (let j = 0; j < p; j++) means[j] /= n;
  // Covariance (up to the factor 1/(n − 1), which changes no eigenvector), upper triangle then mirrored.
  const gram = flatMatrix(p, p);
  const g = gram.data;
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = data[i * stride + cols[j]!]! - means[j]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const base = a * p;
      for (let b = a; b < p; b++) g[base + b] += ra * row[b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) g[a * p + b] = g[b * p + a]!;
  const eig = symmetricEigen(gram);
  let total = 0;
  for (const v of eig.values) total += Math.max(0, v);
  const components = flatMatrix(p, k);
  const varianceRatio = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let j = 0; j < p; j++) if (Math.abs(eig.vectors.data[j * p + c]!) > Math.abs(best)) best = eig.vectors.data[j * p + c]!;
    const sign = best < 0 ? -1 : 1;
    for (let j = 0; j < p; j++) components.data[j * k + c] = sign * eig.vectors.data[j * p + c]!;
    varianceRatio[c] = total > 0 ? Math.max(0, eig.values[c]!) / total : 0;
  }
  const scores = flatMatrix(n, k);
  const sc = scores.data;
  const comp = components.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = data[i * stride + cols[j]!]! - means[j]!;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += row[j]! * comp[j * k + c]!;
      sc[i * k + c] = s;
    }
  }
  return { scores, components, varianceRatio, means };
}
