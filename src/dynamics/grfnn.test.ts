import { describe, expect, it } from 'vitest';
import { complexArray } from '../math/complex.js';
import { GrfnnBank, entrainedFrequency, logFrequencies, meanAmplitude, runGrfnn, spontaneousAmplitude } from './grfnn.js';
import { CANONICAL_REGIMES } from './params.js';

/** A complex sinusoid F·e^{i2πft} sampled at fs. */
function tone(fHz: number, amplitude: number, seconds: number, fs: number) {
  const n = Math.round(seconds * fs);
  const x = complexArray(n);
  for (let i = 0; i < n; i++) {
    x.re[i] = amplitude * Math.cos((2 * Math.PI * fHz * i) / fs);
    x.im[i] = amplitude * Math.sin((2 * Math.PI * fHz * i) / fs);
  }
  return x;
}

describe('GrFNN canonical oscillators', () => {
  it('log-spaces natural frequencies like logspace', () => {
    expect(Array.from(logFrequencies(0.5, 8, 5))).toEqual([0.5, 1, 2, 4, 8].map((v, i) => (i === 0 ? v : expect.closeTo(v, 12))));
    const f = logFrequencies(0.5, 8, 30);
    expect(f[29]).toBeCloseTo(8, 12);
    expect(f[1]! / f[0]!).toBeCloseTo(16 ** (1 / 29), 12);
  });

  it('spontaneous amplitudes: the quartic roots of the regimes', () => {
    // supercritical α = 1, β1 = β2 = −1, ε = 1: −2r² + 1 = 0 → r = 1/√2
    expect(spontaneousAmplitude(CANONICAL_REGIMES.supercritical)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(spontaneousAmplitude(CANONICAL_REGIMES.critical)).toBe(0);
    expect(spontaneousAmplitude(CANONICAL_REGIMES.linear)).toBe(0);
    // α = 1e-5, β1 = 0, β2 = −2, ε = 1: 1e-5 = 2r⁴/(1 − r²)
    const r = spontaneousAmplitude(CANONICAL_REGIMES.beatSensory);
    expect((2 * r ** 4) / (1 - r * r)).toBeCloseTo(1e-5, 12);
  });

  it('an unforced supercritical bank settles at 1/√2', () => {
    const bank = new GrfnnBank({ lowHz: 1, highHz: 4, count: 3, params: CANONICAL_REGIMES.supercritical });
    bank.reset(0.05);
    const rec = runGrfnn(bank, complexArray(2000), 200);
    const amp = meanAmplitude(rec, 1900);
    for (const a of amp) expect(a).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it("a linear oscillator's response peaks at its natural frequency and follows F/√(α² + Ω²)", () => {
    // unscaled linear oscillator at 2 Hz, α = −1: steady |z| = F/√(1 + (2π(f − 2))²)
    const fs = 200;
    const rows: Array<[number, number]> = [];
    for (const f of [1.6, 1.8, 1.9, 1.95, 2, 2.05, 2.1, 2.2, 2.4]) {
      const bank = new GrfnnBank({ lowHz: 2, highHz: 2, count: 1, params: CANONICAL_REGIMES.linear, coupling: 'linear', timeScaled: false });
      bank.reset(0);
      const rec = runGrfnn(bank, tone(f, 0.1, 12, fs), fs);
      const r = meanAmplitude(rec, rec.frames - 400)[0]!;
      expect(r).toBeCloseTo(0.1 / Math.hypot(1, 2 * Math.PI * (f - 2)), 4);
      rows.push([f, r]);
    }
    const peak = rows.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(peak[0]).toBe(2);
  });

  it('in a bank driven by one frequency, the oscillator tuned to it resonates most and runs at that frequency', () => {
    const fs = 100;
    const bank = new GrfnnBank({ lowHz: 0.5, highHz: 8, count: 41, params: CANONICAL_REGIMES.critical, coupling: 'full' });
    const rec = runGrfnn(bank, tone(2, 0.05, 30, fs), fs);
    const amp = meanAmplitude(rec, rec.frames >> 1);
    let best = 0;
    for (let k = 1; k < amp.length; k++) if (amp[k]! > amp[best]!) best = k;
    expect(rec.frequenciesHz[best]).toBeCloseTo(2, 9); // 2 Hz is on this grid (k = 20)
    expect(entrainedFrequency(rec, best, rec.frames >> 1)).toBeCloseTo(2, 4);
    // critical oscillator at resonance: r ≈ (F/|β1|)^{1/3} = 0.05^{1/3} (the ε terms shift it slightly)
    expect(amp[best]).toBeGreaterThan(0.33);
    expect(amp[best]).toBeLessThan(0.40);
  });

  it('refuses a stimulus at the input pole', () => {
    const bank = new GrfnnBank({ lowHz: 1, highHz: 2, count: 2, params: CANONICAL_REGIMES.critical, coupling: 'full' });
    expect(() => runGrfnn(bank, tone(1, 1.2, 1, 100), 100)).toThrow(/1\/√ε/);
  });
});
