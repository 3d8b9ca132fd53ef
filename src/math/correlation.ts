/**
 * Column statistics of data matrices (rows = observations, columns = variables): centring, z-scores, and Pearson
 * correlation matrices, computed as centred cross-products divided by the products of the column norms.
 * A constant column correlates 0 with everything (as `pearson` in stats.ts), never NaN.
 */
import { flatMatrix, matMulAtB, type FlatMatrix } from './flat-matrix.js';

/** Column means. */
export function columnMeans(x: FlatMatrix): Float64Array {
  if (x.rows === 0) throw new RangeError('column means of a matrix with no rows');
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out[j] += x.data[i * x.cols + j]!;
  for (let j = 0; j < x.cols; j++) out[j] /= x.rows;
  return out;
}

/**
 * Each column minus its mean, and the means.
 * @example
 * centerColumns(matrixFromRows([[1, 10], [3, 20]])).centered.data; // → [-1, -5, 1, 5]
 */
export function centerColumns(x: FlatMatrix): { centered: FlatMatrix; means: Float64Array } {
  const means = columnMeans(x);
  const centered = flatMatrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) centered.data[i * x.cols + j] = x.data[i * x.cols + j]! - means[j]!;
  return { centered, means };
}

/**
 * Column z-scores (x − mean) / std with std over `ddof` (0: population, the default). Constant columns become 0.
 * @example
 * zscoreColumns(matrixFromRows([[1], [2], [3]])).data; // → [-1.2247, 0, 1.2247]
 */
export function zscoreColumns(x: FlatMatrix, ddof = 0): FlatMatrix {
  if (x.rows - ddof <= 0) throw new RangeError(`z-scores with ddof ${ddof} need more than ${ddof} rows`);
  const { centered, means } = centerColumns(x);
  const sd = new Float64Array(means.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) sd[j] += centered.data[i * x.cols + j]! ** 2;
  for (let j = 0; j < x.cols; j++) sd[j] = Math.sqrt(sd[j]! / (x.rows - ddof));
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) centered.data[i * x.cols + j] = sd[j]! > 0 ? centered.data[i * x.cols + j]! / sd[j]! : 0;
  return centered;
}

function columnNorms(x: FlatMatrix): Float64Array {
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out[j] += x.data[i * x.cols + j]! ** 2;
  return out.map(Math.sqrt);
}

/**
 * Pearson correlation of every column of X with every column of Y (same rows): a cols(X) × cols(Y) matrix.
 * @example
 * crossCorrelation(matrixFromRows([[1, 0], [2, 1], [3, 0]]), matrixFromRows([[2], [4], [6]])).data; // → [1, 0]
 */
export function crossCorrelation(x: FlatMatrix, y: FlatMatrix): FlatMatrix {
  if (x.rows !== y.rows) throw new RangeError(`correlation needs the same number of rows, got ${x.rows} and ${y.rows}`);
  if (x.rows < 2) throw new RangeError(`correlation needs at least 2 rows, got ${x.rows}`);
  const xc = centerColumns(x).centered;
  const yc = centerColumns(y).centered;
  const nx = columnNorms(xc);
  const ny = columnNorms(yc);
  const r = matMulAtB(xc, yc);
  for (let i = 0; i < x.cols; i++) {
    for (let j = 0; j < y.cols; j++) {
      const den = nx[i]! * ny[j]!;
      // Clamp the last bits of rounding so |r| ≤ 1 exactly.
      r.data[i * y.cols + j] = den > 0 ? Math.max(-1, Math.min(1, r.data[i * y.cols + j]! / den)) : 0;
    }
  }
  return r;
}

/**
 * The cols × cols Pearson correlation matrix of X's columns (1 on the diagonal, except 0 for constant columns).
 * @example
 * correlationMatrix(matrixFromRows([[1, 2], [2, 4], [3, 7]])).data; // → [1, 0.993, 0.993, 1]
 */
export function correlationMatrix(x: FlatMatrix): FlatMatrix {
  const r = crossCorrelation(x, x);
  // Exactly 1 on the diagonal of a non-constant column (rounding leaves 1 − ε otherwise).
  for (let i = 0; i < x.cols; i++) if (r.data[i * x.cols + i] !== 0) r.data[i * x.cols + i] = 1;
  return r;
}
