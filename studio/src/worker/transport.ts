/**
 * The transport, inside the engine worker: play, pause, seek, tempo, and the scheduling of notes at exact output
 * frames. The audio worklet posts its frame counter every few render quanta (the clock); on each tick the
 * transport asks the engine for the notes up to a lookahead beyond that frame and sends them, stamped with their
 * frames, before they are due. The worklet then starts each one at its exact sample, so timing does not depend on
 * when messages arrive, only on their arriving before the lookahead runs out.
 *
 *   clock(frame) ──► horizon = frame + lookahead ──► engine.advance(scheduled, time(horizon)) ──► notes @ frames
 */
import { frameAtTime, timeAtFrame, type Anchor } from '../timeline.js';
import { MIDI_NOTE_FIELDS, MIDI_RELEASE_FIELDS } from '../protocol.js';
import { PACKED_NOTE_FIELDS, PACKED_RELEASE_FIELDS } from 'neuromusic/synth';
import type { LiveEngine } from './live-engine.js';
import { kitDrum, PACKED_HIT_FIELDS } from '../audio/live-drums.js';
import type { NoteEvent } from 'neuromusic/score';

/** How far (audio seconds) scheduling may fall behind the clock before the missed span is skipped, not sent late. */
export const STALL_SECONDS = 0.5;

/** Where the transport sends what it decides. */
export interface TransportOutput {
  /** Notes for the worklet (PACKED_NOTE_FIELDS each) and the same notes for the page (MIDI_NOTE_FIELDS each). */
  notes(forWorklet: Float64Array, forPage: Float64Array): void;
  /**
   * Drum strokes for the worklet's kit (PACKED_HIT_FIELDS each): notes on General MIDI channel 10 whose key the kit
   * has go here instead of to the piano (they are in the page's notes all the same). Without it they play the piano.
   */
  drums?(forWorklet: Float64Array): void;
  /** Ends of open notes for the worklet (PACKED_RELEASE_FIELDS each) and the page (MIDI_RELEASE_FIELDS each). */
  releases(forWorklet: Float64Array, forPage: Float64Array): void;
  /** Cancel everything scheduled from `frame` on and release what sounds then. */
  stop(frame: number): void;
  anchor(anchor: Anchor): void;
  state(time: number, state: unknown, transfer?: Transferable[]): void;
  ended(): void;
}

export interface TransportOptions {
  /** How far past the last clock tick notes are scheduled, seconds (default 0.2). */
  lookaheadSeconds?: number;
  /**
   * How long after a play or seek the music starts, so that its first notes reach the audio thread in time (default
   * 0.1 s: quick to the ear, and time enough on a busy machine).
   */
  startDelaySeconds?: number;
}

/** The MIDI channel a note goes out on: its own, else its speaker's or voice's, skipping the drum channel (9). */
export function midiChannelOf(note: Pick<NoteEvent, 'channel' | 'speaker' | 'voice'>): number {
  if (note.channel !== undefined) return note.channel;
  const k = (note.speaker ?? note.voice) % 15;
  return k >= 9 ? k + 1 : k;
}

export class Transport {
  private engine: LiveEngine | undefined;
  private anchor: Anchor = { frame: 0, time: 0, rate: 1, playing: false };
  private clockFrame: number | undefined;
  private clockMs = 0;
  private scheduledTo = 0;
  private duration = Infinity;
  private bpm: number | null = null;
  private playRequested = false;
  private readonly lookahead: number;
  /** The engine's own lookahead (`info().lookaheadSeconds`), or the transport's. */
  private engineLookahead: number;
  private readonly startDelay: number;
  private readonly pending: NoteEvent[] = [];
  /** Ids of the pending notes (open notes keep theirs until released). */
  private readonly pendingIds: number[] = [];
  /** Releases of this tick: engine time and note id, in pairs. */
  private readonly pendingReleases: number[] = [];
  /** Open notes sent and not yet released: id → pitch and MIDI channel (for the page's note-offs). */
  private readonly open = new Map<number, { pitch: number; channel: number }>();
  private nextId = 1;
  private readonly sink = {
    note: (n: NoteEvent): number => {
      const id = this.nextId++;
      this.pending.push(n);
      this.pendingIds.push(id);
      return id;
    },
    release: (time: number, id: number): void => void this.pendingReleases.push(time, id),
    state: (time: number, state: unknown, transfer?: Transferable[]): void => this.out.state(time, state, transfer),
  };

  constructor(
    readonly sampleRate: number,
    private readonly out: TransportOutput,
    options: TransportOptions = {},
  ) {
    this.lookahead = options.lookaheadSeconds ?? 0.2;
    this.engineLookahead = this.lookahead;
    this.startDelay = options.startDelaySeconds ?? 0.1;
    if (!(this.startDelay < this.lookahead)) throw new RangeError('the start delay must be shorter than the lookahead');
  }

