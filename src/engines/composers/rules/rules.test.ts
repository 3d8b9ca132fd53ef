import { describe, expect, it } from 'vitest';
import { melodyFrom } from '../../../analysis/corpus/melody.js';
import { createRandom } from '../../../math/random.js';
import { critiqueMelody, notePosition } from './critic.js';
import { composeRuleMelody, melodyProblem } from './composer.js';
import { checkCounterpoint, composeCounterpoint, FUX_CANTUS_DORIAN } from './counterpoint.js';
import { harmoniseMelody } from './harmonise.js';
import { checkMelodyPitches, DEFAULT_MELODY_RULES } from './melody-rules.js';
import { parseMelodyRuleSet } from './rule-set.js';
import { BacktrackingSearch } from './search.js';
import { isAugmentedOrDiminished } from './tonality.js';

const C = { tonic: 0, mode: 'major' } as const;
const A_MINOR = { tonic: 9, mode: 'minor' } as const;

describe('intervals', () => {
  it('names augmented and diminished leaps by their spelling in the key', () => {
    expect(isAugmentedOrDiminished(65, 71, C)).toBe(true); // F–B augmented fourth
    expect(isAugmentedOrDiminished(71, 77, C)).toBe(true); // B–F diminished fifth
    expect(isAugmentedOrDiminished(62, 65, A_MINOR)).toBe(false); // D–F, a minor third
    expect(isAugmentedOrDiminished(77, 80, A_MINOR)).toBe(true); // F5–G#5: an augmented second
    expect(isAugmentedOrDiminished(60, 67, C)).toBe(false);
    expect(isAugmentedOrDiminished(60, 72, C)).toBe(false);
  });
});

describe('the melody rules', () => {
  it('accept a scale up and down', () => {
    expect(checkMelodyPitches([60, 62, 64, 65, 67, 65, 64, 62, 60], C)).toEqual([]);
  });
  it('report each broken rule at its note', () => {
    const v = checkMelodyPitches([60, 69, 71, 72, 72, 72, 72, 74, 62], C);
    const at = v.map((x) => `${x.rule}@${x.index}`);
    expect(at).toContain('leap-recovery@2'); // C–A leap up, then a step up
    expect(at).toContain('repeats@6'); // a fourth C in a row
    expect(at).toContain('end-tonic@8');
    expect(at).toContain('cadence-step@8'); // D5–D4
  });
  it('find a doubled climax, a start off the tonic triad and three leaps one way', () => {
    const at = checkMelodyPitches([62, 65, 69, 72, 71, 72, 71, 69, 67, 65, 64, 62, 60], C).map((x) => `${x.rule}@${x.index}`);
    expect(at).toEqual(expect.arrayContaining(['start@0', 'leap-run@3', 'single-climax@5']));
  });
  it('places findings at bar and beat', () => {
    const m = melodyFrom([60, 62, 66, 64], [2, 1, 1, 4], { metre: { numerator: 4, denominator: 4 } });
    const f = critiqueMelody(m, C).findings.find((x) => x.rule === 'in-key')!;
    expect([f.bar, f.beat]).toEqual([1, 4]);
    expect(notePosition(melodyFrom([60, 62], [1, 3], { metre: { numerator: 3, denominator: 4 }, anacrusis: 1 }), 0)).toEqual({ bar: 0, beat: 3 });
  });
  it('reads a rule-set file and refuses a broken one, naming it', () => {
    expect(parseMelodyRuleSet({ rules: ['range'], maxRange: 7 }, 'r.json')).toMatchObject({ rules: ['range'], maxRange: 7, maxLeap: 12 });
    expect(() => parseMelodyRuleSet({ maxRang: 2 }, 'r.json')).toThrow(/r\.json: unknown setting "maxRang"/);
    expect(() => parseMelodyRuleSet({ rules: ['nonsense'] }, 'r.json')).toThrow(/r\.json: "rules\.0".*rules: in-key/);
    expect(() => parseMelodyRuleSet({ maxRange: -1 }, 'r.json')).toThrow(/"maxRange"/);
  });
});

