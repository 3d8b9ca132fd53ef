import { describe, expect, it } from 'vitest';
import { humanize, scaleTempo } from './performance.js';
import { createScore } from './ops.js';
import { createRandom } from '../math/random.js';
import { secondsToBeats } from './tempo.js';
import type { NoteEvent } from './types.js';

const notes: NoteEvent[] = Array.from({ length: 2000 }, (_, i) => ({ onset: 1 + i * 0.5, duration: 0.25, pitch: 60 + (i % 12), velocity: 0.6, voice: i % 2 }));
const score = createScore(notes, { tempos: [{ time: 0, bpm: 60 }, { time: 10, bpm: 120 }] });

describe('scaleTempo', () => {
  it('divides every time by the rate and multiplies every tempo by it', () => {
    const fast = scaleTempo(score, 2);
    expect(fast.notes[0]).toMatchObject({ onset: 0.5, duration: 0.125 });
    expect(fast.tempos).toEqual([{ time: 0, bpm: 120 }, { time: 5, bpm: 240 }]);
    // A note on beat b of the original is on beat b of the faster version: 12 s at 60 then 120 bpm = beat 14.
    expect(secondsToBeats(score.tempos, 12)).toBeCloseTo(14, 12);
    expect(secondsToBeats(fast.tempos, 6)).toBeCloseTo(14, 12);
  });

  it('refuses a rate that is not a positive number', () => {
    for (const r of [0, -1, NaN, Infinity]) expect(() => scaleTempo(score, r)).toThrow(RangeError);
  });
});

describe('humanize', () => {
  it('moves onsets by the requested standard deviation and keeps durations', () => {
    const played = humanize(score, createRandom(3), { timingSeconds: 0.01, velocity: 0 });
    // The notes stay 0.5 s apart (50 SD), so sorting cannot reorder them: pair them up by index.
    const shifts = played.notes.map((n, i) => n.onset - notes[i]!.onset);
    const mean = shifts.reduce((a, b) => a + b, 0) / shifts.length;
    const sd = Math.sqrt(shifts.reduce((a, b) => a + (b - mean) ** 2, 0) / shifts.length);
    // 2000 draws of N(0, 10 ms) clamped at ±3 SD. The clamped normal's SD is √(1 − 6φ(3) + 18·P(Z > 3)) ≈ 0.9975
    // of the unclamped one, and a sample SD over 2000 draws is within ±5 % of it (its own SD is ~1.6 %).
    expect(sd).toBeGreaterThan(0.009975 * 0.95);
    expect(sd).toBeLessThan(0.009975 * 1.05);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Math.max(...shifts.map(Math.abs))).toBeLessThanOrEqual(0.03 + 1e-12);
    expect(played.notes.every((n) => n.duration === 0.25)).toBe(true);
  });

  it('keeps velocities within [0.05, 1] and onsets at or after 0', () => {
    const early = createScore([{ onset: 0, duration: 1, pitch: 60, velocity: 0.99, voice: 0 }, { onset: 0.001, duration: 1, pitch: 62, velocity: 0.06, voice: 0 }]);
    for (let seed = 0; seed < 50; seed++) {
      const p = humanize(early, createRandom(seed), { timingSeconds: 0.05, velocity: 0.3 });
      for (const n of p.notes) {
        expect(n.onset).toBeGreaterThanOrEqual(0);
        expect(n.velocity).toBeGreaterThanOrEqual(0.05);
        expect(n.velocity).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is the identity at zero spread and repeatable with a seed', () => {
    expect(humanize(score, createRandom(1), { timingSeconds: 0, velocity: 0 })).toBe(score);
    const a = humanize(score, createRandom(9), { timingSeconds: 0.02, velocity: 0.1 });
    const b = humanize(score, createRandom(9), { timingSeconds: 0.02, velocity: 0.1 });
    const c = humanize(score, createRandom(10), { timingSeconds: 0.02, velocity: 0.1 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses spreads out of range', () => {
    expect(() => humanize(score, createRandom(1), { timingSeconds: -0.1, velocity: 0 })).toThrow(RangeError);
    expect(() => humanize(score, createRandom(1), { timingSeconds: 0, velocity: 2 })).toThrow(RangeError);
  });
});
