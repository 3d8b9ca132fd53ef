import { describe, expect, it } from 'vitest';
import { RhythmEstimator, dominantFrequency } from './rhythm.js';
import { createRandom } from '../../math/random.js';

const sine = (hz: number, n: number, rate: number, phase = 0): Float64Array =>
  Float64Array.from({ length: n }, (_, k) => Math.sin(2 * Math.PI * hz * (k / rate) + phase));

describe('dominantFrequency', () => {
  it('finds the frequency of a sinusoid to a small fraction of the periodogram bin, over the band', () => {
    for (const hz of [0.4, 0.77, 1.3, 2, 3.55, 7.2]) {
      const peak = dominantFrequency(sine(hz, 300, 30, 1), 30);
      expect(Math.abs(peak.frequencyHz - hz)).toBeLessThan(0.005);
      expect(peak.strength).toBeGreaterThan(0.95);
    }
  });

  it('is not pulled low on a record of just over one cycle (the least-squares refinement)', () => {
    for (const hz of [0.5, 0.6, 0.8]) {
      const n = Math.round((1.2 / hz) * 30);
      expect(Math.abs(dominantFrequency(sine(hz, n, 30, 0.4), 30).frequencyHz / hz - 1)).toBeLessThan(0.03);
    }
  });

  it('takes the fundamental of a bouncing ball height (parabolic arcs), not a harmonic', () => {
    const arcs = Float64Array.from({ length: 300 }, (_, k) => {
      const p = ((k / 30) * 2) % 1;
      return 4 * p * (1 - p);
    });
    expect(dominantFrequency(arcs, 30).frequencyHz).toBeCloseTo(2, 2);
  });

  it('reports no rhythm for white noise or a constant, and a low strength for noise', () => {
    const r = createRandom(5);
    const noise = Float64Array.from({ length: 300 }, () => r.normal());
    const peak = dominantFrequency(noise, 30);
    expect(peak.frequencyHz).toBeNaN();
    expect(peak.strength).toBeLessThan(0.4);
    expect(dominantFrequency(new Float64Array(100).fill(3), 30).frequencyHz).toBeNaN();
  });

  it('reads a circular buffer: the window ending at the newest sample, whatever the wrap point', () => {
    const track = sine(1.7, 120, 30);
    const est = new RhythmEstimator(120);
    const expected = est.peak(track, 119, 120, 30).frequencyHz;
    const ring = new Float64Array(120);
    for (let k = 0; k < 120; k++) ring[(k + 37) % 120] = track[k]!;
    expect(est.peak(ring, (119 + 37) % 120, 120, 30).frequencyHz).toBe(expected);
  });

  it('refuses a bad band and a window too short', () => {
    expect(() => new RhythmEstimator(3)).toThrow(/at least 4 samples/);
    expect(() => new RhythmEstimator(10, { minHz: 5, maxHz: 2 })).toThrow(/rhythm band/);
  });
});
