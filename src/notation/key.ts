/**
 * Key finding by the Krumhansl–Schmuckler algorithm: the duration-weighted pitch-class distribution of a passage is
 * correlated with the Krumhansl–Kessler probe-tone profiles rotated to each of the 24 major and minor keys; the best
 * correlation names the key (Krumhansl 1990, Cognitive Foundations of Musical Pitch, ch. 4).
 */
import type { NoteEvent } from '../score/types.js';

/** Krumhansl & Kessler (1982) probe-tone ratings, tonic first. */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;

/** A key found in a passage. */
export interface FoundKey {
  /** Tonic pitch class 0–11 (0 = C). */
  tonic: number;
  mode: 'major' | 'minor';
  /** Pearson correlation of the passage's profile with the key's profile. */
  correlation: number;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, rot: number): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < 12; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= 12;
  mb /= 12;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < 12; i++) {
    const x = a[(i + rot) % 12]! - ma;
    const y = b[i]! - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/** The duration-weighted pitch-class histogram of some notes. */
export function pitchClassProfile(notes: readonly Pick<NoteEvent, 'pitch' | 'duration'>[]): Float64Array {
  const h = new Float64Array(12);
  for (const n of notes) h[((Math.round(n.pitch) % 12) + 12) % 12]! += n.duration;
  return h;
}

/**
 * The best of the 24 keys for some notes (C major, correlation 0, when there are none).
 * @example
 * const cMajor = [60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60].map((pitch) => ({ pitch, duration: 1 }));
 * findKey(cMajor).tonic; // → 0
 */
export function findKey(notes: readonly Pick<NoteEvent, 'pitch' | 'duration'>[]): FoundKey {
  const h = pitchClassProfile(notes);
  let best: FoundKey = { tonic: 0, mode: 'major', correlation: 0 };
  if (h.every((v) => v === 0)) return best;
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const mode of ['major', 'minor'] as const) {
      const r = pearson(h, mode === 'major' ? KK_MAJOR : KK_MINOR, tonic);
      if (r > best.correlation + 1e-12) best = { tonic, mode, correlation: r };
    }
  }
  return best;
}

/** Line-of-fifths position of a major key's tonic for a pitch class, preferring ≤ 6 accidentals (F# over Gb). */
const MAJOR_FIFTHS = [0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5];

/**
 * The key signature (−7…7 sharps, negative = flats) of a key: the conventional choice of the enharmonic pair
 * (D♭ major, C♯ minor, F♯ major…).
 */
export function keyFifths(key: Pick<FoundKey, 'tonic' | 'mode'>): number {
  return key.mode === 'major' ? MAJOR_FIFTHS[key.tonic]! : MAJOR_FIFTHS[(key.tonic + 3) % 12]!;
}