  get playing(): boolean {
    return this.anchor.playing || this.playRequested;
  }

  /** Engine seconds at wall-clock time `nowMs` (performance.now()). */
  position(nowMs: number): number {
    return timeAtFrame(this.anchor, Math.max(this.anchor.frame, this.nowFrame(nowMs)), this.sampleRate);
  }

  /** Makes `engine` the one that plays, from its start, paused. */
  setEngine(engine: LiveEngine, nowMs: number): void {
    this.stopAndPark(0, nowMs);
    this.engine = engine;
    this.refresh();
    engine.seek(0);
    this.scheduledTo = 0;
    this.setAnchor({ ...this.anchor, time: 0, rate: this.rate() });
  }

  /** The worklet's clock: output frame `frame` was reached at `nowMs`. Schedules up to the lookahead. */
  clock(frame: number, nowMs: number): void {
    this.clockFrame = frame;
    this.clockMs = nowMs;
    if (this.playRequested) {
      this.playRequested = false;
      this.play(nowMs);
      return;
    }
    if (!this.anchor.playing) return;
    if (this.duration !== Infinity && timeAtFrame(this.anchor, frame, this.sampleRate) >= this.duration) {
      // The last note has started and ended: park at the end and let the release tails ring.
      const end = Math.round(frameAtTime(this.anchor, this.duration, this.sampleRate));
      this.setAnchor({ ...this.anchor, frame: Math.max(end, this.anchor.frame), time: this.duration, playing: false });
      this.out.ended();
      return;
    }
    this.schedule();
  }

  play(nowMs: number): void {
    if (!this.engine || this.anchor.playing) return;
    if (this.clockFrame === undefined) {
      this.playRequested = true; // the audio has not started yet: begin at its first tick
      return;
    }
    let time = this.anchor.time;
    if (time >= this.duration) time = 0;
    this.engine.seek(time);
    this.scheduledTo = time;
    this.setAnchor({ frame: Math.round(this.nowFrame(nowMs) + this.startDelay * this.sampleRate), time, rate: this.rate(), playing: true });
    this.schedule();
  }

  pause(nowMs: number): void {
    this.playRequested = false;
    if (!this.anchor.playing) return;
    this.stopAndPark(this.position(nowMs), nowMs);
  }

  /** Moves to engine time `time` (clamped to the engine's length), playing on if it was playing. */
  seek(time: number, nowMs: number): void {
    if (!this.engine) return;
    const target = Math.max(0, Math.min(time, this.duration));
    const wasPlaying = this.anchor.playing;
    this.stopAndPark(target, nowMs);
    if (wasPlaying) this.play(nowMs);
  }

  /** Sets the tempo (null: the engine's own); playing notes already sent keep their times. */
  setTempo(bpm: number | null, nowMs: number): void {
    this.bpm = bpm;
    const rate = this.rate();
    if (this.anchor.playing) {
      // Continue from the last scheduled point at the new rate: no gap, no overlap.
      const frame = Math.round(frameAtTime(this.anchor, this.scheduledTo, this.sampleRate));
      this.setAnchor({ frame, time: this.scheduledTo, rate, playing: true });
    } else {
      this.setAnchor({ ...this.anchor, frame: Math.round(this.nowFrame(nowMs)), rate });
    }
  }

  /**
   * After the engine changed: 'replaced' (new material) parks at 0; 'changed' (a setting) lets the notes already
   * sent play and takes the rest from the engine's new timeline.
   */
  engineChanged(effect: 'replaced' | 'changed' | 'none', nowMs: number): void {
    if (!this.engine || effect === 'none') return;
    this.refresh();
    if (effect === 'replaced') {
      this.stopAndPark(0, nowMs);
      return;
    }
    this.setAnchor({ ...this.anchor, rate: this.anchor.playing ? this.anchor.rate : this.rate() });
    if (this.anchor.playing) this.engine.seek(this.scheduledTo);
    else this.engine.seek(this.anchor.time);
  }

  private refresh(): void {
    const info = this.engine?.info();
    this.duration = info ? info.duration : Infinity;
    this.engineLookahead = info?.lookaheadSeconds ?? this.lookahead;
  }

  private rate(): number {
    if (!this.engine) return 1;
    return this.engine.rate(this.bpm ?? this.engine.info().nativeBpm);
  }

  private nowFrame(nowMs: number): number {
    if (this.clockFrame === undefined) return this.anchor.frame;
    return this.clockFrame + ((nowMs - this.clockMs) / 1000) * this.sampleRate;
  }

