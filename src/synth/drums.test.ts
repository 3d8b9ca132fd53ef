import { describe, expect, it } from 'vitest';
import { DRUMS, drumSample, renderDrums } from './drums.js';

/** Zero crossings per second over a span: twice the frequency of a sinusoid. */
function crossingRate(x: Float32Array, from: number, to: number, sr: number): number {
  let n = 0;
  for (let i = from + 1; i < to; i++) if ((x[i - 1]! < 0) !== (x[i]! < 0)) n++;
  return n / ((to - from) / sr);
}

describe('drum kit', () => {
  it('renders each drum deterministically, peak 1, ending in silence', () => {
    for (const d of DRUMS) {
      const a = drumSample(d, 44100, 3);
      expect(Array.from(a)).toEqual(Array.from(drumSample(d, 44100, 3)));
      expect(Math.max(...a.map(Math.abs))).toBeCloseTo(1, 6);
      expect(Math.abs(a.at(-1)!)).toBe(0);
    }
  });

  it('a kick settles near 50 Hz; a hi-hat is bright (crossing rate above 8 kHz)', () => {
    const sr = 44100;
    const kick = drumSample('kick', sr);
    // pitch 50 + 100·e^{−t/0.03}: between 0.2 s and 0.45 s it is within 0.2 Hz of 50 Hz (12.5 cycles;
    // counting crossings is exact to ±1, i.e. ±2 Hz)
    const f = crossingRate(kick, 0.2 * sr, 0.45 * sr, sr) / 2;
    expect(f).toBeGreaterThan(47.5);
    expect(f).toBeLessThan(52.5);
    const hat = drumSample('hihat', sr);
    expect(crossingRate(hat, 0, 0.03 * sr, sr)).toBeGreaterThan(8000);
  });

  it('places strokes at their times, scaled by velocity', () => {
    const sr = 8000;
    const track = renderDrums(
      [{ time: 0.5, drum: 'snare', velocity: 1 }, { time: 1.5, drum: 'snare', velocity: 0.5 }],
      { sampleRate: sr, durationSeconds: 2 },
    );
    expect(track.length).toBe(16000);
    for (let i = 0; i < 4000; i++) expect(track[i]).toBe(0);
    const peak = (a: number, b: number): number => Math.max(...track.subarray(a, b).map(Math.abs));
    expect(peak(4000, 7000) / peak(12000, 15000)).toBeCloseTo(2, 6);
  });
});
