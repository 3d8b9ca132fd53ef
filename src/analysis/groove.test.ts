import { describe, expect, it } from 'vitest';
import { renderDrums, type DrumHit } from '../synth/drums.js';
import { drumPart, extractGroove, pickPeaks, quantizeToBeat, renderGrooveAudio } from './groove.js';

describe('groove extraction', () => {
  it('quantises to the nearest sixteenth of the beat grid', () => {
    const beats = [1, 2, 3];
    expect(quantizeToBeat(1.26, beats)).toBeCloseTo(1.25, 12);
    expect(quantizeToBeat(2.9, beats)).toBeCloseTo(3, 12);
    expect(quantizeToBeat(0.8, beats)).toBeCloseTo(0.75, 12); // before the first beat: the first interval extended
    expect(quantizeToBeat(3.6, beats)).toBeCloseTo(3.5, 12);
  });

  it('picks peaks above the local mean, at least the minimum gap apart', () => {
    const x = new Float64Array(400);
    for (const p of [50, 53, 150, 250, 350]) x[p] = p === 53 ? 0.5 : 1;
    expect(pickPeaks(x, 100, 1.5, 7)).toEqual([50, 150, 250, 350]);
  });

  it('finds kick, snare and hi-hat strokes of a synthetic groove in their bands', () => {
    const sr = 44100;
    const beat = 0.5;
    const hits: DrumHit[] = [];
    const truth = { kick: [] as number[], snare: [] as number[], hihat: [] as number[] };
    for (let k = 0; k < 40; k++) {
      const t = 0.5 + k * beat;
      const drum = k % 2 === 0 ? 'kick' : 'snare';
      hits.push({ time: t, drum, velocity: 1 });
      truth[drum].push(t);
      hits.push({ time: t + beat / 2, drum: 'hihat', velocity: 0.8 });
      truth.hihat.push(t + beat / 2);
    }
    const audio = { sampleRate: sr, channels: [renderDrums(hits, { sampleRate: sr, durationSeconds: 21 })] };
    const groove = extractGroove(audio);
    expect(Math.abs(groove.track.tempoBpm - 120)).toBeLessThan(1.2); // within 1 %
    for (const name of ['kick', 'snare', 'hihat'] as const) {
      const found = groove.events.filter((e) => e.instrument === name).map((e) => e.time);
      // every stroke of the instrument is found within 30 ms
      const hit = truth[name].filter((t) => found.some((f) => Math.abs(f - t) < 0.03)).length;
      expect(hit / truth[name].length).toBeGreaterThan(0.9);
    }
    // The bands separate one way only: hi-hats (noise above 7 kHz) never trigger the kick or snare bands,
    // but kick clicks and snare noise reach above 5 kHz and do trigger the hi-hat band.
    const low = groove.events.filter((e) => e.instrument !== 'hihat');
    expect(low.filter((e) => truth.hihat.some((t) => Math.abs(t - e.time) < 0.03)).length).toBe(0);
  });

  it('writes a drum part on the beat grid and a mix that never clips', () => {
    const part = drumPart([{ time: 1.02, instrument: 'kick', strength: 1 }, { time: 1.01, instrument: 'kick', strength: 0.2 }], [1, 2, 3]);
    expect(part.filter((h) => h.drum === 'kick')).toEqual([{ time: 1, drum: 'kick', velocity: 1 }]);
    expect(part.filter((h) => h.drum === 'hihat').map((h) => h.time)).toEqual([1, 2, 3]); // a soft hat on every beat
    const loud = { sampleRate: 8000, channels: [new Float32Array(16000).fill(0.99), new Float32Array(16000).fill(-0.99)] };
    const { drums, mix } = renderGrooveAudio(loud, part);
    expect(drums.channels).toHaveLength(1);
    expect(mix.channels).toHaveLength(2);
    for (const c of mix.channels) expect(Math.max(...c.map(Math.abs))).toBeLessThanOrEqual(10 ** (-1 / 20) + 1e-6);
  });
});
