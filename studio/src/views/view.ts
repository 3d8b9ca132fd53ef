/**
 * What a view is: a page of the studio that draws one engine live. A view is registered once (views/index.ts),
 * gets a tab, a stage to draw in and a side panel for its controls, and is driven by the host: `draw` on every
 * animation frame with the playhead, engine events and states as they arrive, and files dropped on the page.
 */
import type { EngineInfo } from '../protocol.js';

/** What the host gives a view when it mounts. */
export interface ViewContext {
  /** The main area; the view puts its canvases here (it fills the space left by the panel). */
  stage: HTMLElement;
  /** The side panel, for the view's controls and numbers. */
  panel: HTMLElement;
  /** Sends an engine-specific command to this view's engine in the worker. */
  command(command: unknown, transfer?: Transferable[]): void;
  /** Sends samples of a live input (a camera) to this view's engine, which takes them where it is scheduling. */
  liveInput(input: unknown, transfer?: Transferable[]): void;
  /** Moves the playhead to engine second `time`. */
  seek(time: number): void;
  /** A one-line message in the status bar; 'error' for problems with the user's input. */
  notify(message: string, kind?: 'info' | 'error'): void;
  /**
   * Makes another worker engine the one that plays while this view is shown (undefined: the view's own again): its
   * info, events, states and notes then come to this view; `command` and `liveInput` still go to the view's own.
   */
  follow?(engine: string | undefined): void;
  /**
   * The page's sound, for a view that makes its own (the Resonance view's clicks on the microphone's beats): the
   * AudioContext and the node that leads to the speakers through the studio's volume, limiter and meter.
   */
  sound?: { context: AudioContext; input: AudioNode };
}

/** What the host passes to `draw` on every animation frame. */
export interface ViewFrame {
  /** Engine seconds at the playhead (what is being heard now). */
  time: number;
  playing: boolean;
  /** The engine's length in seconds (Infinity for open-ended engines). */
  duration: number;
  /** performance.now() of this frame, ms. */
  now: number;
}

/** A mounted view. */
export interface ViewInstance {
  /** Draws the frame. Called once per animation frame while the view is shown; keep it well under 16 ms. */
  draw(frame: ViewFrame): void;
  /** An engine-specific event (the score engine sends the score it plays). */
  onEngineEvent?(event: unknown): void;
  /** Observable engine state at engine time `time`, which arrives up to the lookahead (~0.2 s) early. */
  onEngineState?(time: number, state: unknown): void;
  /** What the engine that plays says about itself (its title, length and native tempo), when it says it. */
  onEngineInfo?(engine: string, info: EngineInfo): void;
  /**
   * Notes just scheduled, as the worker posts them (packed as in MIDI_NOTE_FIELDS, in output frames, ahead of the
   * playhead; an open note's off frame is Infinity), with the map from an output frame to engine seconds.
   */
  onNotes?(notes: Float64Array, timeAt: (frame: number) => number): void;
  /** Ends of open notes (packed as in MIDI_RELEASE_FIELDS), with the same map. */
  onReleases?(releases: Float64Array, timeAt: (frame: number) => number): void;
  /** Everything scheduled from output frame `frame` on was cancelled (pause, seek). */
  onStopped?(frame: number): void;
  /** A file dropped on the page: return true when the view takes it. */
  openFile?(name: string, bytes: Uint8Array): boolean;
  /** Removes listeners and timers; the host empties the stage and panel. */
  dispose(): void;
}

/** A view as registered. */
export interface StudioView {
  /** Stable id (the URL hash selects it: #score). */
  id: string;
  /** Tab label. */
  title: string;
  /** Id of the worker engine it drives (see worker/engines.ts). */
  engine: string;
  /** File extensions it opens from a drop, e.g. ['.mid', '.midi'] (shown in the drop hint). */
  fileTypes?: readonly string[];
  mount(context: ViewContext): ViewInstance;
}
