/**
 * Rendering a score block by block, in bounded memory: the {@link LivePiano} voice pool plays the notes in time order
 * and hands out fixed-size blocks, so a long multichannel render (ten minutes of an eight-speaker ring is 850 MB as
 * one buffer) never holds more than a block. The blocks are not normalised; the caller learns the peak at the end.
 * The output equals {@link renderScore}'s before normalisation (the same voices; tested).
 */
import { LivePiano } from './live-piano.js';
import { DEFAULT_PIANO_MODEL } from './piano-model.js';
import { sortNotes } from '../score/ops.js';
import type { RenderOptions } from './render.js';
import type { Score } from '../score/types.js';

/** Options of {@link renderScoreBlocks}. */
export interface BlockRenderOptions extends Omit<RenderOptions, 'normalizeDbfs'> {
  /** Frames per block (default 65,536). */
  blockFrames?: number;
  /** Voices that may sound at once (default 512; beyond it the quietest released voice is taken). */
  voices?: number;
}

/** What a block render did. */
export interface BlockRenderResult {
  sampleRate: number;
  channels: number;
  /** Frames delivered in all. */
  frames: number;
  /** Largest absolute sample over all channels. */
  peak: number;
  /** Notes that had to take over a sounding voice (0 unless more than `voices` notes overlapped). */
  stolen: number;
}

/**
 * Renders a score and calls `onBlock` with each block (one Float32Array per channel, `frames` valid samples; the
 * arrays are reused between calls). The last block ends where the last note's release has died away.
 * @example
 * const blocks: number[] = [];
 * const { peak } = renderScoreBlocks(score, { channels: 8 }, (block, n) => void blocks.push(n));
 */
export function renderScoreBlocks(
  score: Pick<Score, 'notes'>,
  options: BlockRenderOptions,
  onBlock: (block: Float32Array[], frames: number) => void,
): BlockRenderResult {
  const sampleRate = options.sampleRate ?? 44100;
  const channels = options.channels ?? 2;
  if (!Number.isInteger(channels) || channels < 1 || channels > 256) throw new RangeError(`channels must be 1–256, got ${channels}`);
  const blockFrames = options.blockFrames ?? 65536;
  const model = { ...DEFAULT_PIANO_MODEL, ...options.model };
  const piano = new LivePiano({
    sampleRate,
    channels,
    voices: options.voices ?? 512,
    queueCapacity: 16384,
    model,
    ...(options.ringSize ? { ringSize: options.ringSize } : {}),
    ...(options.speakerChannels ? { speakerChannels: true } : {}),
  });
  const notes = sortNotes(score.notes);
  const block = Array.from({ length: channels }, () => new Float32Array(blockFrames));
  let next = 0;
  let lastOff = 0;
  for (const n of notes) lastOff = Math.max(lastOff, Math.round(n.onset * sampleRate) + Math.max(1, Math.round(n.duration * sampleRate)));
  const bound = lastOff + Math.ceil(model.maxReleaseSeconds * sampleRate) + 1;
  let frame = 0;
  let peak = 0;
  let delivered = 0;
  let silentTail = 0;
  while (notes.length && frame < bound) {
    const end = frame + blockFrames;
    while (next < notes.length && Math.round(notes[next]!.onset * sampleRate) < end) {
      const n = notes[next]!;
      const on = Math.round(n.onset * sampleRate);
      if (!piano.schedule(on, on + Math.max(1, Math.round(n.duration * sampleRate)), n.pitch, n.velocity, n.speaker ?? -1)) break;
      next++;
    }
    const count = Math.min(blockFrames, bound - frame);
    piano.render(block, frame, count);
    // Trailing silence is held back until something sounds after it, so the render ends with the last sound.
    let lastSound = -1;
    for (const ch of block) {
      for (let i = 0; i < count; i++) {
        const a = Math.abs(ch[i]!);
        if (a > 0) {
          if (i > lastSound) lastSound = i;
          if (a > peak) peak = a;
        }
      }
    }
    if (lastSound < 0) silentTail += count;
    else {
      if (silentTail > 0) emitSilence(silentTail, channels, blockFrames, onBlock);
      delivered += silentTail;
      silentTail = 0;
      const done = next >= notes.length && piano.stats.active === 0 && piano.pending === 0;
      const keep = done ? lastSound + 1 : count;
      onBlock(block, keep);
      delivered += keep;
      if (done) break;
    }
    frame += count;
    if (next >= notes.length && piano.stats.active === 0 && piano.pending === 0) break;
    options.onProgress?.(Math.min(1, frame / bound));
  }
  options.onProgress?.(1);
  return { sampleRate, channels, frames: delivered, peak, stolen: piano.stats.stolen };
}

function emitSilence(frames: number, channels: number, blockFrames: number, onBlock: (b: Float32Array[], n: number) => void): void {
  const zeros = Array.from({ length: channels }, () => new Float32Array(Math.min(frames, blockFrames)));
  for (let left = frames; left > 0; left -= blockFrames) onBlock(zeros, Math.min(left, blockFrames));
}
