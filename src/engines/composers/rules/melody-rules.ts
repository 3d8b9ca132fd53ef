/**
 * The melody rule set — a documented subset of the textbook rules for a good melody and a cantus firmus (Fux 1725,
 * *Gradus ad Parnassum*; Jeppesen 1939, *Counterpoint*, ch. on the cantus firmus; Salzer & Schachter 1969, ch. 1):
 *
 * | id | rule |
 * | --- | --- |
 * | in-key | every note belongs to the key (minor: natural with raised 6th/7th; dorian: raised 7th) |
 * | range | highest minus lowest note at most `maxRange` semitones (default 16, a major tenth) |
 * | max-leap | no leap larger than `maxLeap` semitones (default 12, an octave) |
 * | no-aug-dim | no augmented or diminished melodic interval between two notes of the key (tritone, augmented second, diminished fourth, …; a chromatic note is in-key's business) |
 * | leap-recovery | a leap larger than a third (5+ semitones) is followed by a step (1–2) in the opposite direction |
 * | leap-run | no more than two leaps (3+ semitones) in a row in one direction |
 * | repeats | no more than `maxRepeats` notes (default 3) of the same pitch in a row |
 * | single-climax | the highest note is reached once |
 * | start | the first note belongs to the tonic triad |
 * | end-tonic | the last note is the tonic |
 * | cadence-step | the last note is approached by step (2̂–1̂ or 7̂–1̂) |
 * | stepwise | at least `minStepShare` of the intervals (default 0.5) are steps or repeats |
 *
 * Each rule is decided at one note: the note where it is first broken ({@link violationsAt}), or, for the rules of
 * the whole melody (single-climax, end-tonic, cadence-step, stepwise), at the end ({@link finalViolations}). The
 * checker and the backtracking search use the same functions, so what the search builds the checker accepts.
 */
import { diatonicStep, inRuleKey, isAugmentedOrDiminished, relativePitchClass, type RuleKey } from './tonality.js';

/** The rule ids. */
export const MELODY_RULE_IDS = ['in-key', 'range', 'max-leap', 'no-aug-dim', 'leap-recovery', 'leap-run', 'repeats', 'single-climax', 'start', 'end-tonic', 'cadence-step', 'stepwise'] as const;
/** A rule id. */
export type MelodyRuleId = (typeof MELODY_RULE_IDS)[number];

/** Which rules apply and their limits. */
export interface MelodyRuleSet {
  /** Rules switched on (default all). */
  rules: readonly MelodyRuleId[];
  maxRange: number;
  maxLeap: number;
  maxRepeats: number;
  minStepShare: number;
}

/** The default rule set. */
export const DEFAULT_MELODY_RULES: MelodyRuleSet = { rules: MELODY_RULE_IDS, maxRange: 16, maxLeap: 12, maxRepeats: 3, minStepShare: 0.5 };

/** One broken rule at one note. */
export interface RuleViolation {
  rule: string;
  /** Index of the note (0-based) where the rule is broken. */
  index: number;
  message: string;
}

const step = (d: number): boolean => Math.abs(d) >= 1 && Math.abs(d) <= 2;

/**
 * The rules broken at note `i`, looking only at notes 0…i. `pitches` may be longer; later notes are ignored.
 * @example
 * violationsAt([60, 66], 1, { tonic: 0, mode: 'major' }).map((v) => v.rule); // → ['in-key']
 */
