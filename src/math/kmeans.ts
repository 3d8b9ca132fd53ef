/**
 * K-means on the rows of a flat matrix: greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with the
 * 2 + ⌊ln K⌋ local trials per centre that scikit-learn uses), several seeded restarts keeping the lowest inertia,
 * optional sample weights (row multiplicities: clustering the distinct rows of a matrix with their counts gives the
 * same centres, labels and inertia as clustering every row), and Lloyd iterations run to exact convergence (no label
 * changes), either plainly or with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"), which skip most
 * distance computations and give the same iterates.
 */
import { flatMatrix, type FlatMatrix } from './flat-matrix.js';
import type { Random } from './random.js';

/** Defaults of {@link kmeans}. */
export const KMEANS_DEFAULTS = { restarts: 10, maxIterations: 300, algorithm: 'hamerly' } as const;

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Independent k-means++ initialisations; the run with the lowest inertia wins (default 10). */
  restarts?: number;
  /** Lloyd iterations per run before stopping unconverged (default 300). */
  maxIterations?: number;
  /** Non-negative weight of each row (e.g. how many times a distinct row occurs); default all 1. */
  weights?: ArrayLike<number>;
  /** 'hamerly' (default, bounds that skip distance computations) or 'lloyd' (every distance, every iteration). */
  algorithm?: 'hamerly' | 'lloyd';
}

/** A clustering. */
export interface KMeansResult {
  /** Cluster of each row, 0 … K − 1. */
  labels: Int32Array;
  /** K × d centres. */
  centers: FlatMatrix;
  /** Σ wᵢ ‖xᵢ − c(xᵢ)‖², the objective. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  iterations: number;
  /** Whether the winning run reached a fixed point (no label changed). */
  converged: boolean;
  /** Inertia of each restart, in order. */
  restartInertias: number[];
}

function squaredDistance(x: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let t = 0; t < d; t++) {
    const e = x[a + t]! - c[b + t]!;
    s += e * e;
  }
  return s;
}

/** First index with prefix[index] > target (prefix non-decreasing). */
function searchPrefix(prefix: Float64Array, target: number): number {
  let lo = 0;
  let hi = prefix.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefix[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Greedy k-means++ seeding: K rows of x chosen with probability ∝ wᵢ·D(xᵢ)², keeping, among 2 + ⌊ln K⌋ candidates
 * each time, the one that lowers the potential most. Throws when x has fewer than K distinct rows.
 * @example
 * const x = matrixFromRows([[0, 0], [0, 1], [9, 9], [9, 8]]);
 * kmeansPlusPlus(x, 2, createRandom(0)).rows; // → 2
 */
export function kmeansPlusPlus(x: FlatMatrix, k: number, random: Random, weights?: ArrayLike<number>): FlatMatrix {
  const { rows: n, cols: d } = x;
  const w = weights ?? new Float64Array(n).fill(1);
  const centers = flatMatrix(k, d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.weightedIndex(w);
  centers.data.set(x.data.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(x.data, i, centers.data, 0, d);
    potential += w[i]! * closest[i]!;
  }
  const prefix = new Float64Array(n);
  let candidateDist = new Float64Array(n);
  let bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    if (!(potential > 0)) throw new RangeError(`K = ${k} is more than the ${c} distinct points to cluster`);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += w[i]! * closest[i]!;
      prefix[i] = acc;
    }
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let t = 0; t < trials; t++) {
      const idx = searchPrefix(prefix, random.next() * acc);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i]!, squaredDistance(x.data, i, x.data, idx, d));
        candidateDist[i] = dd;
        pot += w[i]! * dd;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestIndex = idx;
        [bestDist, candidateDist] = [candidateDist, bestDist];
      }
    }
    centers.data.set(x.data.subarray(bestIndex * d, bestIndex * d + d), c * d);
    [closest, bestDist] = [bestDist, closest];
    potential = bestPotential;
  }
  return centers;
}

