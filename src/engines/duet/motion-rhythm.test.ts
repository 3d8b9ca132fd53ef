import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { drumOnsetEnvelope, laggedPearson, motionRhythmCorrelation, resampleSeries, type DrumStroke } from './motion-rhythm.js';

const FPS = 30;

/** Onset times with intervals drawn from [lo, hi) s: a rhythm that is periodic on average but drifts. */
function jittered(seed: number, seconds: number, lo: number, hi: number): number[] {
  const rng = createRandom(seed);
  const times: number[] = [];
  for (let t = 0.2; t < seconds; t += rng.uniform(lo, hi)) times.push(t);
  return times;
}

/** A motion-energy envelope with a raised-cosine bump of `widthSeconds` at each time, plus white noise. */
function bumps(times: number[], seconds: number, widthSeconds: number, noise: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const out = new Float64Array(Math.round(seconds * FPS));
  for (let i = 0; i < out.length; i++) {
    const t = i / FPS;
    let v = 0;
    for (const c of times) if (Math.abs(t - c) < widthSeconds / 2) v += 0.5 * (1 + Math.cos((2 * Math.PI * (t - c)) / widthSeconds));
    out[i] = v + noise * rng.normal();
  }
  return out;
}

const kicks = (times: number[], delay = 0): DrumStroke[] => times.map((t) => ({ onset: t + delay, velocity: 1, pitch: 36 }));

describe('the motion–rhythm correlation', () => {
  it('laggedPearson finds a known shift and its sign; a constant series gives 0', () => {
    const a = Array.from({ length: 40 }, (_, i) => Math.sin(i * 0.7) + Math.sin(i * 0.31));
    const b = a.map((_, i) => (i >= 3 ? a[i - 3]! : 0)); // b lags a by 3 samples
    const { r, lag } = laggedPearson(a, b, 5);
    expect(lag).toBe(3);
    expect(r).toBeGreaterThan(0.99);
    expect(laggedPearson(a, new Array(40).fill(2), 5).r).toBe(0);
  });

  it('a drum stroke becomes a Gaussian of the given width and area velocity × weight', () => {
    const rate = 1000;
    const d = drumOnsetEnvelope([{ onset: 1, velocity: 0.5, pitch: 38 }], 2000, rate, 0.05);
    const area = d.reduce((s, v) => s + v, 0) / rate;
    expect(area).toBeCloseTo(0.5 * 0.8, 4); // snare weight 0.8
    // Half maximum at ±σ√(2 ln 2) = ±58.9 ms.
    const peak = d[1000]!;
    expect(d[1000 + 59]! / peak).toBeCloseTo(0.5, 1);
  });

  it('resamples linearly and holds the last value', () => {
    expect(Array.from(resampleSeries({ values: [1, 3], sampleRateHz: 2 }, 4, 4))).toEqual([1, 2, 3, 3]);
  });

  it('a quasi-periodic pair that moves together: high r, the lag recovered, small p', () => {
    const seconds = 30;
    const times = jittered(11, seconds, 0.4, 0.65);
    const motion = { values: bumps(times, seconds, 0.3, 0.1, 5), sampleRateHz: FPS };
    const c = motionRhythmCorrelation(motion, kicks(times, 0.1), seconds, { beatSeconds: 0.5, permutations: 999, seed: 2 });
    expect(c.r).toBeGreaterThan(0.8);
    expect(c.lagSeconds).toBeCloseTo(0.1, 5);
    expect(c.p).toBeLessThan(0.005);
    expect(c.null95).toBeLessThan(c.r);
  });

  it('unrelated pairs: p not small — spread over (0, 1] as chance spreads it', () => {
    const seconds = 30;
    const motion = { values: bumps(jittered(21, seconds, 0.4, 0.65), seconds, 0.3, 0.1, 6), sampleRateHz: FPS };
    const ps = Array.from({ length: 20 }, (_, i) => motionRhythmCorrelation(motion, kicks(jittered(100 + i, seconds, 0.4, 0.65)), seconds, { permutations: 199, seed: i }).p);
    ps.sort((a, b) => a - b);
    expect(ps[10]!).toBeGreaterThan(0.2); // the median p
    expect(ps.filter((p) => p < 0.05).length).toBeLessThanOrEqual(3); // about 1 in 20 expected
  });

  it('two strictly periodic series of one period: r high, but p large (every alignment is as good)', () => {
    const seconds = 20;
    const times = Array.from({ length: 40 }, (_, i) => 0.25 + i * 0.5);
    const motion = { values: bumps(times, seconds, 0.3, 0, 1), sampleRateHz: FPS };
    const c = motionRhythmCorrelation(motion, kicks(times), seconds, { beatSeconds: 0.5, permutations: 199 });
    expect(c.r).toBeGreaterThan(0.9);
    expect(c.p).toBeGreaterThan(0.5);
  });

  it('is seeded: the same seed, the same p', () => {
    const seconds = 10;
    const times = jittered(4, seconds, 0.4, 0.6);
    const motion = { values: bumps(times, seconds, 0.3, 0.2, 9), sampleRateHz: FPS };
    const a = motionRhythmCorrelation(motion, kicks(times), seconds, { permutations: 199, seed: 7 });
    const b = motionRhythmCorrelation(motion, kicks(times), seconds, { permutations: 199, seed: 7 });
    expect(a).toEqual(b);
    expect(() => motionRhythmCorrelation(motion, kicks(times), seconds, { permutations: 10 })).toThrow(/at least 99/);
  });
});

describe('the permutation null of a short clip', () => {
  it('uses every allowed shift once when there are fewer than asked for, so p cannot go below 1/(shifts + 1)', () => {
    const seconds = 3;
    const times = [0.3, 0.8, 1.3, 1.8, 2.3, 2.8];
    const motion = { values: bumps(times, seconds, 0.3, 0.05, 2), sampleRateHz: FPS };
    const c = motionRhythmCorrelation(motion, kicks(times), seconds, { maxLagSeconds: 0.3 });
    // 90 frames, L = 9 frames: the shifts 19 … 71 are the 53 allowed.
    expect(c.exact).toBe(true);
    expect(c.permutations).toBe(90 - 4 * 9 - 1);
    expect(c.p).toBeGreaterThanOrEqual(1 / 54);
  });
});
