/**
 * The rule checker as a critic for any melody: the melody rules (melody-rules.ts) with each violation placed at
 * its bar and beat, and a tally by rule.
 */
import { beatsPerBar, type Melody } from '../../../analysis/corpus/melody.js';
import { checkMelodyPitches, DEFAULT_MELODY_RULES, MELODY_RULE_IDS, type MelodyRuleSet, type RuleViolation } from './melody-rules.js';
import type { RuleKey } from './tonality.js';

/** A violation with its place in the music. */
export interface Finding extends RuleViolation {
  /** Bar number, 1 for the first full bar (0 for a pickup). */
  bar: number;
  /** Beat within the bar, 1-based, in quarter notes (fractions for off-beat notes). */
  beat: number;
  pitch: number;
}

/** What the critic says about a melody. */
export interface Critique {
  notes: number;
  findings: Finding[];
  /** Violations per rule id (every rule of the set listed, 0 when kept). */
  byRule: Record<string, number>;
  /** Rules broken at least once. */
  rulesBroken: number;
  /** Violations per 100 notes. */
  per100Notes: number;
}

/**
 * The bar (1 = first full bar, 0 = pickup) and beat (1-based quarter notes) of a melody's note.
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * notePosition(melodyFrom([60, 62, 64], [1, 2, 1], { metre: { numerator: 3, denominator: 4 }, anacrusis: 1 }), 2); // → { bar: 1, beat: 3 }
 */
export function notePosition(melody: Pick<Melody, 'onsets' | 'metre' | 'anacrusis'>, index: number): { bar: number; beat: number } {
  const bar = beatsPerBar(melody.metre);
  const t = melody.onsets[index]! - melody.anacrusis;
  const b = Math.floor(t / bar + 1e-9);
  return { bar: b + 1, beat: +(t - b * bar + 1).toFixed(4) };
}

/**
 * Checks a melody against the rule set and places each violation.
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * critiqueMelody(melodyFrom([60, 62, 64, 64, 62, 60], [1, 1, 1, 1, 1, 3]), { tonic: 0, mode: 'major' }).findings.map((f) => f.rule); // → ['single-climax']
 */
export function critiqueMelody(melody: Melody, key: RuleKey, set: MelodyRuleSet = DEFAULT_MELODY_RULES): Critique {
  const violations = checkMelodyPitches(melody.pitches, key, set);
  const findings = violations.map((v) => ({ ...v, ...notePosition(melody, v.index), pitch: melody.pitches[v.index]! }));
  const byRule: Record<string, number> = {};
  for (const r of MELODY_RULE_IDS) if (set.rules.includes(r)) byRule[r] = 0;
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    notes: melody.pitches.length,
    findings,
    byRule,
    rulesBroken: Object.values(byRule).filter((n) => n > 0).length,
    per100Notes: melody.pitches.length > 0 ? (100 * findings.length) / melody.pitches.length : 0,
  };
}
