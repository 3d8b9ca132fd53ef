/**
 * The additive organ live: {@link OrganSynth} driven by notes stamped with output frames, as the studio's audio
 * worklet receives them (the packed layout of `packNotes`: on frame, off frame — or −id for an open note ended later
 * by `release` —, pitch, velocity, speaker). Each render quantum is split at every key-down and key-up, so a note
 * starts at its exact sample. Events are queued when they arrive; rendering allocates nothing.
 */
import { DEFAULT_ORGAN, OrganSynth, type OrganSettings } from './organ.js';
import { PACKED_NOTE_FIELDS, PACKED_RELEASE_FIELDS } from './live-piano.js';

interface OrganEvent {
  frame: number;
  on: boolean;
  pitch: number;
}

/** A live organ: queue notes by frame, render quanta. */
export class LiveOrgan {
  private readonly synth: OrganSynth;
  private readonly mono: Float32Array;
  private queue: OrganEvent[] = [];
  private readonly open = new Map<number, number>();

  constructor(options: { sampleRate: number; settings?: OrganSettings; maxFrames?: number }) {
    this.synth = new OrganSynth(options.sampleRate, options.settings ?? DEFAULT_ORGAN);
    this.mono = new Float32Array(options.maxFrames ?? 4096);
  }

  /** Changes the registration and options at once. */
  configure(settings: OrganSettings): void {
    this.synth.configure(settings);
  }

  /** Keys sounding or releasing. */
  get active(): number {
    return this.synth.voicesActive;
  }

  /** Queues a key-down at `on` and key-up at `off` (frames). */
  schedule(on: number, off: number, pitch: number): void {
    this.insert({ frame: on, on: true, pitch });
    this.insert({ frame: Math.max(on + 1, off), on: false, pitch });
  }

  /** Queues packed notes ({@link PACKED_NOTE_FIELDS} numbers each); an off frame of −id is an open note. */
  schedulePacked(packed: Float64Array): void {
    for (let k = 0; k + PACKED_NOTE_FIELDS <= packed.length; k += PACKED_NOTE_FIELDS) {
      const on = packed[k]!;
      const off = packed[k + 1]!;
      const pitch = packed[k + 2]!;
      if (off < 0) {
        this.open.set(-off, pitch);
        this.insert({ frame: on, on: true, pitch });
      } else this.schedule(on, off, pitch);
    }
  }

  /** Ends open notes (packed frame, id pairs). */
  releasePacked(packed: Float64Array): void {
    for (let k = 0; k + PACKED_RELEASE_FIELDS <= packed.length; k += PACKED_RELEASE_FIELDS) {
      const pitch = this.open.get(packed[k + 1]!);
      if (pitch === undefined) continue;
      this.open.delete(packed[k + 1]!);
      this.insert({ frame: packed[k]!, on: false, pitch });
    }
  }

  /** Drops every key-down from `frame` on and lifts every key at `frame`. */
  stop(frame: number): void {
    this.queue = this.queue.filter((e) => e.frame < frame);
    this.open.clear();
    this.queue.push({ frame, on: false, pitch: -1 });
  }

  /** Adds `count` frames from output frame `frame0` into every channel of `outputs`. */
  render(outputs: Float32Array[], frame0: number, count: number): void {
    const mono = this.mono.length >= count ? this.mono : new Float32Array(count);
    mono.fill(0, 0, count);
    let at = 0;
    while (at < count) {
      const e = this.queue[0];
      const until = e === undefined ? count : Math.min(count, Math.max(at, e.frame - frame0));
      if (until > at) {
        this.synth.process(mono, at, until - at);
        at = until;
      }
      if (e !== undefined && e.frame - frame0 <= at) {
        this.queue.shift();
        if (e.pitch < 0) this.synth.allOff();
        else if (e.on) this.synth.noteOn(e.pitch);
        else this.synth.noteOff(e.pitch);
      } else if (e === undefined || e.frame - frame0 >= count) {
        if (at < count) this.synth.process(mono, at, count - at);
        at = count;
      }
    }
    for (const out of outputs) for (let i = 0; i < count; i++) out[i] = out[i]! + mono[i]! * 0.35;
  }

  private insert(e: OrganEvent): void {
    // Keep the queue sorted by frame (offs before ons at the same frame); arrivals are nearly in order.
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1]!.frame > e.frame || (this.queue[i - 1]!.frame === e.frame && this.queue[i - 1]!.on && !e.on))) i--;
    this.queue.splice(i, 0, e);
  }
}
