import { describe, expect, it } from 'vitest';
import { fitOnsetThreshold, pickOnsets, pickOnsetsAtRate, rankPeaks } from './onset-picking.js';
import { distinctOnsets, frameGrid, frameTimes, onsetEnvelope, onsetLabels, onsetsBetween, targetOnsets } from './onset-targets.js';
import { onsetF1 } from './onsets-f1.js';
import { createScore } from '../score/ops.js';
import { createRandom } from '../math/random.js';

const grid10 = { count: 5, hopSeconds: 0.1, startSeconds: 0 };

describe('onset targets', () => {
  it('counts a chord once and keeps notes 2 ms apart as two onsets', () => {
    const note = (onset: number, pitch: number) => ({ onset, duration: 0.5, pitch, velocity: 0.8, voice: 0 });
    const score = createScore([note(0, 60), note(0, 64), note(0.0004, 67), note(1, 60), note(1.002, 62)]);
    expect(Array.from(targetOnsets(score))).toEqual([0, 1, 1.002]);
    expect(Array.from(targetOnsets(score, { fromSeconds: 0.5 }))).toEqual([1, 1.002]);
    expect(Array.from(distinctOnsets([3, 1, 2, 1]))).toEqual([1, 2, 3]);
    expect(Array.from(onsetsBetween([0, 1, 2, 3], 1, 3))).toEqual([1, 2]);
  });

  it('builds frame grids, labels on the nearest frame, and Gaussian envelopes peaking at 1', () => {
    const g = frameGrid(0, 1);
    expect(g.count).toBe(50);
    expect(frameTimes(g)[49]).toBeCloseTo(0.98, 12);
    expect(frameGrid(0, 1.001).count).toBe(51);
    const labels = onsetLabels([0.031, 0.5, 5], g);
    expect(labels[2]).toBe(1); // 0.031 s is nearest to frame 2 (0.04 s)
    expect(labels[25]).toBe(1);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(2); // 5 s is off the grid
    const env = onsetEnvelope([0.5], g, 0.02);
    expect(env[25]).toBe(1);
    expect(env[26]).toBeCloseTo(Math.exp(-0.5), 12); // one hop = one standard deviation
    expect(() => frameGrid(1, 1)).toThrow(/end > start/);
  });
});

describe('peak picking', () => {
  it('finds local maxima, ranks them and suppresses a lower neighbour within the gap', () => {
    const peaks = rankPeaks([0, 1, 0, 0.5, 0], grid10);
    expect(Array.from(peaks.times)).toEqual([0.1, 0.30000000000000004]);
    // Peaks 2 frames apart (0.2 s) with a 0.25 s gap: only the higher survives.
    const suppressed = rankPeaks([0, 1, 0, 0.5, 0], grid10, { minGapSeconds: 0.25 });
    expect(Array.from(suppressed.heights)).toEqual([1]);
    expect(Array.from(pickOnsets([0, 1, 0, 0.5, 0], grid10, 0.7))).toEqual([0.1]);
    // A flat top yields one peak, at its first frame.
    expect(Array.from(rankPeaks([0, 1, 1, 0, 0], grid10).times)).toEqual([0.1]);
  });

  it('refines peak times with a parabola when asked', () => {
    // Samples of −(t − 0.13)² at 0.1, 0.2, 0.3 around the top frame: the vertex is at 0.13 exactly.
    const f = (t: number) => 1 - (t - 0.13) ** 2;
    const act = [0, 0.1, 0.2, 0.3, 0.4].map(f);
    expect(rankPeaks(act, grid10, { interpolate: true }).times[0]).toBeCloseTo(0.13, 12);
    expect(rankPeaks(act, grid10).times[0]).toBeCloseTo(0.1, 12);
  });

  it('refuses activations that do not fit the grid or hold NaN', () => {
    expect(() => rankPeaks([0, 1], grid10)).toThrow(/2 frames but the grid has 5/);
    expect(() => rankPeaks([0, NaN, 0, 0, 0], grid10)).toThrow(/NaN/);
  });
});

describe('threshold fitting on training data', () => {
  // A synthetic activation: true onsets give bumps of height 0.8–1, spurious bumps 0.2–0.5, plus noise.
  function synthetic(seed: number, seconds: number) {
    const rng = createRandom(seed);
    const grid = frameGrid(0, seconds);
    const onsets: number[] = [];
    for (let t = 0.3; t < seconds - 0.3; t += rng.uniform(0.2, 0.6)) onsets.push(t);
    const spurious: number[] = [];
    for (let t = 0.45; t < seconds - 0.3; t += rng.uniform(0.5, 1.5)) spurious.push(t);
    const act = new Float64Array(grid.count);
    const bump = (t: number, h: number) => {
      const env = onsetEnvelope([t], grid, 0.03);
      for (let i = 0; i < act.length; i++) act[i] = Math.max(act[i]!, h * env[i]!);
    };
    for (const t of onsets) bump(t, rng.uniform(0.8, 1));
    for (const t of spurious) bump(t, rng.uniform(0.2, 0.5));
    for (let i = 0; i < act.length; i++) act[i]! += 0.01 * rng.normal();
    return { grid, onsets: Float64Array.from(onsets), act };
  }

  it('finds a threshold between spurious and true peaks, and it transfers to new data', () => {
    const train = synthetic(1, 30);
    const fit = fitOnsetThreshold(train.act, train.grid, train.onsets);
    expect(fit.threshold).toBeGreaterThan(0.5);
    expect(fit.threshold).toBeLessThan(0.8);
    expect(fit.score.f1).toBeGreaterThan(0.97);
    const test = synthetic(2, 30);
    const picked = pickOnsets(test.act, test.grid, fit.threshold);
    expect(onsetF1(picked, test.onsets).f1).toBeGreaterThan(0.95);
  });

  it('reports the best F1 over all thresholds (checked against a fresh evaluation of every candidate)', () => {
    const { grid, onsets, act } = synthetic(4, 12);
    const fit = fitOnsetThreshold(act, grid, onsets);
    let best = 0;
    for (const h of rankPeaks(act, grid).heights) best = Math.max(best, onsetF1(pickOnsets(act, grid, h), onsets).f1);
    expect(fit.score.f1).toBeCloseTo(best, 12);
    expect(onsetF1(pickOnsets(act, grid, fit.threshold), onsets).f1).toBeCloseTo(best, 12);
    expect(fit.curve.f1.length).toBe(fit.curve.threshold.length);
  });

  it('picks the highest peaks at a given onset rate', () => {
    // 5 frames of 0.1 s = 0.5 s; 4 onsets/s → 2 onsets: the two highest peaks, in time order.
    const act = [0, 0.9, 0, 0.5, 0, 0.7, 0];
    const grid = { count: 7, hopSeconds: 0.1, startSeconds: 0 };
    expect(Array.from(pickOnsetsAtRate(act, grid, 2 / 0.7))).toEqual([0.1, 0.5]);
    expect(pickOnsetsAtRate(act, grid, 100).length).toBe(3);
    expect(() => pickOnsetsAtRate(act, grid, -1)).toThrow(/rate/);
  });

  it('predicts nothing when no threshold scores a hit', () => {
    const fit = fitOnsetThreshold([0, 1, 0, 0, 0], grid10, [0.4]);
    expect(fit.threshold).toBe(Infinity);
    expect(fit.score.f1).toBe(0);
    expect(pickOnsets([0, 1, 0, 0, 0], grid10, fit.threshold).length).toBe(0);
  });
});
