/**
 * Offline rendering of a Score with the modal piano: each note is one {@link ModalVoice} run to silence, mixed
 * into Float32 channel buffers, then the mix is peak-normalised (default −1 dBFS), so it never clips.
 */
import { DEFAULT_PIANO_MODEL, type PianoModel } from './piano-model.js';
import { ModalVoice } from './modal-voice.js';
import { noteGains } from './pan.js';
import type { AudioBuffers } from '../formats/wav.js';
import type { NoteEvent, Score } from '../score/types.js';

/** Options for {@link renderScore}. */
export interface RenderOptions {
  /** Samples per second, default 44,100. */
  sampleRate?: number;
  /** Output channels: 1, 2 (default) or N (speakers). */
  channels?: number;
  /** Number of speakers on the ring when mixing speaker notes down to stereo. */
  ringSize?: number;
  /** Each note with a speaker on channel speaker mod N, also with one or two channels (see `noteGains`). */
  speakerChannels?: boolean;
  /** Peak level after normalisation in dBFS (default −1); `null` leaves the mix as rendered. */
  normalizeDbfs?: number | null;
  /** Model constants (partials, decay, dampers…). */
  model?: Partial<PianoModel>;
  /** Called now and then with the fraction done (0–1). */
  onProgress?: (fraction: number) => void;
}

/** What a render produced, with the level it was normalised by. */
export interface RenderResult extends AudioBuffers {
  /** Peak of the mix before normalisation. */
  rawPeak: number;
  /** Gain that was applied to reach the target peak. */
  gain: number;
}

/**
 * Renders a score to audio with the modal piano.
 * @example
 * const audio = renderScore(bachPreludeInC(), { channels: 2 });
 * audio.channels.length; // → 2
 */
export function renderScore(score: Pick<Score, 'notes'>, options: RenderOptions = {}): RenderResult {
  const sampleRate = options.sampleRate ?? 44100;
  const nch = options.channels ?? 2;
  if (!Number.isInteger(nch) || nch < 1 || nch > 256) throw new RangeError(`channels must be 1–256, got ${nch}`);
  const model: PianoModel = { ...DEFAULT_PIANO_MODEL, ...options.model };
  const voice = new ModalVoice(sampleRate, model);
  const notes: readonly NoteEvent[] = score.notes;
  let bound = 0;
  for (const n of notes) bound = Math.max(bound, n.onset + n.duration + model.maxReleaseSeconds);
  const total = Math.ceil(bound * sampleRate) + 1;
  const channels = Array.from({ length: nch }, () => new Float32Array(notes.length ? total : 0));
  const gains = new Float64Array(nch);
  let scratch = new Float64Array(sampleRate * 4);
  let lastSample = 0;
  const step = Math.max(1, Math.floor(notes.length / 100));
  for (let k = 0; k < notes.length; k++) {
    const note = notes[k]!;
    const start = Math.round(note.onset * sampleRate);
    const off = Math.max(1, Math.round(note.duration * sampleRate));
    voice.start(note.pitch, note.velocity);
    const held = Math.min(off, voice.endAt);
    if (scratch.length < held) scratch = new Float64Array(held * 2);
    scratch.fill(0, 0, held);
    voice.render(scratch, 0, held);
    let length = held;
    if (held === off) {
      voice.release();
      const tail = voice.endAt - voice.position;
      if (scratch.length < held + tail) {
        const grown = new Float64Array((held + tail) * 2);
        grown.set(scratch.subarray(0, held));
        scratch = grown;
      }
      scratch.fill(0, held, held + tail);
      voice.render(scratch, held, tail);
      length += tail;
    }
    length = Math.min(length, total - start);
    noteGains(note, gains, options.ringSize, options.speakerChannels);
    if (nch === 2) {
      // Stereo (the common case): both channels in one pass over the voice.
      mixStereo(scratch, length, gains[0]!, gains[1]!, channels[0]!, channels[1]!, start);
      lastSample = Math.max(lastSample, start + length);
      if (options.onProgress && k % step === 0) options.onProgress(k / notes.length);
      continue;
    }
    for (let c = 0; c < nch; c++) {
      const g = gains[c]!;
      if (g === 0) continue;
      const out = channels[c]!;
      for (let i = 0, j = start; i < length; i++, j++) out[j]! += g * scratch[i]!;
    }
    lastSample = Math.max(lastSample, start + length);
    if (options.onProgress && k % step === 0) options.onProgress(k / notes.length);
  }
  const trimmed = channels.map((c) => (c.length > lastSample ? c.subarray(0, lastSample) : c));
  let peak = 0;
  for (const c of trimmed) {
    for (let i = 0; i < c.length; i++) {
      const a = c[i]! < 0 ? -c[i]! : c[i]!;
      if (a > peak) peak = a;
    }
  }
  let gain = 1;
  if (options.normalizeDbfs !== null && peak > 0) {
    gain = Math.pow(10, (options.normalizeDbfs ?? -1) / 20) / peak;
    for (const c of trimmed) for (let i = 0; i < c.length; i++) c[i]! *= gain;
  }
  options.onProgress?.(1);
  return { sampleRate, channels: trimmed, rawPeak: peak, gain };
}

/** Adds `length` samples of `voice`, scaled by `gl` and `gr`, into `left` and `right` from sample `at`. */
function mixStereo(voice: Float64Array, length: number, gl: number, gr: number, left: Float32Array, right: Float32Array, at: number): void {
  for (let i = 0, j = at; i < length; i++, j++) {
    const v = voice[i]!;
    left[j]! += gl * v;
    right[j]! += gr * v;
  }
}
