/** Puts the page's numbers on `window.neuromusicStudio` (see diagnostics-api.ts). */
import type { StudioApp } from './studio-app.js';
import { PIANO_WORKLET_URL } from '../audio/audio-output.js';
import type {} from '../diagnostics-api.js';

export function exposeDiagnostics(app: StudioApp): void {
  window.neuromusicStudio = {
    view: () => app.active?.view.id,
    time: () => app.time(),
    anchor: () => ({ ...app.anchors.latest() }),
    playing: () => app.playing,
    info: () => app.info,
    level: () => app.audio.level(),
    takePeak: () => {
      const p = app.peakLevel;
      app.peakLevel = 0;
      return p;
    },
    audio: () => ({
      sampleRate: app.audio.sampleRate,
      state: app.audio.context.state,
      contextTime: app.audio.context.currentTime,
      baseLatency: app.audio.context.baseLatency,
      worklet: app.audio.stats,
      playback: app.audio.playbackStats(),
    }),
    frames: () => app.frames.summary(),
    resetMeasurements: () => {
      app.frames.reset();
      app.audio.resetStats();
    },
    workletUrl: new URL(PIANO_WORKLET_URL, location.href).href,
  };
}
