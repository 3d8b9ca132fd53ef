/**
 * Key finding by the Krumhansl–Schmuckler algorithm (Krumhansl 1990, *Cognitive Foundations of Musical Pitch*,
 * ch. 4): the piece's pitch-class distribution, weighted by duration, is correlated (Pearson) with the 24 rotations
 * of a major and a minor key profile; the best correlation names the key. Three profile sets: Krumhansl & Kessler's
 * (1982) probe-tone ratings, Temperley's (1999/2007, Kostka–Payne corpus) and Albrecht & Shanahan's (2013).
 */
import { pitchClassName } from '../../score/pitch.js';

/** A major/minor profile pair, tonic first. */
export interface KeyProfiles {
  major: readonly number[];
  minor: readonly number[];
}

/** The profile sets {@link findKey} can use. */
export const KEY_PROFILES: Readonly<Record<'krumhansl' | 'temperley' | 'albrecht', KeyProfiles>> = {
  // Krumhansl & Kessler 1982, Psychological Review 89, 334–368 (Krumhansl 1990, table 2.1).
  krumhansl: {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
  },
  // Temperley 2007, Music and Probability, table 6.1 (Kostka–Payne corpus).
  temperley: {
    major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
    minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
  },
  // Albrecht & Shanahan 2013, Music Perception 31, 59–67.
  albrecht: {
    major: [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.08, 0.008, 0.081],
    minor: [0.22, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052],
  },
};

/** The name of a profile set. */
export type KeyProfileName = keyof typeof KEY_PROFILES;

/** A key found by correlation. */
export interface FoundKey {
  /** Tonic pitch class 0–11. */
  tonic: number;
  mode: 'major' | 'minor';
  /** e.g. "G minor" (flats for flat keys). */
  name: string;
  /** Pearson correlation of the best key. */
  correlation: number;
  /** Correlation of the runner-up (a small gap means an ambiguous key). */
  runnerUp: number;
}

const FLAT_MAJOR = new Set([5, 10, 3, 8, 1]);
const FLAT_MINOR = new Set([2, 7, 0, 5, 10]);

/** The conventional name of a key: flats for F, Bb, Eb, Ab, Db major and D, G, C, F, Bb minor. */
export function keyName(tonic: number, mode: 'major' | 'minor'): string {
  const flats = mode === 'major' ? FLAT_MAJOR.has(tonic) : FLAT_MINOR.has(tonic);
  return `${pitchClassName(tonic, { flats })} ${mode}`;
}

function pearson(x: ArrayLike<number>, profile: readonly number[], rotation: number): number {
  let mx = 0;
  let mp = 0;
  for (let i = 0; i < 12; i++) {
    mx += x[(i + rotation) % 12]!;
    mp += profile[i]!;
  }
  mx /= 12;
  mp /= 12;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < 12; i++) {
    const a = x[(i + rotation) % 12]! - mx;
    const b = profile[i]! - mp;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * The duration-weighted pitch-class histogram of notes (index 0 = C).
 * @example
 * pitchClassWeights([60, 64, 67], [1, 1, 2])[7]; // → 2
 */
export function pitchClassWeights(pitches: readonly number[], durations?: readonly number[]): Float64Array {
  const h = new Float64Array(12);
  pitches.forEach((p, i) => {
    h[((p % 12) + 12) % 12] += durations ? durations[i]! : 1;
  });
  return h;
}

/**
 * Finds the key of a pitch-class distribution (12 weights, C first) or of pitches with durations.
 * @example
 * findKey([60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60], [2, 1, 1, 1, 2, 1, 1, 2, 1, 1, 3]).name; // → 'C major'
 */
export function findKey(pitches: readonly number[], durations?: readonly number[], profiles: KeyProfileName | KeyProfiles = 'krumhansl'): FoundKey {
  if (pitches.length === 0) throw new RangeError('no notes: a key cannot be found');
  return findKeyFromWeights(pitchClassWeights(pitches, durations), profiles);
}

/** {@link findKey} on a ready pitch-class histogram (12 weights, C first). */
export function findKeyFromWeights(weights: ArrayLike<number>, profiles: KeyProfileName | KeyProfiles = 'krumhansl'): FoundKey {
  if (weights.length !== 12) throw new RangeError(`a pitch-class histogram has 12 bins, not ${weights.length}`);
  const p = typeof profiles === 'string' ? KEY_PROFILES[profiles] : profiles;
  const scored: Array<{ tonic: number; mode: 'major' | 'minor'; r: number }> = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    scored.push({ tonic, mode: 'major', r: pearson(weights, p.major, tonic) });
    scored.push({ tonic, mode: 'minor', r: pearson(weights, p.minor, tonic) });
  }
  scored.sort((a, b) => b.r - a.r);
  const best = scored[0]!;
  return { tonic: best.tonic, mode: best.mode, name: keyName(best.tonic, best.mode), correlation: best.r, runnerUp: scored[1]!.r };
}
