import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScore, formatNote, mergeScores, scoreStats, sliceScore, transpose } from './ops.js';
import { parseScore } from './schema.js';
import type { NoteEvent } from './types.js';

const note = (onset: number, duration: number, pitch: number, voice = 0, velocity = 0.5): NoteEvent => ({
  onset, duration, pitch, velocity, voice,
});

describe('score operations', () => {
  const score = createScore([note(1, 1, 64), note(0, 2, 60), note(0, 0.5, 67, 1), note(3, 1, 72, 1)]);

  it('sorts notes by onset, then pitch', () => {
    expect(score.notes.map((n) => n.pitch)).toEqual([60, 67, 64, 72]);
  });

  it('slices a window, clipping notes that cross its edges and shifting to zero', () => {
    const s = sliceScore(score, 0.5, 3.5);
    expect(s.notes.map((n) => [n.onset, n.duration, n.pitch])).toEqual([
      [0, 1.5, 60],
      [0.5, 1, 64],
      [2.5, 0.5, 72],
    ]);
    const whole = sliceScore(score, 0.5, 3.5, { clip: false });
    expect(whole.notes.map((n) => n.pitch)).toEqual([64, 72]);
    expect(() => sliceScore(score, 2, 1)).toThrow(RangeError);
  });

  it('keeps the tempo in force at the start of a slice', () => {
    const s = createScore([note(0, 10, 60)], { tempos: [{ time: 0, bpm: 60 }, { time: 2, bpm: 90 }, { time: 5, bpm: 120 }] });
    expect(sliceScore(s, 3, 6).tempos).toEqual([{ time: 0, bpm: 90 }, { time: 2, bpm: 120 }]);
  });

  it('transposes and refuses to leave the MIDI range', () => {
    expect(transpose(score, -12).notes.map((n) => n.pitch)).toEqual([48, 55, 52, 60]);
    expect(() => transpose(score, 60)).toThrow(/leaves MIDI 0–127/);
    expect(() => transpose(score, 0.5)).toThrow(RangeError);
  });

  it('merges scores, renumbering voices', () => {
    const m = mergeScores([score, createScore([note(0.25, 1, 50)])]);
    expect(m.notes).toHaveLength(5);
    expect(m.notes.find((n) => n.pitch === 50)!.voice).toBe(2);
  });

  it('computes stats by hand on a small score', () => {
    // Notes: [0,2) 60, [0,0.5) 67, [1,2) 64, [3,4) 72 → end 4 s, sounding time 4.5 s.
    const st = scoreStats(score);
    expect(st.notes).toBe(4);
    expect(st.voices).toBe(2);
    expect(st.durationSeconds).toBe(4);
    expect([st.pitchMin, st.pitchMax]).toEqual([60, 72]);
    expect(st.uniquePitches).toBe(4);
    expect(st.notesPerSecond).toBe(1);
    expect(st.meanPolyphony).toBeCloseTo(4.5 / 4, 12);
    expect(st.maxPolyphony).toBe(2);
    // 20 ms frames: 200 frames; active cells 100 + 25 + 50 + 50 = 225 over 4 rows × 200.
    expect(st.rollDensity).toBeCloseTo(225 / 800, 12);
  });

  it('describes an empty score without dividing by zero', () => {
    expect(scoreStats(createScore([]))).toMatchObject({ notes: 0, durationSeconds: 0, pitchMin: null, rollDensity: 0 });
  });

  it('prints notes as readable one-liners', () => {
    expect(formatNote(note(0.5, 0.25, 61, 2, 0.8))).toBe('[ 0.500 → 0.750 | C#4 v0.80 voice 2 ]');
  });

  it('slicing never loses or invents sounding time inside the window (property)', () => {
    const arbNote = fc.record({
      onset: fc.double({ min: 0, max: 20, noNaN: true }),
      duration: fc.double({ min: 0.01, max: 5, noNaN: true }),
      pitch: fc.integer({ min: 0, max: 127 }),
      velocity: fc.double({ min: 0, max: 1, noNaN: true }),
      voice: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(arbNote, { maxLength: 40 }), fc.double({ min: 0, max: 10, noNaN: true }), (notes, from) => {
        const to = from + 5;
        const s = sliceScore(createScore(notes), from, to);
        const inside = notes.reduce((acc, n) => acc + Math.max(0, Math.min(n.onset + n.duration, to) - Math.max(n.onset, from)), 0);
        const kept = s.notes.reduce((acc, n) => acc + n.duration, 0);
        expect(kept).toBeCloseTo(inside, 6);
        for (const n of s.notes) expect(n.onset + n.duration).toBeLessThanOrEqual(5 + 1e-9);
      }),
    );
  });
});

describe('score validation', () => {
  it('accepts a minimal score and fills defaults', () => {
    const s = parseScore({ notes: [{ onset: 1, duration: 1, pitch: 60, velocity: 0.5, voice: 0 }, { onset: 0, duration: 1, pitch: 62, velocity: 0.5, voice: 0 }] });
    expect(s.tempos).toEqual([{ time: 0, bpm: 120 }]);
    expect(s.notes[0]!.pitch).toBe(62);
  });

  it('names the offending field in one line', () => {
    expect(() => parseScore({ notes: [{ onset: 0, duration: 1, pitch: 130, velocity: 0.5, voice: 0 }] }, 'x.json')).toThrow(
      /^x\.json: notes\[0\]\.pitch: /,
    );
    expect(() => parseScore({ notes: [{ onset: -1, duration: 0, pitch: 60, velocity: 2, voice: 0 }] })).toThrow(/onset must be ≥ 0 s.*duration must be > 0 s/);
    expect(() => parseScore({ notes: 'x' })).toThrow(/notes/);
    expect(() => parseScore({ notes: [{ onset: 0, duration: 1, pitch: 60, velocity: 0.5, voice: 0 }], timeSignatures: [{ time: 0, numerator: 3, denominator: 5 }] })).toThrow(/power of two/);
  });
});
