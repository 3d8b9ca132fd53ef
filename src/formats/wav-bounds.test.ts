/** WAV headers that lie, and samples that are not numbers: refused with one line naming the file. */
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WAV_READ_LIMITS } from './wav.js';

/** A valid file of 100 frames, then one header field overwritten. */
function lying(field: 'channels' | 'rate' | 'align', value: number, encoding: 'pcm16' | 'float32' = 'pcm16'): Uint8Array {
  const b = encodeWav({ sampleRate: 8000, channels: [new Float32Array(100)] }, encoding);
  const v = new DataView(b.buffer);
  if (field === 'channels') v.setUint16(22, value, true);
  if (field === 'rate') v.setUint32(24, value, true);
  if (field === 'align') v.setUint16(32, value, true);
  return b;
}

describe('WAV header bounds', () => {
  it('refuses sample rates outside the bounds, whatever the rest says', () => {
    expect(() => decodeWav(lying('rate', 4294967295), 'a.wav')).toThrow(/^a\.wav: the header declares a sample rate of 4294967295 Hz, outside 1,000–768,000 Hz \(is the header corrupt\?\)$/);
    expect(() => decodeWav(lying('rate', 0), 'a.wav')).toThrow(/sample rate of 0 Hz/);
    expect(() => decodeWav(lying('rate', 999), 'a.wav')).toThrow(/sample rate of 999 Hz/);
    expect(decodeWav(lying('rate', WAV_READ_LIMITS.maxSampleRate), 'a.wav').sampleRate).toBe(768_000);
  });

  it('refuses channel counts beyond 256 and a block align that disagrees', () => {
    expect(() => decodeWav(lying('channels', 65535), 'a.wav')).toThrow(/^a\.wav: the header declares 65535 channels, more than the 256/);
    expect(() => decodeWav(lying('channels', 2), 'a.wav')).toThrow(/block align 2 does not match 2 channels of 16 bits \(4\)/);
    expect(() => decodeWav(lying('align', 3), 'a.wav')).toThrow(/block align 3 does not match 1 channels of 16 bits \(2\)/);
  });

  it('refuses NaN and ±Infinity in float data, naming the first', () => {
    const left = new Float32Array(8000).fill(0.1);
    const right = new Float32Array(8000).fill(0.1);
    right[4000] = Number.NaN;
    right[6000] = Number.POSITIVE_INFINITY;
    left[7000] = Number.NEGATIVE_INFINITY;
    const b = encodeWav({ sampleRate: 8000, channels: [left, right] }, 'float32');
    expect(() => decodeWav(b, 'f.wav')).toThrow(/^f\.wav: 3 non-finite samples \(NaN or ±Infinity\) in the float data, the first at 0\.500 s in channel 2: the file is corrupt/);
    left[7000] = 0;
    right[4000] = 0;
    right[6000] = 0;
    expect(decodeWav(encodeWav({ sampleRate: 8000, channels: [left, right] }, 'float32'), 'f.wav').channels[1]![6000]).toBe(0);
  });
});
