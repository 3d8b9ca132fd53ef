import { describe, expect, it } from 'vitest';
import { activityPerWindow, crossCorrelogram, firingTimesByNode, medianIntervals, pairTalking, propagationSteps, ringRaster } from './analysis.js';
import type { FiringLog } from './compose.js';

function log(rows: Array<[number, number, number]>): FiringLog {
  return {
    count: rows.length,
    timesSeconds: Float64Array.from(rows, (r) => r[0]),
    nodes: Int32Array.from(rows, (r) => r[1]),
    pitches: new Float64Array(rows.length),
    velocities: new Float64Array(rows.length),
    causes: Int32Array.from(rows, (r) => r[2]),
  };
}

describe('run measures', () => {
  it('bins firings on the ring and per window', () => {
    const f = log([[0.05, 0, -1], [0.07, 0, -1], [0.15, 2, 0], [0.95, 1, 2]]);
    const r = ringRaster(f, 3, 1, 0.1);
    expect(r.bins).toBe(10);
    expect(r.values[0 * 10 + 0]).toBe(2);
    expect(r.values[2 * 10 + 1]).toBe(1);
    expect(r.values[1 * 10 + 9]).toBe(1);
    expect([...activityPerWindow(f, 1, 0.5)]).toEqual([3, 1]);
  });

  it('measures the signed step round the ring from cause to fired node', () => {
    // On 8 nodes: 1 → 2 is +1, 7 → 0 is +1 (wrapping), 3 → 1 is −2, 0 → 4 is 4 (the far side).
    const f = log([[0, 1, -1], [1, 2, 1], [2, 0, 7], [3, 1, 3], [4, 4, 0]]);
    const p = propagationSteps(f, 8);
    expect(p.triggered).toBe(4);
    expect(p.steps[p.half + 1]).toBe(2);
    expect(p.steps[p.half - 2]).toBe(1);
    expect(p.steps[p.half + 4]).toBe(1);
  });

  it('finds the lag of a pair that answers the other (cross-correlogram against chance)', () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const b = a.map((t) => t + 0.3);
    const cc = crossCorrelogram(a, b, 101, 1, 0.1);
    const peak = cc.ratio.indexOf(Math.max(...cc.ratio));
    expect(cc.lagsSeconds[peak]).toBeCloseTo(0.3, 12);
    // 100 coincidences where independent trains would give 100·100·0.1/101.
    expect(cc.ratio[peak]).toBeCloseTo(100 / ((100 * 100 * 0.1) / 101), 9);
    const talk = pairTalking([a, b, Float64Array.from({ length: 100 }, (_, i) => i + 0.55 + 0.37 * Math.sin(i))], 101, { maxLagSeconds: 1, binSeconds: 0.1 });
    expect([talk.pairs[0]!.a, talk.pairs[0]!.b]).toEqual([0, 1]);
    expect(talk.pairs[0]!.peakLagSeconds).toBeCloseTo(0.3, 12);
  });

  it('splits firings by node and takes each node\'s median interval', () => {
    const f = log([[0, 0, -1], [1, 1, -1], [1, 0, -1], [3, 0, -1], [6, 0, -1]]);
    const times = firingTimesByNode(f, 2);
    expect([...times[0]!]).toEqual([0, 1, 3, 6]);
    const m = medianIntervals(times);
    expect(m[0]).toBe(2); // intervals 1, 2, 3
    expect(Number.isNaN(m[1]!)).toBe(true);
  });
});
