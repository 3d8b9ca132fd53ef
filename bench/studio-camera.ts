/**
 * The camera in the studio's Duet view, in headless Chromium with a fake camera playing a bouncing ball (a Y4M file
 * written by the core): how many frames a second the page reads and tracks while the duet plays, the page's work on
 * a frame, and the lens-to-sound latency measured in the page — from each frame's capture time to the playhead (the
 * frame coming out of the speakers) passing the engine time at which the listener hears it — with its parts. And
 * the core MotionTracker alone in Node at the page's working size, for the headroom.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { startStudio, studioBuilt } from '../test/helpers/studio.js';
import { browserMissing, measure, openStudio, pause, play, type StudioMeasurement } from '../test/helpers/studio-page.js';
import { cameraFlags, openCamera, recordCamera, type CameraStatus } from '../test/helpers/studio-camera.js';
import { projectRoot } from '../test/helpers/shared.js';
import { videoStimulus } from '../src/engines/duet/video-stimuli.js';
import { writeY4m } from '../src/formats/y4m.js';
import { MotionTracker } from '../src/analysis/video/motion.js';
import { DuetLiveEngine, DUET_LOOKAHEAD_SECONDS } from '../studio/src/engines/duet/duet-engine.js';
import type { EngineSink } from '../studio/src/worker/live-engine.js';
import { table, type BenchSection } from './lib.js';

const SECONDS = 10;
const TARGET_FPS = 30;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
};

/** The core tracker on the page's 160×120 frames in Node: ms a frame. */
function trackerInNode(frames: Uint8Array[]): number {
  const tracker = new MotionTracker({ width: 160, height: 120, fps: 30 });
  for (const f of frames) tracker.push(f); // warm up
  const rounds = 20;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of frames) tracker.push(f);
  return (performance.now() - t0) / (rounds * frames.length);
}

/**
 * The duet hearing a 30-fps camera in Node, stepped as the transport steps it: from each sample taking effect to the
 * next note (any voice), in engine seconds — the first note played under its influence.
 */
function sampleToNote(clip: Uint8Array[]): number[] {
  const engine = new DuetLiveEngine();
  engine.seek(0);
  engine.command({ kind: 'camera-on' }, { event: () => undefined, userError: () => undefined });
  const tracker = new MotionTracker({ width: 160, height: 120, fps: 30 });
  const onsets: number[] = [];
  const applied: number[] = [];
  const sink: EngineSink = { note: (n) => (onsets.push(n.onset), 0), release: () => undefined, state: () => undefined };
  const tick = 1024 / 44100;
  let peak = 0.004;
  let frame = 0;
  for (let t = 0; t < 20; t += tick) {
    while (frame / 30 <= t) {
      const f = tracker.push(clip[frame % clip.length]!);
      peak = Math.max(f.energy, 0.004, peak * Math.exp(-1 / (30 * 8)));
      applied.push(t);
      engine.liveInput(Float64Array.of(frame, f.energy, Math.min(1, f.energy / peak), Math.min(1, Math.max(0, f.y))));
      frame++;
    }
    engine.advance(t, t + tick, sink);
  }
  onsets.sort((a, b) => a - b);
  const waits: number[] = [];
  let i = 0;
  for (const a of applied.slice(30)) {
    while (i < onsets.length && onsets[i]! < a) i++;
    if (i < onsets.length) waits.push((onsets[i]! - a) * 1000);
  }
  return waits;
}

