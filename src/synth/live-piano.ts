/**
 * The modal piano played live: a fixed pool of {@link ModalVoice}s, a queue of notes scheduled at exact sample
 * frames, and block-by-block rendering that splits each block at every note-on and note-off inside it, so a note
 * scheduled for frame f starts at frame f (sample-accurate), whatever the block size. This is what runs inside the
 * studio's AudioWorklet; it is pure DSP with no Web Audio dependency, so Node tests check it against
 * {@link renderScore} sample by sample.
 *
 * Real-time rule: everything is allocated in the constructor; `schedule`, `release`, `stop` and `render` allocate
 * nothing.
 *
 * Open notes: a live engine may start a note before it knows when the note ends (a muscle contracts: key down; it
 * relaxes: key up). Such a note is scheduled with an id instead of an off frame ({@link LivePiano.scheduleOpen},
 * or a negative off frame −id in packed form) and ended later by {@link LivePiano.release}(frame, id).
 *
 *   schedule(on, off, pitch, velocity) ──► queue (sorted by on) ──► voice pool ──► Σ·gains ──► outputs[ch]
 *   release(frame, id): end an open note       stop(frame): drop pending, release sounding at frame
 */
import { DEFAULT_PIANO_MODEL, type PianoModel } from './piano-model.js';
import { ModalVoice } from './modal-voice.js';
import { noteGains } from './pan.js';

/**
 * Numbers per note in a packed note array: on frame, off frame, pitch, velocity, speaker (−1 for none). An off
 * frame below zero marks an open note with id = −off (ids are positive integers), ended by a later release.
 */
export const PACKED_NOTE_FIELDS = 5;

/** Numbers per release in a packed release array: frame, id of the open note. */
export const PACKED_RELEASE_FIELDS = 2;

/** Off frame of a note that is held until released (finite, so frame arithmetic stays exact). */
const OPEN = Number.MAX_VALUE;

/** Options of a {@link LivePiano}. */
export interface LivePianoOptions {
  sampleRate: number;
  /** Output channels (1, 2 or N speakers), default 2. */
  channels?: number;
  /** Voices that can sound at once, default 64; a note beyond them steals the quietest. */
  voices?: number;
  /** Notes that can wait in the queue, default 8192; more are dropped (and counted). */
  queueCapacity?: number;
  /** Speakers on the ring when speaker notes are mixed to stereo (see {@link noteGains}). */
  ringSize?: number;
  /** Each note with a speaker on channel speaker mod N, also with one or two channels (see {@link noteGains}). */
  speakerChannels?: boolean;
  /** Model constants (partials, decay, dampers…). */
  model?: Partial<PianoModel>;
}

/** What the live piano has been doing (counters since creation, except `active`). */
export interface LivePianoStats {
  /** Voices sounding now. */
  active: number;
  /** Most voices sounding at once. */
  peakActive: number;
  /** Notes started. */
  started: number;
  /** Notes that arrived after their start frame had been rendered (started at the next block instead). */
  late: number;
  /** Notes that took over a sounding voice because every voice was busy. */
  stolen: number;
  /** Notes refused because the queue was full. */
  dropped: number;
}

/** Largest block rendered in one pass; longer blocks are rendered in pieces. */
const MAX_BLOCK = 4096;

