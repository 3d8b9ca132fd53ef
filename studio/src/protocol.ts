/**
 * The messages between the page, the engine worker and the audio worklet.
 *
 *   page ──ToWorker──► engine worker ──ToWorklet (notes, stop)──► piano worklet ──► speakers
 *   page ◄─FromWorker─ engine worker ◄──────── clock (frame) ───── piano worklet
 *   page ◄──────────────────────── WorkletStats ───────────────── piano worklet
 *
 * The worker owns the engines and the transport; the worklet only plays what it is told at the frames it is
 * told. Notes travel as packed Float64Arrays (see `packNotes` in src/synth/live-piano.ts), transferred, not copied.
 */
import type { Anchor } from './timeline.js';
import type { LivePianoStats } from 'neuromusic/synth';

/** Export formats the page offers: MIDI and WAV for every engine, others where an engine lists them. */
export type ExportFormat = 'midi' | 'wav' | 'wcon' | 'timeline';

/** What each export format is, for buttons and downloads. */
export const EXPORT_FORMATS: Record<ExportFormat, { label: string; title: string }> = {
  midi: { label: '⤓ MIDI', title: 'Download what plays as a MIDI file' },
  wav: { label: '⤓ WAV', title: 'Download what plays as a WAV file (modal piano, 44.1 kHz)' },
  wcon: { label: '⤓ WCON', title: 'Download the worm’s track (midline per frame) as WCON, the worm-tracking format' },
  timeline: { label: '⤓ Timeline', title: 'Download the dance timeline (JSON: per frame the 95 muscles, the midline, the pattern and the behaviour), as neuromusic dance writes it' },
};

/** What an engine tells the page about itself. */
export interface EngineInfo {
  /** What is playing, for the title bar. */
  title: string;
  /** Length in engine seconds (Infinity for engines that run until stopped). */
  duration: number;
  /** The tempo (quarter-note bpm) at which the engine runs at its own speed. */
  nativeBpm: number;
  /** Whether the seed changes what the engine plays. */
  seeded: boolean;
  /** The export formats it offers (MIDI and WAV come from `performance`; others from `exportFile`). */
  exports: ExportFormat[];
  /** Speakers on a ring: notes carrying a speaker are panned around it (stereo) or routed to it (multichannel). */
  ringSpeakers?: number;
  /**
   * How far ahead of the audio clock the transport schedules this engine, seconds (default 0.2). An engine steered
   * live by an outside input asks for less, so the input is heard sooner, at the risk of late notes on a busy machine.
   */
  lookaheadSeconds?: number;
}

/** Page → worker. */
export type ToWorker =
  /** The port on which the worklet posts its clock and receives notes, and the output sample rate. */
  | { type: 'init'; sampleRate: number; worklet: MessagePort }
  /** Makes `engine` (an id from the worker's engine registry) the one that plays. */
  | { type: 'select'; engine: string }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; time: number }
  /** Seed for seeded engines; bpm null means the engine's native tempo. */
  | { type: 'settings'; seed: number; bpm: number | null }
  /** An engine-specific command (loading a file, changing a parameter), passed to the engine as is. */
  | { type: 'command'; engine: string; command: unknown }
  /**
   * Samples of a live input for the engine (a camera's motion features), as they come: the engine takes them where
   * it is scheduling; no reply, the timeline unchanged.
   */
  | { type: 'live-input'; engine: string; input: unknown }
  | { type: 'export'; id: number; format: ExportFormat };

/** Worker → page. */
export type FromWorker =
  | { type: 'ready'; engines: string[] }
  /** A new piece of the frame → engine-time map (play, pause, seek, tempo). */
  | { type: 'anchor'; anchor: Anchor }
  | { type: 'info'; engine: string; info: EngineInfo }
  /** Notes just scheduled, packed as in MIDI_NOTE_FIELDS (frames, pitch, velocity, MIDI channel). */
  | { type: 'notes'; notes: Float64Array }
  /** Open notes ending, packed as in MIDI_RELEASE_FIELDS (frame, pitch, MIDI channel). */
  | { type: 'releases'; releases: Float64Array }
  /** Everything scheduled from `frame` on was cancelled (pause, seek). */
  | { type: 'stopped'; frame: number }
  /** An engine-specific event for the view (for the score engine: the score now playing). */
  | { type: 'event'; engine: string; event: unknown }
  /** Observable engine state at engine time `time`, sent ahead of the playhead. */
  | { type: 'state'; engine: string; time: number; state: unknown }
  | { type: 'ended' }
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'exported'; id: number; fileName: string; mime: string; bytes: Uint8Array }
  /** Export `id` did not happen (why is said by a user-error or a fault). */
  | { type: 'export-failed'; id: number }
  /** A problem with the user's input (a corrupt file): shown on the page. */
  | { type: 'user-error'; message: string }
  /** A bug: logged as an error. */
  | { type: 'fault'; message: string };

/** Worker → worklet (the worklet also accepts these on its own node port). */
export type ToWorklet =
  | { type: 'notes'; notes: Float64Array }
  /** Ends of open notes, packed as in PACKED_RELEASE_FIELDS (frame, id). */
  | { type: 'releases'; releases: Float64Array }
  /** Drum strokes for the kit, packed as in PACKED_HIT_FIELDS (frame, General MIDI key, velocity). */
  | { type: 'drums'; hits: Float64Array }
  | { type: 'stop'; frame: number }
  /** Speakers on the ring that speaker notes are panned around (null: none, notes sit by pitch). */
  | { type: 'ring'; speakers: number | null }
  /** Asks for an immediate `ack` (lets a caller know earlier messages have arrived). */
  | { type: 'ping' }
  /** What plays the notes: the modal piano, or the additive organ with a registration ("888000000:perc3,fast,c3"). */
  | { type: 'instrument'; instrument: 'piano' | 'organ'; registration?: string }
  | { type: 'reset-stats' };

/** Name under which the piano worklet's processor registers. */
export const PIANO_PROCESSOR = 'neuromusic-modal-piano';

/** Page → worklet, once: the worker's end of the clock channel. */
export interface ConnectWorklet {
  type: 'connect';
  port: MessagePort;
}

/** The worklet's account of itself (posted to the page a few times a second), with its piano's counters. */
export interface WorkletStats extends LivePianoStats {
  type: 'stats';
  /** Output frame at the end of the last block. */
  frame: number;
  /** Render quanta processed since the last reset. */
  blocks: number;
  /** Frames per quantum. */
  blockFrames: number;
  /**
   * Quanta whose process() certainly overran the quantum's real-time budget. The audio thread has no clock finer
   * than Date.now() (whole milliseconds, and its ticks line up with the output's timer, so sums of differences
   * are biased): a difference of d ms means a true duration above d − 1 ms, and only d − 1 ≥ budget is counted.
   */
  overBudget: number;
  /** Largest Date.now() difference around one process(), ms (the true duration is above this minus 1 ms). */
  maxBlockMs: number;
}

/**
 * Numbers per note in a 'notes' message to the page: on frame, off frame, pitch, velocity, MIDI channel. The off
 * frame of an open note is Infinity; its end comes in a 'releases' message.
 */
export const MIDI_NOTE_FIELDS = 5;

/** Numbers per release in a 'releases' message to the page: frame, pitch, MIDI channel. */
export const MIDI_RELEASE_FIELDS = 3;
