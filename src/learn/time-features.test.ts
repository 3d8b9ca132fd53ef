import { describe, expect, it } from 'vitest';
import { beatPhaseFeatures, fourierNames, fourierTimeDerivatives, fourierTimeFeatures, sampledDerivatives } from './time-features.js';
import { applyStandardizer, column, featureMatrix, fitStandardizer, hstack, selectGroups, sliceRows } from './feature-matrix.js';
import { timeInputs } from './pinn-inputs.js';

describe('Fourier time features', () => {
  it('are PyANNOW’s 25 columns: phase, then cos/sin of 12 harmonics of the span', () => {
    const X = fourierTimeFeatures([0, 25, 50], { spanSeconds: 100 });
    expect(X.cols).toBe(25);
    expect(X.names).toEqual(fourierNames(12));
    expect(X.names.slice(0, 3)).toEqual(['phase', 'cos1', 'sin1']);
    // t = 25 s of 100: φ = 0.25, cos(2π·0.25) = 0, sin = 1; harmonic 2: cos(π) = −1.
    const row = Array.from(X.data.subarray(25, 50));
    expect(row[0]).toBeCloseTo(0.25, 15);
    expect(row[1]).toBeCloseTo(0, 12);
    expect(row[2]).toBeCloseTo(1, 12);
    expect(row[3]).toBeCloseTo(-1, 12);
    expect(X.groups.every((g) => g === 'time')).toBe(true);
    expect(() => fourierTimeFeatures([0], { spanSeconds: 0 })).toThrow(/spanSeconds/);
  });

  it('have exact time derivatives (checked by central differences)', () => {
    const opts = { spanSeconds: 30, startSeconds: 2, harmonics: 5 };
    const t = 7.3;
    const h = 1e-4;
    const f = (x: number) => fourierTimeFeatures([x], opts).data;
    const d = fourierTimeDerivatives([t], opts);
    const [m, c, p] = [f(t - h), f(t), f(t + h)];
    for (let j = 0; j < 11; j++) {
      expect(d.first.data[j]).toBeCloseTo((p[j]! - m[j]!) / (2 * h), 6);
      expect(d.second.data[j]).toBeCloseTo((p[j]! - 2 * c[j]! + m[j]!) / (h * h), 3);
    }
    // The PINN input builder gives the same values and tangents.
    const u = timeInputs([{ kind: 'fourier', ...opts }], [t], [0]);
    for (let j = 0; j < 11; j++) {
      expect(u.values.data[j]).toBeCloseTo(c[j]!, 14);
      expect(u.tangents.t!.first.data[j]).toBeCloseTo(d.first.data[j]!, 12);
      expect(u.tangents.t!.second.data[j]).toBeCloseTo(d.second.data[j]!, 10);
    }
  });
});

describe('beat phase and sampled derivatives', () => {
  it('reads the beat phase off the tempo map, across a tempo change', () => {
    // 120 bpm for 1 s (2 beats), then 60 bpm: at 1.25 s, 2.25 beats → phase 0.25.
    const X = beatPhaseFeatures([0, 0.25, 1.25], [
      { time: 0, bpm: 120 },
      { time: 1, bpm: 60 },
    ]);
    expect(Array.from(column(X, 0))).toEqual([0, 0.5, 0.25]);
    expect(column(X, 1)[1]).toBeCloseTo(-1, 12);
    expect(column(X, 2)[2]).toBeCloseTo(1, 12);
  });

  it('differentiate polynomials exactly up to second order, ends included', () => {
    const v = Array.from({ length: 6 }, (_, i) => 3 * (0.1 * i) ** 2 - 0.1 * i);
    const d = sampledDerivatives(v, 0.1);
    for (let i = 0; i < 6; i++) {
      expect(d.first[i]).toBeCloseTo(6 * 0.1 * i - 1, 10);
      expect(d.second[i]).toBeCloseTo(6, 8);
    }
    expect(() => sampledDerivatives([1, 2], 0.1)).toThrow(/3 samples/);
  });
});

describe('feature matrices', () => {
  const X = featureMatrix([
    { name: 'a', group: 'worm', values: [1, 2, 3, 4] },
    { name: 'b', group: 'time', values: [10, 10, 10, 10] },
  ]);

  it('stack, slice, select groups and standardise with training statistics', () => {
    const Y = hstack(X, featureMatrix([{ name: 'c', group: 'beat', values: [0, 1, 0, 1] }]));
    expect(Y.names).toEqual(['a', 'b', 'c']);
    expect(Array.from(column(Y, 2))).toEqual([0, 1, 0, 1]);
    expect(selectGroups(Y, ['worm']).names).toEqual(['a']);
    expect(selectGroups(Y, ['worm'], false).names).toEqual(['b', 'c']);
    const train = sliceRows(X, 0, 2);
    const st = fitStandardizer(train); // a: mean 1.5, std 0.5; b: constant → std 1
    const Z = applyStandardizer(X, st);
    expect(Array.from(column(Z, 0))).toEqual([-1, 1, 3, 5]);
    expect(Array.from(column(Z, 1))).toEqual([0, 0, 0, 0]);
  });

  it('refuses ragged or non-finite columns', () => {
    expect(() => featureMatrix([{ name: 'a', group: 'g', values: [1] }, { name: 'b', group: 'g', values: [1, 2] }])).toThrow(/"b" has 2 values/);
    expect(() => featureMatrix([{ name: 'a', group: 'g', values: [NaN] }])).toThrow(/not finite/);
    expect(() => selectGroups(X, ['nope'])).toThrow(/no columns/);
  });
});