export class LivePiano {
  readonly sampleRate: number;
  readonly channels: number;
  readonly stats: LivePianoStats = { active: 0, peakActive: 0, started: 0, late: 0, stolen: 0, dropped: 0 };
  private readonly voices: ModalVoice[];
  private readonly busy: Uint8Array;
  private readonly offFrame: Float64Array; // per voice: frame of its note-off (Infinity once released)
  private readonly startFrame: Float64Array; // per voice: frame it started, for stealing the oldest
  private readonly voiceId: Float64Array; // per voice: id of its open note, 0 when its end is known
  private readonly gains: Float64Array; // per voice × channel
  private ringSize: number | undefined;
  private readonly speakerChannels: boolean;
  // The queue: parallel arrays, sorted by on frame between head and tail.
  private readonly qOn: Float64Array;
  private readonly qOff: Float64Array;
  private readonly qPitch: Float64Array;
  private readonly qVelocity: Float64Array;
  private readonly qSpeaker: Float64Array;
  private readonly qId: Float64Array;
  private head = 0;
  private tail = 0;
  private readonly voiceBuffer = new Float64Array(MAX_BLOCK);
  private readonly mix: Float64Array;
  private readonly gainScratch: Float64Array;
  private readonly noteScratch = { pitch: 60, speaker: undefined as number | undefined };

  constructor(options: LivePianoOptions) {
    const channels = options.channels ?? 2;
    const voices = options.voices ?? 64;
    const capacity = options.queueCapacity ?? 8192;
    if (!Number.isInteger(channels) || channels < 1 || channels > 256) throw new RangeError(`channels must be 1–256, got ${channels}`);
    if (!Number.isInteger(voices) || voices < 1 || voices > 1024) throw new RangeError(`voices must be 1–1024, got ${voices}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queueCapacity must be a positive integer, got ${capacity}`);
    const model: PianoModel = { ...DEFAULT_PIANO_MODEL, ...options.model };
    this.sampleRate = options.sampleRate;
    this.channels = channels;
    this.ringSize = options.ringSize;
    this.speakerChannels = options.speakerChannels ?? false;
    this.voices = Array.from({ length: voices }, () => new ModalVoice(options.sampleRate, model));
    this.busy = new Uint8Array(voices);
    this.offFrame = new Float64Array(voices);
    this.startFrame = new Float64Array(voices);
    this.voiceId = new Float64Array(voices);
    this.gains = new Float64Array(voices * channels);
    this.qOn = new Float64Array(capacity);
    this.qOff = new Float64Array(capacity);
    this.qPitch = new Float64Array(capacity);
    this.qVelocity = new Float64Array(capacity);
    this.qSpeaker = new Float64Array(capacity);
    this.qId = new Float64Array(capacity);
    this.mix = new Float64Array(channels * MAX_BLOCK);
    this.gainScratch = new Float64Array(channels);
  }

  /** Notes waiting to start. */
  get pending(): number {
    return this.tail - this.head;
  }

  /**
   * Queues a note from frame `onFrame` (inclusive) to `offFrame` (its note-off), in frames of the output clock.
   * Returns false (and counts it as dropped) when the queue is full.
   * @example
   * const piano = new LivePiano({ sampleRate: 48000 });
   * piano.schedule(4800, 28800, 60, 0.8); // middle C from 0.1 s to 0.6 s
   */
  schedule(onFrame: number, offFrame: number, pitch: number, velocity: number, speaker = -1): boolean {
    return this.enqueue(onFrame, Math.max(offFrame, onFrame + 1), pitch, velocity, speaker, 0);
  }

  /**
   * Queues a note from frame `onFrame` whose end is not known yet: it sounds until {@link release} with the same
   * `id` (a positive integer the caller chooses, unique among its open notes), or a {@link stop}.
   * @example
   * const piano = new LivePiano({ sampleRate: 48000 });
   * piano.scheduleOpen(4800, 60, 0.8, -1, 7); // key down at 0.1 s …
   * piano.release(28800, 7);                  // … and up at 0.6 s
   */
  scheduleOpen(onFrame: number, pitch: number, velocity: number, speaker: number, id: number): boolean {
    if (!(id > 0)) throw new RangeError(`an open note needs a positive id, got ${id}`);
    return this.enqueue(onFrame, OPEN, pitch, velocity, speaker, id);
  }

