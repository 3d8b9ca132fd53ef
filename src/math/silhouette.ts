/**
 * The silhouette score (Rousseeuw 1987, "Silhouettes: a graphical aid…", J. Comput. Appl. Math. 20):
 * s(i) = (b(i) − a(i)) / max(a(i), b(i)), with a(i) the mean Euclidean distance from i to the other members of its
 * cluster and b(i) the smallest mean distance to another cluster; s(i) = 0 in a cluster of one. The score is the
 * mean of s(i).
 *
 * Exact by default: every pair, each distance computed once (by direct differences, so identical rows are exactly 0
 * apart) and added to both ends, in cache-sized blocks over flat arrays with no per-pair allocation. Several
 * labellings of the same points (a K-means sweep) share that single pass over the pairs. Row weights count
 * duplicates: the distinct rows of a matrix with their multiplicities give the score of the full matrix.
 * Sampling — exact s(i) for a random subset of points i, each against all points — only when asked for.
 */
import type { FlatMatrix } from './flat-matrix.js';
import type { Random } from './random.js';

/** Options of {@link silhouetteScore} and {@link silhouetteScores}. */
export interface SilhouetteOptions {
  /**
   * How many times each row occurs (whole numbers ≥ 1); default 1. The result is the silhouette of the matrix in
   * which row i is repeated weights[i] times.
   */
  weights?: ArrayLike<number>;
  /** Estimate from this many sampled points (each still measured against every point). Default: exact. */
  sampleSize?: number;
  /** The generator for sampling (required with `sampleSize`). */
  random?: Random;
}

interface Labelling {
  labels: ArrayLike<number>;
  clusters: number;
  offset: number;
}

function prepareLabellings(labellings: ReadonlyArray<ArrayLike<number>>, n: number): { list: Labelling[]; slots: number } {
  const list: Labelling[] = [];
  let slots = 0;
  labellings.forEach((labels, index) => {
    if (labels.length !== n) throw new RangeError(`labelling ${index} has ${labels.length} labels for ${n} points`);
    let max = -1;
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(l) || l < 0) throw new RangeError(`labelling ${index}: label ${i} is ${l}, labels must be whole numbers ≥ 0`);
      if (l > max) max = l;
    }
    list.push({ labels, clusters: max + 1, offset: slots });
    slots += max + 1;
  });
  return { list, slots };
}

