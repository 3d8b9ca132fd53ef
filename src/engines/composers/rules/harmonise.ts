/**
 * Harmonisation of a melody with the key's diatonic triads — "the same with harmony". One chord per bar (per half
 * bar in 4/4; the last chord holds from where the last note begins), chosen by dynamic programming (Viterbi) over the seven triads to minimise a cost that encodes the
 * textbook rules (e.g. Aldwell & Schachter, *Harmony and Voice Leading*, ch. 4–7):
 *
 * - the melody note on the chord's first beat is a chord tone (cost 4 when not);
 * - every other melody note that is not a chord tone costs 1 per quarter note it lasts;
 * - progressions follow the functional grammar tonic (I, vi, iii) → subdominant (ii, IV) → dominant (V, vii°) →
 *   tonic; a move against it (dominant → subdominant) costs 3, staying on one chord 0.5; the secondary triads ii,
 *   iii and vi cost 0.25 and vii° 1 (the primary triads carry a folk tune);
 * - the harmonisation begins on I (cost 1 for any other first chord, none for a pickup);
 * - the harmonisation ends on I, approached from V (authentic cadence, cost 0) or IV (plagal, cost 1); anything else
 *   before the final I costs 3.
 *
 * Dynamic programming finds the cheapest sequence exactly; ties break towards the earlier triad in I, IV, V, vi, ii,
 * iii, vii° order.
 */
import type { Melody } from '../../../analysis/corpus/melody.js';
import { beatsPerBar } from '../../../analysis/corpus/melody.js';
import type { ChordEvent } from '../shared/melody-score.js';
import type { RuleKey } from './tonality.js';

/** Roman numerals of the seven triads, in tie-break order, with their root degree. */
const TRIADS: ReadonlyArray<{ numeral: string; degree: number; fn: 'T' | 'S' | 'D' }> = [
  { numeral: 'I', degree: 0, fn: 'T' },
  { numeral: 'IV', degree: 3, fn: 'S' },
  { numeral: 'V', degree: 4, fn: 'D' },
  { numeral: 'vi', degree: 5, fn: 'T' },
  { numeral: 'ii', degree: 1, fn: 'S' },
  { numeral: 'iii', degree: 2, fn: 'T' },
  { numeral: 'vii°', degree: 6, fn: 'D' },
];

const MAJOR_STEPS = [0, 2, 4, 5, 7, 9, 11];
// Harmonic minor for the chords (a major V and a diminished vii° lead to the tonic).
const MINOR_STEPS = [0, 2, 3, 5, 7, 8, 11];

/** A chord of the harmonisation. */
export interface HarmonyChord extends ChordEvent {
  label: string;
}

/** The pitch classes (relative to the tonic) of a triad on a scale degree. */
export function triadPitchClasses(degree: number, key: RuleKey): number[] {
  const steps = key.mode === 'major' ? MAJOR_STEPS : MINOR_STEPS;
  return [0, 2, 4].map((k) => steps[(degree + k) % 7]!);
}

function numeralFor(t: (typeof TRIADS)[number], key: RuleKey): string {
  if (key.mode === 'major') return t.numeral;
  // In minor: i, ii°, III+, iv, V, VI, vii° (harmonic minor).
  return ({ I: 'i', IV: 'iv', V: 'V', vi: 'VI', ii: 'ii°', iii: 'III+', 'vii°': 'vii°' } as Record<string, string>)[t.numeral]!;
}

function transitionCost(a: (typeof TRIADS)[number], b: (typeof TRIADS)[number]): number {
  if (a === b) return 0.5;
  if (a.fn === 'D' && b.fn === 'S') return 3;
  return 0;
}

/**
 * Chords for a melody in a key (see the module comment), voiced as root-position triads below the melody (root in
 * octave 2–3).
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * const m = melodyFrom([64, 65, 67, 65, 62, 59, 60], [1, 1, 1, 1, 1, 1, 2], { metre: { numerator: 2, denominator: 4 } });
 * harmoniseMelody(m, { tonic: 0, mode: 'major' }).map((c) => c.label); // → ['I', 'iii', 'V', 'I']
 */
