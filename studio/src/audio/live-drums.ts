/**
 * The drum kit live: the core's synthesised kit (src/synth/drums.ts, `renderDrums`) as a voice of the audio worklet,
 * beside the modal piano. A note on General MIDI's percussion channel (10) whose key the kit has is a stroke: the
 * transport sends it to the worklet as a hit stamped with its output frame, and the kit starts it at that exact
 * sample, whichever quantum its message arrived in — as the piano starts its notes. The WAV export mixes the same
 * strokes into the piano's render with {@link mixDrumStrokes}, at the same level.
 *
 *   transport: note on channel 10 ──► hit [frame, key, velocity] ──► LiveDrums.scheduleHits ──► render (adds)
 *
 * Allocation happens in the constructor only (the waveforms, the hit queue, the voices); `render` adds into the
 * buffers it is given.
 */
import { drumSample, renderDrums, type DrumName } from 'neuromusic/synth';
import type { NoteEvent } from 'neuromusic/score';

/** MIDI channel index of General MIDI percussion (channel 10). */
export const GM_PERCUSSION_CHANNEL = 9;

/** Numbers per hit in a 'drums' message: output frame, General MIDI key, velocity 0–1. */
export const PACKED_HIT_FIELDS = 3;

/**
 * The General MIDI percussion keys the kit plays (GM Level 1 percussion map): bass drums, snares and the side stick,
 * closed and pedal hi-hats, the open hi-hat. Other keys on channel 10 stay on the piano.
 */
const GM_KIT: Readonly<Record<number, DrumName>> = Object.freeze({
  35: 'kick', 36: 'kick', 37: 'snare', 38: 'snare', 39: 'snare', 40: 'snare', 42: 'hihat', 44: 'hihat', 46: 'openhat',
});
const KIT_ORDER: readonly DrumName[] = ['kick', 'snare', 'hihat', 'openhat'];
/** The kit's longest stroke (the kick), seconds. */
const LONGEST_STROKE_SECONDS = 0.5;

/**
 * The kit's level against the modal piano (both before the volume control): 0.45 puts the duet's drums at about
 * 0.8 of its melody's RMS on the piano, the balance of the CLI's `duetAudio` mix (measured over 10 s of the default
 * duet: piano RMS 0.104, the kit's strokes at unit gain 0.178).
 */
export const LIVE_DRUM_GAIN = 0.45;

/**
 * The kit's drum for a note, or undefined when it is not a stroke the kit plays.
 * @example
 * kitDrum({ pitch: 36, channel: 9 }); // → 'kick'
 * kitDrum({ pitch: 36, channel: 0 }); // → undefined
 */
export function kitDrum(note: Pick<NoteEvent, 'pitch' | 'channel'>): DrumName | undefined {
  return note.channel === GM_PERCUSSION_CHANNEL ? GM_KIT[note.pitch] : undefined;
}

/** Options of {@link LiveDrums}. */
export interface LiveDrumsOptions {
  sampleRate: number;
  /** Strokes sounding at once (default 32; the oldest is cut when a new one needs its slot). */
  voices?: number;
  /** Hits waiting to start (default 512). */
  queue?: number;
}

/** The kit as a live voice: hits queued by output frame, rendered sample-accurately, added to the output. */
export class LiveDrums {
  /** Hits started late (their frame had passed when they arrived), for the stats. */
  late = 0;
  private readonly waves: Float32Array[];
  private readonly qFrame: Float64Array;
  private readonly qDrum: Int8Array;
  private readonly qGain: Float32Array;
  private head = 0;
  private tail = 0;
  private readonly vDrum: Int8Array;
  private readonly vStart: Float64Array;
  private readonly vGain: Float32Array;
  /** Frame from which a voice is silent (a stop cuts it there); Infinity while it plays out. */
  private readonly vEnd: Float64Array;
  private next = 0;

  constructor(options: LiveDrumsOptions) {
    const { sampleRate } = options;
    // Each drum's stroke at velocity 1 as the core renders it (its waveform times its level in the kit).
    this.waves = KIT_ORDER.map((drum) =>
      renderDrums([{ time: 0, drum, velocity: 1 }], { sampleRate, durationSeconds: drumSample(drum, sampleRate).length / sampleRate }));
    const q = options.queue ?? 512;
    this.qFrame = new Float64Array(q);
    this.qDrum = new Int8Array(q);
    this.qGain = new Float32Array(q);
    const v = options.voices ?? 32;
    this.vDrum = new Int8Array(v).fill(-1);
    this.vStart = new Float64Array(v);
    this.vGain = new Float32Array(v);
    this.vEnd = new Float64Array(v);
  }

  /** Hits waiting. */
  get pending(): number {
    return this.tail - this.head;
  }

