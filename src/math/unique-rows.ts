/**
 * Distinct rows of a matrix with their multiplicities. Piano rolls hold long runs of identical frames (a held
 * chord is the same column for hundreds of 20 ms frames), so exact methods that accept weights — K-means, the
 * silhouette, the SVD of M·D^½ — can work on the few hundred distinct frames instead of thousands.
 */
import { flatMatrix, type FlatMatrix } from './flat-matrix.js';

/** The distinct rows of a matrix, in order of first appearance. */
export interface UniqueRows {
  /** The distinct rows (u × cols). */
  unique: FlatMatrix;
  /** How many times each distinct row occurs. */
  counts: Int32Array;
  /** For each original row, the index of its distinct row. */
  index: Int32Array;
}

/**
 * Groups identical rows (bit-for-bit equal values; −0 and +0 count as equal, as they compare equal).
 * @example
 * const { unique, counts, index } = uniqueRows(matrixFromRows([[1, 0], [1, 0], [0, 1]]));
 * // unique = [[1, 0], [0, 1]], counts = [2, 1], index = [0, 0, 1]
 */
export function uniqueRows(x: FlatMatrix): UniqueRows {
  const { rows: n, cols: d } = x;
  const X = x.data;
  const buckets = new Map<number, number[]>();
  const index = new Int32Array(n);
  const firstRows: number[] = [];
  const counts: number[] = [];
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  for (let i = 0; i < n; i++) {
    // FNV-1a over the value bits (with −0 folded into +0).
    let h = 0x811c9dc5;
    for (let t = 0; t < d; t++) {
      scratch[0] = X[i * d + t]! + 0;
      h = Math.imul(h ^ bits[0]!, 0x01000193);
      h = Math.imul(h ^ bits[1]!, 0x01000193);
    }
    const list = buckets.get(h);
    let found = -1;
    if (list) {
      for (const u of list) {
        const r = firstRows[u]!;
        let same = true;
        for (let t = 0; t < d && same; t++) same = X[r * d + t] === X[i * d + t];
        if (same) {
          found = u;
          break;
        }
      }
    }
    if (found < 0) {
      found = firstRows.length;
      firstRows.push(i);
      counts.push(0);
      if (list) list.push(found);
      else buckets.set(h, [found]);
    }
    index[i] = found;
    counts[found] = counts[found]! + 1;
  }
  const unique = flatMatrix(firstRows.length, d);
  firstRows.forEach((r, u) => unique.data.set(X.subarray(r * d, r * d + d), u * d));
  return { unique, counts: Int32Array.from(counts), index };
}
