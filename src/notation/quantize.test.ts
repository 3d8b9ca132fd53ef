import { describe, expect, it } from 'vitest';
import { createScore } from '../score/ops.js';
import { DIVISIONS, estimateTempo, metricalFrame, quantizeScore } from './quantize.js';

const train = (bpm: number, count: number, start = 0.3) =>
  Array.from({ length: count }, (_, i) => ({ onset: start + (i * 60) / bpm / 2, duration: 0.1, pitch: 60, voice: 0, velocity: i % 2 ? 0.4 : 0.9 }));

describe('tempo estimation', () => {
  it.each([72, 93.7, 100, 131])('finds %s bpm to within 0.05 bpm, and the phase of the first beat', (bpm) => {
    const r = estimateTempo(train(bpm, 120));
    expect(Math.abs(r.bpm - bpm)).toBeLessThan(0.05);
    expect(r.phase).toBeCloseTo(0.3, 2);
  });

  it('prefers the octave nearer 100 bpm (150 bpm eighths read as 75 bpm quarters with sixteenths)', () => {
    expect(estimateTempo(train(150, 120)).bpm).toBeCloseTo(75, 0);
  });
});

describe('quantisation', () => {
  it('leaves a quantised piece exactly where it was', () => {
    const s = createScore(train(120, 16, 0), { tempos: [{ time: 0, bpm: 120 }] });
    const q = quantizeScore(s, metricalFrame(s));
    expect(q.notes.map((n) => n.start)).toEqual(s.notes.map((_, i) => (i * DIVISIONS) / 2));
    expect(q.report).toMatchObject({ meanOnsetShiftMs: 0, onsetsMovedShare: 0, tripletBeats: 0, tempoSource: 'given' });
  });

  it('snaps a jittered performance back to its grid and reports the shift in milliseconds', () => {
    const jitter = [0.012, -0.008, 0.02, -0.015, 0.004, -0.018, 0.009, 0];
    const notes = train(120, 16, 0).map((n, i) => ({ ...n, onset: Math.max(0, n.onset + jitter[i % 8]!) }));
    const s = createScore(notes, { tempos: [{ time: 0, bpm: 120 }] });
    const q = quantizeScore(s, metricalFrame(s));
    expect(q.notes.map((n) => n.start).sort((a, b) => a - b)).toEqual(notes.map((_, i) => (i * DIVISIONS) / 2));
    expect(q.report.maxOnsetShiftMs).toBeCloseTo(20, 0);
    expect(q.report.meanOnsetShiftMs).toBeCloseTo(1000 * (jitter.reduce((a, b) => a + Math.abs(b), 0) / 8), 0);
  });
});
