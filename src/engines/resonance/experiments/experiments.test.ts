import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../math/random.js';
import { phaseLockingValue } from '../../../dynamics/plv.js';
import { coupledPair, INTERVALS, meanAsynchrony, runConsonanceExperiment } from './index.js';

describe('resonance experiments', () => {
  it('the Helmholtz ranking table has 12 distinct ranks and just ratios near the equal-tempered ones', () => {
    expect(new Set(INTERVALS.map((i) => i.rank)).size).toBe(12);
    for (const iv of INTERVALS) expect(Math.abs(1200 * Math.log2(2 ** (iv.semitones / 12) / (iv.k / iv.m)))).toBeLessThan(16);
  });

  it('coupled oscillators lock an octave far more firmly than a tritone', () => {
    const o = { epsilon: 0.5, coupling: 0.5, noise: 0.15, cycles: 120 };
    const octave = coupledPair(2, o, createRandom(1));
    const tritone = coupledPair(2 ** 0.5, o, createRandom(1));
    const plvOctave = phaseLockingValue(octave.phi2, octave.phi1, { m: 1, k: 2 });
    const plvTritone = phaseLockingValue(tritone.phi2, tritone.phi1, { m: 32, k: 45 });
    expect(plvOctave).toBeGreaterThan(0.3);
    expect(plvTritone).toBeLessThan(0.1);
  });

  it('consonance correlates positively with the ranking and is reproducible for a seed', () => {
    const a = runConsonanceExperiment({ seed: 3, repeats: 1, cycles: 80, sensitivity: false });
    const b = runConsonanceExperiment({ seed: 3, repeats: 1, cycles: 80, sensitivity: false });
    expect(a.data.intervals).toEqual(b.data.intervals);
    expect(a.data.pearsonR as number).toBeGreaterThan(0.5);
  });

  it('mean asynchrony: motor peaks minus the nearest click', () => {
    // clicks at k/2 s; peaks 20 ms late and 10 ms early → mean +5 ms
    expect(meanAsynchrony([1.02, 1.49], 2)).toBeCloseTo(0.005, 12);
  });
});
