/**
 * WAV (RIFF/WAVE) audio in and out: 16-bit, 24-bit and 32-bit float PCM (also 8/32-bit integer and 64-bit float
 * on reading, and A-law / µ-law through wavefile), mono, stereo or N channels (WAVE_FORMAT_EXTENSIBLE above two).
 *
 * The sample loops are our own: wavefile, the field's WAV library, packs one sample at a time through generic
 * byte codecs and took 0.7 s (16-bit) to 11 s (32-bit float) to encode 64 s of stereo here, longer than the
 * whole modal-piano render. wavefile stays the oracle in the tests and decodes the companded formats; the
 * benchmark compares the two (bench/wav.ts).
 */
import * as wavefileModule from 'wavefile';
import type { WaveFile as WaveFileType } from 'wavefile';
import { FormatError } from './errors.js';
import { namedExport } from '../math/interop.js';

/** How samples are stored. */
export type WavEncoding = 'pcm16' | 'pcm24' | 'float32';

/** Decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface AudioBuffers {
  sampleRate: number;
  channels: Float32Array[];
}

/** What a WAV file held, beside its samples. */
export interface WavInfo extends AudioBuffers {
  /** Bits per sample as stored. */
  bitDepth: number;
  /** "pcm" (integer), "float", "alaw" or "mulaw". */
  sampleFormat: 'pcm' | 'float' | 'alaw' | 'mulaw';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM', 0x11: 'IMA ADPCM', 0x31: 'GSM 6.10', 0x50: 'MPEG', 0x55: 'MP3', 0x160: 'WMA',
};

/** Speaker bits of WAVE_FORMAT_EXTENSIBLE for 1–8 channels (Microsoft's standard layouts); 0 beyond. */
const CHANNEL_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f];

/**
 * Encodes audio as a WAV file. Samples outside [-1, 1] are clipped for integer encodings.
 * @example
 * const left = new Float32Array(441), right = new Float32Array(441);
 * encodeWav({ sampleRate: 44100, channels: [left, right] }, 'pcm16').length; // → 1808 — a 44-byte header and 441 × 2 × 2 bytes
 */
export function encodeWav(audio: AudioBuffers, encoding: WavEncoding = 'pcm16'): Uint8Array {
  const { sampleRate, channels } = audio;
  const frames = channels[0]?.length ?? 0;
  for (const c of channels) if (c.length !== frames) throw new RangeError('all channels must have the same length');
  const header = wavHeader(frames, channels.length, sampleRate, encoding);
  const dataSize = frames * channels.length * bytesPerSample(encoding);
  const out = new Uint8Array(header.length + dataSize + (dataSize & 1));
  out.set(header);
  writeSamples(out, header.length, channels, encoding);
  return out;
}

/** Bytes per sample of an encoding. */
export function bytesPerSample(encoding: WavEncoding): number {
  return encoding === 'pcm16' ? 2 : encoding === 'pcm24' ? 3 : 4;
}

/**
 * The header of a WAV file holding `frames` frames (everything before the sample data), for writers that stream
 * the samples in blocks ({@link encodeWavBlock}). If the data size is odd, the writer adds one pad byte at the end.
 */