  /** Cancels what is scheduled and parks, paused, at engine time `time`. */
  private stopAndPark(time: number, nowMs: number): void {
    const frame = Math.round(this.nowFrame(nowMs));
    if (this.anchor.playing) this.out.stop(frame);
    this.open.clear();
    this.engine?.seek(time);
    this.scheduledTo = time;
    this.setAnchor({ frame, time, rate: this.rate(), playing: false });
  }

  private setAnchor(anchor: Anchor): void {
    this.anchor = anchor;
    this.out.anchor(anchor);
  }

  private schedule(): void {
    const engine = this.engine;
    if (!engine || this.clockFrame === undefined) return;
    const horizon = this.clockFrame + this.engineLookahead * this.sampleRate;
    if (horizon <= this.anchor.frame) return;
    this.skipStall(engine, this.clockFrame);
    const to = Math.min(timeAtFrame(this.anchor, horizon, this.sampleRate), this.duration);
    if (to <= this.scheduledTo) return;
    const pending = this.pending;
    pending.length = 0;
    this.pendingIds.length = 0;
    this.pendingReleases.length = 0;
    engine.advance(this.scheduledTo, to, this.sink);
    this.scheduledTo = to;
    if (pending.length > 0) this.sendNotes();
    if (this.pendingReleases.length > 0) this.sendReleases();
  }

  /**
   * When the worker was busy while playing (a long export, a machine under load), the music due
   * meanwhile has passed unheard: sent now, seconds of notes would sound at once. Past STALL_SECONDS behind, skip
   * to the clock instead: end what sounds and go on from where the listener is (the anchor stays: the playhead
   * does not jump).
   */
  private skipStall(engine: LiveEngine, clockFrame: number): void {
    const behind = clockFrame - frameAtTime(this.anchor, this.scheduledTo, this.sampleRate);
    if (behind < STALL_SECONDS * this.sampleRate) return;
    const time = Math.min(timeAtFrame(this.anchor, clockFrame, this.sampleRate), this.duration);
    this.out.stop(Math.round(clockFrame));
    this.open.clear();
    engine.seek(time);
    this.scheduledTo = time;
  }

  private sendNotes(): void {
    const pending = this.pending;
    let strokes = 0;
    if (this.out.drums) for (const n of pending) if (kitDrum(n)) strokes++;
    const forWorklet = new Float64Array((pending.length - strokes) * PACKED_NOTE_FIELDS);
    const forDrums = new Float64Array(strokes * PACKED_HIT_FIELDS);
    const forPage = new Float64Array(pending.length * MIDI_NOTE_FIELDS);
    let piano = 0;
    let drums = 0;
    pending.forEach((n, k) => {
      const on = Math.round(frameAtTime(this.anchor, n.onset, this.sampleRate));
      const channel = midiChannelOf(n);
      let off: number;
      let pageOff: number;
      if (n.duration === Infinity) {
        const id = this.pendingIds[k]!;
        this.open.set(id, { pitch: n.pitch, channel });
        off = -id; // open: the worklet waits for its release
        pageOff = Infinity;
      } else {
        off = pageOff = Math.max(on + 1, Math.round(frameAtTime(this.anchor, n.onset + n.duration, this.sampleRate)));
      }
      if (strokes > 0 && kitDrum(n)) forDrums.set([on, n.pitch, n.velocity], PACKED_HIT_FIELDS * drums++);
      else forWorklet.set([on, off, n.pitch, n.velocity, n.speaker ?? -1], PACKED_NOTE_FIELDS * piano++);
      forPage.set([on, pageOff, n.pitch, n.velocity, channel], k * MIDI_NOTE_FIELDS);
    });
    if (strokes > 0) this.out.drums!(forDrums);
    this.out.notes(forWorklet, forPage);
  }

  /** Releases of open notes sent since the last stop; others (cut by a pause or seek) are dropped. */
  private sendReleases(): void {
    const r = this.pendingReleases;
    let count = 0;
    for (let k = 1; k < r.length; k += 2) if (this.open.has(r[k]!)) count++;
    if (count === 0) return;
    const forWorklet = new Float64Array(count * PACKED_RELEASE_FIELDS);
    const forPage = new Float64Array(count * MIDI_RELEASE_FIELDS);
    let j = 0;
    for (let k = 0; k < r.length; k += 2) {
      const id = r[k + 1]!;
      const note = this.open.get(id);
      if (!note) continue;
      this.open.delete(id);
      const frame = Math.round(frameAtTime(this.anchor, r[k]!, this.sampleRate));
      forWorklet.set([frame, id], j * PACKED_RELEASE_FIELDS);
      forPage.set([frame, note.pitch, note.channel], j * MIDI_RELEASE_FIELDS);
      j++;
    }
    this.out.releases(forWorklet, forPage);
  }
}
