/**
 * Corpus statistics: the distributions the composers learn from and are judged against — melodic intervals,
 * durations, scale degrees — and a distance between two sets of them.
 */
import type { Melody } from './melody.js';

/** Intervals are counted from −{@link MAX_INTERVAL} to +{@link MAX_INTERVAL} semitones; larger leaps go to the end bins. */
export const MAX_INTERVAL = 12;

/** The durations (quarter-note beats) the duration histogram names; others are counted as "other". */
export const DURATION_BINS: readonly number[] = [0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1, 1.5, 2, 3, 4];

/** Distributions over a corpus or a single melody; every histogram sums to 1 (or is all zeros when empty). */
export interface CorpusStatistics {
  melodies: number;
  notes: number;
  /** P(interval), index i ↔ interval i − 12 semitones (−12 … +12, leaps beyond an octave in the end bins). */
  intervals: number[];
  /** P(duration), index i ↔ DURATION_BINS[i]; the last entry is every other duration. */
  durations: number[];
  /** P(pitch class relative to the tonic), duration-weighted; only when tonics are known. */
  degrees: number[];
  /** Mean range (highest − lowest pitch) per melody, semitones. */
  meanRange: number;
  /** Mean absolute interval, semitones. */
  meanAbsInterval: number;
  /** Share of intervals of at most 2 semitones (steps and repeats). */
  stepShare: number;
}

function normalise(h: number[]): number[] {
  const s = h.reduce((a, b) => a + b, 0);
  return s > 0 ? h.map((x) => x / s) : h;
}

/** The histogram bin of a duration in beats. */
export function durationBin(beats: number): number {
  const i = DURATION_BINS.findIndex((d) => Math.abs(d - beats) < 1e-6);
  return i >= 0 ? i : DURATION_BINS.length;
}

/**
 * Statistics of melodies; `tonics[i]` (pitch class) makes the scale-degree histogram meaningful.
 * @example
 * const s = corpusStatistics([{ pitches: [60, 62, 64], onsets: [0, 1, 2], durations: [1, 1, 2], metre: { numerator: 4, denominator: 4 }, anacrusis: 0, source: 'x' }]);
 * s.intervals[14]; // → 1
 * s.durations[5]; // P(quarter) → 0.6666666666666666
 */
export function corpusStatistics(melodies: readonly Melody[], tonics?: readonly number[]): CorpusStatistics {
  const intervals = new Array<number>(2 * MAX_INTERVAL + 1).fill(0);
  const durations = new Array<number>(DURATION_BINS.length + 1).fill(0);
  const degrees = new Array<number>(12).fill(0);
  let notes = 0;
  let range = 0;
  let absSum = 0;
  let steps = 0;
  let nIntervals = 0;
  melodies.forEach((m, k) => {
    notes += m.pitches.length;
    if (m.pitches.length > 0) range += Math.max(...m.pitches) - Math.min(...m.pitches);
    const tonic = tonics?.[k] ?? 0;
    m.pitches.forEach((p, i) => {
      durations[durationBin(m.durations[i]!)]! += 1;
      degrees[(((p - tonic) % 12) + 12) % 12]! += m.durations[i]!;
      if (i > 0) {
        const d = p - m.pitches[i - 1]!;
        intervals[Math.max(-MAX_INTERVAL, Math.min(MAX_INTERVAL, d)) + MAX_INTERVAL]! += 1;
        absSum += Math.abs(d);
        if (Math.abs(d) <= 2) steps++;
        nIntervals++;
      }
    });
  });
  return {
    melodies: melodies.length,
    notes,
    intervals: normalise(intervals),
    durations: normalise(durations),
    degrees: normalise(degrees),
    meanRange: melodies.length > 0 ? range / melodies.length : 0,
    meanAbsInterval: nIntervals > 0 ? absSum / nIntervals : 0,
    stepShare: nIntervals > 0 ? steps / nIntervals : 0,
  };
}

/**
 * Total-variation distance between two distributions (half the L1 distance): 0 identical, 1 disjoint.
 * @example
 * totalVariation([0.5, 0.5, 0], [0, 0.5, 0.5]); // → 0.5
 */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new RangeError(`distributions of ${p.length} and ${q.length} bins cannot be compared`);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

/**
 * How far a melody's interval and duration statistics are from a corpus's: the mean of the two total-variation
 * distances, 0 (the same distributions) to 1. The genetic composer's "closeness to the corpus" term.
 */
export function statisticsDistance(a: CorpusStatistics, b: CorpusStatistics): { intervals: number; durations: number; mean: number } {
  const intervals = totalVariation(a.intervals, b.intervals);
  const durations = totalVariation(a.durations, b.durations);
  return { intervals, durations, mean: (intervals + durations) / 2 };
}