  /**
   * Ends the open note `id` at `frame` (its note-off); a note that has not started by then still sounds for one
   * frame. Unknown ids (a note already stopped, stolen or finished) are ignored. Returns whether the note was found.
   */
  release(frame: number, id: number): boolean {
    for (let i = this.tail - 1; i >= this.head; i--) {
      if (this.qId[i] === id) {
        this.qOff[i] = Math.min(this.qOff[i]!, Math.max(frame, this.qOn[i]! + 1));
        this.qId[i] = 0;
        return true;
      }
    }
    for (let v = 0; v < this.voices.length; v++) {
      if (this.busy[v] && this.voiceId[v] === id) {
        if (this.offFrame[v] === OPEN) this.offFrame[v] = Math.max(frame, this.startFrame[v]! + 1);
        this.voiceId[v] = 0;
        return true;
      }
    }
    return false;
  }

  /** Queues packed releases ({@link PACKED_RELEASE_FIELDS} numbers each: frame, id). */
  releasePacked(packed: Float64Array): void {
    for (let k = 0; k + PACKED_RELEASE_FIELDS <= packed.length; k += PACKED_RELEASE_FIELDS) this.release(packed[k]!, packed[k + 1]!);
  }

  /**
   * Speakers on the ring when speaker notes are mixed to stereo (undefined: by pitch, like other notes). Applies
   * to notes that start from now on.
   */
  setRingSize(ringSize: number | undefined): void {
    if (ringSize !== undefined && !(Number.isInteger(ringSize) && ringSize > 0)) throw new RangeError(`ringSize must be a positive integer, got ${ringSize}`);
    this.ringSize = ringSize;
  }

  private enqueue(onFrame: number, offFrame: number, pitch: number, velocity: number, speaker: number, id: number): boolean {
    if (this.tail === this.qOn.length) this.compact();
    if (this.tail === this.qOn.length) {
      this.stats.dropped++;
      return false;
    }
    // Notes arrive nearly in order: insert from the back.
    let i = this.tail++;
    while (i > this.head && this.qOn[i - 1]! > onFrame) {
      this.qOn[i] = this.qOn[i - 1]!;
      this.qOff[i] = this.qOff[i - 1]!;
      this.qPitch[i] = this.qPitch[i - 1]!;
      this.qVelocity[i] = this.qVelocity[i - 1]!;
      this.qSpeaker[i] = this.qSpeaker[i - 1]!;
      this.qId[i] = this.qId[i - 1]!;
      i--;
    }
    this.qOn[i] = onFrame;
    this.qOff[i] = offFrame;
    this.qPitch[i] = pitch;
    this.qVelocity[i] = velocity;
    this.qSpeaker[i] = speaker;
    this.qId[i] = id;
    return true;
  }

  /**
   * Queues notes packed as {@link PACKED_NOTE_FIELDS} numbers each (see {@link packNotes}); a negative off frame
   * −id queues an open note with that id.
   */
  schedulePacked(packed: Float64Array): void {
    for (let k = 0; k + PACKED_NOTE_FIELDS <= packed.length; k += PACKED_NOTE_FIELDS) {
      const off = packed[k + 1]!;
      if (off < 0) this.scheduleOpen(packed[k]!, packed[k + 2]!, packed[k + 3]!, packed[k + 4]!, -off);
      else this.schedule(packed[k]!, off, packed[k + 2]!, packed[k + 3]!, packed[k + 4]!);
    }
  }

  /**
   * Stops at `frame`: queued notes from that frame on are dropped, and every note sounding then (or queued to
   * start before it) is released there, as if the pianist lifted all keys. Used for pause and seek.
   */
  stop(frame: number): void {
    let t = this.head;
    while (t < this.tail && this.qOn[t]! < frame) {
      this.qOff[t] = Math.min(this.qOff[t]!, frame);
      t++;
    }
    this.tail = t;
    for (let v = 0; v < this.voices.length; v++) {
      if (this.busy[v] && this.offFrame[v]! > frame) this.offFrame[v] = frame;
    }
  }

  /** Silences everything at once and empties the queue. */
  reset(): void {
    this.head = this.tail = 0;
    this.busy.fill(0);
    this.stats.active = 0;
  }

