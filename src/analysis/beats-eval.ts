/**
 * The standard beat-tracking metrics, with mir_eval's definitions (Raffel et al. 2014, ISMIR; `mir_eval.beat`,
 * after Davies, Degara & Plumbley 2009, "Evaluation methods for musical audio beat tracking algorithms",
 * QMUL C4DM-TR-09-06): F-measure (±70 ms), Cemgil's Gaussian accuracy (σ = 40 ms, Cemgil et al. 2001) and its
 * best metrical variation, McKinney's P-score, the continuity measures CMLc, CMLt, AMLc, AMLt (Hainsworth 2004;
 * Klapuri et al. 2006: phase and period within 17.5 %), and the information gain (Davies et al. 2011: a 41-bin
 * beat-error histogram against the uniform one). Like `mir_eval.beat.evaluate`, {@link evaluateBeats} first drops
 * the beats of the first 5 s of both lists. Every quirk of mir_eval 0.7 that changes a figure is reproduced
 * (noted where it happens), so the figures agree with it to rounding; a test checks them against Debian's
 * python3-mir-eval.
 */
import { matchEvents } from './beats/evaluate.js';

/** Every metric of {@link evaluateBeats}, each in [0, 1]. */
export interface BeatMetrics {
  fMeasure: number;
  /** Cemgil accuracy against the annotated beats. */
  cemgil: number;
  /** Cemgil accuracy, best of the annotated beats and their metrical variations (off-beat, double, half). */
  cemgilBest: number;
  pScore: number;
  /** Correct metrical level, longest continuously correct segment / beats. */
  cmlc: number;
  /** Correct metrical level, all correct beats / beats. */
  cmlt: number;
  /** Any metrical level (annotated, off-beat, double, half odd or even), continuous. */
  amlc: number;
  /** Any metrical level, total. */
  amlt: number;
  /** Information gain (normalised by log2 of the bin count). */
  informationGain: number;
}

/** Options of {@link evaluateBeats}; the defaults are mir_eval's. */
export interface BeatEvalOptions {
  /** Beats before this time are dropped from both lists (default 5 s). */
  trimSeconds?: number;
  fMeasureWindow?: number;
  cemgilSigma?: number;
  pScoreThreshold?: number;
  continuityPhaseThreshold?: number;
  continuityPeriodThreshold?: number;
  informationGainBins?: number;
}

/** The names of the metrics in the order tables show them, with a short label. */
export const BEAT_METRIC_LABELS: ReadonlyArray<readonly [keyof BeatMetrics, string]> = [
  ['fMeasure', 'F'],
  ['cemgil', 'Cemgil'],
  ['cemgilBest', 'Cemgil best'],
  ['pScore', 'P-score'],
  ['cmlc', 'CMLc'],
  ['cmlt', 'CMLt'],
  ['amlc', 'AMLc'],
  ['amlt', 'AMLt'],
  ['informationGain', 'InfGain'],
];

function sortedArray(x: readonly number[]): number[] {
  return [...x].sort((a, b) => a - b);
}

/**
 * The annotated beats and their four metrical variations, in mir_eval's order: original, off-beat (midpoints),
 * double tempo, half tempo on the odd beats, half tempo on the even beats.
 * @example
 * beatVariations([0, 1, 2]); // → [[0,1,2], [0.5,1.5], [0,0.5,1,1.5,2], [0,2], [1]]
 */
export function beatVariations(reference: readonly number[]): number[][] {
  const n = reference.length;
  const double: number[] = [];
  for (let i = 0; i < n; i++) {
    double.push(reference[i]!);
    if (i + 1 < n) double.push(0.5 * (reference[i]! + reference[i + 1]!));
  }
  return [
    [...reference],
    double.filter((_, i) => i % 2 === 1),
    double,
    reference.filter((_, i) => i % 2 === 0),
    reference.filter((_, i) => i % 2 === 1),
  ];
}

/**
 * F-measure: estimates within ±window of a reference beat, one-to-one (mir_eval.beat.f_measure, no trimming).
 * @example
 * beatF(Array.from({ length: 10 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => i + 0.02)); // → 1
 */
