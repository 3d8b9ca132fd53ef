import { describe, expect, it } from 'vitest';
import type { NoteEvent } from '../../score/types.js';
import { beatTiming, beatTimingOver, duetDescriptors, duetDescriptorsOver, melodicIntervalEntropy } from './descriptors.js';
import { DUET_VOICES } from './engine.js';

const note = (onset: number, pitch: number, voice: number = DUET_VOICES.melody): NoteEvent => ({ onset, duration: 0.1, pitch, velocity: 0.8, voice });

describe('melodicIntervalEntropy', () => {
  it('is the Shannon entropy of the signed steps, by hand', () => {
    // Steps +2, +2, −4, +2: p(+2) = 3/4, p(−4) = 1/4 → H = −(¾ log₂ ¾ + ¼ log₂ ¼) = 0.811278…
    expect(melodicIntervalEntropy([60, 62, 64, 60, 62])).toBeCloseTo(0.8112781244591328, 12);
    // Up and down the same step are different intervals: +3, −3 → 1 bit.
    expect(melodicIntervalEntropy([60, 63, 60])).toBe(1);
    // Eight different steps, once each: log₂ 8.
    expect(melodicIntervalEntropy([60, 61, 63, 66, 70, 75, 81, 88, 96])).toBeCloseTo(3, 12);
  });

  it('is NaN without an interval and 0 for a repeated note', () => {
    expect(melodicIntervalEntropy([])).toBeNaN();
    expect(melodicIntervalEntropy([60])).toBeNaN();
    expect(Object.is(melodicIntervalEntropy([60, 60, 60]), 0)).toBe(true);
  });
});

describe('beatTiming', () => {
  it('gives the tempo, sd, CV and RMSSD of the intervals, by hand', () => {
    // Intervals 0.5, 0.5, 0.6, 0.4 s: mean 0.5 → 120 bpm; sd = √((0 + 0 + 0.01 + 0.01)/3) = 81.65 ms;
    // successive differences 0, 0.1, −0.2 → RMSSD = √((0 + 0.01 + 0.04)/3) = 129.10 ms.
    const t = beatTiming([0, 0.5, 1, 1.6, 2]);
    expect(t.meanTempoBpm).toBeCloseTo(120, 10);
    expect(t.sdMs).toBeCloseTo(81.6496580927726, 9);
    expect(t.cv).toBeCloseTo(0.163299316185545, 12);
    expect(t.rmssdMs).toBeCloseTo(129.09944487358058, 9);
    expect(t.intervals).toBe(4);
  });

  it('keeps the intervals whose second beat lies in the span', () => {
    const t = beatTiming([0, 1, 1.5, 2, 4], 1.2, 3);
    expect(t.intervals).toBe(2); // 1 → 1.5 and 1.5 → 2
    expect(t.meanTempoBpm).toBeCloseTo(120, 10);
    expect(t.sdMs).toBe(0);
  });

  it('says NaN rather than inventing a number from too few beats', () => {
    expect(beatTiming([]).meanTempoBpm).toBeNaN();
    const one = beatTiming([0, 0.5]);
    expect(one.meanTempoBpm).toBeCloseTo(120, 10);
    expect(one.sdMs).toBeNaN();
    expect(one.rmssdMs).toBeNaN();
  });
});

describe('duetDescriptors', () => {
  const notes = [note(0, 60), note(0.5, 62), note(1, 64), note(2.5, 60), note(0, 36, DUET_VOICES.drums), note(1, 38, DUET_VOICES.drums), note(3.5, 36, DUET_VOICES.drums)];
  const run = { score: { notes }, beats: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], seconds: 4 } as unknown as Parameters<typeof duetDescriptors>[0];

  it('counts notes and strokes per second and measures the melody and the beats', () => {
    const d = duetDescriptors(run);
    expect(d).toMatchObject({ seconds: 4, melodyNotes: 4, drumStrokes: 3, melodyNotesPerSecond: 1, drumStrokesPerSecond: 0.75, beatIntervalSdMs: 0 });
    expect(d.intervalEntropyBits).toBeCloseTo(0.9182958340544896, 12); // +2, +2, −4: −(⅔ log₂ ⅔ + ⅓ log₂ ⅓)
    expect(d.meanAbsIntervalSemitones).toBeCloseTo(8 / 3, 12);
    expect(d.meanTempoBpm).toBeCloseTo(120, 10);
  });

  it('measures a span [from, to) by onset', () => {
    const d = duetDescriptors(run, 0.5, 2.5);
    expect(d.melodyNotes).toBe(2); // 0.5 and 1; 2.5 is outside
    expect(d.drumStrokes).toBe(1);
    expect(d.melodyNotesPerSecond).toBe(1);
    expect(() => duetDescriptors(run, 2, 2)).toThrow(/empty/);
  });
});

describe('pooled over several spans', () => {
  it('pools beat intervals, and takes successive differences only within a span', () => {
    // Span 1: intervals 0.5, 0.7 (beats at 0.5, 1.2); span 2: 0.4, 0.4 (beats 10.4, 10.8). The interval 1.2 → 10 ends
    // outside both spans. Mean 0.5 s; sd = √((0 + 0.04 + 0.01 + 0.01)/3) = 141.42 ms; RMSSD from (0.2, 0) only:
    // √(0.04/2) = 141.42 ms — the jump between the spans (0.7 → 0.4) is no beat-to-beat change.
    const t = beatTimingOver([0, 0.5, 1.2, 10, 10.4, 10.8], [[0, 5], [10.1, 12]]);
    expect(t.intervals).toBe(4);
    expect(t.meanTempoBpm).toBeCloseTo(120, 10);
    expect(t.sdMs).toBeCloseTo(141.4213562373095, 9);
    expect(t.rmssdMs).toBeCloseTo(141.4213562373095, 9);
  });

  it('counts notes over the spans’ total length and melodic steps within each span', () => {
    const notes = [note(0, 60), note(1, 67), note(5, 50), note(6, 50), note(7, 52), note(3, 40)];
    const d = duetDescriptorsOver({ score: { notes }, beats: [], seconds: 8 }, [[0, 2], [5, 8]]);
    expect(d.seconds).toBe(5);
    expect(d.melodyNotes).toBe(5);
    expect(d.melodyNotesPerSecond).toBe(1);
    // Steps +7 (span 1), 0 and +2 (span 2): three different steps, once each → log₂ 3.
    expect(d.intervalEntropyBits).toBeCloseTo(Math.log2(3), 12);
    expect(d.meanAbsIntervalSemitones).toBe(3);
    expect(d.meanTempoBpm).toBeNaN();
    expect(() => duetDescriptorsOver({ score: { notes }, beats: [], seconds: 8 }, [])).toThrow(/no span/);
  });
});
