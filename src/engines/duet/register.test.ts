import { describe, expect, it } from 'vitest';
import { composeDuet } from './compose.js';
import { DUET_VOICES } from './engine.js';
import { registerOnGrid } from './register.js';

const melody = (register?: number[], weight?: number): number[] =>
  composeDuet({ seconds: 12, seed: 4, ...(register ? { register: { values: register, sampleRateHz: 1 } } : {}), ...(weight !== undefined ? { melodist: { registerWeight: weight } } : {}) })
    .score.notes.filter((n) => n.voice === DUET_VOICES.melody)
    .map((n) => n.pitch);
const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;

describe('the register series', () => {
  it('on the grid: linear between samples, unknown samples hold the last known value, clipped to 0..1', () => {
    expect(Array.from(registerOnGrid({ values: [NaN, 2, NaN, -1], sampleRateHz: 1 }, 2, 7))).toEqual([0.5, 0.75, 1, 1, 1, 0.5, 0, 0]);
    expect(() => registerOnGrid({ values: [], sampleRateHz: 1 }, 2, 3)).toThrow(/empty/);
  });

  it('pulls the melody: high series, high notes; low series, low notes; weight 0 leaves the melody as it was', () => {
    const high = melody(new Array(12).fill(1));
    const low = melody(new Array(12).fill(0));
    const none = melody();
    // D minor A3–A5 has 15 pitches; with w = 0.6 the scale position is 0.4·u_x + 0.6·r: at r = 1 it lies in the top 40 %.
    // The pitches: A3 B♭3 C4 D4 E4 F4 G4 A4 B♭4 C5 D5 E5 F5 G5 A5 (57 … 81), index round(14·position).
    expect(Math.min(...high)).toBeGreaterThanOrEqual(70); // position ≥ 0.6 → index ≥ round(8.4) = 8 → B♭4
    expect(Math.max(...low)).toBeLessThanOrEqual(67); // position ≤ 0.4 → index ≤ round(5.6) = 6 → G4
    expect(mean(high) - mean(low)).toBeGreaterThan(10);
    expect(melody(new Array(12).fill(1), 0)).toEqual(none);
  });
});
