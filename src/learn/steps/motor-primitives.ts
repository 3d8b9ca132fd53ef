/**
 * Step 2 of the progression: motor primitives. PCA of the worm's neural activity (4 components, PyANNOW's
 * `pca_reduce`), K-means on the component scores with K chosen by the silhouette over a range (Rousseeuw 1987;
 * exact over a regular subset of the frames, see `silhouetteStride`), and the worm's own rhythm read off the cluster
 * sequence: every change of primitive is a candidate onset (PyANNOW's `cluster_to_notes`).
 *
 * What is learned from the training span: which kinds of change play. Each transition type a → b is ranked by its
 * precision on the training frames (the share of its occurrences within the F1 window of a training onset), and
 * the best-ranked types are added while the training F1 of their union improves. A change counts only when the new
 * primitive lasts `minDwellFrames` frames, so a trajectory grazing a cluster boundary does not chatter.
 */
import { onsetF1, ONSET_WINDOW_SECONDS } from '../../analysis/onsets-f1.js';
import type { FrameGrid } from '../../analysis/onset-targets.js';
import { flatMatrix, type FlatMatrix } from '../../math/flat-matrix.js';
import { kmeans } from '../../math/kmeans.js';
import { pca, pcaTransform } from '../../math/pca.js';
import { silhouetteScores } from '../../math/silhouette.js';
import type { FittedLearner, Learner } from '../evaluation.js';
import { selectGroups } from '../feature-matrix.js';

/** Options of {@link motorPrimitivesLearner}. */
export interface MotorPrimitivesOptions {
  /** Feature groups holding the neural activity (default ['neural']). */
  groups?: string[];
  /** Principal components clustered (default 4). */
  components?: number;
  /** Range of K tried (default 2…8). */
  kMin?: number;
  kMax?: number;
  /** k-means++ restarts per K (default 4). */
  restarts?: number;
  /**
   * The silhouette that chooses K is exact over every `silhouetteStride`-th frame (default 4: 12.5 frames/s, six
   * frames per cycle of the worm's ~2 Hz body wave). All pairs of 13,350 frames take ~6 s per fit here; the
   * trajectory is smooth, so neighbouring frames add cost, not information.
   */
  silhouetteStride?: number;
  /** Frames a new primitive must last for its start to count (default 2, i.e. 40 ms). */
  minDwellFrames?: number;
  name?: string;
}

/**
 * Nearest centre of every row (squared Euclidean distance; the first centre wins a tie).
 * @example
 * nearestCenters(matrixFromRows([[0.1], [9]]), matrixFromRows([[0], [10]])); // → [0, 1] — a label per row
 */
export function nearestCenters(x: FlatMatrix, centers: FlatMatrix): Int32Array {
  const d = x.cols;
  const labels = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = Infinity;
    for (let c = 0; c < centers.rows; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x.data[i * d + j]! - centers.data[c * d + j]!) ** 2;
      if (s < best) {
        best = s;
        labels[i] = c;
      }
    }
  }
  return labels;
}

/** A change of primitive: at frame `frame` the sequence moves from `from` to `to`. */
export interface Transition {
  frame: number;
  from: number;
  to: number;
}

/**
 * The changes of a label sequence that last: a new label counts when it holds for `minDwell` frames (or to the
 * end); shorter excursions are ignored and the sequence is taken to stay where it was.
 * @example
 * labelTransitions([0, 0, 1, 0, 0, 2, 2, 2], 2); // → [{ frame: 5, from: 0, to: 2 }]
 */
export function labelTransitions(labels: ArrayLike<number>, minDwell = 1): Transition[] {
  const out: Transition[] = [];
  if (labels.length === 0) return out;
  let current = labels[0]!;
  for (let f = 1; f < labels.length; f++) {
    const l = labels[f]!;
    if (l === current) continue;
    let lasts = true;
    for (let g = f + 1; g < Math.min(labels.length, f + minDwell); g++) {
      if (labels[g] !== l) {
        lasts = false;
        break;
      }
    }
    if (!lasts) continue;
    out.push({ frame: f, from: current, to: l });
    current = l;
  }
  return out;
}

function isNear(sorted: Float64Array, t: number, window: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m]! < t - window) lo = m + 1;
    else hi = m;
  }
  return lo < sorted.length && sorted[lo]! <= t + window;
}

