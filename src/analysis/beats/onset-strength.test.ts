import { describe, expect, it } from 'vitest';
import { decimate, mixToMono, normalizeOnsets, spectralFlux } from './onset-strength.js';

describe('spectral flux', () => {
  it('peaks at a click, within a 10 ms frame (plus rounding), at any common sample rate', () => {
    for (const sr of [22050, 44100, 48000, 96000]) {
      const x = new Float32Array(sr * 2);
      const at = Math.round(0.73 * sr);
      for (let i = 0; i < Math.round(0.005 * sr); i++) x[at + i] = Math.sin(i * 0.7) * (1 - i / (0.005 * sr));
      const on = spectralFlux(x, sr);
      let best = 0;
      for (let f = 0; f < on.bands[0]!.length; f++) if (on.bands[0]![f]! > on.bands[0]![best]!) best = f;
      expect(Math.abs(best / on.framesPerSecond - 0.73)).toBeLessThanOrEqual(0.012);
    }
  });

  it('separates bands', () => {
    const sr = 44100;
    const x = new Float32Array(sr);
    // a 100 Hz tone faded in and out over 20 ms (no broadband clicks): new energy in the low band only
    for (let i = 0; i < 8820; i++) {
      const fade = Math.min(1, i / 882, (8820 - i) / 882) ** 2;
      x[Math.round(0.3 * sr) + i] = Math.sin((2 * Math.PI * 100 * i) / sr) * fade;
    }
    const on = spectralFlux(x, sr, { bandsHz: [[20, 200], [5000, 16000]] });
    const peak = (b: Float64Array): number => Math.max(...b);
    expect(peak(on.bands[0]!)).toBeGreaterThan(100 * peak(on.bands[1]!) + 1e-9);
  });

  it('mixes channels and normalises to zero mean, unit deviation', () => {
    expect(Array.from(mixToMono({ sampleRate: 8000, channels: [Float32Array.of(1, 0), Float32Array.of(0, 1)] }))).toEqual([0.5, 0.5]);
    const z = normalizeOnsets(Float64Array.from({ length: 1000 }, (_, i) => (i % 50 === 0 ? 5 : 1)), 200);
    let s = 0;
    let ss = 0;
    for (const v of z) {
      s += v;
      ss += v * v;
    }
    expect(Math.abs(s / 1000)).toBeLessThan(0.05);
    expect(ss / 1000).toBeCloseTo(1, 9);
  });
});

describe('decimation', () => {
  const tone = (f: number, sr: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
  const rms = (x: Float32Array, from = 100) => Math.sqrt(x.subarray(from, x.length - from).reduce((s, v) => s + v * v, 0) / (x.length - 2 * from));

  it('keeps a tone below the new Nyquist and rejects one above it', () => {
    const sr = 44100;
    const low = decimate(tone(1000, sr, 44100), sr, 2);
    expect(low.sampleRate).toBe(22050);
    expect(low.signal.length).toBe(22050);
    expect(rms(low.signal)).toBeCloseTo(Math.SQRT1_2, 2); // passband: unit gain
    const high = decimate(tone(16000, sr, 44100), sr, 2);
    expect(rms(high.signal)).toBeLessThan(0.02); // would alias to 6,050 Hz without the low-pass
  });

  it('is the identity for factor 1', () => {
    const x = tone(100, 8000, 100);
    expect(decimate(x, 8000, 1).signal).toBe(x);
  });
});
