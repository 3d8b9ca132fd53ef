/**
 * Random forest classifier (Breiman, "Random forests", Machine Learning 45, 2001) with out-of-bag scoring: each
 * tree is a CART tree (Gini impurity) grown on a bootstrap sample, choosing each split among a random subset of
 * features; the forest's probability is the mean of the trees' leaf class fractions (as scikit-learn's
 * `predict_proba`). Out-of-bag: every row is scored only by the trees whose bootstrap left it out, which gives an
 * honest accuracy estimate without a held-out set (`oobScore`, as scikit-learn's `oob_score_`).
 *
 * Why our own and not `ml-random-forest` 2.1: its CART (ml-cart) tries every distinct value of a feature as a split
 * and recounts all samples for each, O(n²) per node (2–13× slower than ours at 500–4,000 rows, and growing with n:
 * bench/RESULTS.md, section "learn"); it draws its feature subset once per tree rather than per split (Breiman's
 * forest draws per split); its out-of-bag collection throws when a row is in every bootstrap; and it draws from its
 * own generator. On the Raindrop-sized problem ours fits 100 trees in about the time scikit-learn takes (1.4 s vs
 * 2.5 s, same OOB accuracy). Here splits are found on quantile
 * bins (at most 256 per feature, as LightGBM and scikit-learn's HistGradientBoosting do; exact when a feature has
 * fewer distinct values): one pass over a node's rows fills a class histogram per candidate feature, one pass over
 * the bins scores every threshold. Thresholds are real values (midpoints between neighbouring training values), so
 * prediction works on raw features. All randomness comes from our seeded generator.
 */
import type { Random } from '../math/random.js';
import type { NumericMatrix } from './feature-matrix.js';


/** Forest options (scikit-learn's names and defaults where they exist). */
export interface RandomForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Deepest split level (default 12, PyANNOW's). */
  maxDepth?: number;
  /** Fewest in-bag samples a node needs to be split (default 2). */
  minSamplesSplit?: number;
  /** Fewest in-bag samples in each child (default 1). */
  minSamplesLeaf?: number;
  /** Features tried per split: 'sqrt' (default for classification), 'log2', 'all' or a count. */
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Quantile bins per feature, 2–256 (default 256). */
  bins?: number;
  /** 'balanced': weight classes by n / (classes · count) as scikit-learn does. */
  classWeight?: 'balanced';
  /** Called after each tree. */
  onTree?: (done: number, total: number) => void;
}

/** A fitted forest. */
export interface RandomForest {
  classes: number;
  features: number;
  trees: number;
  /** Out-of-bag accuracy (NaN when no row was ever out of bag). */
  oobScore: number;
  /** Out-of-bag class probabilities, rows × classes (NaN for a row that was in every bootstrap). */
  oobProbability: Float64Array;
  /** Mean decrease in impurity per feature, normalised to sum 1. */
  featureImportance: Float64Array;
  /** Class probabilities, rows × classes. */
  predictProba(X: NumericMatrix): Float64Array;
}

/** One tree on flat arrays: internal nodes split on `feature` at `threshold` (x ≤ t goes left). */
interface Tree {
  feature: Int32Array; // −1 for a leaf
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf class probabilities, node × classes. */
  value: Float64Array;
}

/** Quantile cut points per feature and the binned training data (column-major, bin index per value). */
function binFeatures(X: NumericMatrix, maxBins: number): { cuts: Float64Array[]; binned: Uint8Array } {
  const { rows, cols, data } = X;
  const cuts: Float64Array[] = [];
  const binned = new Uint8Array(rows * cols);
  const values = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) values[r] = data[r * cols + c]!;
    const sorted = Float64Array.from(values).sort();
    const distinct: number[] = [];
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    const cut: number[] = [];
    if (distinct.length <= maxBins) {
      for (let i = 0; i + 1 < distinct.length; i++) cut.push((distinct[i]! + distinct[i + 1]!) / 2);
    } else {
      // Cut at the midpoint after the value at each quantile (duplicates collapse).
      for (let b = 1; b < maxBins; b++) {
        const i = Math.min(rows - 2, Math.floor((b * rows) / maxBins));
        let j = i;
        while (j + 1 < rows && sorted[j + 1] === sorted[i]) j++;
        if (j + 1 >= rows) break;
        const mid = (sorted[j]! + sorted[j + 1]!) / 2;
        if (cut.length === 0 || mid > cut[cut.length - 1]!) cut.push(mid);
      }
    }
    const cf = Float64Array.from(cut);
    cuts.push(cf);
    // bin(x) = smallest j with x ≤ cut[j], or cut.length: so bin ≤ j ⟺ x ≤ cut[j].
    for (let r = 0; r < rows; r++) {
      const x = values[r]!;
      let lo = 0;
      let hi = cf.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (x <= cf[m]!) hi = m;
        else lo = m + 1;
      }
      binned[c * rows + r] = lo;
    }
  }
  return { cuts, binned };
}

