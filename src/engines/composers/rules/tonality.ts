/**
 * The tonal facts the rules need: which pitch classes a key allows, a note's scale degree, and whether a melodic
 * interval is augmented or diminished (its size in semitones against its size in scale steps).
 */
import { keyName } from '../../../analysis/corpus/key.js';

/** A key for the rules: tonic pitch class and mode. */
export interface RuleKey {
  tonic: number;
  mode: 'major' | 'minor' | 'dorian';
}

/** Semitones above the tonic of each scale degree (0-based); minor and dorian list the raised 6th/7th too. */
const DEGREE_OF: Record<RuleKey['mode'], ReadonlyMap<number, number>> = {
  major: new Map([[0, 0], [2, 1], [4, 2], [5, 3], [7, 4], [9, 5], [11, 6]]),
  // Natural minor with the raised 6th and 7th of the melodic and harmonic forms.
  minor: new Map([[0, 0], [2, 1], [3, 2], [5, 3], [7, 4], [8, 5], [9, 5], [10, 6], [11, 6]]),
  // Dorian with the raised 7th of a cadence (musica ficta).
  dorian: new Map([[0, 0], [2, 1], [3, 2], [5, 3], [7, 4], [9, 5], [10, 6], [11, 6]]),
};

/** Semitones above the tonic, 0–11. */
export function relativePitchClass(pitch: number, key: RuleKey): number {
  return (((pitch - key.tonic) % 12) + 12) % 12;
}

/** True when the key allows the pitch (the scale degrees of its mode). */
export function inRuleKey(pitch: number, key: RuleKey): boolean {
  return DEGREE_OF[key.mode].has(relativePitchClass(pitch, key));
}

/**
 * The diatonic step number of a pitch: 7 per octave above the tonic, so that the difference of two is the
 * interval's generic size (0 unison, 1 second, …). A note outside the key counts as the degree below it, raised.
 */
export function diatonicStep(pitch: number, key: RuleKey): number {
  const rel = pitch - key.tonic;
  const octave = Math.floor(rel / 12);
  const pc = relativePitchClass(pitch, key);
  const map = DEGREE_OF[key.mode];
  let degree = map.get(pc);
  for (let d = pc; degree === undefined; d--) degree = map.get((d + 12) % 12);
  return octave * 7 + degree;
}

/** Semitone sizes of the perfect, major and minor intervals by generic size within an octave. */
const PLAIN: readonly (readonly number[])[] = [[0], [1, 2], [3, 4], [5], [7], [8, 9], [10, 11]];

/**
 * True when the melodic interval from `a` to `b` is augmented or diminished in the key (a tritone, an augmented
 * second, a diminished fourth, …).
 * @example
 * isAugmentedOrDiminished(65, 71, { tonic: 0, mode: 'major' }); // F–B, an augmented fourth → true
 * isAugmentedOrDiminished(60, 67, { tonic: 0, mode: 'major' }); // → false
 */
export function isAugmentedOrDiminished(a: number, b: number, key: RuleKey): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const generic = diatonicStep(hi, key) - diatonicStep(lo, key);
  const semis = hi - lo;
  if (generic < 0) return true;
  const octaves = Math.floor(generic / 7);
  return !PLAIN[generic % 7]!.some((s) => s + 12 * octaves === semis);
}

/** A readable key name: "G major", "D dorian". */
export function ruleKeyName(key: RuleKey): string {
  if (key.mode === 'dorian') return `${keyName(key.tonic, 'minor').split(' ')[0]} dorian`;
  return keyName(key.tonic, key.mode);
}

/** The key's pitches from `low` to `high` (raised 6th/7th included for minor and dorian). */
export function rulePitches(key: RuleKey, low: number, high: number): number[] {
  const out: number[] = [];
  for (let p = low; p <= high; p++) if (inRuleKey(p, key)) out.push(p);
  return out;
}