export const studioCameraSection: BenchSection = {
  id: 'studio-camera',
  title: 'Studio: the camera in the Duet view — frames a second, and lens to sound',
  async run() {
    if (!studioBuilt) return '_Skipped: studio/dist is not built (npm run build)._';
    const missing = browserMissing();
    if (missing) return `_Skipped: ${missing}._`;
    const clip = videoStimulus('bouncing-ball', { width: 160, height: 120, fps: 30, seconds: 4, rateHz: 2 });
    const dir = resolve(projectRoot, '.tmp', 'camera');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bench-bouncing-ball.y4m');
    writeFileSync(file, writeY4m({ width: 160, height: 120, fps: 30, frames: clip.frames }));
    const studio = await startStudio(['--port', '0']);
    const s = await openStudio(studio.url, { chromiumArgs: cameraFlags(file) });
    const samples: CameraStatus[] = [];
    const pipeline: number[] = [];
    let frames: StudioMeasurement;
    let counted = 0;
    let output = NaN;
    try {
      const { page } = s;
      await page.setViewportSize({ width: 1400, height: 860 });
      await openCamera(page, s.errors);
      await play(page);
      await page.waitForTimeout(2000);
      for (let k = 0; k < SECONDS; k++) {
        const r = await recordCamera(page, 1000);
        counted += r.energy.length;
        samples.push(r.status);
        pipeline.push(await page.evaluate(() => Number(document.querySelector('.duet-camera-status')!.getAttribute('data-capture-to-ready-ms'))));
      }
      // Then the page's frame timing and the audio side, the camera still running.
      frames = await measure(page, 3);
      // The page's output latency (baseLatency + outputLatency), as its status bar shows it.
      output = await page.evaluate(() => Number(/latency (\d+) ms/.exec(document.querySelector('.audio-status')?.textContent ?? '')?.[1] ?? NaN));
      await pause(page);
      if (s.errors.length) throw new Error(`the page reported errors: ${s.errors.join('; ')}`);
    } finally {
      await s.close();
      await studio.stop();
    }
    const fps = samples.map((x) => x.fps);
    const latency = samples.map((x) => x.latencyMs).filter(Number.isFinite);
    const processMs = samples.map((x) => x.processMs);
    const nodeMs = trackerInNode(clip.frames);
    const toNote = sampleToNote(clip.frames);
    const lookahead = DUET_LOOKAHEAD_SECONDS * 1000;
    const lat = median(latency);
    const rest = lat - median(pipeline) - lookahead - output;
    return [
      `A fake camera (Chromium's, playing a 160×120 Y4M of a ball bouncing twice a second at 30 fps) drives the duet for ${SECONDS} s while it plays: ` +
        `**${(counted / SECONDS).toFixed(1)} frames a second** read, turned grey and tracked on the page (the frame rate the page reports: median ${median(fps).toFixed(1)}, lowest ${Math.min(...fps).toFixed(1)}; target ≥ ${TARGET_FPS}, the camera's own rate: **${counted / SECONDS >= 0.95 * TARGET_FPS ? 'met' : 'not met'}**); ` +
        `the page's work a frame (draw to the canvas, grey, MotionTracker) median ${median(processMs).toFixed(2)} ms, so it could keep up with ${(1000 / median(processMs)).toFixed(0)} frames a second. ` +
        `Meanwhile the view drew at ${frames.frames.fps.toFixed(1)} fps (draw p95 ${frames.frames.drawP95Ms.toFixed(1)} ms); audio: late notes ${frames.audio.late}, quanta over budget ${frames.audio.overBudget}, Chromium underruns ${frames.audio.underrunEvents ?? 'n/a'} (load average ${loadavg()[0]!.toFixed(1)} on 2 cores shared with other jobs).`,
      '',
      `Lens to sound, measured in the page frame by frame (median of the last 30 frames, read once a second): median **${lat.toFixed(0)} ms**, from ${Math.min(...latency).toFixed(0)} to ${Math.max(...latency).toFixed(0)} ms. Its parts:`,
      '',
      table(['part', 'ms'], [
        ['capture (the frame\'s timestamp, aligned to the page\'s clock by the quickest frame: a lower bound) → features ready on the page (draw at 160×120, grey, MotionTracker)', median(pipeline)],
        ['→ the worker, which records the sample where it is scheduling: the duet\'s lookahead past the worklet\'s last clock tick', lookahead],
        ['output latency reported by the AudioContext (baseLatency + outputLatency; headless Chromium\'s fake output)', output],
        ['the rest: the clock tick was up to ~23 ms before the sample arrived (so less than the whole lookahead is left), plus the message to the worker and the output timestamps\' rounding', rest],
      ]),
      '',
      `To the first note played under a frame's influence add the wait from the moment it takes effect to the next note of either voice: ` +
        `${median(toNote).toFixed(0)} ms median, ${Math.max(...toNote).toFixed(0)} ms at most in engine time (the duet hearing the same camera in Node, stepped as the transport steps it), ` +
        `so a frame's first note is heard about ${(lat + median(toNote)).toFixed(0)} ms after its capture, median.`,
      '',
      `The core MotionTracker alone in Node on the same 160×120 frames: ${nodeMs.toFixed(3)} ms a frame (${(1000 / nodeMs).toFixed(0)} frames a second).`,
    ].join('\n');
  },
};
