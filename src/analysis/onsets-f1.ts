/**
 * Musical F1: how well a list of predicted note onsets hits a list of target onsets.
 *
 * The standard measure is mir_eval's onset F-measure (Raffel et al. 2014, `mir_eval.onset.f_measure`): a predicted
 * onset may match a target onset when they are at most `windowSeconds` apart (±50 ms by default), each target and
 * each prediction is used at most once, and the number of hits is the size of a **maximum** matching of that
 * bipartite graph (Hopcroft & Karp 1973 — not a greedy nearest-first pass, which can miss hits). Then
 * precision = hits / predicted, recall = hits / targets, F1 = 2PR / (P + R).
 *
 * PyANNOW's `musical_f1` (docs/design/analysis.md) was many-to-many: a prediction counts as correct when any target
 * lies within the window and a target as found when any prediction does, so one prediction can "hit" a whole run of
 * notes and a cloud of predictions can all hit one note. {@link onsetF1ManyToMany} computes it for comparison; it is
 * never lower than the one-to-one score and can be far higher.
 *
 * Chords: onsets are times, not notes. A chord (several notes starting together) is one target onset — see
 * `targetOnsets` in onset-targets.ts, which merges notes starting within 1 ms — and needs one predicted onset.
 * Notes spread further apart (rolled chords, grace notes) stay separate targets and each needs its own prediction.
 */

/** mir_eval's default onset tolerance: ±50 ms. */
export const ONSET_WINDOW_SECONDS = 0.05;

/** The outcome of an onset comparison. */
export interface OnsetScore {
  precision: number;
  recall: number;
  f1: number;
  /** Hits: matched pairs (one-to-one), or for many-to-many the number of predictions near some target. */
  matched: number;
  /** For many-to-many only the number of targets near some prediction; equals `matched` for one-to-one. */
  targetsFound: number;
  predicted: number;
  targets: number;
}

/** Options for onset comparisons. */
export interface OnsetMatchOptions {
  /** Largest |predicted − target| that counts as a hit, seconds (default 0.05). */
  windowSeconds?: number;
}

function sortedCopy(times: ArrayLike<number>, what: string): Float64Array {
  const out = Float64Array.from(times);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new RangeError(`${what}[${i}] is not a finite time (${out[i]})`);
  }
  return out.sort();
}

function windowOf(options: OnsetMatchOptions): number {
  const w = options.windowSeconds ?? ONSET_WINDOW_SECONDS;
  if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`windowSeconds must be a finite number ≥ 0, got ${w}`);
  return w;
}

/**
 * For each sorted prediction, the half-open range [lo, hi) of sorted targets within the window — the same
 * comparison as mir_eval's `_fast_hit_windows` (target ≥ p − w and target ≤ p + w, in floating point).
 */
function hitRanges(targets: Float64Array, predicted: Float64Array, w: number): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(predicted.length);
  const hi = new Int32Array(predicted.length);
  let a = 0;
  let b = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    while (a < targets.length && targets[a]! < p - w) a++;
    if (b < a) b = a;
    while (b < targets.length && targets[b]! <= p + w) b++;
    lo[i] = a;
    hi[i] = b;
  }
  return { lo, hi };
}

/**
 * A maximum one-to-one matching between targets and predictions within ±window (Hopcroft–Karp). Both lists are
 * sorted first; the returned pairs index the **sorted** lists.
 * @example
 * matchOnsets([1, 2], [1.01, 1.04, 2.2]).length; // → 1 — two predictions near 1 s share one target
 */
export function matchOnsets(
  targets: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: OnsetMatchOptions = {},
): Array<[target: number, predicted: number]> {
  const w = windowOf(options);
  const t = sortedCopy(targets, 'targets');
  const p = sortedCopy(predicted, 'predicted');
  const { lo, hi } = hitRanges(t, p, w);
  const matchP = hopcroftKarp(p.length, t.length, lo, hi);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < p.length; i++) if (matchP[i]! >= 0) pairs.push([matchP[i]!, i]);
  return pairs.sort((x, y) => x[0] - y[0]);
}

