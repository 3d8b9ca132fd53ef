/**
 * Broken EDF input: truncated, corrupted and lying files each give one FormatError whose one-line message names the
 * file and the problem; random byte mutations of a valid file either parse or throw a FormatError, never anything
 * else.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError } from '../src/formats/errors.js';
import { readEdf } from '../src/formats/edf.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { buildEdf, concatBytes, int16Bytes, talBytes, type RawEdf, type RawSignal } from './helpers/edf-bytes.js';

const EEG: RawSignal = { label: 'O1', dimension: 'uV', pmin: '-100', pmax: '100', dmin: '-2048', dmax: '2047', spr: '4' };
const ANNOT: RawSignal = { label: 'EDF Annotations', pmin: '-1', pmax: '1', dmin: '-32768', dmax: '32767', spr: '16' };
const samples = (r: number): Uint8Array => int16Bytes([r, -r, 2 * r, 7]);
function valid(over: Partial<RawEdf> = {}, eeg: Partial<RawSignal> = {}, tals = ['+0\x14\x14\x00', '+1\x14\x14\x00+1.5\x14x\x14\x00']): Uint8Array {
  return buildEdf({
    reserved: 'EDF+C',
    records: '2',
    duration: '1',
    signals: [{ ...EEG, ...eeg }, ANNOT],
    data: concatBytes(samples(1), talBytes(tals[0]!, 32), samples(2), talBytes(tals[1]!, 32)),
    ...over,
  });
}

function problem(bytes: Uint8Array): string {
  try {
    readEdf(bytes, { name: 'bad.edf' });
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith('bad.edf: ')).toBe(true);
    return message.slice('bad.edf: '.length);
  }
  throw new Error('read without complaint');
}

describe('broken EDF files', () => {
  it('the valid file of these tests reads', () => {
    const edf = readEdf(valid());
    expect(edf.signals[0]!.data).toHaveLength(8);
    expect(edf.annotations).toEqual([{ onset: 1.5, duration: 0, text: 'x' }]);
  });

  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['zero-length', () => new Uint8Array(0), /the file is empty/],
    ['cut inside the header', () => valid().subarray(0, 100), /only 100 bytes: shorter than the 256-byte/],
    ['wrong version', () => valid({ version: '1' }), /version field is "1": not an EDF file/],
    ['a BDF header whose marker is not BIOSEMI', () => valid({ version: '\xffBIOSEMX' }), /version field is "\u00ffBIOSEMX"/],
    ['header bytes lie', () => valid({ headerBytes: '9999' }), /header says it is 9999 bytes long, but 2 signals make it 768/],
    ['header bytes not a number', () => valid({ headerBytes: 'abc' }), /number of header bytes is "abc", not a number/],
    ['ns not a number', () => valid({ ns: 'two' }), /number of signals is "two", not a number/],
    ['ns zero', () => valid({ ns: '0', headerBytes: '256' }), /number of signals is 0: it must be a whole number above 0/],
    ['ns negative', () => valid({ ns: '-2' }), /number of signals is -2/],
    ['ns more than the file holds', () => valid({ ns: '9', headerBytes: '2560' }), /shorter than the 2560-byte header it declares/],
    ['no data at all', () => valid().subarray(0, 768), /truncated: 0 bytes of data, not even one 40-byte record/],
    ['cut inside the first record', () => valid().subarray(0, 790), /truncated: 22 bytes of data/],
    ['record count not a number', () => valid({ records: 'ten' }), /number of data records is "ten", not a whole number/],
    ['record count zero', () => valid({ records: '0' }), /declares 0 data records/],
    ['record count below -1', () => valid({ records: '-5' }), /number of data records is -5/],
    ['negative record duration', () => valid({ duration: '-1' }), /record duration is -1 s: it must not be negative/],
    ['record duration zero with ordinary signals', () => valid({ duration: '0' }), /record duration is 0 s, allowed only when every signal is an annotation signal/],
    ['dmin ≥ dmax', () => valid({}, { dmin: '2047', dmax: '-2048' }), /signal 1 \("O1"\): digital minimum 2047 is not below the digital maximum -2048/],
    ['digital range beyond 16 bits', () => valid({}, { dmin: '-40000' }), /digital range -40000 … 2047 exceeds the 16-bit samples/],
    ['fractional digital range', () => valid({}, { dmax: '2047.5' }), /digital range -2048 … 2047.5 is not whole numbers/],
    ['pmin = pmax', () => valid({}, { pmin: '5', pmax: '5' }), /physical minimum and maximum are both 5/],
    ['zero samples per record', () => valid({}, { spr: '0' }), /0 samples per record; it must be a whole number above 0/],
    ['samples per record not a number', () => valid({}, { spr: 'four' }), /the number of samples per record is "four", not a number/],
    ['non-ASCII in a number', () => valid({}, { pmin: '-1\xb500' }), /physical minimum is "-1\u00b500", not a number/],
    ['EDF+D', () => valid({ reserved: 'EDF+D' }), /EDF\+D \(discontinuous\) files are not read/],
    ['TAL never terminated', () => valid({}, {}, ['+0\x14\x14' + 'y'.repeat(28), '+1\x14\x14\x00']), /record 1, annotation signal 1: unterminated TAL: a text without its closing 0x14/],
    ['TAL texts never closed by 0x00', () => valid({}, {}, ['+0\x14\x14' + 'y\x14'.repeat(15), '+1\x14\x14\x00']), /unterminated TAL: no 0x00 after its texts/],
    ['TAL onset never closed', () => valid({}, {}, ['+0' + '1'.repeat(30), '+1\x14\x14\x00']), /unterminated TAL: no 0x14 after the onset/],
    ['TAL without a sign', () => valid({}, {}, ['0\x14\x14\x00', '+1\x14\x14\x00']), /a TAL must begin with "\+" or "-", found byte 0x30/],
    ['TAL onset not a number', () => valid({}, {}, ['+0\x14\x14\x00', '+1\x14\x14\x00+1.2.3\x14x\x14\x00']), /record 2, annotation signal 1: TAL onset "\+1\.2\.3" is not a signed number/],
    ['TAL duration not a number', () => valid({}, {}, ['+0\x14\x14\x00', '+1\x14\x14\x00+1\x15abc\x14x\x14\x00']), /TAL duration "abc" is not a number/],
    ['record without its time-keeping TAL', () => valid({}, {}, ['+0\x14hello\x14\x00', '+1\x14\x14\x00']), /record 1: the annotation signal does not begin with the record's time-keeping TAL/],
    ['empty annotation block', () => valid({}, {}, ['', '+1\x14\x14\x00']), /record 1: the annotation signal does not begin with the record's time-keeping TAL/],
  ];
  for (const [what, bytes, expected] of cases) {
    it(`refuses: ${what}`, () => {
      expect(problem(bytes())).toMatch(expected);
    });
  }

  it('reads non-ASCII text fields as Latin-1 and says so', () => {
    const edf = readEdf(valid({ patient: 'M\xfcller' }, { label: 'O1\xb5' }));
    expect(edf.header.patient).toBe('Müller');
    expect(edf.signals[0]!.label).toBe('O1µ');
    expect(edf.warnings).toEqual(['the patient field has non-ASCII bytes, read as Latin-1', "signal 1's label has non-ASCII bytes, read as Latin-1"]);
  });

  it('random byte mutations and truncations of valid files either parse or throw a FormatError', () => {
    const files = [
      valid(),
      writeEdf({ sampleRate: 8, signals: [{ label: 'Fp1', data: Float64Array.from({ length: 16 }, (_, i) => Math.sin(i)) }], annotations: [{ onset: 0.5, duration: 1, text: 'a' }] }),
    ];
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat()),
        (which, edits, cut) => {
          const bytes = files[which]!.slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          const input = cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
          try {
            const edf = readEdf(input, { name: 'mutant.edf' });
            for (const s of edf.signals) expect(s.data.length).toBe(edf.header.recordCount * s.samplesPerRecord);
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
          }
        },
      ),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it('mutations of header digits in particular (the fields most likely to lie) parse or throw a FormatError', () => {
    const file = valid();
    const digits = [...'0123456789 .-+eE'].map((c) => c.charCodeAt(0));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 184, max: 767 }), fc.constantFrom(...digits)), { minLength: 1, maxLength: 6 }), (edits) => {
        const bytes = file.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          readEdf(bytes, { name: 'mutant.edf' });
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
