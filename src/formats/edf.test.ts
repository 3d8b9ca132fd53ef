import { describe, expect, it } from 'vitest';
import { buildEdf, concatBytes, int16Bytes, talBytes, type RawEdf, type RawSignal } from '../../test/helpers/edf-bytes.js';
import { FormatError } from './errors.js';
import { crlfConversionCount, readEdf, undoCrlfConversion } from './edf.js';

const FP1: RawSignal = { label: 'EEG Fp1', transducer: 'AgAgCl', dimension: 'uV', pmin: '-100', pmax: '100', dmin: '-2048', dmax: '2047', prefiltering: 'HP:0.1Hz', spr: '4' };
const RESP: RawSignal = { label: 'Resp', dimension: '', pmin: '0', pmax: '10', dmin: '0', dmax: '1000', spr: '1' };
const ANNOT: RawSignal = { label: 'EDF Annotations', pmin: '-1', pmax: '1', dmin: '-32768', dmax: '32767', spr: '16' };

/** Two 0.5-s records of an EDF+C file whose first record starts 0.25 s after the header's start time. */
function record(r: number, tals: string): Uint8Array {
  return concatBytes(int16Bytes([-2048, 0, 2047, 100 + r]), int16Bytes([500 + r]), talBytes(tals, 32));
}
function plusFile(over: Partial<RawEdf> = {}): RawEdf {
  return {
    date: '24.01.20',
    time: '04.05.56',
    recording: 'Startdate 24-JAN-2020 X X X',
    reserved: 'EDF+C',
    records: '2',
    duration: '0.5',
    signals: [FP1, RESP, ANNOT],
    data: concatBytes(record(0, '+0.25\x14\x14\x00'), record(1, '+0.75\x14\x14\x00+0.8\x151.5\x14Eyes closed\x14\x00')),
    ...over,
  };
}
/** p = (d − dmin)(pmax − pmin)/(dmax − dmin) + pmin, Kemp et al. 1992. */
const fp1 = (d: number): number => ((d + 2048) * 200) / 4095 - 100;

