/**
 * From a predicted onset activation (one value per frame) to onset times: peak picking above a threshold, and the
 * choice of that threshold on training data only.
 *
 * A peak is a frame whose value is above both neighbours' (the first frame of a flat top counts). Peaks closer than
 * `minGapSeconds` compete and the higher one wins (non-maximum suppression, processed from the highest down), so
 * one bump never yields two onsets. The threshold is then a single number: every surviving peak at or above it is
 * an onset. {@link fitOnsetThreshold} tries every distinct peak height on the training span and keeps the one with
 * the best one-to-one F1 — scoring all of them in one pass with an incrementally maintained maximum matching.
 */
import { IncrementalOnsetMatcher, type OnsetMatchOptions, type OnsetScore } from './onsets-f1.js';
import type { FrameGrid } from './onset-targets.js';

/** Peak-picking options. */
export interface PeakOptions {
  /** Peaks closer than this compete; the higher survives (default 0.05 s, the F1 window). */
  minGapSeconds?: number;
  /** Refine each peak's time by a parabola through it and its neighbours (default false: the frame's own time). */
  interpolate?: boolean;
}

/** Candidate peaks ranked from the highest down, after non-maximum suppression. */
export interface RankedPeaks {
  times: Float64Array;
  heights: Float64Array;
}

function checkActivation(activation: ArrayLike<number>, grid: FrameGrid): void {
  if (activation.length !== grid.count) {
    throw new RangeError(`activation has ${activation.length} frames but the grid has ${grid.count}`);
  }
  for (let i = 0; i < activation.length; i++) {
    if (Number.isNaN(activation[i]!)) throw new RangeError(`activation[${i}] is NaN`);
  }
}

/**
 * All peaks of an activation, suppressed to at most one per `minGapSeconds`, ranked by height (highest first).
 * @example
 * rankPeaks([0, 1, 0, 0.5, 0], { count: 5, hopSeconds: 0.1, startSeconds: 0 }).times; // → [0.1, 0.3]
 */
export function rankPeaks(activation: ArrayLike<number>, grid: FrameGrid, options: PeakOptions = {}): RankedPeaks {
  checkActivation(activation, grid);
  const gap = options.minGapSeconds ?? 0.05;
  const n = activation.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = activation[i]!;
    const left = i > 0 ? activation[i - 1]! : -Infinity;
    const right = i + 1 < n ? activation[i + 1]! : -Infinity;
    if (v > left && v >= right) idx.push(i);
  }
  // Highest first; ties broken by time so the result is deterministic.
  idx.sort((a, b) => activation[b]! - activation[a]! || a - b);
  const timeOf = (i: number): number => {
    let t = i;
    if (options.interpolate && i > 0 && i + 1 < n) {
      const a = activation[i - 1]!;
      const b = activation[i]!;
      const c = activation[i + 1]!;
      const den = a - 2 * b + c;
      if (den < 0) t = i + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
    }
    return grid.startSeconds + t * grid.hopSeconds;
  };
  // Non-maximum suppression against the already kept (higher) peaks, via a sorted list of kept frame indices.
  const gapFrames = gap / grid.hopSeconds;
  const kept: number[] = [];
  const keptSorted: number[] = [];
  for (const i of idx) {
    let lo = 0;
    let hi = keptSorted.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (keptSorted[m]! < i) lo = m + 1;
      else hi = m;
    }
    const before = lo > 0 ? keptSorted[lo - 1]! : -Infinity;
    const after = lo < keptSorted.length ? keptSorted[lo]! : Infinity;
    if (i - before < gapFrames - 1e-9 || after - i < gapFrames - 1e-9) continue;
    keptSorted.splice(lo, 0, i);
    kept.push(i);
  }
  return {
    times: Float64Array.from(kept, timeOf),
    heights: Float64Array.from(kept, (i) => activation[i]!),
  };
}

/**
 * Onset times: the peaks at or above `threshold`, in time order.
 * @example
 * pickOnsets([0, 1, 0, 0.5, 0], { count: 5, hopSeconds: 0.1, startSeconds: 0 }, 0.7); // → [0.1]
 */
