/**
 * The one way the CLI writes WAV files: {@link writeWavFile} takes a score (rendered by the modal piano) or audio
 * already computed (encoded as it is). A score rendered by the modal piano goes straight into a WAV file. Short renders happen in memory; long ones (more than
 * `maxInMemoryBytes` of float samples) stream: the blocks go to a temporary raw file while the peak is measured,
 * then a second pass scales them to the target level and encodes the WAV — so memory stays bounded by a block
 * whatever the length and the number of speakers. The temporary file is unlinked as soon as it is opened, so an
 * interrupted render leaves nothing behind. Either way the file appears only when complete (atomic rename).
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { renderScore, type RenderOptions } from '../synth/render.js';
import { renderScoreBlocks } from '../synth/render-blocks.js';
import { bytesPerSample, encodeWav, encodeWavBlock, wavHeader, type AudioBuffers, type WavEncoding } from '../formats/wav.js';
import { FormatError } from '../formats/errors.js';
import { DEFAULT_PIANO_MODEL } from '../synth/piano-model.js';
import type { Score } from '../score/types.js';
import { describeSystemError, isSystemError, prepareOutput } from './files.js';

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
 * A WAV rendered and ready to be written: its samples wait in memory (short renders) or in an anonymous temporary
 * file (long ones: the file is unlinked as soon as it is opened, so nothing is left on disk whatever ends the
 * process, Ctrl-C and SIGKILL included). {@link StagedWav.writeTo} encodes it to a path; {@link StagedWav.dispose}
 * frees it. An output set (`OutputSet` in output-set.ts) stages every WAV of a command this way and publishes them together.
 */
export interface StagedWav {
  readonly result: WavFileResult;
  /** Writes the complete WAV file to `path` (not atomically: the caller writes to a temporary name). */
  writeTo(path: string): void;
  /** Releases the samples (closes the temporary file). Idempotent. */
  dispose(): void;
}

/**
 * Renders `score` with the modal piano and stages it as a WAV (see {@link StagedWav}): long renders stream through
 * an anonymous temporary file in the folder of `near` (the target), so memory stays bounded by a block.
 * @example
 * const staged = stageScoreWav(score, 'prelude.wav', { sampleRate: 22050 });
 * staged.writeTo('prelude.wav');
 * staged.dispose();
 * staged.result.channels; // → 2
 */
