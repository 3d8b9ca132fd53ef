import { describe, expect, it } from 'vitest';
import { beatGrid, beatsToSeconds, secondsToBeats } from './tempo.js';

const map = [
  { time: 0, bpm: 60 },
  { time: 4, bpm: 120 },
];

describe('tempo map', () => {
  it('converts seconds to beats across a tempo change', () => {
    expect(secondsToBeats(map, 2)).toBeCloseTo(2, 12);
    expect(secondsToBeats(map, 4)).toBeCloseTo(4, 12);
    expect(secondsToBeats(map, 5)).toBeCloseTo(6, 12); // one second at 120 bpm = 2 beats
  });

  it('inverts beats to seconds', () => {
    for (const beats of [0, 1.5, 4, 6, 10.25]) expect(secondsToBeats(map, beatsToSeconds(map, beats))).toBeCloseTo(beats, 10);
    expect(beatsToSeconds(map, 8)).toBeCloseTo(6, 12);
  });

  it('lists the beats and bar lines of a score', () => {
    const grid = beatGrid([{ time: 0, bpm: 120 }], [{ time: 0, numerator: 3, denominator: 4 }], 3);
    expect(grid.map((b) => b.time)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(grid.filter((b) => b.downbeat).map((b) => b.time)).toEqual([0, 1.5, 3]);
    const eighths = beatGrid([{ time: 0, bpm: 60 }], [{ time: 0, numerator: 6, denominator: 8 }], 1.5);
    expect(eighths.map((b) => b.time)).toEqual([0, 0.5, 1, 1.5]);
  });
});
