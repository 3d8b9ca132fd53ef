/**
 * Keys and scales: "C# minor", "D dorian", "Bb major pentatonic", "chromatic". A key is a tonic pitch class plus a
 * set of intervals; `scalePitches` lists the MIDI pitches of a key inside a range, which is how engines map a
 * continuous index (a body segment, an oscillator) onto notes that belong together.
 */
import { pitchClass, pitchClassName } from './pitch.js';

/** Interval sets (semitones above the tonic) of the scales a user can name. */
export const SCALES: Readonly<Record<string, readonly number[]>> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  ionian: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  aeolian: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  locrian: [0, 1, 3, 5, 6, 8, 10],
  'harmonic minor': [0, 2, 3, 5, 7, 8, 11],
  'melodic minor': [0, 2, 3, 5, 7, 9, 11],
  'major pentatonic': [0, 2, 4, 7, 9],
  'minor pentatonic': [0, 3, 5, 7, 10],
  pentatonic: [0, 2, 4, 7, 9],
  blues: [0, 3, 5, 6, 7, 10],
  'whole tone': [0, 2, 4, 6, 8, 10],
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};

/** A parsed key. */
export interface Key {
  /** Tonic pitch class 0–11 (C = 0). */
  tonic: number;
  /** Scale name as in {@link SCALES}. */
  scale: string;
  /** Semitones above the tonic. */
  intervals: readonly number[];
  /** Canonical spelling, e.g. "C# minor". */
  name: string;
}

/**
 * Parses a key such as "C# minor", "Eb major", "D dorian", "A minor pentatonic", "G" (major) or "chromatic".
 * Throws a RangeError naming the accepted forms.
 * @example
 * parseKey('C# minor').tonic; // → 1
 */
export function parseKey(text: string): Key {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/^chromatic$/i.test(t)) return { tonic: 0, scale: 'chromatic', intervals: SCALES['chromatic']!, name: 'chromatic' };
  const m = /^([A-Ga-g][#b♯♭]?)(?:\s+(.+))?$/.exec(t);
  const scale = (m?.[2] ?? 'major').toLowerCase();
  if (!m || !SCALES[scale]) {
    throw new RangeError(
      `"${text}" is not a key: give a tonic and a scale, e.g. "C# minor", "D dorian", "Bb major pentatonic" (scales: ${Object.keys(SCALES).join(', ')})`,
    );
  }
  const tonic = pitchClass(m[1]!);
  const flats = /b|♭/.test(m[1]!) || (['F'].includes(m[1]!.toUpperCase()) && scale === 'major');
  return { tonic, scale, intervals: SCALES[scale]!, name: `${pitchClassName(tonic, { flats })} ${scale}` };
}

/** True when a MIDI pitch belongs to the key. */
export function inKey(pitch: number, key: Key): boolean {
  return key.intervals.includes((((pitch - key.tonic) % 12) + 12) % 12);
}

/**
 * The pitches of a key from `low` to `high` inclusive, ascending.
 * @example
 * scalePitches(parseKey('C major'), 60, 72); // → [60, 62, 64, 65, 67, 69, 71, 72]
 */
export function scalePitches(key: Key, low: number, high: number): number[] {
  const out: number[] = [];
  for (let p = Math.max(0, low); p <= Math.min(127, high); p++) if (inKey(p, key)) out.push(p);
  return out;
}