/** Weighted means of the clusters into `centers`; an empty cluster takes the row farthest from its centre. */
function updateCenters(x: FlatMatrix, w: ArrayLike<number>, labels: Int32Array, centers: Float64Array, k: number): boolean {
  const { rows: n, cols: d } = x;
  const sums = new Float64Array(k * d);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    const wi = w[i]!;
    mass[l] += wi;
    const a = i * d;
    const b = l * d;
    for (let t = 0; t < d; t++) sums[b + t] += wi * x.data[a + t]!;
  }
  let relocated = false;
  for (let j = 0; j < k; j++) {
    if (mass[j]! > 0) {
      for (let t = 0; t < d; t++) centers[j * d + t] = sums[j * d + t]! / mass[j]!;
      continue;
    }
    // Empty cluster (scikit-learn relocates to far points too): move it onto the worst-fitted row.
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (!(w[i]! > 0)) continue;
      const dd = squaredDistance(x.data, i, centers, labels[i]!, d);
      if (dd > farDist) {
        farDist = dd;
        far = i;
      }
    }
    centers.set(x.data.subarray(far * d, far * d + d), j * d);
    labels[far] = j;
    relocated = true;
  }
  return relocated;
}

/** Results of {@link nearestTwo}, kept in module scratch so the per-row call allocates nothing. */
let nearestIndex = 0;
let nearestDistance = 0;
let secondDistance = 0;

/** Nearest centre of row i (first of equals) and the two smallest distances (not squared), into the scratch. */
function nearestTwo(x: Float64Array, i: number, centers: Float64Array, k: number, d: number): void {
  let best = 0;
  let d1 = Infinity;
  let d2 = Infinity;
  for (let j = 0; j < k; j++) {
    const dd = squaredDistance(x, i, centers, j, d);
    if (dd < d1) {
      d2 = d1;
      d1 = dd;
      best = j;
    } else if (dd < d2) d2 = dd;
  }
  nearestIndex = best;
  nearestDistance = Math.sqrt(d1);
  secondDistance = Math.sqrt(d2);
}

interface RunResult {
  labels: Int32Array;
  centers: Float64Array;
  iterations: number;
  converged: boolean;
}

function lloydRun(x: FlatMatrix, w: ArrayLike<number>, init: FlatMatrix, maxIterations: number): RunResult {
  const { rows: n, cols: d } = x;
  const k = init.rows;
  const centers = init.data.slice();
  const labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const dd = squaredDistance(x.data, i, centers, j, d);
        if (dd < bestD) {
          bestD = dd;
          best = j;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    iterations++;
    updateCenters(x, w, labels, centers, k);
  }
  return { labels, centers, iterations, converged };
}

