import { describe, expect, it } from 'vitest';
import { phaseRandomizedSurrogate, surrogateColumns } from './surrogates.js';
import { Dft } from '../math/dft.js';
import { featureMatrix, column } from './feature-matrix.js';
import { createRandom } from '../math/random.js';
import { mean, pearson, variance } from '../math/stats.js';

function amplitudes(x: Float64Array): Float64Array {
  const d = new Dft(x.length);
  const re = new Float64Array(x.length);
  const im = new Float64Array(x.length);
  d.forward(x, undefined, re, im);
  return re.map((r, k) => Math.hypot(r, im[k]!));
}

describe('phase-randomised surrogates', () => {
  // A worm-like feature: a 0.5 Hz oscillation with a harmonic and noise, 20 ms frames, odd and even lengths.
  for (const n of [1001, 1336]) {
    it(`keep the amplitude spectrum, mean and variance and lose the waveform (N = ${n})`, () => {
      const rng = createRandom(1);
      const x = Float64Array.from({ length: n }, (_, i) => {
        const t = i * 0.02;
        return 2 + Math.sin(2 * Math.PI * 0.5 * t) + 0.4 * Math.sin(2 * Math.PI * 1.5 * t + 1) + 0.3 * rng.normal();
      });
      const s = phaseRandomizedSurrogate(x, createRandom(7));
      const a = amplitudes(x);
      const b = amplitudes(s);
      for (let k = 0; k < n; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-8 * (1 + a[k]!));
      expect(mean(s)).toBeCloseTo(mean(x), 10);
      expect(variance(s)).toBeCloseTo(variance(x), 8);
      // A dominant sinusoid keeps its shape with a random phase shift, so one surrogate may still correlate; over
      // many surrogates the correlation averages out (E[cos Δφ] = 0 for uniform phases).
      let r = 0;
      for (let i = 0; i < 40; i++) r += pearson(x, phaseRandomizedSurrogate(x, createRandom(100 + i))) / 40;
      expect(Math.abs(r)).toBeLessThan(0.2);
      // Seeded: the same generator gives the same surrogate; another seed another one.
      expect(phaseRandomizedSurrogate(x, createRandom(7))).toEqual(s);
      expect(phaseRandomizedSurrogate(x, createRandom(8))).not.toEqual(s);
    });
  }

  it('replace only the columns of the named groups', () => {
    const n = 200;
    const X = featureMatrix([
      { name: 'pc1', group: 'worm', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i / 5)) },
      { name: 'phase', group: 'time', values: Float64Array.from({ length: n }, (_, i) => i / n) },
    ]);
    const C = surrogateColumns(X, ['worm'], createRandom(3));
    expect(column(C, 1)).toEqual(column(X, 1));
    expect(column(C, 0)).not.toEqual(column(X, 0));
    expect(C.names).toEqual(['pc1', 'phase']);
    expect(() => surrogateColumns(X, ['beat'], createRandom(3))).toThrow(/no columns/);
  });
});
