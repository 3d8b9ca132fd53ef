/**
 * A feature matrix: frames × features on one flat row-major Float64Array, each column named and tagged with a
 * group ('worm', 'time', 'beat', …) so the evaluation protocol knows which columns its noise control replaces.
 */

/** Rows × columns of numbers, row-major: data[r * cols + c]. A FeatureMatrix is one. */
export interface NumericMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Frames × features, row-major. */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  /** data[r * cols + c]. */
  data: Float64Array;
  names: string[];
  groups: string[];
}

/**
 * A matrix from named columns of equal length.
 * @example
 * const X = featureMatrix([{ name: 'pc1', group: 'worm', values: [1, 2, 3] }]); // 3 × 1
 */
export function featureMatrix(columns: Array<{ name: string; group: string; values: ArrayLike<number> }>): FeatureMatrix {
  if (columns.length === 0) throw new RangeError('a feature matrix needs at least one column');
  const rows = columns[0]!.values.length;
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  columns.forEach((col, c) => {
    if (col.values.length !== rows) {
      throw new RangeError(`column "${col.name}" has ${col.values.length} values, expected ${rows}`);
    }
    for (let r = 0; r < rows; r++) {
      const v = col.values[r]!;
      if (!Number.isFinite(v)) throw new RangeError(`column "${col.name}" row ${r} is not finite (${v})`);
      data[r * cols + c] = v;
    }
  });
  return { rows, cols, data, names: columns.map((c) => c.name), groups: columns.map((c) => c.group) };
}

/** One column as a new array. */
export function column(X: FeatureMatrix, c: number): Float64Array {
  if (c < 0 || c >= X.cols) throw new RangeError(`column ${c} out of range 0..${X.cols - 1}`);
  const out = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) out[r] = X.data[r * X.cols + c]!;
  return out;
}

/**
 * Columns side by side (all with the same number of rows).
 * @example
 * const a = featureMatrix([{ name: 'sin', group: 'fourier', values: [0, 1] }]);
 * const b = featureMatrix([{ name: 'PC1', group: 'worm', values: [2, 3] }, { name: 'PC2', group: 'worm', values: [4, 5] }]);
 * hstack(a, b).cols; // → 3
 */
export function hstack(...parts: FeatureMatrix[]): FeatureMatrix {
  if (parts.length === 0) throw new RangeError('hstack needs at least one matrix');
  const rows = parts[0]!.rows;
  for (const p of parts) if (p.rows !== rows) throw new RangeError(`hstack: ${p.rows} rows where ${rows} were expected`);
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const p of parts) {
    for (let r = 0; r < rows; r++) data.set(p.data.subarray(r * p.cols, (r + 1) * p.cols), r * cols + offset);
    offset += p.cols;
  }
  return { rows, cols, data, names: parts.flatMap((p) => p.names), groups: parts.flatMap((p) => p.groups) };
}

/** Rows [start, end) as a new matrix. */
export function sliceRows(X: FeatureMatrix, start: number, end: number): FeatureMatrix {
  if (!(start >= 0 && end <= X.rows && start <= end)) throw new RangeError(`rows ${start}..${end} out of range 0..${X.rows}`);
  return { ...X, rows: end - start, data: X.data.slice(start * X.cols, end * X.cols), names: [...X.names], groups: [...X.groups] };
}

/** The columns whose group is in `groups` (or, with `keep: false`, all the others). */
export function selectGroups(X: FeatureMatrix, groups: string[], keep = true): FeatureMatrix {
  const idx = X.groups.map((g, c) => (groups.includes(g) === keep ? c : -1)).filter((c) => c >= 0);
  if (idx.length === 0) throw new RangeError(`no columns ${keep ? 'in' : 'outside'} groups ${groups.join(', ')}`);
  return featureMatrix(idx.map((c) => ({ name: X.names[c]!, group: X.groups[c]!, values: column(X, c) })));
}

/** Per-column mean and standard deviation, fitted on training rows only. */
export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Column means and standard deviations (population). A constant column gets std 1 so it maps to zeros.
 * @example
 * const train = featureMatrix([{ name: 'x', group: 'g', values: [1, 2, 3] }]);
 * const st = fitStandardizer(train);
 * applyStandardizer(featureMatrix([{ name: 'x', group: 'g', values: [2] }]), st).data; // → [0]
 */
export function fitStandardizer(X: FeatureMatrix): Standardizer {
  if (X.rows === 0) throw new RangeError('cannot standardise an empty matrix');
  const mean = new Float64Array(X.cols);
  const std = new Float64Array(X.cols);
  for (let r = 0; r < X.rows; r++) for (let c = 0; c < X.cols; c++) mean[c]! += X.data[r * X.cols + c]!;
  for (let c = 0; c < X.cols; c++) mean[c]! /= X.rows;
  for (let r = 0; r < X.rows; r++) for (let c = 0; c < X.cols; c++) std[c]! += (X.data[r * X.cols + c]! - mean[c]!) ** 2;
  for (let c = 0; c < X.cols; c++) {
    const s = Math.sqrt(std[c]! / X.rows);
    std[c] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** (X − mean) / std, column by column, as a new matrix. */
export function applyStandardizer(X: FeatureMatrix, st: Standardizer): FeatureMatrix {
  if (st.mean.length !== X.cols) throw new RangeError(`standardizer has ${st.mean.length} columns, matrix ${X.cols}`);
  const data = new Float64Array(X.data.length);
  for (let r = 0; r < X.rows; r++) {
    for (let c = 0; c < X.cols; c++) data[r * X.cols + c] = (X.data[r * X.cols + c]! - st.mean[c]!) / st.std[c]!;
  }
  return { ...X, data, names: [...X.names], groups: [...X.groups] };
}
