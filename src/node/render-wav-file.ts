/**
 * The one way the CLI writes WAV files: {@link writeWavFile} takes a score (rendered by the modal piano) or audio
 * already computed (encoded as it is). A score rendered by the modal piano goes straight into a WAV file. Short renders happen in memory; long ones (more than
 * `maxInMemoryBytes` of float samples) stream: the blocks go to a temporary raw file while the peak is measured,
 * then a second pass scales them to the target level and encodes the WAV — so memory stays bounded by a block
 * whatever the length and the number of speakers. Either way the file appears only when complete (atomic rename).
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderScore, type RenderOptions } from '../synth/render.js';
import { renderScoreBlocks } from '../synth/render-blocks.js';
import { encodeWav, encodeWavBlock, wavHeader, type AudioBuffers, type WavEncoding } from '../formats/wav.js';
import { FormatError } from '../formats/errors.js';
import { DEFAULT_PIANO_MODEL } from '../synth/piano-model.js';
import type { Score } from '../score/types.js';
import { describeSystemError, prepareOutput, writeFileAtomic } from './files.js';

/** Options of {@link renderWavFile}. */
export interface WavFileOptions extends Omit<RenderOptions, 'normalizeDbfs'> {
  encoding?: WavEncoding;
  /** Peak level in dBFS (default −1). */
  normalizeDbfs?: number;
  /** Above this many bytes of float samples the render streams through a temporary file (default 64 MiB). */
  maxInMemoryBytes?: number;
}

/** What was written. */
export interface WavFileResult {
  frames: number;
  seconds: number;
  channels: number;
  sampleRate: number;
  /** Peak before normalisation, and the gain applied. */
  rawPeak: number;
  gain: number;
  streamed: boolean;
}

/**
 * Renders `score` to the WAV file `path`.
 * @example
 * renderWavFile(score, 'out/ring.wav', { channels: 8, encoding: 'pcm24' });
 */
export function renderWavFile(score: Pick<Score, 'notes'>, path: string, options: WavFileOptions = {}): WavFileResult {
  const sampleRate = options.sampleRate ?? 44100;
  const channels = options.channels ?? 2;
  const encoding = options.encoding ?? 'pcm16';
  const target = Math.pow(10, (options.normalizeDbfs ?? -1) / 20);
  let bound = 0;
  for (const n of score.notes) bound = Math.max(bound, n.onset + n.duration);
  const bytes = (bound + DEFAULT_PIANO_MODEL.maxReleaseSeconds) * sampleRate * channels * 4;
  prepareOutput(path);
  if (bytes <= (options.maxInMemoryBytes ?? 64 * 2 ** 20)) {
    const audio = renderScore(score, { ...options, sampleRate, channels, normalizeDbfs: options.normalizeDbfs ?? -1 });
    writeFileAtomic(path, encodeWav(audio, encoding));
    const frames = audio.channels[0]?.length ?? 0;
    return { frames, seconds: frames / sampleRate, channels, sampleRate, rawPeak: audio.rawPeak, gain: audio.gain, streamed: false };
  }
  const stem = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const rawPath = `${stem}.raw`;
  const tmpPath = `${stem}.tmp`;
  let raw: number | undefined;
  let out: number | undefined;
  try {
    raw = openSync(rawPath, 'w+');
    const interleaved = new Float32Array(65536 * channels);
    const { frames, peak } = renderScoreBlocks(score, { ...options, sampleRate, channels, blockFrames: 65536 }, (block, n) => {
      for (let c = 0; c < channels; c++) {
        const src = block[c]!;
        for (let i = 0, j = c; i < n; i++, j += channels) interleaved[j] = src[i]!;
      }
      writeSync(raw!, new Uint8Array(interleaved.buffer, 0, n * channels * 4));
    });
    const gain = peak > 0 ? target / peak : 1;
    out = openSync(tmpPath, 'w');
    writeSync(out, wavHeader(frames, channels, sampleRate, encoding));
    const chunkFrames = 65536;
    const planar = Array.from({ length: channels }, () => new Float32Array(chunkFrames));
    for (let f = 0; f < frames; f += chunkFrames) {
      const n = Math.min(chunkFrames, frames - f);
      readSync(raw, new Uint8Array(interleaved.buffer, 0, n * channels * 4), 0, n * channels * 4, f * channels * 4);
      for (let c = 0; c < channels; c++) {
        const dst = planar[c]!;
        for (let i = 0, j = c; i < n; i++, j += channels) dst[i] = interleaved[j]! * gain;
      }
      writeSync(out, encodeWavBlock(n === chunkFrames ? planar : planar.map((p) => p.subarray(0, n)), encoding));
    }
    const dataBytes = frames * channels * (encoding === 'pcm16' ? 2 : encoding === 'pcm24' ? 3 : 4);
    if (dataBytes & 1) writeSync(out, new Uint8Array(1));
    closeSync(out);
    out = undefined;
    renameSync(tmpPath, path);
    return { frames, seconds: frames / sampleRate, channels, sampleRate, rawPeak: peak, gain, streamed: true };
  } catch (err) {
    if (out !== undefined) closeSync(out);
    rmSync(tmpPath, { force: true });
    if (err instanceof FormatError || err instanceof RangeError) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot write'));
  } finally {
    if (raw !== undefined) closeSync(raw);
    rmSync(rawPath, { force: true });
  }
}

/** What {@link writeWavFile} writes: notes for the modal piano, or audio buffers to encode as they are. */
export type WavSource = Pick<Score, 'notes'> | AudioBuffers;

/**
 * Writes a WAV file atomically — the file appears only when complete — from a score (rendered with the modal piano,
 * streamed when long; see {@link renderWavFile}) or from audio buffers (encoded, `encoding` and `onProgress` only).
 * Errors name the path: a {@link FormatError} when the file cannot be written.
 * @example
 * writeWavFile('out/prelude.wav', bachPreludeInC(), { sampleRate: 22050 });
 * writeWavFile('out/silence.wav', { sampleRate: 44100, channels: [new Float32Array(441), new Float32Array(441)] });
 */
export function writeWavFile(path: string, source: WavSource, options: WavFileOptions = {}): WavFileResult {
  if ('notes' in source) return renderWavFile(source, path, options);
  prepareOutput(path);
  const encoding = options.encoding ?? 'pcm16';
  writeFileAtomic(path, encodeWav(source, encoding));
  options.onProgress?.(1);
  const frames = source.channels[0]?.length ?? 0;
  return { frames, seconds: frames / source.sampleRate, channels: source.channels.length, sampleRate: source.sampleRate, rawPeak: Number.NaN, gain: 1, streamed: false };
}
