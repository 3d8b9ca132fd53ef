/**
 * Orthogonal Procrustes (Schönemann 1966, Psychometrika 31): the orthogonal R minimising ‖A·R − B‖_F is U·Vᵀ for
 * AᵀB = U·Σ·Vᵀ. With centring and a scale (Gower 1975), B ≈ s·(A − ā)·R + b̄ aligns one point cloud onto another,
 * e.g. worm activity in its principal coordinates onto a piece's feature space.
 */
import { flatMatrix, matMul, matMulAtB, matMulABt, type FlatMatrix } from './flat-matrix.js';
import { centerColumns } from './correlation.js';
import { thinSvd } from './svd.js';

/** The rotation (possibly a reflection) R and Σσ (SciPy's `scale`, the maximised trace of RᵀAᵀB). */
export interface ProcrustesResult {
  rotation: FlatMatrix;
  traceSum: number;
}

function checkSame(a: FlatMatrix, b: FlatMatrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`Procrustes needs two matrices of one shape, got ${a.rows} × ${a.cols} and ${b.rows} × ${b.cols}`);
}

/**
 * The orthogonal matrix R (cols × cols) minimising ‖A·R − B‖_F.
 * @example
 * const a = matrixFromRows([[1, 0], [0, 1], [1, 1]]);
 * const rotated = matrixFromRows([[0, 1], [-1, 0], [-1, 1]]); // a turned by 90°
 * orthogonalProcrustes(a, rotated).rotation.data; // → [0, 1, -1, 0]
 */
export function orthogonalProcrustes(a: FlatMatrix, b: FlatMatrix): ProcrustesResult {
  checkSame(a, b);
  const svd = thinSvd(matMulAtB(a, b));
  const rotation = matMulABt(svd.u, svd.v);
  return { rotation, traceSum: svd.s.reduce((x, y) => x + y, 0) };
}

/** A full Procrustes alignment B ≈ scale·(A − ā)·R + b̄. */
export interface ProcrustesAlignment {
  rotation: FlatMatrix;
  scale: number;
  /** ā and b̄ (column means). */
  sourceMean: Float64Array;
  targetMean: Float64Array;
  /** scale·(A − ā)·R + b̄. */
  aligned: FlatMatrix;
  /** ‖aligned − B‖²_F / ‖B − b̄‖²_F: 0 for a perfect fit, 1 for no better than the mean. */
  disparity: number;
}

/**
 * Centres both clouds, finds the best rotation and (unless `scaling: false`) the best scale s = Σσ / ‖A − ā‖²_F.
 * @example
 * const a = matrixFromRows([[1, 0], [0, 1], [1, 1]]);
 * procrustesAlign(a, matrixFromRows([[0, 2], [-2, 0], [-2, 2]])).disparity; // → 0 — the same shape, turned and scaled
 */
export function procrustesAlign(a: FlatMatrix, b: FlatMatrix, options: { scaling?: boolean } = {}): ProcrustesAlignment {
  checkSame(a, b);
  const ac = centerColumns(a);
  const bc = centerColumns(b);
  const { rotation, traceSum } = orthogonalProcrustes(ac.centered, bc.centered);
  let aNorm = 0;
  for (const v of ac.centered.data) aNorm += v * v;
  let bNorm = 0;
  for (const v of bc.centered.data) bNorm += v * v;
  const scale = options.scaling === false ? 1 : aNorm > 0 ? traceSum / aNorm : 0;
  const rotated = matMul(ac.centered, rotation);
  const aligned = flatMatrix(a.rows, a.cols);
  let err = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = scale * rotated.data[i * a.cols + j]! + bc.means[j]!;
      aligned.data[i * a.cols + j] = v;
      err += (v - b.data[i * a.cols + j]!) ** 2;
    }
  }
  return { rotation, scale, sourceMean: ac.means, targetMean: bc.means, aligned, disparity: bNorm > 0 ? err / bNorm : 0 };
}
