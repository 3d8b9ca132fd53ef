/**
 * First-species counterpoint (note against note) above a cantus firmus, after Fux (1725, *Gradus ad Parnassum*,
 * book 1, first species; Mann's translation, *The Study of Counterpoint*, 1965, pp. 27–41):
 *
 * | id | rule |
 * | --- | --- |
 * | consonance | every vertical interval is a consonance: unison, third, fifth, sixth, octave or compound (the fourth is a dissonance) |
 * | perfect-ends | the first interval is a unison, fifth or octave; the last a unison or octave |
 * | parallel-perfect | no parallel fifths or octaves (the same perfect interval twice with both voices moving) |
 * | hidden-perfect | no fifth or octave reached by similar motion with a leap in the upper voice |
 * | unison | no unison except at the ends |
 * | crossing | the counterpoint never goes below the cantus |
 * | penultimate | the penultimate interval is a major sixth, resolving outward to the octave |
 * | parallel-imperfect | no more than three parallel thirds or sixths in a row |
 * | no-seventh | no melodic leap of a seventh, nor of a major sixth (Fux allows the minor sixth ascending and the octave) |
 * | melodic rules | the counterpoint itself keeps in-key, max-leap (an octave), no-aug-dim, leap-recovery, leap-run and repeats (no note struck three times) |
 */
import type { Random } from '../../../math/random.js';
import { DEFAULT_MELODY_RULES, violationsAt, type MelodyRuleSet, type RuleViolation } from './melody-rules.js';
import { BacktrackingSearch, type SearchProblem, type SearchResult } from './search.js';
import { rulePitches, type RuleKey } from './tonality.js';

/** Fux's cantus firmus in D dorian (Gradus ad Parnassum, fig. 5): D F E D G F A G F E D. */
export const FUX_CANTUS_DORIAN: readonly number[] = [62, 65, 64, 62, 67, 65, 69, 67, 65, 64, 62];

/** The counterpoint's own melodic rules. */
const CP_MELODY_RULES: MelodyRuleSet = { ...DEFAULT_MELODY_RULES, rules: ['in-key', 'max-leap', 'no-aug-dim', 'leap-recovery', 'leap-run', 'repeats'], maxRepeats: 2 };

const mod12 = (x: number): number => ((x % 12) + 12) % 12;
const perfect = (iv: number): boolean => mod12(iv) === 0 || mod12(iv) === 7;
const imperfect = (iv: number): boolean => [3, 4, 8, 9].includes(mod12(iv));

/**
 * The first-species rules broken at note i of a counterpoint `cp` above `cantus` (cp holds notes 0…i).
 * @example
 * // A fourth above the cantus is a dissonance.
 * speciesViolationsAt([67], [62], 0, { tonic: 2, mode: 'dorian' }).map((v) => v.rule); // → ['consonance', 'perfect-ends']
 */
