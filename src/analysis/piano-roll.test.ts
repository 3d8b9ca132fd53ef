import { describe, expect, it } from 'vitest';
import { distinctFrames, pianoRoll, rollDensity, rollMatrix } from './piano-roll.js';
import { clusterSegments } from './timeline.js';
import { createScore, scoreStats } from '../score/ops.js';
import type { NoteEvent } from '../score/types.js';

const note = (onset: number, duration: number, pitch: number, velocity = 0.5): NoteEvent => ({ onset, duration, pitch, velocity, voice: 0 });

// 20 ms frames. C4 0–0.05 s → frames [0, 3); a louder C4 0.02–0.03 → [1, 2); E4 0.02–0.04 → [1, 2);
// G4 0.07–0.071 → [3, 4) (a short note still takes one frame); C4 0.10–0.12 → [5, 6). T = 6.
const fixture = createScore([note(0, 0.05, 60), note(0.02, 0.01, 60, 0.9), note(0.02, 0.02, 64, 0.7), note(0.07, 0.001, 67), note(0.1, 0.02, 60, 0.4)]);

describe('piano roll', () => {
  it('places every note in its frames (hand-computed fixture)', () => {
    const roll = pianoRoll(fixture);
    expect(roll.pitches).toEqual([60, 64, 67]);
    expect(roll.frames).toBe(6);
    const rows = [0, 1, 2].map((r) => Array.from(roll.active.subarray(r * 6, r * 6 + 6)));
    expect(rows).toEqual([
      [1, 1, 1, 0, 0, 1],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
    ]);
    // 6 active cells of 3 × 6.
    expect(rollDensity(roll)).toBeCloseTo(1 / 3, 15);
    expect(scoreStats(fixture).rollDensity).toBeCloseTo(1 / 3, 15);
    expect(Array.from(roll.onset.subarray(0, 6))).toEqual([1, 1, 0, 0, 0, 1]);
    expect(roll.velocity[1]).toBeCloseTo(0.9, 6); // the louder of two overlapping notes
    expect(roll.velocity[0]).toBeCloseTo(0.5, 6);
    expect(roll.duration[0]).toBeCloseTo(0.05, 6);
    expect(roll.duration[5]).toBeCloseTo(0.02, 6);
    expect(rollMatrix(roll).data[5]).toBe(1);
  });

  it('snaps onsets that rounding puts a hair before a frame boundary (0.58 / 0.02 = 28.999999999999996)', () => {
    expect(0.58 / 0.02).toBeLessThan(29);
    const roll = pianoRoll(createScore([note(0.58, 0.04, 60), note(0, 0.02, 62)]));
    // Frames 29 and 30 (0.58–0.62 s), not 28–30 as int(0.58 / 0.02) would give.
    const row = Array.from(roll.active.subarray(0, roll.frames));
    expect(roll.frames).toBe(31);
    expect(row.indexOf(1)).toBe(29);
    expect(row.filter((v) => v === 1)).toHaveLength(2);
  });

  it('takes an explicit pitch list (e.g. the 96 muscle keys) and counts the notes outside it', () => {
    const roll = pianoRoll(fixture, { pitches: [62, 60] });
    expect(roll.pitches).toEqual([60, 62]);
    expect(roll.notes).toBe(3);
    expect(roll.notesOutside).toBe(2);
    expect(Array.from(roll.active.subarray(6, 12))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('groups identical frames with their counts', () => {
    const d = distinctFrames(pianoRoll(fixture));
    // Frames: {C4}, {C4, E4}, {C4}, {G4}, {}, {C4}.
    expect(d.columns.cols).toBe(4);
    expect(Array.from(d.counts)).toEqual([3, 1, 1, 1]);
    expect(Array.from(d.index)).toEqual([0, 1, 0, 2, 3, 0]);
    expect(Array.from({ length: 3 }, (_, p) => d.columns.data[p * 4 + 1])).toEqual([1, 1, 0]);
  });

  it('refuses an empty piece and a bad frame length', () => {
    expect(() => pianoRoll(createScore([]))).toThrow(/no notes/);
    expect(() => pianoRoll(fixture, { frameSeconds: 0 })).toThrow(/frame length/);
    expect(() => pianoRoll(createScore([note(0, 1e6, 60)]), { frameSeconds: 0.001 })).toThrow(/use longer frames/);
  });
});

describe('cluster timeline', () => {
  it('turns labels into maximal runs with times', () => {
    expect(clusterSegments([0, 0, 1, 1, 1, 0], 0.5)).toEqual([
      { cluster: 0, startFrame: 0, endFrame: 2, start: 0, end: 1 },
      { cluster: 1, startFrame: 2, endFrame: 5, start: 1, end: 2.5 },
      { cluster: 0, startFrame: 5, endFrame: 6, start: 2.5, end: 3 },
    ]);
    expect(clusterSegments([], 0.02)).toEqual([]);
  });
});
