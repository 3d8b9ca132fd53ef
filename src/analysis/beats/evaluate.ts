/**
 * Beat-tracking evaluation as in mir_eval (Raffel et al. 2014, ISMIR; `mir_eval.beat.f_measure`): an estimated
 * beat is a hit when it lies within ±70 ms of a reference beat, each reference beat matching at most one
 * estimate; F = 2PR/(P + R). `mir_eval.beat.evaluate` first discards the beats of the first 5 s of both lists
 * (`trim_beats`), because a listener needs time to find the beat; {@link beatFMeasure} does the same by default.
 */

/** Options of {@link beatFMeasure}. */
export interface BeatFMeasureOptions {
  /** Tolerance window, seconds either side (default 0.07). */
  windowSeconds?: number;
  /** Beats before this time are ignored in both lists (default 5, as mir_eval's trim_beats). */
  trimSeconds?: number;
}

/** Precision, recall, F-measure and the counts behind them. */
export interface BeatScore {
  fMeasure: number;
  precision: number;
  recall: number;
  hits: number;
  reference: number;
  estimated: number;
}

/**
 * Maximum one-to-one matching of two sorted event lists within ±window. On a line, greedily matching each
 * reference event to the earliest unmatched estimate that is still within reach is optimal (an exchange argument,
 * as for interval scheduling), so no bipartite solver is needed.
 * @example
 * matchEvents([1, 2, 3], [1.05, 2.2, 3.01], 0.07); // → 2
 */
export function matchEvents(reference: readonly number[], estimated: readonly number[], window: number): number {
  let j = 0;
  let hits = 0;
  for (const r of reference) {
    while (j < estimated.length && estimated[j]! < r - window - 1e-12) j++;
    if (j < estimated.length && Math.abs(estimated[j]! - r) <= window + 1e-12) {
      hits++;
      j++;
    }
  }
  return hits;
}

/**
 * Beat F-measure of estimated against reference beat times (seconds).
 * @example
 * beatFMeasure([5, 6, 7, 8], [5.02, 6.5, 7.03]); // P 2/3, R 2/4, F 0.571
 */
export function beatFMeasure(reference: readonly number[], estimated: readonly number[], options: BeatFMeasureOptions = {}): BeatScore {
  const w = options.windowSeconds ?? 0.07;
  const trim = options.trimSeconds ?? 5;
  const ref = [...reference].filter((t) => t >= trim).sort((a, b) => a - b);
  const est = [...estimated].filter((t) => t >= trim).sort((a, b) => a - b);
  // mir_eval: both empty → 0; either empty → 0.
  if (ref.length === 0 || est.length === 0) {
    return { fMeasure: 0, precision: 0, recall: 0, hits: 0, reference: ref.length, estimated: est.length };
  }
  const hits = matchEvents(ref, est, w);
  const precision = hits / est.length;
  const recall = hits / ref.length;
  const fMeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { fMeasure, precision, recall, hits, reference: ref.length, estimated: est.length };
}