export function pickOnsets(activation: ArrayLike<number>, grid: FrameGrid, threshold: number, options: PeakOptions = {}): Float64Array {
  if (Number.isNaN(threshold)) throw new RangeError('threshold is NaN');
  const peaks = rankPeaks(activation, grid, options);
  let k = 0;
  while (k < peaks.heights.length && peaks.heights[k]! >= threshold) k++;
  return peaks.times.slice(0, k).sort();
}

/**
 * Onset times at a given rate: the round(rate × span duration) highest peaks, in time order. Carries a fit from
 * training frames to new frames by the number of onsets per second instead of by the activation value.
 * @example
 * const grid = frameGrid(0, 2); // 20-ms frames
 * const activation = Float64Array.from(frameTimes(grid), (t) => Math.max(0, Math.cos(2 * Math.PI * t)));
 * pickOnsetsAtRate(activation, grid, 1); // → [0, 1] — one onset a second, at the peaks
 */
export function pickOnsetsAtRate(activation: ArrayLike<number>, grid: FrameGrid, ratePerSecond: number, options: PeakOptions = {}): Float64Array {
  if (!(ratePerSecond >= 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`rate must be a finite number ≥ 0, got ${ratePerSecond}`);
  const peaks = rankPeaks(activation, grid, options);
  const k = Math.min(peaks.times.length, Math.round(ratePerSecond * grid.count * grid.hopSeconds));
  return peaks.times.slice(0, k).sort();
}

/** A fitted threshold and how it scored on the data it was fitted on. */
export interface ThresholdFit {
  threshold: number;
  /** One-to-one F1 on the fitting data at that threshold. */
  score: OnsetScore;
  /** F1 for every candidate count of onsets (the k highest peaks), for plots. */
  curve: { threshold: Float64Array; f1: Float64Array };
}

/**
 * The threshold that maximises one-to-one F1 against `targets` on this (training) activation. Every distinct
 * peak height is a candidate; the returned threshold sits halfway between the last accepted peak and the next
 * lower one, so it transfers to new data without favouring either side; +∞ (no onsets) when no threshold scores a
 * single hit. Fit it on training frames only.
 * @example
 * const grid = frameGrid(0, 4);
 * const activation = Float64Array.from(frameTimes(grid), (t) => Math.max(0, Math.cos(2 * Math.PI * t)));
 * const fit = fitOnsetThreshold(activation, grid, [0, 1, 2, 3]);
 * const onsets = pickOnsets(activation, grid, fit.threshold); // the four peaks
 */
export function fitOnsetThreshold(
  activation: ArrayLike<number>,
  grid: FrameGrid,
  targets: ArrayLike<number>,
  options: PeakOptions & OnsetMatchOptions = {},
): ThresholdFit {
  const peaks = rankPeaks(activation, grid, options);
  const matcher = new IncrementalOnsetMatcher(targets, options);
  const m = peaks.heights.length;
  const curveT: number[] = [];
  const curveF: number[] = [];
  // k = 0 (no onsets, threshold +∞) stands unless some threshold scores a hit.
  let best = { k: 0, f1: 0, score: matcher.score() };
  for (let k = 1; k <= m; k++) {
    matcher.add(peaks.times[k - 1]!);
    // Only cut between distinct heights: equal peaks are accepted or refused together.
    if (k < m && peaks.heights[k]! === peaks.heights[k - 1]!) continue;
    const s = matcher.score();
    curveT.push(peaks.heights[k - 1]!);
    curveF.push(s.f1);
    if (s.f1 > best.f1) best = { k, f1: s.f1, score: s };
  }
  let threshold: number;
  if (best.k === 0) threshold = Infinity;
  else if (best.k === m) {
    const h = peaks.heights[m - 1]!;
    threshold = h - Math.max(1e-12, Math.abs(h) * 1e-9);
  } else threshold = (peaks.heights[best.k - 1]! + peaks.heights[best.k]!) / 2;
  return { threshold, score: best.score, curve: { threshold: Float64Array.from(curveT), f1: Float64Array.from(curveF) } };
}