function timesOf(transitions: Transition[], grid: FrameGrid, keep: Set<string>): Float64Array {
  const out: number[] = [];
  for (const t of transitions) if (keep.has(`${t.from}>${t.to}`)) out.push(grid.startSeconds + t.frame * grid.hopSeconds);
  return Float64Array.from(out);
}

/**
 * Step 2: PCA + K-means motor primitives; chosen changes of primitive are the onsets.
 * @example
 * const heard = hearPiece('prelude', score);
 * const piece = learningPiece(heard, fitNeuralBasis(heard));
 * const r = await evaluateLearner(motorPrimitivesLearner(), piece, { rng: random, control: { groups: ['worm', 'neural'] } });
 * r.info.clusters; r.info.silhouette;
 */
export function motorPrimitivesLearner(options: MotorPrimitivesOptions = {}): Learner {
  const groups = options.groups ?? ['neural'];
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 8;
  const dwell = options.minDwellFrames ?? 2;
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) throw new RangeError(`K range must be whole numbers 2 ≤ kMin ≤ kMax, got ${kMin}…${kMax}`);
  return {
    name: options.name ?? 'PCA + K-means motor primitives, changes → onsets',
    fit(train, { rng, onProgress }): FittedLearner {
      const x = selectGroups(train.features, groups);
      const fit = pca(x, { components: Math.min(options.components ?? 4, x.cols) });
      const scores = fit.scores;
      const ks: number[] = [];
      for (let k = kMin; k <= Math.min(kMax, scores.rows - 1); k++) ks.push(k);
      const runs = ks.map((k, i) => {
        const run = kmeans(scores, k, rng.fork(`K=${k}`), { restarts: options.restarts ?? 4 });
        onProgress?.((0.5 * (i + 1)) / ks.length);
        return run;
      });
      const stride = Math.max(1, Math.floor(options.silhouetteStride ?? 4));
      const rows = Array.from({ length: Math.ceil(scores.rows / stride) }, (_, i) => i * stride);
      const sub = flatMatrix(rows.length, scores.cols);
      rows.forEach((r, i) => sub.data.set(scores.data.subarray(r * scores.cols, (r + 1) * scores.cols), i * scores.cols));
      const silhouettes = silhouetteScores(sub, runs.map((run) => Int32Array.from(rows, (r) => run.labels[r]!)));
      onProgress?.(0.9);
      let best = 0;
      for (let i = 1; i < runs.length; i++) if (silhouettes[i]! > silhouettes[best]!) best = i;
      const centers = runs[best]!.centers;
      const transitions = labelTransitions(nearestCenters(scores, centers), dwell);
      // Rank the transition types by their precision on the training onsets, then keep the best-F1 prefix.
      const window = ONSET_WINDOW_SECONDS;
      const stats = new Map<string, { count: number; hits: number }>();
      for (const t of transitions) {
        const key = `${t.from}>${t.to}`;
        const s = stats.get(key) ?? { count: 0, hits: 0 };
        s.count++;
        if (isNear(train.onsets, train.grid.startSeconds + t.frame * train.grid.hopSeconds, window)) s.hits++;
        stats.set(key, s);
      }
      const ranked = [...stats.entries()].sort((a, b) => b[1].hits / b[1].count - a[1].hits / a[1].count || b[1].count - a[1].count);
      const keep = new Set<string>();
      let bestKeep = new Set<string>();
      let bestF1 = -1;
      for (const [key] of ranked) {
        keep.add(key);
        const f1 = onsetF1(timesOf(transitions, train.grid, keep), train.onsets).f1;
        if (f1 > bestF1) {
          bestF1 = f1;
          bestKeep = new Set(keep);
        }
      }
      onProgress?.(1);
      const seconds = train.grid.count * train.grid.hopSeconds;
      return {
        info: {
          clusters: ks[best]!,
          silhouette: silhouettes[best]!,
          varianceKept: fit.explainedVarianceRatio.reduce((s, v) => s + v, 0),
          changesPerSecond: transitions.length / seconds,
          transitionTypes: stats.size,
          typesKept: bestKeep.size,
          trainingF1: bestF1,
        },
        predict(span) {
          const labels = nearestCenters(pcaTransform(fit, selectGroups(span.features, groups)), centers);
          return { onsets: timesOf(labelTransitions(labels, dwell), span.grid, bestKeep) };
        },
      };
    },
  };
}
