/**
 * Measures of a nodal run for its report and its tests: the firing raster on the ring, firing intervals, how far
 * and which way activity travels around the ring, and pair "talking" by cross-correlation of firing times.
 */
import { circularDistance } from './layout.js';
import type { FiringLog } from './compose.js';

/**
 * Firing counts per node and time bin: a nodes × bins matrix (row = node, i.e. position on the ring).
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 20 });
 * const { values, bins } = ringRaster(run.firings, 32, 20, 0.05);
 * bins; // → 400
 */
export function ringRaster(firings: FiringLog, nodes: number, seconds: number, binSeconds: number): { values: Float64Array; bins: number } {
  const bins = Math.max(1, Math.ceil(seconds / binSeconds));
  const values = new Float64Array(nodes * bins);
  for (let i = 0; i < firings.count; i++) {
    const b = Math.min(bins - 1, Math.floor(firings.timesSeconds[i]! / binSeconds));
    values[firings.nodes[i]! * bins + b]! += 1;
  }
  return { values, bins };
}

/**
 * Each node's firing times, in order.
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 20 });
 * const times = firingTimesByNode(run.firings, 32); // times[5]: node 5's firing times
 */
export function firingTimesByNode(firings: FiringLog, nodes: number): Float64Array[] {
  const counts = new Int32Array(nodes);
  for (let i = 0; i < firings.count; i++) counts[firings.nodes[i]!]!++;
  const out = Array.from({ length: nodes }, (_, k) => new Float64Array(counts[k]!));
  counts.fill(0);
  for (let i = 0; i < firings.count; i++) {
    const k = firings.nodes[i]!;
    out[k]![counts[k]!++] = firings.timesSeconds[i]!;
  }
  return out;
}

/**
 * Firings per time window: how active the network is over the run (all nodes together).
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 20 });
 * activityPerWindow(run.firings, 20, 10).length; // → 2
 */
export function activityPerWindow(firings: FiringLog, seconds: number, windowSeconds: number): Int32Array {
  const windows = Math.max(1, Math.ceil(seconds / windowSeconds - 1e-9));
  const out = new Int32Array(windows);
  for (let i = 0; i < firings.count; i++) out[Math.min(windows - 1, Math.floor(firings.timesSeconds[i]! / windowSeconds))]!++;
  return out;
}

/**
 * Propagation around the ring: for every firing triggered by another node's signal, the signed step from cause
 * to fired node the short way round (+ = increasing node index, "clockwise"). Returns the histogram over steps
 * −⌊N/2⌋ … ⌊N/2⌋ (index = step + ⌊N/2⌋) and the share of triggered firings at each distance.
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 20 });
 * const { steps, half } = propagationSteps(run.firings, 32); // steps[half + 1]: one node up the ring
 */
export function propagationSteps(firings: FiringLog, nodes: number): { steps: Int32Array; half: number; triggered: number } {
  const half = Math.floor(nodes / 2);
  const steps = new Int32Array(2 * half + 1);
  let triggered = 0;
  for (let i = 0; i < firings.count; i++) {
    const cause = firings.causes[i]!;
    if (cause < 0) continue;
    const node = firings.nodes[i]!;
    const d = circularDistance(cause, node, nodes);
    const forward = ((node - cause) % nodes + nodes) % nodes === d;
    steps[half + (forward ? d : -d)]!++;
    triggered++;
  }
  return { steps, half, triggered };
}

/** One pair's cross-correlogram: coincidences of b's firings at lags after a's, relative to chance. */
export interface CrossCorrelogram {
  /** Lag bin centres, seconds (t_b − t_a). */
  lagsSeconds: Float64Array;
  /** Observed coincidences per bin divided by those expected for independent firing at the same rates. */
  ratio: Float64Array;
}

/**
 * Cross-correlogram of two firing-time lists: the histogram of t_b − t_a over |lag| ≤ maxLag, divided by the
 * count expected if the two fired independently (n_a·n_b·bin/T).
 * @example
 * const cc = crossCorrelogram(Float64Array.of(1, 2, 3), Float64Array.of(1.5, 2.5, 3.5), 4, 1, 0.1); // a peak at +0.5 s
 */