export function wavHeader(frames: number, channelCount: number, sampleRate: number, encoding: WavEncoding): Uint8Array {
  const nch = channelCount;
  if (nch < 1 || nch > 65535) throw new RangeError(`a WAV file needs 1–65535 channels, got ${nch}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 1_000_000) {
    throw new RangeError(`sample rate must be a whole number of Hz in 1–1,000,000, got ${sampleRate}`);
  }
  const bytesPer = bytesPerSample(encoding);
  const formatTag = encoding === 'float32' ? FORMAT_FLOAT : FORMAT_PCM;
  const extensible = nch > 2;
  const fmtSize = extensible ? 40 : formatTag === FORMAT_FLOAT ? 18 : 16;
  const dataSize = frames * nch * bytesPer;
  const factSize = formatTag === FORMAT_FLOAT ? 12 : 0;
  const headerSize = 12 + 8 + fmtSize + factSize + 8;
  const total = headerSize + dataSize + (dataSize & 1);
  if (total > 0xffffffff) throw new RangeError('audio too long for a WAV file (over 4 GiB)');
  const out = new Uint8Array(headerSize);
  const view = new DataView(out.buffer);
  let p = 0;
  const tag = (s: string): void => {
    for (let i = 0; i < 4; i++) out[p++] = s.charCodeAt(i);
  };
  tag('RIFF');
  view.setUint32(p, total - 8, true); p += 4;
  tag('WAVE');
  tag('fmt ');
  view.setUint32(p, fmtSize, true); p += 4;
  view.setUint16(p, extensible ? FORMAT_EXTENSIBLE : formatTag, true); p += 2;
  view.setUint16(p, nch, true); p += 2;
  view.setUint32(p, sampleRate, true); p += 4;
  view.setUint32(p, sampleRate * nch * bytesPer, true); p += 4;
  view.setUint16(p, nch * bytesPer, true); p += 2;
  view.setUint16(p, bytesPer * 8, true); p += 2;
  if (fmtSize > 16) {
    view.setUint16(p, fmtSize - 18, true); p += 2;
  }
  if (extensible) {
    view.setUint16(p, bytesPer * 8, true); p += 2; // valid bits
    view.setUint32(p, CHANNEL_MASKS[nch] ?? 0, true); p += 4;
    // SubFormat GUID: the format tag followed by 00000000-0010-8000-00AA00389B71.
    view.setUint16(p, formatTag, true); p += 2;
    out.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], p); p += 14;
  }
  if (factSize) {
    tag('fact');
    view.setUint32(p, 4, true); p += 4;
    view.setUint32(p, frames, true); p += 4;
  }
  tag('data');
  view.setUint32(p, dataSize, true); p += 4;
  return out;
}

/**
 * The interleaved sample bytes of a block of audio, to follow a {@link wavHeader} (blocks concatenated in order).
 * @example
 * const left = new Float32Array(8192), right = new Float32Array(8192);
 * const bytes = encodeWavBlock([left.subarray(0, 4096), right.subarray(0, 4096)], 'pcm24');
 */
export function encodeWavBlock(channels: Float32Array[], encoding: WavEncoding): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  for (const c of channels) if (c.length !== frames) throw new RangeError('all channels must have the same length');
  const out = new Uint8Array(frames * channels.length * bytesPerSample(encoding));
  if (frames > 0) writeSamples(out, 0, channels, encoding);
  return out;
}

function writeSamples(out: Uint8Array, offset: number, channels: Float32Array[], encoding: WavEncoding): void {
  const nch = channels.length;
  const frames = channels[0]!.length;
  if (frames === 0) return;
  if (encoding === 'float32') {
    if (offset % 4 === 0 && littleEndianHost()) {
      const f = new Float32Array(out.buffer, offset, frames * nch);
      for (let c = 0; c < nch; c++) {
        const src = channels[c]!;
        for (let i = 0, j = c; i < frames; i++, j += nch) f[j] = src[i]!;
      }
    } else {
      const view = new DataView(out.buffer);
      for (let i = 0, q = offset; i < frames; i++) for (let c = 0; c < nch; c++, q += 4) view.setFloat32(q, channels[c]![i]!, true);
    }
    return;
  }
  const bytes = encoding === 'pcm16' ? 2 : 3;
  const scale = encoding === 'pcm16' ? 32767 : 8388607;
  if (bytes === 2 && offset % 2 === 0 && littleEndianHost()) {
    const pcm = new Int16Array(out.buffer, offset, frames * nch);
    for (let c = 0; c < nch; c++) {
      const src = channels[c]!;
      for (let i = 0, j = c; i < frames; i++, j += nch) {
        const x = src[i]!;
        pcm[j] = Math.round((x > 1 ? 1 : x < -1 ? -1 : x === x ? x : 0) * 32767);
      }
    }
    return;
  }
  const stride = nch * bytes;
  for (let c = 0; c < nch; c++) {
    const src = channels[c]!;
    let q = offset + c * bytes;
    for (let i = 0; i < frames; i++, q += stride) {
      let x = src[i]!;
      x = x > 1 ? 1 : x < -1 ? -1 : x !== x ? 0 : x;
      const v = Math.round(x * scale);
      out[q] = v & 0xff;
      out[q + 1] = (v >> 8) & 0xff;
      if (bytes === 3) out[q + 2] = (v >> 16) & 0xff;
    }
  }
}

let hostIsLittle: boolean | undefined;
function littleEndianHost(): boolean {
  hostIsLittle ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return hostIsLittle;
}

/**
 * Decodes a WAV file. `source` names the data in error messages.
 * @example
 * const bytes = encodeWav({ sampleRate: 8000, channels: [new Float32Array(80)] });
 * const { sampleRate, channels } = decodeWav(bytes, 'take1.wav');
 * sampleRate; // → 8000
 */
export function decodeWav(bytes: Uint8Array, source = 'WAV data'): WavInfo {
  if (bytes.length === 0) throw new FormatError(source, 'empty file');
  const text = (at: number): string => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') {
    if (bytes.length >= 4 && (text(0) === 'RF64' || text(0) === 'BW64')) throw new FormatError(source, 'RF64/BW64 WAV files are not supported');
    if (bytes.length >= 4 && text(0) === 'RIFX') throw new FormatError(source, 'big-endian (RIFX) WAV files are not supported');
    throw new FormatError(source, 'not a WAV file (no RIFF/WAVE header)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 12;
  let fmt: { tag: number; nch: number; rate: number; align: number; bits: number } | undefined;
  let dataAt = -1;
  let dataSize = 0;
  while (p + 8 <= bytes.length) {
    const id = text(p);
    const size = view.getUint32(p + 4, true);
    const body = p + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new FormatError(source, 'truncated WAV: the fmt chunk is cut off');
      let tag = view.getUint16(body, true);
      if (tag === FORMAT_EXTENSIBLE) {
        if (size < 40) throw new FormatError(source, 'corrupt WAV: WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes');
        tag = view.getUint16(body + 24, true);
      }
      fmt = {
        tag,
        nch: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      dataAt = body;
      dataSize = Math.min(size, bytes.length - body);
      if (size > bytes.length - body && size !== 0xffffffff) {
        throw new FormatError(source, `truncated WAV: data chunk declares ${size} bytes but only ${bytes.length - body} remain`);
      }
      break;
    }
    p = body + size + (size & 1);
  }
  if (!fmt) throw new FormatError(source, 'corrupt WAV: no fmt chunk');
  if (dataAt < 0) throw new FormatError(source, 'corrupt WAV: no data chunk');
  const { tag, nch, rate, bits } = fmt;
  if (nch < 1) throw new FormatError(source, 'corrupt WAV: 0 channels');
  if (nch > WAV_READ_LIMITS.maxChannels) {
    throw new FormatError(source, `the header declares ${nch} channels, more than the ${WAV_READ_LIMITS.maxChannels} this reader accepts (is the header corrupt?)`);
  }
  if (rate < WAV_READ_LIMITS.minSampleRate || rate > WAV_READ_LIMITS.maxSampleRate) {
    throw new FormatError(
      source,
      `the header declares a sample rate of ${rate} Hz, outside ${WAV_READ_LIMITS.minSampleRate.toLocaleString('en-US')}–${WAV_READ_LIMITS.maxSampleRate.toLocaleString('en-US')} Hz (is the header corrupt?)`,
    );
  }
  const supported =
    (tag === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) ||
    (tag === FORMAT_FLOAT && (bits === 32 || bits === 64)) ||
    ((tag === FORMAT_ALAW || tag === FORMAT_MULAW) && bits === 8);
  if (!supported) {
    const name = FORMAT_NAMES[tag] ?? (tag === FORMAT_PCM ? 'integer PCM' : tag === FORMAT_FLOAT ? 'float' : `format 0x${tag.toString(16)}`);
    throw new FormatError(
      source,
      `unsupported WAV encoding: ${name}, ${bits} bits (supported: 8/16/24/32-bit PCM, 32/64-bit float, A-law, µ-law)`,
    );
  }
  const bytesPer = bits / 8;
  if (fmt.align !== 0 && fmt.align !== nch * bytesPer) {
    throw new FormatError(source, `corrupt WAV: block align ${fmt.align} does not match ${nch} channels of ${bits} bits (${nch * bytesPer})`);
  }
  const frames = Math.floor(dataSize / (nch * bytesPer));
  if (frames / rate > WAV_READ_LIMITS.maxSeconds) {
    throw new FormatError(source, `${(frames / rate / 3600).toFixed(1)} h of audio, more than the ${WAV_READ_LIMITS.maxSeconds / 3600} h this reader accepts`);
  }
  const channels = Array.from({ length: nch }, () => new Float32Array(frames));
  if (tag === FORMAT_ALAW || tag === FORMAT_MULAW) {
    decodeCompanded(bytes, dataAt, frames * nch, tag, channels);
  } else {
    readSamples(view, dataAt, frames, tag, bits, channels);
    if (tag === FORMAT_FLOAT) refuseNonFinite(channels, rate, source);
  }
  return {
    sampleRate: rate,
    channels,
    bitDepth: bits,
    sampleFormat: tag === FORMAT_FLOAT ? 'float' : tag === FORMAT_ALAW ? 'alaw' : tag === FORMAT_MULAW ? 'mulaw' : 'pcm',
  };
}

/**
 * Bounds on what {@link decodeWav} accepts, beside the file's own consistency: a header that lies (a sample rate of
 * 4,294,967,295 Hz, 65,535 channels) would otherwise make every analysis downstream allocate without end. The
 * bounds cover every real recording format (8 kHz telephone to 768 kHz DXD-class, up to 256 channels for
 * high-order ambisonics and large arrays, up to 12 hours).
 */
export const WAV_READ_LIMITS = {
  minSampleRate: 1000,
  maxSampleRate: 768_000,
  maxChannels: 256,
  maxSeconds: 12 * 3600,
} as const;

/**
 * A float WAV may hold NaN or ±Infinity, which no recording can produce: refused, naming the first one, rather than
 * letting them reach a mix (where they clip to full scale) or a level meter ("Infinity dBFS").
 */
function refuseNonFinite(channels: Float32Array[], rate: number, source: string): void {
  let count = 0;
  let first: { channel: number; frame: number } | undefined;
  channels.forEach((ch, c) => {
    for (let i = 0; i < ch.length; i++) {
      const x = ch[i]!;
      if (x - x !== 0) {
        count++;
        if (!first || i < first.frame) first = { channel: c, frame: i };
      }
    }
  });
  if (first) {
    throw new FormatError(
      source,
      `${count} non-finite sample${count === 1 ? '' : 's'} (NaN or ±Infinity) in the float data, the first at ${(first.frame / rate).toFixed(3)} s in channel ${first.channel + 1}: the file is corrupt (re-export it, or replace them with 0 in an audio editor)`,
    );
  }
}

function readSamples(view: DataView, at: number, frames: number, tag: number, bits: number, channels: Float32Array[]): void {
  const nch = channels.length;
  const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const stride = (nch * bits) / 8;
  for (let c = 0; c < nch; c++) {
    const dst = channels[c]!;
    let q = at + (c * bits) / 8;
    if (tag === FORMAT_FLOAT && bits === 32) {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = view.getFloat32(q, true);
    } else if (tag === FORMAT_FLOAT) {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = view.getFloat64(q, true);
    } else if (bits === 16) {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = (((b[q]! | (b[q + 1]! << 8)) << 16) >> 16) / 32768;
    } else if (bits === 24) {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = (((b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16)) << 8) >> 8) / 8388608;
    } else if (bits === 32) {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = view.getInt32(q, true) / 2147483648;
    } else {
      for (let i = 0; i < frames; i++, q += stride) dst[i] = (b[q]! - 128) / 128;
    }
  }
}

function decodeCompanded(bytes: Uint8Array, at: number, count: number, tag: number, channels: Float32Array[]): void {
  const WaveFile = namedExport<typeof WaveFileType>(wavefileModule, 'WaveFile');
  // wavefile's decoder expands A-law/µ-law to 16-bit PCM.
  const wav = new WaveFile();
  wav.fromScratch(1, 8000, tag === FORMAT_ALAW ? '8a' : '8m', bytes.slice(at, at + count));
  if (tag === FORMAT_ALAW) wav.fromALaw('16');
  else wav.fromMuLaw('16');
  const pcm = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  const nch = channels.length;
  for (let i = 0; i < pcm.length; i++) channels[i % nch]![Math.floor(i / nch)] = pcm[i]! / 32768;
}