describe('backtracking search', () => {
  it('composes 16 bars that the checker accepts, for several seeds, in both modes', () => {
    for (const [key, seed] of [[C, 1], [C, 2], [A_MINOR, 3], [{ tonic: 7, mode: 'major' as const }, 4]] as const) {
      const durations = [...Array.from({ length: 60 }, () => 1), 4];
      const r = composeRuleMelody({ key, durations, metre: { numerator: 4, denominator: 4 } }, createRandom(seed));
      expect(r.search.outcome).toBe('solution');
      expect(checkMelodyPitches(r.melody!.pitches, key)).toEqual([]);
    }
  });
  it('proves an impossible rule set impossible in bounded time', () => {
    // A range of one semitone cannot hold a start on the tonic triad, single climax and an ending on the tonic by step.
    const rules = { ...DEFAULT_MELODY_RULES, maxRange: 1 };
    const t0 = performance.now();
    const r = composeRuleMelody({ key: C, durations: Array(64).fill(1), metre: { numerator: 4, denominator: 4 }, rules }, createRandom(1));
    expect(r.search.outcome).toBe('exhausted');
    expect(r.melody).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(5000);
  });
  it('steps one event at a time and counts nodes and backtracks', () => {
    const s = new BacktrackingSearch(melodyProblem({ key: C, durations: Array(12).fill(1), metre: { numerator: 4, denominator: 4 } }), createRandom(2));
    const kinds = new Set<string>();
    let events = 0;
    while (!s.result && events < 100000) {
      kinds.add(s.step().kind);
      events++;
    }
    expect(s.result?.outcome).toBe('solution');
    expect(kinds.has('place')).toBe(true);
    expect(s.statistics.nodes).toBeGreaterThanOrEqual(12);
    expect(events).toBe(s.statistics.nodes + s.statistics.backtracks);
  });
  it('stops at the node budget', () => {
    const r = composeRuleMelody({ key: C, durations: Array(64).fill(1), metre: { numerator: 4, denominator: 4 }, rules: { ...DEFAULT_MELODY_RULES, maxRange: 1 }, maxNodes: 50 }, createRandom(1));
    expect(r.search.outcome).toBe('budget');
  });
});

describe('first-species counterpoint', () => {
  const dorian = { tonic: 2, mode: 'dorian' } as const;
  it("accepts Fux's own solution above the dorian cantus", () => {
    expect(checkCounterpoint([69, 69, 67, 69, 71, 72, 72, 71, 74, 73, 74], FUX_CANTUS_DORIAN, dorian)).toEqual([]);
  });
  it('catches parallel fifths, a dissonance and a bad ending', () => {
    const rules = checkCounterpoint([69, 72, 71, 69, 74, 72, 76, 74, 72, 71, 69], FUX_CANTUS_DORIAN, dorian).map((v) => `${v.rule}@${v.index}`);
    expect(rules).toContain('parallel-perfect@1'); // A/D then C/F: fifths in similar motion
    expect(rules).toContain('perfect-ends@10'); // ends on a fifth
    expect(rules).toContain('penultimate@9');
  });
  it('searches a counterpoint the checker accepts', () => {
    for (const seed of [1, 2, 3]) {
      const r = composeCounterpoint(FUX_CANTUS_DORIAN, dorian, createRandom(seed));
      expect(r.outcome).toBe('solution');
      expect(checkCounterpoint(r.sequence!, FUX_CANTUS_DORIAN, dorian)).toEqual([]);
    }
  });
});

describe('harmonisation', () => {
  it('ends V–I and puts a chord tone under every downbeat when one exists', () => {
    const m = melodyFrom([60, 64, 67, 65, 64, 62, 65, 67, 69, 67, 65, 64, 62, 59, 60], [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 2, 2, 4], { metre: { numerator: 4, denominator: 4 } });
    const chords = harmoniseMelody(m, C);
    expect(chords.at(-1)!.label).toBe('I');
    expect(chords.at(-2)!.label).toBe('V');
    for (const c of chords) {
      const i = m.onsets.findIndex((o) => Math.abs(o - c.onset) < 1e-9);
      if (i >= 0) expect(c.pitches.map((p) => p % 12)).toContain(m.pitches[i]! % 12);
    }
  });
  it('uses a major dominant in minor', () => {
    const m = melodyFrom([69, 71, 72, 71, 68, 69], [2, 2, 2, 2, 4, 4], { metre: { numerator: 4, denominator: 4 } });
    const chords = harmoniseMelody(m, A_MINOR);
    const v = chords.find((c) => c.label === 'V')!;
    expect(v.pitches.map((p) => p % 12)).toEqual([4, 8, 11]); // E G# B
  });
});