function hamerlyRun(x: FlatMatrix, w: ArrayLike<number>, init: FlatMatrix, maxIterations: number): RunResult {
  const { rows: n, cols: d } = x;
  const k = init.rows;
  const X = x.data;
  const centers = init.data.slice();
  const previous = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k); // s(j): half the distance from centre j to its nearest other centre
  const moved = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    nearestTwo(X, i, centers, k, d);
    labels[i] = nearestIndex;
    upper[i] = nearestDistance;
    lower[i] = secondDistance;
  }
  let iterations = 0;
  let converged = false;
  let firstPass = true;
  while (iterations < maxIterations) {
    let changed = 0;
    if (!firstPass) {
      for (let j = 0; j < k; j++) {
        let m = Infinity;
        for (let j2 = 0; j2 < k; j2++) if (j2 !== j) m = Math.min(m, squaredDistance(centers, j, centers, j2, d));
        half[j] = 0.5 * Math.sqrt(m);
      }
      for (let i = 0; i < n; i++) {
        const a = labels[i]!;
        const bound = Math.max(half[a]!, lower[i]!);
        if (upper[i]! <= bound) continue;
        upper[i] = Math.sqrt(squaredDistance(X, i, centers, a, d));
        if (upper[i]! <= bound) continue;
        nearestTwo(X, i, centers, k, d);
        if (nearestIndex !== a) {
          labels[i] = nearestIndex;
          changed++;
        }
        upper[i] = nearestDistance;
        lower[i] = secondDistance;
      }
      if (changed === 0) {
        converged = true;
        break;
      }
    }
    firstPass = false;
    iterations++;
    previous.set(centers);
    const relocated = updateCenters(x, w, labels, centers, k);
    let r1 = -1;
    let m1 = 0;
    let m2 = 0;
    for (let j = 0; j < k; j++) {
      moved[j] = Math.sqrt(squaredDistance(centers, j, previous, j, d));
      if (moved[j]! > m1) {
        m2 = m1;
        m1 = moved[j]!;
        r1 = j;
      } else if (moved[j]! > m2) m2 = moved[j]!;
    }
    if (relocated) {
      // A relocated centre invalidates the bounds: this is the next assignment step, done exactly; the centres
      // are then updated unconditionally (as after the first assignment).
      for (let i = 0; i < n; i++) {
        nearestTwo(X, i, centers, k, d);
        labels[i] = nearestIndex;
        upper[i] = nearestDistance;
        lower[i] = secondDistance;
      }
      firstPass = true;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const a = labels[i]!;
      upper[i] += moved[a]!;
      lower[i] -= a === r1 ? m2 : m1;
    }
  }
  return { labels, centers, iterations, converged };
}

/**
 * K-means with k-means++ seeding and restarts. Rows of `x` are the points.
 * @example
 * const x = matrixFromRows([[0, 0], [0, 1], [9, 9], [9, 8]]);
 * const { labels, centers, inertia } = kmeans(x, 2, createRandom(0)); // 10 restarts
 * inertia; // → 1
 */
export function kmeans(x: FlatMatrix, k: number, random: Random, options: KMeansOptions = {}): KMeansResult {
  const { rows: n, cols: d } = x;
  const restarts = options.restarts ?? KMEANS_DEFAULTS.restarts;
  const maxIterations = options.maxIterations ?? KMEANS_DEFAULTS.maxIterations;
  const algorithm = options.algorithm ?? KMEANS_DEFAULTS.algorithm;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`K must be a whole number ≥ 1, got ${k}`);
  if (k > n) throw new RangeError(`K = ${k} is more than the ${n} points to cluster`);
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a whole number ≥ 1, got ${restarts}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`maxIterations must be a whole number ≥ 1, got ${maxIterations}`);
  const w = options.weights ?? new Float64Array(n).fill(1);
  if (w.length !== n) throw new RangeError(`${w.length} weights for ${n} points`);
  for (let i = 0; i < n; i++) if (!(w[i]! >= 0) || !Number.isFinite(w[i]!)) throw new RangeError(`weight ${i} is ${w[i]}: weights must be finite and ≥ 0`);
  for (let i = 0; i < x.data.length; i++) if (!Number.isFinite(x.data[i]!)) throw new RangeError(`point ${Math.floor(i / d)} has a non-finite coordinate`);
  let best: RunResult | undefined;
  let bestInertia = Infinity;
  const restartInertias: number[] = [];
  for (let r = 0; r < restarts; r++) {
    const init = kmeansPlusPlus(x, k, random, w);
    const run = algorithm === 'lloyd' ? lloydRun(x, w, init, maxIterations) : hamerlyRun(x, w, init, maxIterations);
    if (!run.converged) {
      // Labels for the final centres, as a last assignment step.
      for (let i = 0; i < n; i++) {
        nearestTwo(x.data, i, run.centers, k, d);
        run.labels[i] = nearestIndex;
      }
    }
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += w[i]! * squaredDistance(x.data, i, run.centers, run.labels[i]!, d);
    restartInertias.push(inertia);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = run;
    }
  }
  return {
    labels: best!.labels,
    centers: flatMatrix(k, d, best!.centers),
    inertia: bestInertia,
    iterations: best!.iterations,
    converged: best!.converged,
    restartInertias,
  };
}
