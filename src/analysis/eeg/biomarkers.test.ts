import { describe, expect, it } from 'vitest';
import { BiomarkerTracker, biomarkerSeries, INDEX_CHANNELS } from './biomarkers.js';
import { EPOC_CHANNELS, type EegRecording } from './types.js';
import { createRandom } from '../../math/random.js';

const FS = 128;

/** Sines at whole-hertz frequencies: with 1-s Hann segments each lands in its band with power A²/2. */
function sines(seconds: number, parts: Array<[hz: number, amplitude: number]>): Float64Array {
  return Float64Array.from({ length: seconds * FS }, (_, i) => parts.reduce((s, [f, a]) => s + a * Math.sin((2 * Math.PI * f * i) / FS + f), 0));
}

describe('biomarker indices', () => {
  it('equal the closed-form log ratios on sums of sines', () => {
    // theta 6 Hz (a = 2), alpha 10 Hz (a = 4), low beta 16 Hz (a = 1), high beta 25 Hz (a = 3), delta 2 Hz (a = 5).
    const parts: Array<[number, number]> = [[2, 5], [6, 2], [10, 4], [16, 1], [25, 3]];
    const x = sines(10, parts);
    const rec: EegRecording = { sampleRate: FS, labels: [...EPOC_CHANNELS], data: EPOC_CHANNELS.map(() => x), annotations: [] };
    const s = biomarkerSeries(rec, [0, 10]);
    const p = (a: number) => (a * a) / 2;
    const theta = p(2), alpha = p(4), beta = p(1) + p(3), highBeta = p(3), total = p(5) + theta + alpha + beta;
    for (let i = 0; i < s.times.length; i++) {
      expect(s.raw.stress[i]).toBeCloseTo(Math.log(highBeta / alpha), 9);
      expect(s.raw.attention[i]).toBeCloseTo(Math.log(beta / theta), 9);
      expect(s.raw.engagement[i]).toBeCloseTo(Math.log(beta / (alpha + theta)), 9);
      expect(s.raw.relaxation[i]).toBeCloseTo(Math.log(alpha / total), 9);
    }
    // A constant signal: the baseline sd is ~0, so the floor applies and every z is ~0.
    expect(Math.max(...s.indices.stress.map(Math.abs))).toBeLessThan(1e-6);
    expect(s.times[0]).toBe(2);
    expect(s.times[1]).toBe(2 + 1 / 8);
  });

  it('online equal offline, whatever the block size', () => {
    // Seeded noise on 14 channels whose 10-Hz and 24-Hz content changes after 12 s: non-trivial z-scores.
    const rng = createRandom(3);
    const n = 20 * FS;
    const data = EPOC_CHANNELS.map(() => Float64Array.from({ length: n }, (_, i) => {
      const late = i >= 12 * FS ? 1 : 0;
      return rng.normal(0, 5) + (6 - 4 * late) * Math.sin((2 * Math.PI * 10 * i) / FS) + (1 + 3 * late) * Math.sin((2 * Math.PI * 24 * i) / FS + 1);
    }));
    const rec: EegRecording = { sampleRate: FS, labels: [...EPOC_CHANNELS], data, annotations: [] };
    const offline = biomarkerSeries(rec, [0, 10]);
    for (const block of [16, 1, 37]) {
      const tracker = new BiomarkerTracker({ sampleRate: FS, labels: rec.labels, baselineSeconds: 10 });
      const seen: number[] = [];
      for (let at = 0; at < rec.data[0]!.length; at += block) {
        const n = Math.min(block, rec.data[0]!.length - at);
        if (tracker.push(rec.data.map((c) => c.subarray(at, at + n))) && tracker.ready) seen.push(tracker.indices.stress);
        if (!tracker.ready) expect(tracker.indices.stress).toBe(0);
      }
      expect(tracker.windows).toBe(offline.times.length);
      expect(tracker.baseline!.windows).toBe(offline.baseline.windows);
      const last = offline.times.length - 1;
      expect(tracker.raw.relaxation).toBeCloseTo(offline.raw.relaxation[last]!, 10);
      expect(tracker.indices.stress).toBeCloseTo(offline.indices.stress[last]!, 8);
      expect(Math.abs(tracker.indices.stress)).toBeGreaterThan(3); // the late high beta over weaker alpha
      // Every window after the baseline matched, not just the last one (blocks of at most a hop: one window each).
      if (block > 16) continue;
      const tail = Array.from(offline.indices.stress.subarray(offline.times.length - seen.length));
      seen.forEach((v, i) => expect(v).toBeCloseTo(tail[i]!, 8));
    }
  });

  it('work on a partial montage and say which channels an index lacks', () => {
    const x = sines(6, [[10, 3], [20, 1], [6, 1]]);
    const rec: EegRecording = { sampleRate: FS, labels: ['o1', 'F3', 'FC6', 'P8'], data: [x, x, x, x], annotations: [{ onset: 99, duration: 1, text: 'late' }] };
    const s = biomarkerSeries(rec, [0, 4]);
    expect(s.channels).toEqual(['F3', 'FC6', 'P8', 'o1']);
    expect(s.segments[0]!.windows).toBe(0);
    expect(s.segments[0]!.mean.stress).toBeNaN();
    const partial: EegRecording = { ...rec, labels: ['O1', 'F3', 'Cz', 'Pz'] };
    expect(() => biomarkerSeries(partial, [0, 4])).toThrow(/engagement index needs one of FC5 FC6 P7 P8, and the recording has only O1 F3 Cz Pz/);
    expect(() => biomarkerSeries(partial, [0, 4], { channels: { engagement: ['Cz', 'Pz'] } })).not.toThrow();
    expect(INDEX_CHANNELS.relaxation).toContain('O1');
  });

  it('refuse broken input', () => {
    const x = sines(6, [[10, 3]]);
    const rec: EegRecording = { sampleRate: FS, labels: [...EPOC_CHANNELS], data: EPOC_CHANNELS.map(() => x), annotations: [] };
    expect(() => biomarkerSeries(rec, [0, 2.05])).toThrow(/holds 1 whole 2-s window\(s\); it needs two/);
    expect(() => biomarkerSeries(rec, [3, 3])).toThrow(/empty/);
    expect(() => biomarkerSeries({ ...rec, data: EPOC_CHANNELS.map(() => x.subarray(0, 100)) }, [0, 1])).toThrow(/shorter than one 2-s window/);
    expect(() => biomarkerSeries({ ...rec, labels: ['O1'] }, [0, 4])).toThrow(/1 labels for 14 channels/);
    expect(() => biomarkerSeries(rec, [0, 4], { segmentSeconds: 3 })).toThrow(/must fit/);
    const tracker = new BiomarkerTracker({ sampleRate: FS, labels: [...EPOC_CHANNELS] });
    expect(() => tracker.push([x])).toThrow(/14 channels, got 1/);
    expect(() => tracker.push(EPOC_CHANNELS.map((_, i) => x.subarray(0, i === 3 ? 5 : 6)))).toThrow(/differ in length/);
    expect(() => new BiomarkerTracker({ sampleRate: FS, labels: [...EPOC_CHANNELS], baselineSeconds: 2 })).toThrow(/fewer than two/);
  });
});