/**
 * Hopcroft–Karp maximum bipartite matching; left vertices (predictions) see the contiguous right range
 * [lo[u], hi[u]). Returns, for each left vertex, its matched right vertex or −1.
 */
function hopcroftKarp(nLeft: number, nRight: number, lo: Int32Array, hi: Int32Array): Int32Array {
  const matchL = new Int32Array(nLeft).fill(-1);
  const matchR = new Int32Array(nRight).fill(-1);
  const dist = new Int32Array(nLeft);
  const queue = new Int32Array(nLeft);
  const INF = 0x7fffffff;
  // Iterative DFS state.
  const stack = new Int32Array(nLeft + 1);
  const cursor = new Int32Array(nLeft);

  const bfs = (): boolean => {
    let head = 0;
    let tail = 0;
    for (let u = 0; u < nLeft; u++) {
      if (matchL[u] === -1) {
        dist[u] = 0;
        queue[tail++] = u;
      } else dist[u] = INF;
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++]!;
      for (let v = lo[u]!; v < hi[u]!; v++) {
        const u2 = matchR[v]!;
        if (u2 === -1) found = true;
        else if (dist[u2] === INF) {
          dist[u2] = dist[u]! + 1;
          queue[tail++] = u2;
        }
      }
    }
    return found;
  };

  const dfs = (root: number): boolean => {
    let depth = 0;
    stack[0] = root;
    cursor[root] = lo[root]!;
    while (depth >= 0) {
      const u = stack[depth]!;
      if (cursor[u]! >= hi[u]!) {
        dist[u] = INF; // dead end: never visit again in this phase
        depth--;
        continue;
      }
      const v = cursor[u]!;
      cursor[u] = v + 1;
      const u2 = matchR[v]!;
      if (u2 === -1) {
        // Augment along the stack: stack[k] takes the right vertex it just advanced past.
        for (let k = depth; k >= 0; k--) {
          const uk = stack[k]!;
          const vk = cursor[uk]! - 1;
          matchL[uk] = vk;
          matchR[vk] = uk;
        }
        return true;
      }
      if (dist[u2] === dist[u]! + 1) {
        stack[++depth] = u2;
        cursor[u2] = lo[u2]!;
      }
    }
    return false;
  };

  while (bfs()) {
    for (let u = 0; u < nLeft; u++) if (matchL[u] === -1) dfs(u);
  }
  return matchL;
}

function score(matched: number, targetsFound: number, predicted: number, targets: number): OnsetScore {
  // mir_eval returns 0 for all three when either list is empty.
  if (predicted === 0 || targets === 0) return { precision: 0, recall: 0, f1: 0, matched: 0, targetsFound: 0, predicted, targets };
  const precision = matched / predicted;
  const recall = targetsFound / targets;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, matched, targetsFound, predicted, targets };
}

/**
 * Onset F-measure with one-to-one matching (mir_eval's `onset.f_measure`): the standard musical F1.
 * Returns zeros when either list is empty, as mir_eval does.
 * @example
 * onsetF1([0.51, 1.0, 1.02], [0.5, 1.0]).f1; // → 0.8 — two hits, one extra prediction (P = 2/3, R = 1)
 */
export function onsetF1(predicted: ArrayLike<number>, targets: ArrayLike<number>, options: OnsetMatchOptions = {}): OnsetScore {
  const hits = matchOnsets(targets, predicted, options).length;
  return score(hits, hits, predicted.length, targets.length);
}

/**
 * PyANNOW's many-to-many "musical F1", kept for comparison: precision = share of predictions with some target
 * within the window, recall = share of targets with some prediction within it. Never below {@link onsetF1}.
 * @example
 * onsetF1ManyToMany([1.0, 1.02, 1.04], [1.0]).f1; // → 1 — where the one-to-one F1 is 0.5
 */
