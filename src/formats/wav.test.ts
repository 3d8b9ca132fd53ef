import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as wavefileModule from 'wavefile';
import type { WaveFile as WaveFileType } from 'wavefile';
import { decodeWav, encodeWav, type WavEncoding } from './wav.js';
import { FormatError } from './errors.js';
import { namedExport } from '../math/interop.js';

const WaveFile = namedExport<typeof WaveFileType>(wavefileModule, 'WaveFile');

function tone(frames: number, channels: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => {
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) x[i] = 0.9 * Math.sin((2 * Math.PI * (220 + 110 * c) * i) / 8000);
    return x;
  });
}

// Written as round(x·(2^(b−1) − 1)), read as n / 2^(b−1): at most one step apart.
const RESOLUTION: Record<WavEncoding, number> = { pcm16: 1 / 32768, pcm24: 1 / 8388608, float32: 0 };

describe('WAV', () => {
  for (const encoding of ['pcm16', 'pcm24', 'float32'] as const) {
    for (const nch of [1, 2, 6]) {
      it(`round-trips ${encoding} with ${nch} channel(s)`, () => {
        const channels = tone(1000, nch);
        const back = decodeWav(encodeWav({ sampleRate: 8000, channels }, encoding));
        expect(back.sampleRate).toBe(8000);
        expect(back.channels).toHaveLength(nch);
        for (let c = 0; c < nch; c++) {
          for (let i = 0; i < 1000; i++) expect(Math.abs(back.channels[c]![i]! - channels[c]![i]!)).toBeLessThanOrEqual(RESOLUTION[encoding] * 1.5 + 1e-9);
        }
      });
    }
  }

  it('writes files that wavefile (the reference library) reads back sample for sample', () => {
    // wavefile does not recognise float inside WAVE_FORMAT_EXTENSIBLE (our layout above two channels), so the float
    // case is checked in stereo; sox reads the multichannel float files in test/real-clients.test.ts.
    for (const [encoding, depth, nch] of [['pcm16', '16', 3], ['pcm24', '24', 3], ['float32', '32f', 2]] as const) {
      const channels = tone(500, nch);
      const wav = new WaveFile(encodeWav({ sampleRate: 8000, channels }, encoding));
      expect((wav.fmt as { numChannels: number }).numChannels).toBe(nch);
      expect(wav.bitDepth).toBe(depth);
      const samples = wav.getSamples(false, Float64Array) as unknown as Float64Array[];
      const scale = depth === '16' ? 32767 : depth === '24' ? 8388607 : 1;
      for (let c = 0; c < nch; c++) {
        for (let i = 0; i < 500; i += 37) {
          const expected = depth === '32f' ? Math.fround(channels[c]![i]!) : Math.round(channels[c]![i]! * scale);
          expect(samples[c]![i]).toBe(expected);
        }
      }
    }
  });

  it('reads what wavefile writes, including 8-bit, 32-bit integer, 64-bit float and µ-law', () => {
    const ints = [0, 1000, -1000, 32767, -32768];
    for (const depth of ['8', '16', '24', '32', '32f', '64', '8m', '8a'] as const) {
      const wav = new WaveFile();
      if (depth === '8m' || depth === '8a') {
        wav.fromScratch(1, 8000, '16', ints);
        if (depth === '8m') wav.toMuLaw();
        else wav.toALaw();
      } else if (depth === '32f' || depth === '64') {
        wav.fromScratch(2, 8000, depth, [[0.5, -0.25, 0.125], [0, 1, -1]]);
      } else {
        const full = depth === '8' ? 127 : depth === '16' ? 32767 : depth === '24' ? 8388607 : 2147483647;
        const zero = depth === '8' ? 128 : 0;
        wav.fromScratch(1, 8000, depth, [zero, zero + full, zero - full]);
      }
      const back = decodeWav(wav.toBuffer(), `test-${depth}.wav`);
      if (depth === '32f' || depth === '64') {
        expect(Array.from(back.channels[0]!)).toEqual([0.5, -0.25, 0.125]);
        expect(Array.from(back.channels[1]!)).toEqual([0, 1, -1]);
      } else if (depth === '8m' || depth === '8a') {
        // wavefile pads the companded data to an even byte count (it declares 6 samples for 5).
        expect(back.channels[0]!.length).toBeGreaterThanOrEqual(5);
        for (let i = 0; i < 5; i++) expect(back.channels[0]![i]!).toBeCloseTo(ints[i]! / 32768, 1);
        expect(back.sampleFormat).toBe(depth === '8m' ? 'mulaw' : 'alaw');
      } else {
        expect(back.channels[0]![0]).toBeCloseTo(0, 6);
        expect(back.channels[0]![1]).toBeCloseTo(1, 1);
        expect(back.channels[0]![2]).toBeCloseTo(-1, 1);
      }
    }
  });

  it('clips integer samples at full scale and maps NaN to silence', () => {
    const back = decodeWav(encodeWav({ sampleRate: 8000, channels: [new Float32Array([2, -2, NaN])] }, 'pcm16'));
    expect(Array.from(back.channels[0]!)).toEqual([32767 / 32768, -32767 / 32768, 0]);
  });

  it('refuses unsupported encodings and broken files with a reason naming the file', () => {
    const good = encodeWav({ sampleRate: 8000, channels: tone(100, 1) }, 'pcm16');
    const adpcm = good.slice();
    adpcm[20] = 0x11; // format tag: IMA ADPCM
    adpcm[21] = 0;
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /^a\.wav: empty file$/],
      [new TextEncoder().encode('RIFF....AVI LIST'), /not a WAV file/],
      [adpcm, /unsupported WAV encoding: IMA ADPCM/],
      [good.slice(0, 30), /truncated WAV: the fmt chunk is cut off/],
      [good.slice(0, 100), /truncated WAV: data chunk declares 200 bytes but only 56 remain/],
      [good.slice(0, 36), /no data chunk/],
    ];
    for (const [bytes, pattern] of cases) {
      expect(() => decodeWav(bytes, 'a.wav')).toThrow(FormatError);
      expect(() => decodeWav(bytes, 'a.wav')).toThrow(pattern);
    }
  });

  it('never throws anything but a FormatError on corrupted bytes (property)', () => {
    const good = encodeWav({ sampleRate: 8000, channels: tone(64, 2) }, 'pcm24');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(good.length), (edits, cut) => {
        const bytes = good.slice(0, cut);
        for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
        try {
          const w = decodeWav(bytes, 'fuzz.wav');
          for (const c of w.channels) for (const x of c) expect(Number.isNaN(x)).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses impossible output parameters', () => {
    expect(() => encodeWav({ sampleRate: 44100.5, channels: tone(10, 1) })).toThrow(RangeError);
    expect(() => encodeWav({ sampleRate: 44100, channels: [] })).toThrow(RangeError);
    expect(() => encodeWav({ sampleRate: 44100, channels: [new Float32Array(3), new Float32Array(4)] })).toThrow(/same length/);
  });
});
