/**
 * The rule composer: a melody (or a first-species counterpoint above a cantus firmus) built note by note by the
 * backtracking search, each candidate tested against the rule set, candidates drawn at random with small intervals
 * more likely (weight 1 / (1 + |interval|)²).
 *
 * The search uses the rules as {@link violationsAt} and {@link finalViolations} decide them, except that the
 * single-climax rule is checked on the prefix in a stricter form — no note may equal the highest note so far — so
 * that a doubled climax is found where it happens instead of after the last note (every melody it accepts has a
 * single climax, so the checker accepts it too).
 */
import { beatsPerBar, melodyFrom, type Melody, type Metre } from '../../../analysis/corpus/melody.js';
import type { Random } from '../../../math/random.js';
import { DEFAULT_MELODY_RULES, finalViolations, violationsAt, type MelodyRuleSet, type RuleViolation } from './melody-rules.js';
import { BacktrackingSearch, type SearchProblem, type SearchResult } from './search.js';
import { rulePitches, type RuleKey } from './tonality.js';

/** Settings of a rule-composed melody. */
export interface RuleMelodyOptions {
  key: RuleKey;
  /** Durations of the notes, quarter notes (the rhythm plan). */
  durations: readonly number[];
  metre: Metre;
  rules?: MelodyRuleSet;
  /** Lowest and highest candidate pitch (default: a fifth below the tonic near C4 to two octaves above it). */
  register?: [number, number];
  /** Search budget in nodes (default 2,000,000). */
  maxNodes?: number;
}

/** The register around the tonic nearest middle C: from a fourth below to a twelfth above it. */
export function defaultRegister(tonic: number): [number, number] {
  const t = 60 + (tonic > 6 ? tonic - 12 : tonic);
  return [t - 5, t + 19];
}

/** The search problem of a melody under the rules (see the module comment). */
export function melodyProblem(options: RuleMelodyOptions): SearchProblem {
  const rules = options.rules ?? DEFAULT_MELODY_RULES;
  const [lo, hi] = options.register ?? defaultRegister(options.key.tonic);
  const pool = rulePitches(options.key, lo, hi);
  const climax = rules.rules.includes('single-climax');
  const stepwise = rules.rules.includes('stepwise');
  const n = options.durations.length;
  return {
    length: n,
    candidates: (i, prefix) => {
      const last = prefix[i - 1];
      return pool.map((value) => ({ value, weight: last === undefined ? 1 : 1 / (1 + Math.abs(value - last)) ** 2 }));
    },
    check: (prefix, i) => {
      const out: RuleViolation[] = violationsAt(prefix, i, options.key, rules);
      if (climax && i > 0) {
        let top = -1;
        for (let k = 0; k < i; k++) top = Math.max(top, prefix[k]!);
        if (prefix[i] === top) out.push({ rule: 'single-climax', index: i, message: 'the highest note so far is reached again' });
      }
      return out;
    },
    final: (sequence) => finalViolations(sequence, options.key, rules).filter((v) => v.rule !== 'single-climax' || !climax),
    stateKey: (prefix) => {
      const i = prefix.length;
      let top = -1;
      let bottom = 999;
      let steps = 0;
      for (let k = 0; k < i; k++) {
        top = Math.max(top, prefix[k]!);
        bottom = Math.min(bottom, prefix[k]!);
        if (stepwise && k > 0 && Math.abs(prefix[k]! - prefix[k - 1]!) <= 2) steps++;
      }
      return `${i}|${prefix.slice(Math.max(0, i - Math.max(3, rules.maxRepeats))).join(',')}|${top}|${bottom}|${steps}`;
    },
  };
}

/** A finished rule-composed melody. */
export interface RuleMelody {
  melody?: Melody;
  search: SearchResult;
}

/**
 * Composes a melody under the rules. `search.outcome` is 'exhausted' when no melody satisfies them, 'budget' when
 * the node budget ran out first.
 * @example
 * import { createRandom } from '../../../math/random.js';
 * const r = composeRuleMelody({ key: { tonic: 0, mode: 'major' }, durations: Array(16).fill(1), metre: { numerator: 4, denominator: 4 } }, createRandom(1));
 * r.search.outcome; // → 'solution'
 */
export function composeRuleMelody(options: RuleMelodyOptions, random: Random): RuleMelody {
  const search = new BacktrackingSearch(melodyProblem(options), random, { maxNodes: options.maxNodes ?? 2_000_000 });
  const result = search.run();
  return {
    search: result,
    ...(result.sequence ? { melody: melodyFrom(result.sequence, options.durations, { metre: options.metre, source: 'rules' }) } : {}),
  };
}

/** Quarter notes of `bars` bars. */
export function barsToBeats(bars: number, metre: Metre): number {
  return bars * beatsPerBar(metre);
}