export function speciesViolationsAt(cp: readonly number[], cantus: readonly number[], i: number, key: RuleKey): RuleViolation[] {
  const out: RuleViolation[] = violationsAt(cp, i, key, CP_MELODY_RULES);
  const n = cantus.length;
  const iv = cp[i]! - cantus[i]!;
  if (iv < 0) out.push({ rule: 'crossing', index: i, message: 'the counterpoint goes below the cantus' });
  if (![0, 3, 4, 7, 8, 9].includes(mod12(iv))) out.push({ rule: 'consonance', index: i, message: `a dissonance (${iv} semitones) against the cantus` });
  if ((i === 0 && !perfect(iv)) || (i === n - 1 && mod12(iv) !== 0)) out.push({ rule: 'perfect-ends', index: i, message: i === 0 ? 'the first interval is not a unison, fifth or octave' : 'the last interval is not a unison or octave' });
  if (iv === 0 && i > 0 && i < n - 1) out.push({ rule: 'unison', index: i, message: 'a unison inside the counterpoint' });
  if (i === n - 2 && mod12(iv) !== 9) out.push({ rule: 'penultimate', index: i, message: 'the penultimate interval is not a major sixth' });
  if (i > 0 && [9, 10, 11].includes(Math.abs(cp[i]! - cp[i - 1]!))) out.push({ rule: 'no-seventh', index: i, message: `a melodic leap of ${Math.abs(cp[i]! - cp[i - 1]!)} semitones (a major sixth or a seventh)` });
  if (i > 0) {
    const prev = cp[i - 1]! - cantus[i - 1]!;
    const upper = cp[i]! - cp[i - 1]!;
    const lower = cantus[i]! - cantus[i - 1]!;
    const similar = upper !== 0 && lower !== 0 && Math.sign(upper) === Math.sign(lower);
    if (perfect(iv) && perfect(prev) && mod12(iv) === mod12(prev) && similar) out.push({ rule: 'parallel-perfect', index: i, message: `parallel ${mod12(iv) === 0 ? 'octaves' : 'fifths'}` });
    else if (perfect(iv) && similar && Math.abs(upper) > 2) out.push({ rule: 'hidden-perfect', index: i, message: `a hidden ${mod12(iv) === 0 ? 'octave' : 'fifth'} (similar motion, leap in the upper voice)` });
    if (i >= 3) {
      let run = true;
      for (let k = i - 3; k <= i; k++) {
        const a = cp[k]! - cantus[k]!;
        if (!imperfect(a) || (k > i - 3 && mod12(a) !== mod12(cp[k - 1]! - cantus[k - 1]!))) run = false;
      }
      if (run) out.push({ rule: 'parallel-imperfect', index: i, message: 'four parallel thirds or sixths in a row' });
    }
  }
  return out;
}

/**
 * Every first-species rule a counterpoint breaks against its cantus.
 * @example
 * // Fux's own first-species solution above the dorian cantus (Gradus ad Parnassum, fig. 6, as commonly reproduced).
 * checkCounterpoint([69, 69, 67, 69, 71, 72, 72, 71, 74, 73, 74], FUX_CANTUS_DORIAN, { tonic: 2, mode: 'dorian' }); // → []
 */
export function checkCounterpoint(cp: readonly number[], cantus: readonly number[], key: RuleKey): RuleViolation[] {
  if (cp.length !== cantus.length) throw new RangeError(`the counterpoint has ${cp.length} notes and the cantus ${cantus.length}: first species is note against note`);
  const out: RuleViolation[] = [];
  for (let i = 0; i < cp.length; i++) out.push(...speciesViolationsAt(cp, cantus, i, key));
  return out;
}

/**
 * Searches a first-species counterpoint above a cantus firmus.
 * @example
 * import { createRandom } from '../../../math/random.js';
 * const r = composeCounterpoint(FUX_CANTUS_DORIAN, { tonic: 2, mode: 'dorian' }, createRandom(1));
 * r.outcome; // → 'solution'
 */
export function composeCounterpoint(cantus: readonly number[], key: RuleKey, random: Random, options: { maxNodes?: number } = {}): SearchResult {
  if (cantus.length < 3) throw new RangeError(`a cantus of ${cantus.length} notes: give at least 3`);
  const problem: SearchProblem = {
    length: cantus.length,
    candidates: (i, prefix) => {
      const last = prefix[i - 1];
      return rulePitches(key, cantus[i]!, cantus[i]! + 16).map((value) => ({ value, weight: last === undefined ? 1 : 1 / (1 + Math.abs(value - last)) ** 2 }));
    },
    check: (prefix, i) => speciesViolationsAt(prefix, cantus, i, key),
    final: () => [],
    stateKey: (prefix) => `${prefix.length}|${prefix.slice(-4).join(',')}`,
  };
  return new BacktrackingSearch(problem, random, { maxNodes: options.maxNodes ?? 2_000_000 }).run();
}