  /** Queues hits packed as {@link PACKED_HIT_FIELDS} numbers each; keys the kit does not have are ignored. */
  scheduleHits(packed: Float64Array): void {
    for (let k = 0; k + PACKED_HIT_FIELDS <= packed.length; k += PACKED_HIT_FIELDS) {
      const drum = GM_KIT[packed[k + 1]!];
      if (drum) this.schedule(packed[k]!, KIT_ORDER.indexOf(drum), LIVE_DRUM_GAIN * Math.min(1, Math.max(0, packed[k + 2]!)));
    }
  }

  /** Drops the hits queued from `frame` on and cuts what sounds at `frame` (pause, seek). */
  stop(frame: number): void {
    let t = this.head;
    while (t < this.tail && this.qFrame[t]! < frame) t++;
    this.tail = t;
    for (let v = 0; v < this.vDrum.length; v++) if (this.vDrum[v]! >= 0 && this.vEnd[v]! > frame) this.vEnd[v] = frame;
  }

  /** Adds `count` frames from output frame `frame0` into `outputs` (every channel gets the kit, centred). */
  render(outputs: Float32Array[], frame0: number, count: number): void {
    const end = frame0 + count;
    while (this.head < this.tail && this.qFrame[this.head]! < end) {
      const h = this.head++;
      const v = this.next;
      this.next = (v + 1) % this.vDrum.length;
      if (this.qFrame[h]! < frame0) this.late++;
      this.vDrum[v] = this.qDrum[h]!;
      this.vStart[v] = Math.round(this.qFrame[h]!);
      this.vGain[v] = this.qGain[h]!;
      this.vEnd[v] = Infinity;
    }
    const left = outputs[0]!;
    for (let v = 0; v < this.vDrum.length; v++) {
      const d = this.vDrum[v]!;
      if (d < 0) continue;
      const wave = this.waves[d]!;
      const start = this.vStart[v]!;
      const stopAt = Math.min(start + wave.length, this.vEnd[v]!);
      const from = Math.max(frame0, start);
      const to = Math.min(end, stopAt);
      const g = this.vGain[v]!;
      for (let f = from; f < to; f++) {
        const x = g * wave[f - start]!;
        const i = f - frame0;
        left[i] = left[i]! + x;
        for (let c = 1; c < outputs.length; c++) outputs[c]![i] = outputs[c]![i]! + x;
      }
      if (stopAt <= end) this.vDrum[v] = -1;
    }
  }

  private schedule(frame: number, drum: number, gain: number): void {
    if (this.tail === this.qFrame.length) this.compact();
    if (this.tail === this.qFrame.length) return; // full: dropped (a burst far beyond any engine's)
    // Keep the queue in frame order (hits of one message arrive in order; across messages they may interleave).
    let i = this.tail++;
    while (i > this.head && this.qFrame[i - 1]! > frame) {
      this.qFrame[i] = this.qFrame[i - 1]!;
      this.qDrum[i] = this.qDrum[i - 1]!;
      this.qGain[i] = this.qGain[i - 1]!;
      i--;
    }
    this.qFrame[i] = frame;
    this.qDrum[i] = drum;
    this.qGain[i] = gain;
  }

  private compact(): void {
    const n = this.tail - this.head;
    this.qFrame.copyWithin(0, this.head, this.tail);
    this.qDrum.copyWithin(0, this.head, this.tail);
    this.qGain.copyWithin(0, this.head, this.tail);
    this.head = 0;
    this.tail = n;
  }
}

/**
 * A rendered performance with the kit's strokes among `notes` (General MIDI channel 10, keys the kit has) added as
 * the live kit plays them — the same waveforms and level — then peak-normalised to −1 dBFS as `renderScore` does
 * (render the piano with `normalizeDbfs: null`). Longer than the piano's render when a stroke rings past its end.
 * @example
 * const piano = renderScore({ notes: melody }, { normalizeDbfs: null });
 * const channels = withDrumStrokes(piano.channels, score.notes, 44100);
 */
export function withDrumStrokes(channels: readonly Float32Array[], notes: readonly NoteEvent[], sampleRate: number): Float32Array[] {
  const hits: Array<{ time: number; drum: DrumName; velocity: number }> = [];
  let end = channels[0]?.length ?? 0;
  for (const n of notes) {
    const drum = kitDrum(n);
    if (!drum) continue;
    hits.push({ time: n.onset, drum, velocity: n.velocity });
    end = Math.max(end, Math.round(n.onset * sampleRate) + Math.ceil(LONGEST_STROKE_SECONDS * sampleRate));
  }
  const kit = renderDrums(hits, { sampleRate, durationSeconds: end / sampleRate });
  const out = channels.map((c) => {
    const mixed = new Float32Array(end);
    mixed.set(c.subarray(0, end));
    for (let i = 0; i < end; i++) mixed[i] = mixed[i]! + LIVE_DRUM_GAIN * kit[i]!;
    return mixed;
  });
  let peak = 0;
  for (const c of out) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]!));
  const gain = peak > 0 ? 10 ** (-1 / 20) / peak : 1;
  for (const c of out) for (let i = 0; i < c.length; i++) c[i] = c[i]! * gain;
  return out;
}