export function harmoniseMelody(melody: Melody, key: RuleKey): HarmonyChord[] {
  const bar = beatsPerBar(melody.metre);
  const span = bar >= 4 ? bar / 2 : bar;
  const end = melody.onsets.length > 0 ? melody.onsets[melody.onsets.length - 1]! + melody.durations[melody.durations.length - 1]! : 0;
  const start = melody.anacrusis > 0 ? melody.anacrusis : 0;
  const slots: Array<{ onset: number; duration: number }> = [];
  if (start > 0) slots.push({ onset: 0, duration: start });
  // The final chord holds from the slot where the last note begins to the end, so the cadence falls before it.
  const lastOnset = melody.onsets.length > 0 ? melody.onsets[melody.onsets.length - 1]! : 0;
  const finalStart = lastOnset < start ? 0 : start + Math.floor((lastOnset - start) / span + 1e-9) * span;
  for (let t = start; t < finalStart - 1e-9; t += span) slots.push({ onset: t, duration: Math.min(span, finalStart - t) });
  if (end > finalStart + 1e-9) slots.push({ onset: finalStart, duration: end - finalStart });
  if (slots.length === 0) return [];
  const rel = (p: number): number => (((p - key.tonic) % 12) + 12) % 12;
  // Local cost of each triad in each slot.
  const local = slots.map((s) =>
    TRIADS.map((t) => {
      const tones = new Set(triadPitchClasses(t.degree, key));
      let cost = t.numeral === 'vii°' ? 1 : ['ii', 'iii', 'vi'].includes(t.numeral) ? 0.25 : 0;
      if (s.onset === start && t.numeral !== 'I') cost += 1;
      melody.onsets.forEach((o, i) => {
        const from = Math.max(o, s.onset);
        const to = Math.min(o + melody.durations[i]!, s.onset + s.duration);
        if (to <= from + 1e-9) return;
        const chordTone = tones.has(rel(melody.pitches[i]!));
        if (Math.abs(from - s.onset) < 1e-9) cost += chordTone ? 0 : 4;
        else if (!chordTone) cost += to - from;
      });
      return cost;
    }),
  );
  const n = slots.length;
  const last = n - 1;
  // The final slot must be I; the one before it is priced by the cadence.
  const cadence = (t: (typeof TRIADS)[number]): number => (t.numeral === 'V' ? 0 : t.numeral === 'IV' ? 1 : 3);
  const cost = local.map((row) => row.slice());
  const back: number[][] = slots.map(() => TRIADS.map(() => -1));
  for (let i = 1; i < n; i++) {
    for (let b = 0; b < TRIADS.length; b++) {
      if (i === last && b !== 0) {
        cost[i]![b] = Infinity;
        continue;
      }
      let best = Infinity;
      let arg = 0;
      for (let a = 0; a < TRIADS.length; a++) {
        const c = cost[i - 1]![a]! + transitionCost(TRIADS[a]!, TRIADS[b]!) + (i === last ? cadence(TRIADS[a]!) : 0);
        if (c < best - 1e-12) {
          best = c;
          arg = a;
        }
      }
      cost[i]![b] = best + local[i]![b]!;
      back[i]![b] = arg;
    }
  }
  let k = n === 1 ? 0 : cost[last]!.indexOf(Math.min(...cost[last]!));
  const chosen: number[] = new Array<number>(n);
  for (let i = last; i >= 0; i--) {
    chosen[i] = k;
    k = back[i]![k]!;
  }
  const bassBase = 48 + (key.tonic > 6 ? key.tonic - 12 : key.tonic) - 12;
  return slots.map((s, i) => {
    const t = TRIADS[chosen[i]!]!;
    const pcs = triadPitchClasses(t.degree, key);
    const root = bassBase + pcs[0]! + (pcs[0]! < 5 ? 12 : 0);
    const pitches = [root, root + ((pcs[1]! - pcs[0]! + 12) % 12), root + ((pcs[2]! - pcs[0]! + 12) % 12)];
    return { onset: s.onset, duration: s.duration, pitches, label: numeralFor(t, key) };
  });
}