export function onsetF1ManyToMany(
  predicted: ArrayLike<number>,
  targets: ArrayLike<number>,
  options: OnsetMatchOptions = {},
): OnsetScore {
  const w = windowOf(options);
  const t = sortedCopy(targets, 'targets');
  const p = sortedCopy(predicted, 'predicted');
  const { lo, hi } = hitRanges(t, p, w);
  let goodPredictions = 0;
  const found = new Uint8Array(t.length);
  for (let i = 0; i < p.length; i++) {
    if (hi[i]! > lo[i]!) goodPredictions++;
    for (let v = lo[i]!; v < hi[i]!; v++) found[v] = 1;
  }
  let targetsFound = 0;
  for (let v = 0; v < t.length; v++) targetsFound += found[v]!;
  return score(goodPredictions, targetsFound, p.length, t.length);
}

/**
 * Maximum matching maintained while predictions are added one at a time (Kuhn's augmenting paths: after each
 * insertion the matching is maximum for the predictions seen so far, by Berge's theorem). Used to score every
 * prefix of a ranked list of candidate onsets in one pass — the threshold search of onset picking.
 */
export class IncrementalOnsetMatcher {
  private readonly targets: Float64Array;
  private readonly w: number;
  private readonly matchR: Int32Array;
  private readonly visit: Int32Array;
  private readonly los: number[] = [];
  private readonly his: number[] = [];
  private readonly matchL: number[] = [];
  private stamp = 0;
  /** Current size of the maximum matching. */
  matched = 0;

  constructor(targets: ArrayLike<number>, options: OnsetMatchOptions = {}) {
    this.w = windowOf(options);
    this.targets = sortedCopy(targets, 'targets');
    this.matchR = new Int32Array(this.targets.length).fill(-1);
    this.visit = new Int32Array(this.targets.length);
  }

  /** Number of predictions added so far. */
  get predicted(): number {
    return this.los.length;
  }

  /** Adds one predicted onset; returns true when the maximum matching grew. */
  add(time: number): boolean {
    if (!Number.isFinite(time)) throw new RangeError(`predicted onset is not a finite time (${time})`);
    const t = this.targets;
    // Binary search for the window's target range.
    let a = 0;
    let b = t.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (t[m]! < time - this.w) a = m + 1;
      else b = m;
    }
    let hi = a;
    while (hi < t.length && t[hi]! <= time + this.w) hi++;
    const u = this.los.length;
    this.los.push(a);
    this.his.push(hi);
    this.matchL.push(-1);
    this.stamp++;
    if (this.augment(u)) {
      this.matched++;
      return true;
    }
    return false;
  }

  private augment(root: number): boolean {
    // Iterative DFS over alternating paths; `visit` stamps right vertices seen in this search.
    const stackU: number[] = [root];
    const stackV: number[] = [this.los[root]!];
    const via: number[] = [];
    while (stackU.length) {
      const d = stackU.length - 1;
      const u = stackU[d]!;
      let v = stackV[d]!;
      let advanced = false;
      while (v < this.his[u]!) {
        if (this.visit[v] !== this.stamp) {
          this.visit[v] = this.stamp;
          const u2 = this.matchR[v]!;
          if (u2 === -1) {
            via[d] = v;
            for (let k = d; k >= 0; k--) {
              this.matchL[stackU[k]!] = via[k]!;
              this.matchR[via[k]!] = stackU[k]!;
            }
            return true;
          }
          stackV[d] = v + 1;
          via[d] = v;
          stackU.push(u2);
          stackV.push(this.los[u2]!);
          advanced = true;
          break;
        }
        v++;
      }
      if (!advanced) {
        stackU.pop();
        stackV.pop();
      }
    }
    return false;
  }

  /** The score of the predictions added so far. */
  score(): OnsetScore {
    return score(this.matched, this.matched, this.predicted, this.targets.length);
  }
}