  /**
   * Renders `count` frames starting at output frame `frame0` into `outputs` (one array per channel; overwritten).
   * @example
   * const piano = new LivePiano({ sampleRate: 48000 });
   * const left = new Float32Array(128), right = new Float32Array(128);
   * piano.render([left, right], 0, 128);
   */
  render(outputs: Float32Array[], frame0: number, count: number): void {
    for (let done = 0; done < count; done += MAX_BLOCK) {
      const n = Math.min(MAX_BLOCK, count - done);
      this.renderBlock(outputs, frame0 + done, n, done);
    }
  }

  private renderBlock(outputs: Float32Array[], frame0: number, count: number, outOffset: number): void {
    const nch = this.channels;
    const mix = this.mix;
    mix.fill(0, 0, nch * count);
    const end = frame0 + count;
    let cur = frame0;
    while (cur < end) {
      this.releaseDue(cur);
      this.startDue(cur, frame0);
      const next = this.nextBoundary(cur, end);
      this.renderVoices(cur - frame0, next - cur, count);
      cur = next;
    }
    for (let c = 0; c < outputs.length; c++) {
      const out = outputs[c]!;
      if (c >= nch) {
        out.fill(0, outOffset, outOffset + count);
        continue;
      }
      const base = c * count;
      for (let i = 0; i < count; i++) out[outOffset + i] = mix[base + i]!;
    }
  }

  /** Releases every voice whose note-off is at or before `frame`. */
  private releaseDue(frame: number): void {
    for (let v = 0; v < this.voices.length; v++) {
      if (this.busy[v] && this.offFrame[v]! <= frame) {
        this.voices[v]!.release();
        this.offFrame[v] = Infinity;
      }
    }
  }

