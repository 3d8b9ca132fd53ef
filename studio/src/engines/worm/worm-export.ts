/**
 * Exports of a worm performance, re-run from its seed and recorded commands (the same WormRun the studio played):
 * the notes as a Score (MIDI, WAV) and the body's track as WCON, recorded like `neuromusic worm simulate` records
 * (25 frames a second) and written by the same code (src/engines/worm/model/wcon-export.ts).
 */
import { createScore, type NoteEvent, type Score, parseKey } from 'neuromusic/score';
import { REGISTER_ORDER, allocateRecording, finishRecording, recordFrame, type WormRecording, recordingToWconDocument } from 'neuromusic/worm';
import { writeWcon } from 'neuromusic/formats';
import { WormRun, type WormOutput } from './worm-run.js';
import type { WormControls } from './controls.js';

/** The quadrants' names as voices of the score. */
const VOICE_NAMES: Record<string, string> = { DL: 'dorsal left', VL: 'ventral left', DR: 'dorsal right', VR: 'ventral right' };

/** Frames a second of the WCON track (the CLI's default). */
export const WCON_FRAME_RATE = 25;

/**
 * The notes of a performance from 0 to `seconds`, at the worm's own speed, each ending where its muscle relaxed
 * (notes still sounding at the end end there).
 * @example
 * const score = performanceScore(0, controls, 30, 75);
 */
export function performanceScore(seed: number, controls: WormControls, seconds: number, bpm: number): Score {
  const run = new WormRun(seed, controls);
  const notes: NoteEvent[] = [];
  const open = new Map<number, NoteEvent>();
  const collect: WormOutput = {
    note(n) {
      const note = { ...n, duration: 0 };
      notes.push(note);
      open.set(notes.length, note);
      return notes.length;
    },
    release(time, id) {
      const note = open.get(id);
      if (!note) return;
      open.delete(id);
      note.duration = time - note.onset;
    },
  };
  run.run(seconds, collect);
  run.flush(collect, seconds);
  const key = parseKey(run.state.music.key).name;
  return createScore(notes.filter((n) => n.duration > 0), {
    tempos: [{ time: 0, bpm }],
    meta: { title: `The worm plays (${key})`, source: `neuromusic studio, worm engine, seed ${seed}; commands: ${controls.driveScript()}`, key, voiceNames: REGISTER_ORDER.map((q) => VOICE_NAMES[q]!) },
  });
}

/**
 * The body's track from 0 to `seconds` as a {@link WormRecording} at 25 frames a second, as `simulateWorm`
 * records it: midline, curvature, muscles, neurons, centroid and its velocity, behaviour and drive per frame.
 */
export function performanceRecording(seed: number, controls: WormControls, seconds: number, onProgress?: (fraction: number) => void): WormRecording {
  const run = new WormRun(seed, controls);
  const worm = run.worm;
  const stepsPerFrame = Math.max(1, Math.round(1 / (WCON_FRAME_RATE * run.stepS)));
  const frames = Math.floor(seconds / (stepsPerFrame * run.stepS) + 1e-9) + 1;
  const rec = allocateRecording(worm, frames, 1 / (stepsPerFrame * run.stepS), controls.driveScript());
  const t0 = performance.now();
  const progressEvery = Math.max(1, Math.floor(frames / 50));
  for (let f = 0; f < frames; f++) {
    // Exactly f × stepsPerFrame steps: every step ending before the middle of the next one.
    run.run((f * stepsPerFrame + 0.5) * run.stepS, null);
    recordFrame(rec, f, worm);
    if (onProgress && f % progressEvery === 0) onProgress(f / frames);
  }
  finishRecording(rec, t0);
  onProgress?.(1);
  return rec;
}

/**
 * The performance's track as WCON text: the CLI's document, with the environment changes and the recorded
 * commands stated in its metadata when the user changed them live.
 * @example
 * const text = performanceWcon(0, controls, 20); // validates against wcon_schema.json
 */
export function performanceWcon(seed: number, controls: WormControls, seconds: number, onProgress?: (fraction: number) => void): string {
  const rec = performanceRecording(seed, controls, seconds, onProgress);
  const doc = recordingToWconDocument(rec, { name: 'neuromusic studio', version: '0' });
  const media = controls.entries.filter((c) => c.kind === 'medium');
  const music = controls.entries.filter((c) => c.kind === 'music');
  const protocol = doc.metadata?.protocol as string[] | undefined;
  if (media.length > 0 && doc.metadata) {
    const parts = [`medium ${controls.initial.medium} from 0 s`, ...media.map((c) => `${c.medium} from ${(c.step * rec.params.numerics.stepS).toFixed(3)} s`)];
    doc.metadata['media'] = `simulated, changed live between water (0) and agar (1): ${parts.join(', ')}`;
  }
  if (protocol) {
    protocol.push('played live in the neuromusic studio: "the worm plays" (muscle contractions become notes)');
    if (music.length > 0) protocol.push(`music changed live: ${music.map((c) => `${c.music.key}, ${c.music.notesPerSecond} notes/s from ${(c.step * rec.params.numerics.stepS).toFixed(3)} s`).join('; ')}`);
  }
  return writeWcon(doc, { head: 'L', ventral: 'CW' });
}