function featuresPerSplit(option: RandomForestOptions['maxFeatures'], cols: number): number {
  if (option === undefined || option === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(cols)));
  if (option === 'log2') return Math.max(1, Math.floor(Math.log2(cols)));
  if (option === 'all') return cols;
  if (!(Number.isInteger(option) && option >= 1 && option <= cols)) throw new RangeError(`maxFeatures must be 1–${cols}, got ${option}`);
  return option;
}

/**
 * Fits a random forest classifier on rows of X with integer labels 0…C−1.
 * @example
 * const X = matrixFromRows(Array.from({ length: 40 }, (_, i) => [i, i % 3]));
 * const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
 * const forest = fitRandomForest(X, labels, createRandom(0), { trees: 20, maxDepth: 4 });
 * forest.oobScore; // out-of-bag accuracy
 * const p = forest.predictProba(matrixFromRows([[35, 1]])); // p[r * 2 + 1] = probability of class 1
 */
export function fitRandomForest(X: NumericMatrix, y: ArrayLike<number>, rng: Random, options: RandomForestOptions = {}): RandomForest {
  const { rows, cols, data } = X;
  if (y.length !== rows) throw new RangeError(`${y.length} labels for ${rows} rows`);
  if (rows < 2) throw new RangeError('a forest needs at least 2 rows');
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new RangeError(`feature value ${i} is not finite`);
  let classes = 0;
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = y[r]!;
    if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`label ${r} must be a whole number ≥ 0, got ${v}`);
    labels[r] = v;
    classes = Math.max(classes, v + 1);
  }
  classes = Math.max(classes, 2);
  const nTrees = options.trees ?? 100;
  const maxDepth = options.maxDepth ?? 12;
  const minSplit = Math.max(2, options.minSamplesSplit ?? 2);
  const minLeaf = Math.max(1, options.minSamplesLeaf ?? 1);
  const mtry = featuresPerSplit(options.maxFeatures, cols);
  const nBins = options.bins ?? 256;
  if (!(Number.isInteger(nBins) && nBins >= 2 && nBins <= 256)) throw new RangeError(`bins must be 2–256, got ${nBins}`);
  if (!(Number.isInteger(nTrees) && nTrees >= 1)) throw new RangeError(`trees must be a whole number ≥ 1, got ${nTrees}`);

  const classWeight = new Float64Array(classes).fill(1);
  if (options.classWeight === 'balanced') {
    const counts = new Float64Array(classes);
    for (let r = 0; r < rows; r++) counts[labels[r]!]!++;
    for (let k = 0; k < classes; k++) classWeight[k] = counts[k]! > 0 ? rows / (classes * counts[k]!) : 0;
  }

  const { cuts, binned } = binFeatures(X, nBins);
  const C = classes;
  const trees: Tree[] = [];
  const importance = new Float64Array(cols);
  const oobSum = new Float64Array(rows * C);
  const oobCount = new Int32Array(rows);

  // Work buffers shared by all trees.
  const counts = new Int32Array(rows);
  const idx = new Int32Array(rows);
  const histW = new Float64Array(256 * C);
  const histN = new Int32Array(256);
  const totalW = new Float64Array(C);
  const leftW = new Float64Array(C);
  const featureOrder = Int32Array.from({ length: cols }, (_, c) => c);

  for (let t = 0; t < nTrees; t++) {
    const tr = rng.fork(`tree ${t}`);
    counts.fill(0);
    for (let i = 0; i < rows; i++) counts[tr.int(rows)]!++;
    let nIn = 0;
    for (let r = 0; r < rows; r++) if (counts[r]! > 0) idx[nIn++] = r;

    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const value: number[] = [];
    const newNode = (): number => {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      for (let k = 0; k < C; k++) value.push(0);
      return feature.length - 1;
    };
    const stack: Array<{ node: number; start: number; end: number; depth: number }> = [{ node: newNode(), start: 0, end: nIn, depth: 0 }];
    while (stack.length) {
      const { node, start, end, depth } = stack.pop()!;
      totalW.fill(0);
      let nSamples = 0;
      for (let i = start; i < end; i++) {
        const r = idx[i]!;
        totalW[labels[r]!]! += counts[r]! * classWeight[labels[r]!]!;
        nSamples += counts[r]!;
      }
      let W = 0;
      let sumSq = 0;
      for (let k = 0; k < C; k++) {
        W += totalW[k]!;
        sumSq += totalW[k]! * totalW[k]!;
      }
      for (let k = 0; k < C; k++) value[node * C + k] = W > 0 ? totalW[k]! / W : 1 / C;
      const impurity = W > 0 ? 1 - sumSq / (W * W) : 0;
      if (depth >= maxDepth || nSamples < minSplit || nSamples < 2 * minLeaf || impurity <= 1e-12) continue;

      // Random feature order; the first mtry are the candidates, the rest are tried only if none splits.
      for (let i = 0; i < cols - 1; i++) {
        const j = i + tr.int(cols - i);
        const tmp = featureOrder[i]!;
        featureOrder[i] = featureOrder[j]!;
        featureOrder[j] = tmp;
      }
      let bestGain = 0;
      let bestFeature = -1;
      let bestBin = -1;
      for (let fi = 0; fi < cols; fi++) {
        if (fi >= mtry && bestFeature >= 0) break;
        const c = featureOrder[fi]!;
        const nb = cuts[c]!.length + 1;
        if (nb < 2) continue;
        histW.fill(0, 0, nb * C);
        histN.fill(0, 0, nb);
        const col = c * rows;
        for (let i = start; i < end; i++) {
          const r = idx[i]!;
          const b = binned[col + r]!;
          histW[b * C + labels[r]!]! += counts[r]! * classWeight[labels[r]!]!;
          histN[b]! += counts[r]!;
        }
        leftW.fill(0);
        let nLeft = 0;
        for (let b = 0; b < nb - 1; b++) {
          let wl = 0;
          let sl = 0;
          for (let k = 0; k < C; k++) {
            leftW[k]! += histW[b * C + k]!;
          }
          nLeft += histN[b]!;
          if (nLeft < minLeaf) continue;
          if (nSamples - nLeft < minLeaf) break;
          let sr = 0;
          for (let k = 0; k < C; k++) {
            const l = leftW[k]!;
            const rr = totalW[k]! - l;
            wl += l;
            sl += l * l;
            sr += rr * rr;
          }
          const wr = W - wl;
          if (wl <= 0 || wr <= 0) continue;
          // Weighted Gini decrease: W·G − W_L·G_L − W_R·G_R with G = 1 − Σp².
          const gain = W * impurity - (wl - sl / wl) - (wr - sr / wr);
          if (gain > bestGain + 1e-12 * W) {
            bestGain = gain;
            bestFeature = c;
            bestBin = b;
          }
        }
      }
      if (bestFeature < 0) continue;
      // Partition idx[start, end) by bin ≤ bestBin.
      const col = bestFeature * rows;
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (binned[col + idx[i]!]! <= bestBin) i++;
        else {
          const tmp = idx[i]!;
          idx[i] = idx[j]!;
          idx[j] = tmp;
          j--;
        }
      }
      feature[node] = bestFeature;
      threshold[node] = cuts[bestFeature]![bestBin]!;
      importance[bestFeature]! += bestGain;
      const l = newNode();
      const rgt = newNode();
      left[node] = l;
      right[node] = rgt;
      stack.push({ node: rgt, start: i, end, depth: depth + 1 }, { node: l, start, end: i, depth: depth + 1 });
    }
    const tree: Tree = {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
    };
    trees.push(tree);
    for (let r = 0; r < rows; r++) {
      if (counts[r]! > 0) continue;
      const leaf = findLeaf(tree, data, r * cols);
      for (let k = 0; k < C; k++) oobSum[r * C + k]! += tree.value[leaf * C + k]!;
      oobCount[r]!++;
    }
    options.onTree?.(t + 1, nTrees);
  }

  const oobProbability = new Float64Array(rows * C).fill(NaN);
  let oobRows = 0;
  let oobRight = 0;
  for (let r = 0; r < rows; r++) {
    if (oobCount[r] === 0) continue;
    let best = 0;
    for (let k = 0; k < C; k++) {
      oobProbability[r * C + k] = oobSum[r * C + k]! / oobCount[r]!;
      if (oobSum[r * C + k]! > oobSum[r * C + best]!) best = k;
    }
    oobRows++;
    if (best === labels[r]) oobRight++;
  }
  const impTotal = importance.reduce((a, b) => a + b, 0);
  const featureImportance = importance.map((v) => (impTotal > 0 ? v / impTotal : 0));

  return {
    classes: C,
    features: cols,
    trees: nTrees,
    oobScore: oobRows > 0 ? oobRight / oobRows : NaN,
    oobProbability,
    featureImportance,
    predictProba(Xp: NumericMatrix): Float64Array {
      if (Xp.cols !== cols) throw new RangeError(`forest was fitted on ${cols} features, got ${Xp.cols}`);
      const out = new Float64Array(Xp.rows * C);
      for (const tree of trees) {
        for (let r = 0; r < Xp.rows; r++) {
          const leaf = findLeaf(tree, Xp.data, r * cols);
          for (let k = 0; k < C; k++) out[r * C + k]! += tree.value[leaf * C + k]!;
        }
      }
      for (let i = 0; i < out.length; i++) out[i]! /= trees.length;
      return out;
    },
  };
}

function findLeaf(tree: Tree, data: Float64Array, offset: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = data[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}
