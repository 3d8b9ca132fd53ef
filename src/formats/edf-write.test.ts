import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random.js';
import { readEdf } from './edf.js';
import { writeEdf, type EdfWriteInput } from './edf-write.js';

function twin(seed: number): EdfWriteInput {
  const random = createRandom(seed);
  const eeg = Float64Array.from({ length: 128 * 4 }, (_, i) => 40 * Math.sin((2 * Math.PI * 10 * i) / 128) + 15 * (random.next() - 0.5));
  const slow = Float64Array.from({ length: 4 }, (_, i) => 36.5 + 0.1 * i);
  return {
    signals: [
      { label: 'AF3', physicalDimension: 'uV', transducer: 'saline', prefiltering: 'HP:0.16Hz LP:43Hz', data: eeg, sampleRate: 128 },
      { label: 'Temp', physicalDimension: 'degC', data: slow, sampleRate: 1 },
    ],
    annotations: [
      { onset: 0, duration: 0, text: 'baseline' },
      { onset: 1.25, duration: 2.5, text: 'relaxed — eyes closed' },
      { onset: 3.999, duration: 0, text: 'end' },
    ],
    startTime: new Date(Date.UTC(2026, 11, 6, 23, 58, 1, 500)),
  };
}

describe('writeEdf', () => {
  it('round-trips signals to within half a digital step, and annotations and the start exactly', () => {
    const input = twin(7);
    const back = readEdf(writeEdf(input), { name: 'twin.edf' });
    expect(back.warnings).toEqual([]);
    expect(back.header.format).toBe('EDF+C');
    expect(back.startTime?.toISOString()).toBe('2026-12-06T23:58:01.500Z');
    expect(back.duration).toBe(4);
    input.signals.forEach((s, i) => {
      const got = back.signals[i]!;
      expect(got).toMatchObject({ label: s.label, physicalDimension: s.physicalDimension, sampleRate: s.sampleRate, digitalMin: -32767, digitalMax: 32767 });
      const halfStep = (got.physicalMax - got.physicalMin) / 65534 / 2;
      let worst = 0;
      for (let k = 0; k < s.data.length; k++) worst = Math.max(worst, Math.abs(got.data[k]! - s.data[k]!));
      expect(worst).toBeLessThanOrEqual(halfStep * (1 + 1e-9));
      expect(got.physicalMin).toBeLessThanOrEqual(Math.min(...Array.from(s.data)));
      expect(got.physicalMax).toBeGreaterThanOrEqual(Math.max(...Array.from(s.data)));
    });
    expect(back.annotations).toEqual(input.annotations!.map((a) => ({ ...a, onset: expect.closeTo(a.onset, 9) })));
  });

  it('writes the same bytes for the same input', () => {
    expect(writeEdf(twin(3))).toEqual(writeEdf(twin(3)));
    expect(writeEdf(twin(3))).not.toEqual(writeEdf(twin(4)));
  });

  it('uses a given physical range and fits awkward ranges into the 8-character fields outwards', () => {
    const data = Float64Array.from([-123456.789, 0.000123, 98765.4321, 1]);
    const back = readEdf(writeEdf({ sampleRate: 4, signals: [{ label: 'x', data }, { label: 'y', data: new Float64Array(4).fill(2), physicalMin: -500, physicalMax: 500 }] }));
    const x = back.signals[0]!;
    expect(x.physicalMin).toBeLessThanOrEqual(-123456.789);
    expect(x.physicalMax).toBeGreaterThanOrEqual(98765.4321);
    expect(x.physicalMax - x.physicalMin).toBeLessThan(222224); // rounded outwards by at most one unit of the last digit each
    expect([back.signals[1]!.physicalMin, back.signals[1]!.physicalMax]).toEqual([-500, 500]);
    expect(back.signals[1]!.data[0]).toBeCloseTo(2, 1);
    const constant = readEdf(writeEdf({ sampleRate: 1, signals: [{ label: 'flat', data: [7, 7] }] })).signals[0]!;
    expect(Array.from(constant.data)).toEqual([expect.closeTo(7, 3), expect.closeTo(7, 3)]);
  });

  it('starts on 1 January 1985 when no start is given, with the EDF+ Startdate in the recording field', () => {
    const back = readEdf(writeEdf({ sampleRate: 2, signals: [{ label: 'x', data: [1, 2] }] }));
    expect(back.startTime?.toISOString()).toBe('1985-01-01T00:00:00.000Z');
    expect(back.header.recording).toBe('Startdate 01-JAN-1985 X X X');
    expect(back.header.patient).toBe('X X X X');
  });

  it('refuses what EDF cannot hold', () => {
    expect(() => writeEdf({ signals: [] })).toThrow(/at least one signal/);
    expect(() => writeEdf({ sampleRate: 128, signals: [{ label: 'x', data: new Float64Array(100) }] })).toThrow(/100 samples do not fill whole 1-s records/);
    expect(() => writeEdf({ sampleRate: 12.8, signals: [{ label: 'x', data: new Float64Array(128) }] })).toThrow(/not a whole number of samples per record/);
    expect(() => writeEdf({ sampleRate: 1, signals: [{ label: 'x', data: [NaN] }] })).toThrow(/sample 0 is NaN/);
    expect(() => writeEdf({ sampleRate: 1, signals: [{ label: 'a label longer than 16', data: [0] }] })).toThrow(/at most 16 printable ASCII/);
    expect(() => writeEdf({ sampleRate: 1, signals: [{ label: 'x', data: [1e12] }] })).toThrow(/does not fit the 8-character/);
    expect(() => writeEdf({ sampleRate: 1, signals: [{ label: 'x', data: [0] }], annotations: [{ onset: 0, duration: 0, text: 'a\x14b' }] })).toThrow(/TAL separator/);
  });

  it('writes 12.8 Hz signals with 5-s records', () => {
    const back = readEdf(writeEdf({ sampleRate: 12.8, recordDurationSeconds: 5, signals: [{ label: 'x', data: new Float64Array(128).fill(1) }] }));
    expect(back.signals[0]!.sampleRate).toBeCloseTo(12.8, 12);
    expect(back.header.recordCount).toBe(2);
  });
});