export function crossCorrelogram(a: Float64Array, b: Float64Array, seconds: number, maxLagSeconds: number, binSeconds: number): CrossCorrelogram {
  const bins = 2 * Math.round(maxLagSeconds / binSeconds) + 1;
  const half = (bins - 1) / 2;
  const counts = new Float64Array(bins);
  let lo = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    while (lo < b.length && b[lo]! < t - (half + 0.5) * binSeconds) lo++;
    for (let j = lo; j < b.length; j++) {
      const k = Math.round((b[j]! - t) / binSeconds) + half;
      if (k >= bins) break;
      if (k >= 0) counts[k]!++;
    }
  }
  const expected = (a.length * b.length * binSeconds) / seconds;
  const lagsSeconds = new Float64Array(bins);
  const ratio = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    lagsSeconds[k] = (k - half) * binSeconds;
    ratio[k] = expected > 0 ? counts[k]! / expected : 0;
  }
  return { lagsSeconds, ratio };
}

/** How strongly a pair "talks": the peak cross-correlogram ratio and where it lies. */
export interface PairTalk {
  a: number;
  b: number;
  /** Peak of observed/expected coincidences over the lags (1 = chance). */
  peakRatio: number;
  /** Lag of the peak, seconds (t_b − t_a: positive when b follows a). */
  peakLagSeconds: number;
  /** Coincidences at the peak (so tiny counts are not mistaken for talking). */
  peakCount: number;
}

/**
 * Talking between every pair of nodes: the peak of each pair's cross-correlogram within ±maxLag (excluding lag 0
 * bins shorter than half a bin), as an N × N matrix (symmetric) and a list sorted from the most talkative pair.
 * Pairs need at least `minCount` coincidences at their peak to score above 1.
 * @example
 * const run = composeNodal({ params: nodalParams({ nodes: 8 }), seed: 1, seconds: 20 });
 * const times = firingTimesByNode(run.firings, 8);
 * const { pairs } = pairTalking(times, 20, { maxLagSeconds: 2, binSeconds: 0.02 }); // pairs[0]: the most talkative
 */
export function pairTalking(
  times: Float64Array[],
  seconds: number,
  options: { maxLagSeconds: number; binSeconds: number; minCount?: number },
): { matrix: Float64Array; pairs: PairTalk[] } {
  const n = times.length;
  const minCount = options.minCount ?? 5;
  const matrix = new Float64Array(n * n);
  const pairs: PairTalk[] = [];
  const expectedPerPair = (na: number, nb: number): number => (na * nb * options.binSeconds) / seconds;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const cc = crossCorrelogram(times[a]!, times[b]!, seconds, options.maxLagSeconds, options.binSeconds);
      const expected = expectedPerPair(times[a]!.length, times[b]!.length);
      let best = 1;
      let bestLag = 0;
      let bestCount = 0;
      for (let k = 0; k < cc.ratio.length; k++) {
        const count = cc.ratio[k]! * expected;
        if (count >= minCount && cc.ratio[k]! > best) {
          best = cc.ratio[k]!;
          bestLag = cc.lagsSeconds[k]!;
          bestCount = Math.round(count);
        }
      }
      matrix[a * n + b] = best;
      matrix[b * n + a] = best;
      pairs.push({ a, b, peakRatio: best, peakLagSeconds: bestLag, peakCount: bestCount });
    }
  }
  pairs.sort((p, q) => q.peakRatio - p.peakRatio);
  return { matrix, pairs };
}

/**
 * The median inter-firing interval of each node (NaN for nodes with fewer than two firings) over [from, to).
 * @example
 * medianIntervals([new Float64Array([0, 1, 3, 6])])[0]; // → 2
 */
export function medianIntervals(times: Float64Array[], fromSeconds = 0, toSeconds = Infinity): Float64Array {
  return Float64Array.from(times, (t) => {
    const d: number[] = [];
    for (let i = 1; i < t.length; i++) if (t[i - 1]! >= fromSeconds && t[i]! < toSeconds) d.push(t[i]! - t[i - 1]!);
    if (!d.length) return NaN;
    d.sort((x, y) => x - y);
    const m = d.length >> 1;
    return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
  });
}
