/**
 * Rhythms for the rule composer: the rules judge pitches, so the durations are fixed first, bar by bar, from the
 * bars of a corpus (each full bar of each melody, starting on a downbeat, in the requested metre), drawn at random;
 * the last bar is one note filling it, for a cadence.
 */
import { beatsPerBar, type Melody, type Metre } from '../../../analysis/corpus/melody.js';
import type { Random } from '../../../math/random.js';

/** The full bars' rhythms (durations in quarter notes) of melodies in a metre. */
export function barRhythms(melodies: readonly Melody[], metre: Metre): number[][] {
  const bar = beatsPerBar(metre);
  const out: number[][] = [];
  const seen = new Set<string>();
  for (const m of melodies) {
    if (Math.abs(beatsPerBar(m.metre) - bar) > 1e-9) continue;
    const bars = new Map<number, number[] | null>();
    m.onsets.forEach((o, i) => {
      const t = o - m.anacrusis;
      if (t < -1e-9) return; // the pickup
      const b = Math.floor(t / bar + 1e-9);
      const crosses = t + m.durations[i]! > (b + 1) * bar + 1e-9;
      const cell = bars.has(b) ? bars.get(b)! : [];
      bars.set(b, crosses || cell === null ? null : [...cell, m.durations[i]!]);
    });
    for (const r of bars.values()) {
      if (!r || Math.abs(r.reduce((a, d) => a + d, 0) - bar) > 1e-9) continue;
      const s = r.join(',');
      if (!seen.has(s)) {
        seen.add(s);
        out.push(r);
      }
    }
  }
  return out;
}

/**
 * Durations for `bars` bars: random bar rhythms from the pool (falling back to one note per beat), the last bar a
 * single note.
 */
export function planRhythm(bars: number, metre: Metre, random: Random, pool: readonly number[][]): number[] {
  const bar = beatsPerBar(metre);
  const fallback = Array.from({ length: Math.max(1, Math.round(bar)) }, () => bar / Math.max(1, Math.round(bar)));
  const out: number[] = [];
  for (let b = 0; b < bars - 1; b++) out.push(...(pool.length > 0 ? pool[random.int(pool.length)]! : fallback));
  out.push(bar);
  return out;
}