  /** Starts every queued note whose on frame is at or before `frame`. */
  private startDue(frame: number, blockStart: number): void {
    while (this.head < this.tail && this.qOn[this.head]! <= frame) {
      const h = this.head++;
      if (this.qOn[h]! < blockStart) this.stats.late++;
      // A note whose off frame has already passed (it arrived very late) is skipped, not started and hung.
      if (this.qOff[h]! <= frame) continue;
      this.startNote(this.qOff[h]!, this.qPitch[h]!, this.qVelocity[h]!, this.qSpeaker[h]!, frame, this.qId[h]!);
    }
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  private startNote(offFrame: number, pitch: number, velocity: number, speaker: number, frame: number, id: number): void {
    let v = this.busy.indexOf(0);
    if (v < 0) {
      v = this.voiceToSteal();
      this.stats.stolen++;
      this.stats.active--;
    }
    this.voices[v]!.start(pitch, velocity);
    this.busy[v] = 1;
    this.offFrame[v] = offFrame;
    this.startFrame[v] = frame;
    this.voiceId[v] = id;
    const note = this.noteScratch;
    note.pitch = pitch;
    note.speaker = speaker >= 0 ? speaker : undefined;
    noteGains(note, this.gainScratch, this.ringSize, this.speakerChannels);
    this.gains.set(this.gainScratch, v * this.channels);
    this.stats.started++;
    this.stats.active++;
    if (this.stats.active > this.stats.peakActive) this.stats.peakActive = this.stats.active;
  }

  /** The released voice closest to silence, else the oldest held one. */
  private voiceToSteal(): number {
    let best = -1;
    let bestLeft = Infinity;
    let oldest = 0;
    for (let v = 0; v < this.voices.length; v++) {
      const voice = this.voices[v]!;
      if (this.offFrame[v] === Infinity) {
        const left = voice.endAt - voice.position;
        if (left < bestLeft) {
          bestLeft = left;
          best = v;
        }
      }
      if (this.startFrame[v]! < this.startFrame[oldest]!) oldest = v;
    }
    return best >= 0 ? best : oldest;
  }

  /** The next frame in (cur, end] where a note starts or a held note ends. */
  private nextBoundary(cur: number, end: number): number {
    let next = end;
    if (this.head < this.tail) next = Math.min(next, Math.max(cur + 1, this.qOn[this.head]!));
    for (let v = 0; v < this.voices.length; v++) {
      if (this.busy[v]) {
        const off = this.offFrame[v]!;
        if (off > cur && off < next) next = off;
      }
    }
    return next;
  }

  /** Adds `n` samples of every sounding voice into the mix at block offset `at`. */
  private renderVoices(at: number, n: number, blockLength: number): void {
    const nch = this.channels;
    const buf = this.voiceBuffer;
    for (let v = 0; v < this.voices.length; v++) {
      if (!this.busy[v]) continue;
      const voice = this.voices[v]!;
      buf.fill(0, 0, n);
      voice.render(buf, 0, n);
      for (let c = 0; c < nch; c++) {
        const g = this.gains[v * nch + c]!;
        if (g === 0) continue;
        const base = c * blockLength + at;
        for (let i = 0; i < n; i++) this.mix[base + i]! += g * buf[i]!;
      }
      if (voice.finished) {
        this.busy[v] = 0;
        this.stats.active--;
      }
    }
  }

  /** Moves the queue back to the start of its arrays (allocation-free). */
  private compact(): void {
    if (this.head === 0) return;
    const n = this.tail - this.head;
    this.qOn.copyWithin(0, this.head, this.tail);
    this.qOff.copyWithin(0, this.head, this.tail);
    this.qPitch.copyWithin(0, this.head, this.tail);
    this.qVelocity.copyWithin(0, this.head, this.tail);
    this.qSpeaker.copyWithin(0, this.head, this.tail);
    this.qId.copyWithin(0, this.head, this.tail);
    this.head = 0;
    this.tail = n;
  }
}

/**
 * Packs notes for {@link LivePiano.schedulePacked} (and for posting to an AudioWorklet as one transferable array):
 * onsets and durations in seconds become frames at `sampleRate` after `startFrame`.
 * @example
 * const packed = packNotes(score.notes, 48000, 0);
 */
export function packNotes(
  notes: ReadonlyArray<{ onset: number; duration: number; pitch: number; velocity: number; speaker?: number }>,
  sampleRate: number,
  startFrame = 0,
): Float64Array {
  const out = new Float64Array(notes.length * PACKED_NOTE_FIELDS);
  notes.forEach((n, k) => {
    const on = startFrame + Math.round(n.onset * sampleRate);
    out[k * PACKED_NOTE_FIELDS] = on;
    out[k * PACKED_NOTE_FIELDS + 1] = on + Math.max(1, Math.round(n.duration * sampleRate));
    out[k * PACKED_NOTE_FIELDS + 2] = n.pitch;
    out[k * PACKED_NOTE_FIELDS + 3] = n.velocity;
    out[k * PACKED_NOTE_FIELDS + 4] = n.speaker ?? -1;
  });
  return out;
}

/**
 * Queues an exercise on a spare piano: chords across the keyboard at several velocities, struck, held and released.
 * A JavaScript engine optimises code only after it has run for a while; an audio thread renders this exercise into
 * a scratch buffer in its idle quanta at start-up, so the first real chord does not pay for compilation inside its
 * render quantum. Returns the frames the exercise needs.
 * @example
 * const spare = new LivePiano({ sampleRate: 48000 }); const frames = queueWarmUp(spare);
 */
export function queueWarmUp(piano: LivePiano, voices = 24): number {
  let end = 0;
  for (let k = 0; k < voices; k++) {
    const on = (k % 4) * 2048;
    piano.schedule(on, on + 4096, 21 + Math.round((k * 87) / Math.max(1, voices - 1)), 0.3 + 0.7 * ((k % 5) / 4));
    end = Math.max(end, on + 4096);
  }
  return end + 8192;
}