function checkWeights(weights: ArrayLike<number> | undefined, n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (!weights) return w;
  if (weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} points`);
  for (let i = 0; i < n; i++) {
    const x = weights[i]!;
    if (!Number.isInteger(x) || x < 1) throw new RangeError(`weight ${i} is ${x}: silhouette weights count duplicates (whole numbers ≥ 1)`);
    w[i] = x;
  }
  return w;
}

/** Columns per block of the pair loop: the block's rows of X and of the sums stay in cache while i streams. */
const BLOCK = 256;
/** Independent copies of a point's accumulators, so runs of equal labels do not chain through one address. */
const LANES = 4;

/** Euclidean distance between rows i and j of X (d columns), by direct differences with four partial sums. */
function rowDistance(X: Float64Array, ai: number, aj: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < d; t += 4) {
    const e0 = X[ai + t]! - X[aj + t]!;
    const e1 = X[ai + t + 1]! - X[aj + t + 1]!;
    const e2 = X[ai + t + 2]! - X[aj + t + 2]!;
    const e3 = X[ai + t + 3]! - X[aj + t + 3]!;
    s0 += e0 * e0;
    s1 += e1 * e1;
    s2 += e2 * e2;
    s3 += e3 * e3;
  }
  for (; t < d; t++) {
    const e = X[ai + t]! - X[aj + t]!;
    s0 += e * e;
  }
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/**
 * Weighted distance sums: out[r·slots + offset + c] = Σ_j w_j ‖x_i − x_j‖ over the points j of cluster c, for each
 * point i = rowsOf[r] (all points when rowsOf is undefined, using symmetry).
 */
function clusterDistanceSums(x: FlatMatrix, w: Float64Array, list: Labelling[], slots: number, rowsOf?: Int32Array): Float64Array {
  const { rows: n, cols: d } = x;
  const X = x.data;
  const m = list.length;
  const labels = list.map((l) => Int32Array.from(l.labels));
  const offsets = Int32Array.from(list, (l) => l.offset);
  const dist = new Float64Array(Math.max(n, BLOCK));
  const lanes = new Float64Array(LANES * slots);
  if (rowsOf) {
    const out = new Float64Array(rowsOf.length * slots);
    for (let r = 0; r < rowsOf.length; r++) {
      const i = rowsOf[r]!;
      for (let j = 0; j < n; j++) dist[j] = w[j]! * rowDistance(X, i * d, j * d, d);
      dist[i] = 0;
      lanes.fill(0);
      for (let l = 0; l < m; l++) {
        const lab = labels[l]!;
        const off = offsets[l]!;
        for (let j = 0; j < n; j++) lanes[(j & (LANES - 1)) * slots + off + lab[j]!] += dist[j]!;
      }
      for (let c = 0; c < slots; c++) out[r * slots + c] = lanes[c]! + lanes[slots + c]! + (lanes[2 * slots + c]! + lanes[3 * slots + c]!);
    }
    return out;
  }
  const out = new Float64Array(n * slots);
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(n, j0 + BLOCK);
    // Pairs (i, j) with i < j, j in this block: every i up to the block's end.
    for (let i = 0; i < j1 - 1; i++) {
      const jStart = Math.max(j0, i + 1);
      const ai = i * d;
      for (let j = jStart; j < j1; j++) dist[j - j0] = rowDistance(X, ai, j * d, d);
      const wi = w[i]!;
      lanes.fill(0);
      for (let l = 0; l < m; l++) {
        const lab = labels[l]!;
        const off = offsets[l]!;
        const toJ = off + lab[i]!;
        for (let j = jStart; j < j1; j++) {
          const dij = dist[j - j0]!;
          lanes[(j & (LANES - 1)) * slots + off + lab[j]!] += w[j]! * dij;
          out[j * slots + toJ] += wi * dij;
        }
      }
      const bi = i * slots;
      for (let c = 0; c < slots; c++) out[bi + c] += lanes[c]! + lanes[slots + c]! + (lanes[2 * slots + c]! + lanes[3 * slots + c]!);
    }
  }
  return out;
}

/** Total weight of each cluster of a labelling; throws unless 2 … n − 1 clusters are used. */
function clusterMass(lab: Labelling, w: Float64Array): Float64Array {
  const { labels, clusters } = lab;
  const mass = new Float64Array(clusters);
  for (let j = 0; j < labels.length; j++) mass[labels[j]!] += w[j]!;
  let used = 0;
  let total = 0;
  for (let c = 0; c < clusters; c++) {
    if (mass[c]! > 0) used++;
    total += mass[c]!;
  }
  if (used < 2 || used > total - 1) {
    throw new RangeError(`the silhouette needs 2 … n − 1 clusters, got ${used} cluster${used === 1 ? '' : 's'} of ${total} points`);
  }
  return mass;
}

/** s(i) from point i's distance sums to each cluster (`sums[base + c]`). */
function pointSilhouette(sums: Float64Array, base: number, own: number, mass: Float64Array): number {
  if (mass[own]! <= 1) return 0; // a cluster of one
  const a = sums[base + own]! / (mass[own]! - 1);
  let b = Infinity;
  for (let c = 0; c < mass.length; c++) {
    if (c === own || mass[c]! === 0) continue;
    const v = sums[base + c]! / mass[c]!;
    if (v < b) b = v;
  }
  const den = Math.max(a, b);
  return den > 0 ? (b - a) / den : 0;
}

/** Mean silhouette of one labelling from the distance sums of the rows `rowsOf` (all rows when undefined). */
function scoreFromSums(sums: Float64Array, slots: number, lab: Labelling, w: Float64Array, rowsOf?: Int32Array): number {
  const mass = clusterMass(lab, w);
  const count = rowsOf ? rowsOf.length : lab.labels.length;
  let acc = 0;
  let weightSum = 0;
  for (let r = 0; r < count; r++) {
    const i = rowsOf ? rowsOf[r]! : r;
    // Sampled rows were drawn in proportion to their weight, so each counts once.
    const wi = rowsOf ? 1 : w[i]!;
    weightSum += wi;
    acc += wi * pointSilhouette(sums, r * slots + lab.offset, lab.labels[i]!, mass);
  }
  return acc / weightSum;
}

/** Indices of `size` rows drawn in proportion to their weights (with replacement when weighted). */
function sampleRows(n: number, w: Float64Array, size: number, random: Random, weighted: boolean): Int32Array {
  const out = new Int32Array(size);
  if (!weighted) {
    // Partial Fisher–Yates: distinct rows.
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < size; r++) {
      const j = r + random.int(n - r);
      const t = idx[r]!;
      idx[r] = idx[j]!;
      idx[j] = t;
      out[r] = idx[r]!;
    }
    return out;
  }
  for (let r = 0; r < size; r++) out[r] = random.weightedIndex(w);
  return out;
}

/**
 * Silhouette scores of several labellings of the same points, sharing one pass over all pairs.
 * @example
 * const x = matrixFromRows([[0], [1], [10], [11], [20], [21]]);
 * const [s2, s3] = silhouetteScores(x, [[0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 2, 2]]); // s3 > s2: three clusters fit
 */
export function silhouetteScores(x: FlatMatrix, labellings: ReadonlyArray<ArrayLike<number>>, options: SilhouetteOptions = {}): Float64Array {
  const n = x.rows;
  if (n < 2) throw new RangeError(`the silhouette needs at least 2 points, got ${n}`);
  const w = checkWeights(options.weights, n);
  const { list, slots } = prepareLabellings(labellings, n);
  for (let i = 0; i < x.data.length; i++) if (!Number.isFinite(x.data[i]!)) throw new RangeError(`point ${Math.floor(i / x.cols)} has a non-finite coordinate`);
  let rowsOf: Int32Array | undefined;
  if (options.sampleSize !== undefined) {
    const size = options.sampleSize;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`sample size must be a whole number ≥ 1, got ${size}`);
    if (!options.random) throw new RangeError('a sampled silhouette needs a seeded generator (options.random)');
    let total = 0;
    for (let i = 0; i < n; i++) total += w[i]!;
    if (size < total) rowsOf = sampleRows(n, w, size, options.random, options.weights !== undefined);
  }
  const sums = clusterDistanceSums(x, w, list, slots, rowsOf);
  return Float64Array.from(list, (lab) => scoreFromSums(sums, slots, lab, w, rowsOf));
}

/**
 * The silhouette score of one labelling, exact unless `sampleSize` is given.
 * @example
 * silhouetteScore(matrixFromRows([[0], [1], [4], [5]]), [0, 0, 1, 1]); // (7/9 + 5/7) / 2 = 0.746…
 */
export function silhouetteScore(x: FlatMatrix, labels: ArrayLike<number>, options: SilhouetteOptions = {}): number {
  return silhouetteScores(x, [labels], options)[0]!;
}

/**
 * s(i) for every point (exact), for silhouette plots.
 * @example
 * silhouetteSamples(matrixFromRows([[0], [1], [4], [5]]), [0, 0, 1, 1]); // → [7/9, 5/7, 5/7, 7/9]
 */
export function silhouetteSamples(x: FlatMatrix, labels: ArrayLike<number>, options: Pick<SilhouetteOptions, 'weights'> = {}): Float64Array {
  const n = x.rows;
  const w = checkWeights(options.weights, n);
  const { list, slots } = prepareLabellings([labels], n);
  const lab = list[0]!;
  const mass = clusterMass(lab, w);
  const sums = clusterDistanceSums(x, w, list, slots);
  return Float64Array.from({ length: n }, (_, i) => pointSilhouette(sums, i * slots, lab.labels[i]!, mass));
}