export function stageScoreWav(score: Pick<Score, 'notes'>, near: string, options: WavFileOptions = {}): StagedWav {
  const sampleRate = options.sampleRate ?? 44100;
  const channels = options.channels ?? 2;
  const encoding = options.encoding ?? 'pcm16';
  const target = Math.pow(10, (options.normalizeDbfs ?? -1) / 20);
  let bound = 0;
  for (const n of score.notes) bound = Math.max(bound, n.onset + n.duration);
  const bytes = (bound + DEFAULT_PIANO_MODEL.maxReleaseSeconds) * sampleRate * channels * 4;
  if (bytes <= (options.maxInMemoryBytes ?? 64 * 2 ** 20)) {
    const audio = renderScore(score, { ...options, sampleRate, channels, normalizeDbfs: options.normalizeDbfs ?? -1 });
    const frames = audio.channels[0]?.length ?? 0;
    const result = { frames, seconds: frames / sampleRate, channels, sampleRate, rawPeak: audio.rawPeak, gain: audio.gain, streamed: false };
    return stageAudio(audio, encoding, result);
  }
  const rawPath = join(dirname(near), `.${basename(near)}.${process.pid}.${randomBytes(4).toString('hex')}.raw`);
  let raw: number | undefined;
  try {
    raw = openSync(rawPath, 'w+');
  } catch (err) {
    throw new FormatError(near, describeSystemError(err, 'cannot write a temporary file beside it'));
  }
  let unlinked = true;
  try {
    rmSync(rawPath);
  } catch {
    unlinked = false; // a system that cannot unlink an open file: removed on dispose instead
  }
  const fd = raw;
  let open = true;
  const dispose = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
    if (!unlinked) rmSync(rawPath, { force: true });
  };
  try {
    const interleaved = new Float32Array(65536 * channels);
    const { frames, peak } = renderScoreBlocks(score, { ...options, sampleRate, channels, blockFrames: 65536 }, (block, n) => {
      for (let c = 0; c < channels; c++) {
        const src = block[c]!;
        for (let i = 0, j = c; i < n; i++, j += channels) interleaved[j] = src[i]!;
      }
      writeSync(fd, new Uint8Array(interleaved.buffer, 0, n * channels * 4));
    });
    const gain = peak > 0 ? target / peak : 1;
    const result = { frames, seconds: frames / sampleRate, channels, sampleRate, rawPeak: peak, gain, streamed: true };
    const writeTo = (path: string): void => {
      const out = openSync(path, 'w');
      try {
        writeSync(out, wavHeader(frames, channels, sampleRate, encoding));
        const chunkFrames = 65536;
        const planar = Array.from({ length: channels }, () => new Float32Array(chunkFrames));
        for (let f = 0; f < frames; f += chunkFrames) {
          const m = Math.min(chunkFrames, frames - f);
          readSync(fd, new Uint8Array(interleaved.buffer, 0, m * channels * 4), 0, m * channels * 4, f * channels * 4);
          for (let c = 0; c < channels; c++) {
            const dst = planar[c]!;
            for (let i = 0, j = c; i < m; i++, j += channels) dst[i] = interleaved[j]! * gain;
          }
          writeSync(out, encodeWavBlock(m === chunkFrames ? planar : planar.map((p) => p.subarray(0, m)), encoding));
        }
        if ((frames * channels * bytesPerSample(encoding)) & 1) writeSync(out, new Uint8Array(1));
      } finally {
        closeSync(out);
      }
    };
    return { result, writeTo, dispose };
  } catch (err) {
    dispose();
    if (!isSystemError(err)) throw err;
    throw new FormatError(near, describeSystemError(err, 'cannot write a temporary file beside it'));
  }
}

/** Audio already computed, staged to be encoded as it is. */
function stageAudio(audio: AudioBuffers, encoding: WavEncoding, result: WavFileResult): StagedWav {
  // Refused here, before anything is written: a header would otherwise claim more than the file can hold.
  wavHeader(audio.channels[0]?.length ?? 0, audio.channels.length, audio.sampleRate, encoding);
  return { result, writeTo: (path) => writeFileSync(path, encodeWav(audio, encoding)), dispose: () => {} };
}

/**
 * Stages a WAV from a score (rendered by the modal piano) or from audio buffers (encoded as they are); see
 * {@link StagedWav}. `near` is the target path: long renders keep their temporary samples beside it.
 */
export function stageWav(source: WavSource, near: string, options: WavFileOptions = {}): StagedWav {
  if ('notes' in source) return stageScoreWav(source, near, options);
  const frames = source.channels[0]?.length ?? 0;
  const staged = stageAudio(source, options.encoding ?? 'pcm16', {
    frames, seconds: frames / source.sampleRate, channels: source.channels.length, sampleRate: source.sampleRate, rawPeak: Number.NaN, gain: 1, streamed: false,
  });
  options.onProgress?.(1);
  return staged;
}

/**
 * Renders `score` to the WAV file `path`, atomically.
 * @example
 * renderWavFile(score, 'ring.wav', { channels: 8, encoding: 'pcm24' }).channels; // → 8
 */
export function renderWavFile(score: Pick<Score, 'notes'>, path: string, options: WavFileOptions = {}): WavFileResult {
  prepareOutput(path);
  return publishStaged(stageScoreWav(score, path, options), path);
}

/** Writes a staged WAV to a temporary sibling of `path` and renames it over `path`; disposes it either way. */
function publishStaged(staged: StagedWav, path: string): WavFileResult {
  const tmpPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    staged.writeTo(tmpPath);
    renameSync(tmpPath, path);
    return staged.result;
  } catch (err) {
    rmSync(tmpPath, { force: true });
    if (!isSystemError(err)) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot write'));
  } finally {
    staged.dispose();
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
  prepareOutput(path);
  return publishStaged(stageWav(source, path, options), path);
}
