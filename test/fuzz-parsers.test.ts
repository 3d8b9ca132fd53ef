/**
 * Fuzzing every reader of the project (fast-check): arbitrary bytes, and valid files broken by the mutations real
 * damage makes (truncation, flipped bytes, a field overwritten with 0 or 0xff, inserted bytes). Whatever it gets, a
 * reader either returns a value or throws its format's error (`FormatError`, one line naming the source) — never a
 * TypeError, a RangeError from a typed-array allocation, a stack overflow or a hang. The seeds are fixed, so a
 * failure reproduces; fast-check prints the shrunk input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../src/formats/errors.js';
import { readMidi, writeMidi } from '../src/formats/midi.js';
import { decodeWav, encodeWav } from '../src/formats/wav.js';
import { readScoreFile } from '../src/formats/score-file.js';
import { readWcon, writeWcon } from '../src/formats/wcon.js';
import { readEdf } from '../src/formats/edf.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { readY4m, writeY4m } from '../src/formats/y4m.js';
import { parseConnectome } from '../src/engines/worm/model/connectome-file.js';
import { readMusicXml } from '../src/notation/musicxml-read.js';
import { toMusicXml } from '../src/notation/musicxml-write.js';
import { readKern } from '../src/notation/kern/read-kern.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { sliceScore } from '../src/score/ops.js';

const RUNS = 400;
const score = sliceScore(bachPreludeInC(), 0, 4);

/** A mutation of valid bytes: what a bad disk, a cut download or a careless editor does to a file. */
const mutated = (valid: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
    fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = valid.slice();
      for (const [at, v] of flips) b[at] = v;
      return b;
    }),
    fc.tuple(fc.nat({ max: Math.max(0, valid.length - 4) }), fc.constantFrom(0x00, 0xff)).map(([at, v]) => {
      const b = valid.slice();
      b.fill(v, at, at + 4);
      return b;
    }),
    fc.tuple(fc.nat({ max: valid.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, extra]) => {
      const b = new Uint8Array(valid.length + extra.length);
      b.set(valid.subarray(0, at));
      b.set(extra, at);
      b.set(valid.subarray(at), at + extra.length);
      return b;
    }),
  );

const bytesOrMutated = (valid: Uint8Array): fc.Arbitrary<Uint8Array> => fc.oneof(fc.uint8Array({ maxLength: 512 }), mutated(valid));

/** The property every reader keeps: a value or a one-line FormatError naming the source, quickly. */
function holds(read: () => unknown, source: string): void {
  const t0 = performance.now();
  try {
    read();
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    expect(err.message.startsWith(`${source}: `)).toBe(true);
    expect(err.message).not.toContain('\n');
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('fuzz: every reader returns or throws a one-line FormatError', () => {
  it('MIDI', () => {
    const valid = writeMidi(score);
    fc.assert(fc.property(bytesOrMutated(valid), (b) => holds(() => readMidi(b, 'fuzz.mid'), 'fuzz.mid')), { numRuns: RUNS, seed: 22 });
  });

  it('WAV', () => {
    const valid = encodeWav({ sampleRate: 8000, channels: [new Float32Array(64).fill(0.25), new Float32Array(64).fill(-0.25)] }, 'float32');
    fc.assert(fc.property(bytesOrMutated(valid), (b) => holds(() => decodeWav(b, 'fuzz.wav'), 'fuzz.wav')), { numRuns: RUNS, seed: 22 });
  });

  it('score JSON', () => {
    const valid = encode(JSON.stringify(score));
    const jsonish = fc.oneof(
      bytesOrMutated(valid),
      fc.jsonValue().map((v) => encode(JSON.stringify(v))),
      fc.record({ notes: fc.array(fc.record({ onset: fc.double(), duration: fc.double(), pitch: fc.double(), velocity: fc.double(), voice: fc.integer() }), { maxLength: 5 }) }).map((v) => encode(JSON.stringify(v))),
    );
    fc.assert(fc.property(jsonish, (b) => holds(() => readScoreFile(b, 'fuzz.json'), 'fuzz.json')), { numRuns: RUNS, seed: 22 });
  });

  it('WCON', () => {
    const valid = encode(
      writeWcon({ units: { t: 's', x: 'mm', y: 'mm' }, tracks: [{ id: 'w', t: [0, 0.1, 0.2], x: [[0, 1], [0, 1.1], [0, 1.2]], y: [[0, 0], [0, 0.1], [0, 0.2]] }] }),
    );
    fc.assert(fc.property(bytesOrMutated(valid), (b) => holds(() => readWcon(text(b), 'fuzz.wcon'), 'fuzz.wcon')), { numRuns: RUNS, seed: 22 });
  });

  it('CSV (connectome edge list)', () => {
    const valid = encode('Source,Target,Weight,Type\nAVAL,VA1,3,chemical\nAVAR,VA1,2,chemical\nAVAL,AVAR,1,electrical\nDB1,DD1,4,chemical\n');
    fc.assert(fc.property(fc.oneof(bytesOrMutated(valid), fc.string().map(encode)), (b) => holds(() => parseConnectome(text(b), 'fuzz.csv'), 'fuzz.csv')), { numRuns: RUNS, seed: 22 });
  });

  it('EDF', () => {
    const data = Float64Array.from({ length: 32 }, (_, i) => 50 * Math.sin(i / 3));
    const valid = writeEdf({ sampleRate: 16, signals: [{ label: 'Fz', physicalDimension: 'uV', data }], annotations: [{ onset: 0.5, duration: 1, text: 'eyes closed' }] });
    fc.assert(fc.property(bytesOrMutated(valid), (b) => holds(() => readEdf(b, { name: 'fuzz.edf' }), 'fuzz.edf')), { numRuns: RUNS, seed: 22 });
  });

  it('MusicXML', () => {
    const valid = encode(toMusicXml(sliceScore(bachPreludeInC(), 0, 2)));
    fc.assert(fc.property(fc.oneof(bytesOrMutated(valid), fc.string().map(encode)), (b) => holds(() => readMusicXml(b, 'fuzz.musicxml'), 'fuzz.musicxml')), { numRuns: RUNS, seed: 22 });
  });

  it('**kern', () => {
    const valid = encode('!!!COM: fuzz\n**kern\t**kern\n*M4/4\t*M4/4\n*MM72\t*MM72\n4C\t4c 4e\n8D\t8d\n8E\t[8f\n=1\t=1\n2G;\t2g]\n*-\t*-\n');
    fc.assert(fc.property(fc.oneof(bytesOrMutated(valid), fc.string().map(encode)), (b) => holds(() => readKern(text(b), 'fuzz.krn'), 'fuzz.krn')), { numRuns: RUNS, seed: 22 });
  });

  it('Y4M', () => {
    const valid = writeY4m({ width: 8, height: 6, fps: 10, frames: [new Uint8Array(48).fill(100), new Uint8Array(48).fill(150)] });
    fc.assert(fc.property(bytesOrMutated(valid), (b) => holds(() => readY4m(b, 'fuzz.y4m'), 'fuzz.y4m')), { numRuns: RUNS, seed: 22 });
  });
});