function errorOf(bytes: Uint8Array): FormatError {
  try {
    readEdf(bytes, { name: 'bad.edf' });
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('no FormatError');
}

describe('readEdf', () => {
  it('reads the header, calibrates the samples and keeps each signal at its own rate', () => {
    const edf = readEdf(buildEdf(plusFile()), { name: 'mem.edf' });
    expect(edf.header).toMatchObject({ format: 'EDF+C', recordCount: 2, declaredRecordCount: 2, recordDurationSeconds: 0.5, signalCount: 3, headerBytes: 1024 });
    expect(edf.signals.map((s) => s.label)).toEqual(['EEG Fp1', 'Resp']);
    const [a, b] = edf.signals as [typeof edf.signals[0], typeof edf.signals[0]];
    expect(a).toMatchObject({ transducer: 'AgAgCl', physicalDimension: 'uV', prefiltering: 'HP:0.1Hz', samplesPerRecord: 4, sampleRate: 8 });
    expect(b.sampleRate).toBe(2);
    expect(a.data[0]).toBe(-100);
    expect(a.data[2]).toBeCloseTo(100, 12);
    expect(a.data[1]).toBeCloseTo(0.0244200244, 9); // 2048 · 200 / 4095 − 100
    expect(Array.from(a.data.slice(3))).toEqual([fp1(100), -100, fp1(0), fp1(2047), fp1(101)].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(b.data)).toEqual([5, 5.01].map((v) => expect.closeTo(v, 12)));
    expect(edf.duration).toBe(1);
    expect(edf.warnings).toEqual([]);
  });

  it('takes the sub-second start from the first time-keeping TAL and counts onsets from the first sample', () => {
    const edf = readEdf(buildEdf(plusFile()));
    expect(edf.startTime?.toISOString()).toBe('2020-01-24T04:05:56.250Z');
    expect(edf.annotations).toEqual([{ onset: expect.closeTo(0.55, 12), duration: 1.5, text: 'Eyes closed' }]);
  });

  it('decodes the start date with the 1985 clipping rule, preferring the four-digit Startdate year', () => {
    const start = (date: string, recording = 'Startdate X X X X'): string | undefined =>
      readEdf(buildEdf(plusFile({ date, recording, reserved: '', signals: [FP1], data: int16Bytes(new Array(8).fill(0)) }))).startTime?.toISOString();
    expect(start('01.02.85')).toBe('1985-02-01T04:05:56.000Z');
    expect(start('01.02.84')).toBe('2084-02-01T04:05:56.000Z');
    expect(start('31.12.99')).toBe('1999-12-31T04:05:56.000Z');
    expect(start('01.02.84', 'Startdate 01-FEB-2084 X X X')).toBe('2084-02-01T04:05:56.000Z');
    const bad = readEdf(buildEdf(plusFile({ date: '42.00.00', reserved: '', signals: [FP1], data: int16Bytes(new Array(8).fill(0)) })));
    expect(bad.startTime).toBeNull();
    expect(bad.warnings.join()).toMatch(/not a valid date/);
  });

  it('decodes only the signals asked for, and names the ones it lacks', () => {
    const edf = readEdf(buildEdf(plusFile()), { signals: ['Resp'] });
    expect(edf.signals.map((s) => s.label)).toEqual(['Resp']);
    expect(edf.annotations).toHaveLength(1);
    expect(() => readEdf(buildEdf(plusFile()), { name: 'x.edf', signals: ['O1'] })).toThrow(/x\.edf: no signal labelled "O1"; the signals are "EEG Fp1", "Resp"/);
  });

  it('derives the record count from the file size when the header says -1, and says so', () => {
    const edf = readEdf(buildEdf(plusFile({ records: '-1' })));
    expect(edf.header.recordCount).toBe(2);
    expect(edf.header.declaredRecordCount).toBe(-1);
    expect(edf.warnings.join()).toMatch(/-1 \(unknown\): 2 records read/);
  });

  it('reads what the header promises from a longer file, and the complete records of a shorter one', () => {
    const longer = buildEdf(plusFile({ data: concatBytes(plusFile().data, new Uint8Array(7)) }));
    const l = readEdf(longer);
    expect(l.header.recordCount).toBe(2);
    expect(l.warnings.join()).toMatch(/7 bytes longer than its 2 data records/);
    const shorter = buildEdf(plusFile({ records: '3' }));
    const s = readEdf(shorter);
    expect(s.header.recordCount).toBe(2);
    expect(s.warnings.join()).toMatch(/declares 3 data records but the file holds 2\.00: 2 complete records read/);
    const cut = readEdf(buildEdf(plusFile({ data: plusFile().data.subarray(0, 60) })));
    expect(cut.header.recordCount).toBe(1);
    expect(cut.signals[0]!.data).toHaveLength(4);
  });

  it('refuses EDF+D, and reads an EDF+C without annotation signal as plain EDF with a warning', () => {
    expect(errorOf(buildEdf(plusFile({ reserved: 'EDF+D' }))).message).toMatch(/^bad\.edf: EDF\+D \(discontinuous\) files are not read/);
    const plain = readEdf(buildEdf(plusFile({ signals: [FP1], data: int16Bytes(new Array(8).fill(0)) })));
    expect(plain.header.format).toBe('EDF');
    expect(plain.warnings.join()).toMatch(/says EDF\+C but there is no annotation signal/);
  });

  it('reads annotation text as UTF-8, and as Latin-1 (with a warning) when it is not UTF-8', () => {
    const utf8 = String.fromCharCode(...new TextEncoder().encode('café'));
    const u = readEdf(buildEdf(plusFile({ data: concatBytes(record(0, `+0\x14\x14\x00+0.1\x14${utf8}\x14\x00`), record(1, '+0.5\x14\x14\x00')) })));
    expect(u.annotations.map((a) => a.text)).toEqual(['café']);
    expect(u.warnings).toEqual([]);
    const l = readEdf(buildEdf(plusFile({ data: concatBytes(record(0, '+0\x14\x14\x00+0.1\x14caf\xe9 \xff\x14\x00'), record(1, '+0.5\x14\x14\x00')) })));
    expect(l.annotations.map((a) => a.text)).toEqual(['café ÿ']);
    expect(l.warnings.join()).toMatch(/not UTF-8 .* read as Latin-1/);
  });

  it('reads several texts in one TAL, negative onsets and records whose stamps jump (with a warning)', () => {
    const edf = readEdf(buildEdf(plusFile({ data: concatBytes(record(0, '+0\x14\x14\x00-0.5\x14a\x14b\x14\x00'), record(1, '+3\x14\x14\x00')) })));
    expect(edf.annotations).toEqual([{ onset: -0.5, duration: 0, text: 'a' }, { onset: -0.5, duration: 0, text: 'b' }]);
    expect(edf.warnings.join()).toMatch(/record 2 starts at 3 s, not 0\.5 s/);
  });

  it('reads 24-bit BDF samples', () => {
    const samples = [-8388608, 8388607, -1, 1];
    const data = new Uint8Array(samples.flatMap((s) => [s & 0xff, (s >> 8) & 0xff, (s >> 16) & 0xff]));
    const bdf = buildEdf({ version: '\xffBIOSEMI', records: '1', duration: '1', signals: [{ label: 'A1', pmin: '-262144', pmax: '262143', dmin: '-8388608', dmax: '8388607', spr: '4' }], data });
    const edf = readEdf(bdf);
    expect(edf.header.format).toBe('BDF');
    // gain = 524287 / 16777215 = 1/32 to within 2e-8; p = (d + 8388608) · gain − 262144
    const gain = 524287 / 16777215;
    expect(Array.from(edf.signals[0]!.data)).toEqual(samples.map((d) => expect.closeTo((d + 8388608) * gain - 262144, 6)));
  });

  it('undoes a text-mode LF → CRLF conversion of the file, and only when every LF follows a CR', () => {
    const digital = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0x0a0a : 0x0a00 + i));
    const original = buildEdf({ records: '1', duration: '1', signals: [{ ...FP1, dmin: '-32768', dmax: '32767', spr: '40' }], data: int16Bytes(digital) });
    const converted = concatBytes(...Array.from(original, (b) => (b === 0x0a ? new Uint8Array([0x0d, 0x0a]) : new Uint8Array([b]))));
    expect(crlfConversionCount(converted)).toBe(original.filter((b) => b === 0x0a).length); // sample 13 holds a genuine CR LF
    expect(undoCrlfConversion(converted)).toEqual(original);
    const edf = readEdf(converted);
    expect(edf.signals[0]!.data).toEqual(readEdf(original).signals[0]!.data);
    expect(edf.warnings.join()).toMatch(/LF → CRLF conversion, .*it was undone/);
    expect(crlfConversionCount(original)).toBe(0);
  });

  it('keeps the bytes of a consistent file whose LF bytes all follow a CR (a flat signal at 0x0A0D), with a warning', () => {
    const flat = buildEdf({ records: '2', duration: '1', signals: [{ ...FP1, dmin: '-32768', dmax: '32767', spr: '8' }], data: int16Bytes(new Array(16).fill(0x0a0d)) });
    const edf = readEdf(flat);
    expect(edf.header.recordCount).toBe(2);
    expect(Array.from(edf.signals[0]!.data)).toEqual(new Array(16).fill(expect.closeTo(((0x0a0d + 32768) * 200) / 65535 - 100, 12)));
    expect(edf.warnings).toEqual([expect.stringMatching(/\(16 times\), as after a text-mode LF → CRLF conversion, but the file is consistent as it is: read unchanged/)]);
  });

  it('reads from a view at an odd byte offset (copying once) like from an aligned one', () => {
    const bytes = buildEdf(plusFile());
    const odd = new Uint8Array(bytes.length + 1);
    odd.set(bytes, 1);
    expect(readEdf(odd.subarray(1)).signals).toEqual(readEdf(bytes).signals);
  });
});