export function beatF(reference: readonly number[], estimated: readonly number[], window = 0.07): number {
  if (reference.length === 0 || estimated.length === 0) return 0;
  const hits = matchEvents(reference, estimated, window);
  const p = hits / estimated.length;
  const r = hits / reference.length;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function nearestIndex(sorted: readonly number[], t: number): number {
  // binary search for the first element ≥ t, then compare with its left neighbour (ties → the lower index, as argmin)
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  if (lo === sorted.length) return sorted.length - 1;
  return t - sorted[lo - 1]! <= sorted[lo]! - t ? lo - 1 : lo;
}

/**
 * Cemgil's accuracy: Σ over reference beats of exp(−d²/2σ²), d the distance to the nearest estimate, over the mean
 * of the two counts; also the best over the metrical variations.
 * @example
 * beatCemgil([1, 2, 3], [1, 2, 3]).cemgil; // → 1
 */
export function beatCemgil(reference: readonly number[], estimated: readonly number[], sigma = 0.04): { cemgil: number; cemgilBest: number } {
  if (reference.length === 0 || estimated.length === 0) return { cemgil: 0, cemgilBest: 0 };
  const est = sortedArray(estimated);
  const scores = beatVariations(reference).map((ref) => {
    let acc = 0;
    for (const b of ref) {
      const d = b - est[nearestIndex(est, b)]!;
      acc += Math.exp(-(d * d) / (2 * sigma * sigma));
    }
    return acc / (0.5 * (est.length + ref.length));
  });
  return { cemgil: scores[0]!, cemgilBest: Math.max(...scores) };
}

/**
 * McKinney's P-score: the cross-correlation of the two beat trains (10 ms impulses) within ±20 % of the median
 * annotated interval, over the larger beat count.
 * @example
 * beatPScore([1, 2, 3, 4], [1, 2, 3, 4]); // → 1
 */
export function beatPScore(reference: readonly number[], estimated: readonly number[], threshold = 0.2): number {
  if (reference.length <= 1 || estimated.length <= 1) return 0;
  const rate = 100;
  const offset = Math.min(Math.min(...estimated), Math.min(...reference));
  const ref = reference.map((t) => t - offset);
  const est = estimated.map((t) => t - offset);
  const end = Math.ceil(Math.max(Math.max(...est), Math.max(...ref)));
  const len = end * rate + 1;
  const refTrain = new Uint8Array(len);
  const estTrain = new Uint8Array(len);
  // mir_eval: np.ceil(t·100) — in float64, as numpy computes it
  for (const t of ref) refTrain[Math.ceil(t * rate)] = 1;
  for (const t of est) estTrain[Math.ceil(t * rate)] = 1;
  const refIdx: number[] = [];
  for (let i = 0; i < len; i++) if (refTrain[i]) refIdx.push(i);
  const intervals = refIdx.slice(1).map((v, i) => v - refIdx[i]!);
  const win = roundHalfEven(threshold * numpyMedian(intervals)); // np.round rounds halves to even
  // np.correlate(a, v, 'full')[k] = Σ_n a[n + k − (len − 1)]·v[n]; the middle lag is len − 1
  const estIdx: number[] = [];
  for (let i = 0; i < len; i++) if (estTrain[i]) estIdx.push(i);
  let sum = 0;
  for (const e of estIdx) {
    for (let lag = -win; lag <= win; lag++) {
      const j = e + lag;
      if (j >= 0 && j < len && refTrain[j]) sum++;
    }
  }
  return sum / Math.max(est.length, ref.length);
}

/** numpy's round: to the nearest integer, halves to the even one. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** numpy's median (mean of the two middle values for an even count). */
function numpyMedian(x: readonly number[]): number {
  if (x.length === 0) return NaN;
  const s = sortedArray(x);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/**
 * The continuity measures: a beat is correct when it lies within 17.5 % of the interval of its nearest unused
 * annotation and its own interval is within 17.5 % of the annotated one; CMLc/CMLt against the annotated beats,
 * AMLc/AMLt the best over the metrical variations.
 * @example
 * beatContinuity([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).amlt; // → 1
 */
export function beatContinuity(
  reference: readonly number[],
  estimated: readonly number[],
  phaseThreshold = 0.175,
  periodThreshold = 0.175,
): { cmlc: number; cmlt: number; amlc: number; amlt: number } {
  if (reference.length <= 1 || estimated.length <= 1) return { cmlc: 0, cmlt: 0, amlc: 0, amlt: 0 };
  const est = estimated;
  const continuous: number[] = [];
  const total: number[] = [];
  for (const ref of beatVariations(reference)) {
    const nAnn = Math.max(ref.length, est.length);
    const used = new Uint8Array(nAnn);
    const success = new Uint8Array(nAnn);
    for (let m = 0; m < est.length; m++) {
      // argmin over |est[m] − ref| (first index on ties)
      let nearest = 0;
      let minDiff = Infinity;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(est[m]! - ref[i]!);
        if (d < minDiff) {
          minDiff = d;
          nearest = i;
        }
      }
      if (ref.length === 0 || used[nearest]) continue;
      let refInterval: number;
      let estInterval: number;
      if (m === 0 || nearest === 0) {
        refInterval = nearest + 1 < ref.length ? ref[nearest + 1]! - ref[nearest]! : ref[nearest]! - (ref[nearest - 1] ?? NaN);
        estInterval = m + 1 < est.length ? est[m + 1]! - est[m]! : est[m]! - est[m - 1]!;
      } else {
        refInterval = ref[nearest]! - ref[nearest - 1]!;
        estInterval = est[m]! - est[m - 1]!;
      }
      let phase: number;
      let period: number;
      if (refInterval === 0) {
        phase = minDiff === 0 ? 1 : Infinity;
        period = estInterval === 0 ? 0 : Infinity;
      } else {
        phase = Math.abs(minDiff / refInterval);
        period = Math.abs(1 - estInterval / refInterval);
      }
      if (phase < phaseThreshold && period < periodThreshold) {
        used[nearest] = 1;
        success[m] = 1;
      }
    }
    // mir_eval counts over max(#ref, #est) entries (the unused tail counts as failures)
    let longest = 0;
    let run = 0;
    let hits = 0;
    for (let i = 0; i < nAnn; i++) {
      if (success[i]) {
        run++;
        hits++;
        if (run > longest) longest = run;
      } else run = 0;
    }
    continuous.push(longest / nAnn);
    total.push(hits / nAnn);
  }
  return { cmlc: continuous[0]!, cmlt: total[0]!, amlc: Math.max(...continuous), amlt: Math.max(...total) };
}

function beatErrorEntropy(reference: readonly number[], estimated: readonly number[], bins: number): number {
  const counts = new Float64Array(bins);
  const n = reference.length;
  for (const e of estimated) {
    let closest = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(e - reference[i]!);
      if (d < best) {
        best = d;
        closest = i;
      }
    }
    const err = e - reference[closest]!;
    // mir_eval 0.7: the first-beat branch is overwritten by the if/else that follows it, so for the first
    // annotation an early estimate measures against reference[-1] (the last beat), as numpy indexes it.
    let interval: number;
    if (closest === n - 1) interval = 0.5 * (reference[n - 1]! - reference[n - 2]!);
    else if (err < 0) interval = 0.5 * (reference[closest]! - reference[closest === 0 ? n - 1 : closest - 1]!);
    else interval = 0.5 * (reference[closest + 1]! - reference[closest]!);
    let be = (0.5 * err) / interval;
    // np.mod(x + 0.5, −1) + 0.5: the result of mod takes the divisor's sign, so be lands in (−0.5, 0.5]
    const x = be + 0.5;
    let r = x - -1 * Math.floor(x / -1);
    if (r > 0) r -= 1;
    be = r + 0.5;
    // np.histogram over linspace(−0.5, 0.5, bins + 1): the last bin includes its right edge
    if (be < -0.5 || be > 0.5 || !Number.isFinite(be)) continue;
    let k = Math.floor((be + 0.5) * bins);
    if (k === bins) k = bins - 1;
    counts[k] = counts[k]! + 1;
  }
  let total = 0;
  for (const c of counts) total += c;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / total;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Information gain: the beat-error histogram's entropy H (errors as fractions of the local annotated interval, both
 * directions), D = (log2 K − max H)/log2 K with K bins (mir_eval's normalisation).
 * @example
 * beatInformationGain([1, 2, 3, 4], [1, 2, 3, 4]); // → 1
 */
export function beatInformationGain(reference: readonly number[], estimated: readonly number[], bins = 41): number {
  if (reference.length <= 1 || estimated.length <= 1) return 0;
  const forward = beatErrorEntropy(reference, estimated, bins);
  const backward = beatErrorEntropy(estimated, reference, bins);
  const norm = Math.log2(bins);
  return (norm - Math.max(forward, backward)) / norm;
}

/**
 * All the metrics of `mir_eval.beat.evaluate` except Goto's, after dropping the beats before `trimSeconds`.
 * @example
 * const ref = Array.from({ length: 30 }, (_, i) => 0.5 * i);
 * evaluateBeats(ref, ref.map((t) => t + 0.01)).fMeasure; // → 1
 */
export function evaluateBeats(reference: readonly number[], estimated: readonly number[], options: BeatEvalOptions = {}): BeatMetrics {
  const trim = options.trimSeconds ?? 5;
  for (const [name, list] of [['reference', reference], ['estimated', estimated]] as const) {
    for (const t of list) if (!Number.isFinite(t) || t < 0) throw new RangeError(`${name} beats must be finite non-negative times, got ${t}`);
  }
  const ref = sortedArray(reference.filter((t) => t >= trim));
  const est = sortedArray(estimated.filter((t) => t >= trim));
  return {
    fMeasure: beatF(ref, est, options.fMeasureWindow),
    ...beatCemgil(ref, est, options.cemgilSigma),
    pScore: beatPScore(ref, est, options.pScoreThreshold),
    ...beatContinuity(ref, est, options.continuityPhaseThreshold, options.continuityPeriodThreshold),
    informationGain: beatInformationGain(ref, est, options.informationGainBins),
  };
}

/**
 * The mean of each metric over several evaluations.
 * @example
 * meanBeatMetrics([evaluateBeats([6, 7, 8], [6, 7, 8])]).fMeasure; // → 1
 */
export function meanBeatMetrics(all: readonly BeatMetrics[]): BeatMetrics {
  const out = { fMeasure: 0, cemgil: 0, cemgilBest: 0, pScore: 0, cmlc: 0, cmlt: 0, amlc: 0, amlt: 0, informationGain: 0 };
  for (const m of all) for (const k of Object.keys(out) as Array<keyof BeatMetrics>) out[k] += m[k] / all.length;
  return out;
}
