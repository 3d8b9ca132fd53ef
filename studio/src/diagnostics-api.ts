/**
 * The shape of `window.neuromusicStudio`: read-only numbers about the running page, for automation (the browser
 * tests and the benchmark read them) and for anyone curious in the console. Kept free of bundler-only imports so
 * Node-side code (tests) can use the types.
 */
import type { EngineInfo, WorkletStats } from './protocol.js';
import type { Anchor } from './timeline.js';
import type { FrameSummary } from './app/frame-stats.js';

/** Level of what is being heard. */
export interface Level {
  rms: number;
  peak: number;
}

/** The browser's own count of output glitches (Chromium's AudioContext.playbackStats), when it has one. */
export interface PlaybackStats {
  underrunEvents: number;
  underrunDuration: number;
  totalDuration: number;
}

export interface StudioDiagnostics {
  /** The id of the view shown. */
  view(): string | undefined;
  /** Engine seconds at the playhead (what is heard now). */
  time(): number;
  /** The transport's latest decision (play, pause, seek, a new piece), which the playhead follows within the output latency. */
  anchor(): Anchor;
  playing(): boolean;
  info(): EngineInfo;
  /** Level of the last ~46 ms of output. */
  level(): Level;
  /** Loudest output sample seen since the last call. */
  takePeak(): number;
  audio(): {
    sampleRate: number;
    state: AudioContextState;
    /** AudioContext.currentTime, s. */
    contextTime: number;
    baseLatency: number;
    worklet: WorkletStats | undefined;
    playback: PlaybackStats | undefined;
  };
  frames(): FrameSummary;
  /** Clears frame timings and the worklet's counters, to measure a fresh span. */
  resetMeasurements(): void;
  /** URL of the bundled piano worklet module. */
  workletUrl: string;
}

declare global {
  interface Window {
    neuromusicStudio?: StudioDiagnostics;
  }
}