export function violationsAt(pitches: readonly number[], i: number, key: RuleKey, set: MelodyRuleSet = DEFAULT_MELODY_RULES): RuleViolation[] {
  const on = (r: MelodyRuleId): boolean => set.rules.includes(r);
  const out: RuleViolation[] = [];
  const p = pitches[i]!;
  if (on('in-key') && !inRuleKey(p, key)) out.push({ rule: 'in-key', index: i, message: `${p} is outside the key` });
  if (i === 0) {
    const triad = key.mode === 'major' ? [0, 4, 7] : [0, 3, 7];
    if (on('start') && !triad.includes(relativePitchClass(p, key))) out.push({ rule: 'start', index: 0, message: 'the melody does not begin on a note of the tonic triad' });
    return out;
  }
  let lo = p;
  let hi = p;
  for (let k = 0; k < i; k++) {
    lo = Math.min(lo, pitches[k]!);
    hi = Math.max(hi, pitches[k]!);
  }
  if (on('range') && hi - lo > set.maxRange && (p === hi || p === lo)) {
    // Reported once, at the note that first widens the range beyond the limit.
    let before = pitches[0]!;
    let beforeLo = before;
    for (let k = 0; k < i; k++) {
      before = Math.max(before, pitches[k]!);
      beforeLo = Math.min(beforeLo, pitches[k]!);
    }
    if (before - beforeLo <= set.maxRange) out.push({ rule: 'range', index: i, message: `the range grows to ${hi - lo} semitones (at most ${set.maxRange})` });
  }
  const d = p - pitches[i - 1]!;
  if (on('max-leap') && Math.abs(d) > set.maxLeap) out.push({ rule: 'max-leap', index: i, message: `a leap of ${Math.abs(d)} semitones (at most ${set.maxLeap})` });
  if (on('no-aug-dim') && d !== 0 && inRuleKey(p, key) && inRuleKey(pitches[i - 1]!, key) && isAugmentedOrDiminished(pitches[i - 1]!, p, key)) out.push({ rule: 'no-aug-dim', index: i, message: `an augmented or diminished interval (${Math.abs(d)} semitones over ${Math.abs(diatonicStep(p, key) - diatonicStep(pitches[i - 1]!, key))} steps)` });
  if (on('leap-recovery') && i >= 2) {
    const before = pitches[i - 1]! - pitches[i - 2]!;
    if (Math.abs(before) >= 5 && !(step(d) && Math.sign(d) === -Math.sign(before))) out.push({ rule: 'leap-recovery', index: i, message: `the leap of ${Math.abs(before)} semitones before this note is not recovered by a step back` });
  }
  if (on('leap-run') && i >= 3) {
    const a = pitches[i - 2]! - pitches[i - 3]!;
    const b = pitches[i - 1]! - pitches[i - 2]!;
    if ([a, b, d].every((x) => Math.abs(x) >= 3) && Math.sign(a) === Math.sign(b) && Math.sign(b) === Math.sign(d)) out.push({ rule: 'leap-run', index: i, message: 'three leaps in a row in one direction' });
  }
  if (on('repeats') && i >= set.maxRepeats) {
    let same = true;
    for (let k = i - set.maxRepeats; k < i; k++) if (pitches[k] !== p) same = false;
    if (same) out.push({ rule: 'repeats', index: i, message: `more than ${set.maxRepeats} notes of the same pitch in a row` });
  }
  return out;
}

/** The rules of the whole melody, decided at its end. */
export function finalViolations(pitches: readonly number[], key: RuleKey, set: MelodyRuleSet = DEFAULT_MELODY_RULES): RuleViolation[] {
  const on = (r: MelodyRuleId): boolean => set.rules.includes(r);
  const out: RuleViolation[] = [];
  const n = pitches.length;
  if (n === 0) return out;
  const last = n - 1;
  if (on('end-tonic') && relativePitchClass(pitches[last]!, key) !== 0) out.push({ rule: 'end-tonic', index: last, message: 'the melody does not end on the tonic' });
  if (on('cadence-step') && n >= 2 && !step(pitches[last]! - pitches[last - 1]!)) out.push({ rule: 'cadence-step', index: last, message: 'the last note is not approached by step' });
  if (on('single-climax')) {
    const hi = Math.max(...pitches);
    const at = pitches.map((p, i) => (p === hi ? i : -1)).filter((i) => i >= 0);
    if (at.length > 1) out.push({ rule: 'single-climax', index: at[1]!, message: `the highest note is reached ${at.length} times` });
  }
  if (on('stepwise') && n >= 2) {
    let steps = 0;
    for (let i = 1; i < n; i++) if (Math.abs(pitches[i]! - pitches[i - 1]!) <= 2) steps++;
    const share = steps / (n - 1);
    if (share < set.minStepShare) out.push({ rule: 'stepwise', index: last, message: `only ${(share * 100).toFixed(0)} % of the intervals are steps or repeats (at least ${(set.minStepShare * 100).toFixed(0)} %)` });
  }
  return out;
}

/**
 * Every rule a melody breaks, each with the note where it is broken, in note order.
 * @example
 * checkMelodyPitches([60, 62, 64, 65, 67, 65, 64, 62, 60], { tonic: 0, mode: 'major' }); // → []
 * checkMelodyPitches([60, 66, 60], { tonic: 0, mode: 'major' }).map((v) => v.rule); // → ['in-key', 'leap-recovery', 'cadence-step', 'stepwise']
 */
export function checkMelodyPitches(pitches: readonly number[], key: RuleKey, set: MelodyRuleSet = DEFAULT_MELODY_RULES): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (let i = 0; i < pitches.length; i++) out.push(...violationsAt(pitches, i, key, set));
  out.push(...finalViolations(pitches, key, set));
  return out.sort((a, b) => a.index - b.index);
}
