/**
 * What an engine must offer to run live in the studio's worker. The worker owns the transport: it asks the engine
 * for the notes of the next slice of engine time, turns engine seconds into output frames through the current
 * anchor, and sends them to the audio worklet. An engine never sees frames, ports or the audio clock.
 *
 * An engine's run must be a function of its settings and seed (same seed, same output), so `seek(t)`
 * can rebuild its state at any time t, and its export is exactly what it plays.
 */
import type { EngineInfo, ExportFormat } from '../protocol.js';
import type { NoteEvent, Score } from 'neuromusic/score';

/** Where an engine puts what it produces while advancing. */
export interface EngineSink {
  /**
   * A note (onset and duration in engine seconds). A note with `duration: Infinity` is open: it sounds until the
   * engine ends it with `release(time, id)`, passing the id this call returned (a live instrument's key up).
   */
  note(note: NoteEvent): number;
  /** Ends the open note `id` at engine time `time` (within the span being advanced). */
  release(time: number, id: number): void;
  /** Observable state at engine time `time` for the view (worm body, neuron activity…). Keep it small. */
  state(time: number, state: unknown, transfer?: Transferable[]): void;
}

/** How an engine answers a command. */
export interface EngineReply {
  /** An engine-specific event for the engine's view. */
  event(event: unknown, transfer?: Transferable[]): void;
  /** A problem with the user's input, shown on the page (not a bug). */
  userError(message: string): void;
}

/**
 * How an engine speaks of its own accord, outside any call: its events and user errors at once (a command's replies
 * wait until the transport has moved), and word that work it ran in the background (a dance computed in its own
 * worker) has changed what it plays.
 */
export interface EngineHost extends EngineReply {
  /**
   * New material is ready on the same timeline: the worker re-seeks the engine where scheduling stands (as after a
   * 'changed' command) and a paused view is sent the state at the playhead.
   */
  changed(): void;
}

/** A host that drops everything (an engine run on its own, in a test or a benchmark). */
export const QUIET_HOST: EngineHost = { event: () => undefined, userError: () => undefined, changed: () => undefined };

/** Something the user asked for that the engine cannot do now (said on the page; not a bug). */
export class EngineUserError extends Error {
  override name = 'EngineUserError';
}

/**
 * What a command did to the engine's timeline:
 * - 'replaced': new material (a new file); the transport pauses and returns to 0.
 * - 'changed': same timeline, different notes from now on (a parameter); the worker re-seeks the engine to where
 *   scheduling stands, so notes already sent keep playing and later ones follow the new setting.
 * - 'none': nothing to redo.
 */
export type CommandEffect = 'replaced' | 'changed' | 'none';

export interface LiveEngine {
  /** The id views use to address this engine. */
  readonly id: string;
  info(): EngineInfo;
  /** Engine seconds per second of audio at `bpm` (1 at `info().nativeBpm`). */
  rate(bpm: number): number;
  /** Applies the seed; the timeline is then rebuilt by a seek. */
  setSeed(seed: number): void;
  /** Moves to engine time `time`: the next `advance` starts there. */
  seek(time: number): void;
  /** Produces every note with onset in [from, to) engine seconds, and any states in that span, in order. */
  advance(from: number, to: number, sink: EngineSink): void;
  /** Handles an engine-specific command from the view. */
  command(command: unknown, reply: EngineReply): CommandEffect;
  /** Samples of a live input from the view (a camera), to take effect where the engine stands (it is scheduling). */
  liveInput?(input: unknown): void;
  /** Sends the view what it needs to draw after it mounts (or after a change). */
  describe(reply: EngineReply): void;
  /**
   * The observable state where the engine stands now (after a seek or a command), so that a paused view shows the
   * moment it is parked at; engines without states leave it out.
   */
  currentState?(): { time: number; state: unknown } | undefined;
  /** The whole performance at `bpm`, as a score (what MIDI and WAV export write). */
  performance(bpm: number): Score;
  /** The MIDI file of a performance, when the engine lays its tracks out its own way (default: writeMidi). */
  midiFile?(score: Score): Uint8Array;
  /** Files in the formats beyond MIDI and WAV that `info().exports` lists (WCON for the worm). */
  exportFile?(format: ExportFormat, bpm: number, onProgress: (fraction: number) => void): ExportedFile;
}

/** A file an engine made. */
export interface ExportedFile {
  bytes: Uint8Array;
  /** File name extension without the dot. */
  extension: string;
  mime: string;
}

/** A factory in the worker's engine registry; `host` is how the engine speaks outside its calls. */
export type EngineFactory = (host: EngineHost) => LiveEngine;
