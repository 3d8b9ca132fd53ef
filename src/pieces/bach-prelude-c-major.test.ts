import { describe, expect, it } from 'vitest';
import { bachPreludeInC } from './bach-prelude-c-major.js';
import { pitchClass, pitchFromName } from '../score/pitch.js';
import { secondsToBeats } from '../score/tempo.js';

const pcs = (names: string[]): number[] => [...new Set(names.map(pitchClass))].sort((a, b) => a - b);

describe('built-in prelude (BWV 846)', () => {
  const score = bachPreludeInC();

  it('has 35 bars: 32 figured bars of 16 notes, two coda bars of 16 and a five-note final chord', () => {
    expect(score.notes).toHaveLength(32 * 16 + 2 * 16 + 5);
    const lastBeat = secondsToBeats(score.tempos, score.notes[score.notes.length - 1]!.onset);
    expect(lastBeat).toBeCloseTo(34 * 4, 9);
  });

  it('plays each bar from the chord of that bar', () => {
    // Known harmony of bars 1, 2, 12 and 22 (C; Dm7/C; C#dim7/G; F#dim7).
    const expected: Record<number, string[]> = {
      0: ['C', 'E', 'G'],
      1: ['C', 'D', 'F', 'A'],
      11: ['G', 'Bb', 'C#', 'E'],
      21: ['F#', 'A', 'C', 'Eb'],
    };
    for (const [bar, names] of Object.entries(expected)) {
      const b = Number(bar);
      const inBar = score.notes.filter((n) => {
        const beat = secondsToBeats(score.tempos, n.onset);
        return beat >= b * 4 - 1e-9 && beat < b * 4 + 4 - 1e-9;
      });
      expect(inBar).toHaveLength(16);
      expect([...new Set(inBar.map((n) => n.pitch % 12))].sort((x, y) => x - y)).toEqual(pcs(names));
    }
  });

  it('repeats the fixed figure: notes 1 2 3 4 5 3 4 5 in every half bar', () => {
    // Bar 5 (Am/C): C4 E4 A4 E5 A5.
    const [a, b, c, d, e] = ['C4', 'E4', 'A4', 'E5', 'A5'].map(pitchFromName);
    for (const startBeat of [16, 18]) {
      const half = score.notes.filter((n) => {
        const beat = secondsToBeats(score.tempos, n.onset);
        return beat >= startBeat - 1e-9 && beat < startBeat + 2 - 1e-9;
      });
      expect(half.map((n) => n.pitch)).toEqual([a, b, c, d, e, c, d, e]);
    }
    expect(bachPreludeInC({ bars: 1 }).notes).toHaveLength(16);
  });

  it('slows down over the last two bars and honours the tempo option', () => {
    expect(score.tempos.map((t) => t.bpm)).toEqual([66, 66 * 0.92, 66 * 0.8]);
    const fast = bachPreludeInC({ bpm: 132, bars: 4 });
    expect(fast.notes[fast.notes.length - 1]!.onset).toBeCloseTo((15.75 * 60) / 132, 9);
    expect(() => bachPreludeInC({ bars: 36 })).toThrow(RangeError);
  });
});
