/**
 * The camera in the studio's Duet view, in headless Chromium with a fake camera that plays a Y4M file written here
 * by the core (`videoStimulus` + `writeY4m`): a ball bouncing twice a second drives the duet — the page reads the
 * camera at 160×120, the core MotionTracker gives the motion energy and the height of the moving mass, the worker's
 * duet hears them — and a still picture gives no motion. A refused camera is said on the page. Measures the
 * camera's frame rate and the lens-to-sound latency (test/helpers/studio-camera.ts); screenshots and figures go to
 * .tmp/artifacts/studio/. Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { ARTIFACTS, browserMissing, canvasSignature, listen, openStudio, pause, play, screenshot, type StudioPage } from './helpers/studio-page.js';
import { cameraFlags, openCamera, recordCamera, dominantHz } from './helpers/studio-camera.js';
import { projectRoot } from './helpers/shared.js';
import { videoStimulus } from '../src/engines/duet/video-stimuli.js';
import { writeY4m } from '../src/formats/y4m.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio camera tests skipped: ${missing}.`);

const VIDEOS = resolve(projectRoot, '.tmp', 'camera');
/** Bounces a second of the ball the fake camera shows. */
const BOUNCE_HZ = 2;

/** A generated clip as the Y4M file a fake camera plays (it loops it), at the view's working size. */
function y4mFile(name: string, frames: Uint8Array[], width: number, height: number): string {
  mkdirSync(VIDEOS, { recursive: true });
  const path = join(VIDEOS, name);
  writeFileSync(path, writeY4m({ width, height, fps: 30, frames }));
  return path;
}

let studio: StudioProcess;
const measurements: Record<string, unknown> = {};

describe.skipIf(!!missing)('the camera in the Duet view, in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
  });

  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'measurements-camera.json'), JSON.stringify(measurements, null, 2) + '\n');
    await studio?.stop();
  });

  it('a bouncing ball drives the duet: ≥ 25 fps, periodic motion energy at the bounce rate, sound, the latency measured', async () => {
    // Four seconds, a whole number of bounces, so the loop has no seam.
    const clip = videoStimulus('bouncing-ball', { width: 160, height: 120, fps: 30, seconds: 4, rateHz: BOUNCE_HZ });
    const file = y4mFile('bouncing-ball.y4m', clip.frames, clip.width, clip.height);
    const s: StudioPage = await openStudio(studio.url, { chromiumArgs: cameraFlags(file) });
    try {
      const { page } = s;
      await page.setViewportSize({ width: 1400, height: 860 });
      await openCamera(page, s.errors);
      expect(await page.locator('button.duet-camera-on').getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('.duet-heard').innerText()).toMatch(/camera/i);
      const before = await canvasSignature(page, 'canvas.duet-camera');
      await play(page);
      await page.waitForTimeout(500);
      const record = await recordCamera(page, 3000);
      const heard = await listen(page, 1000);
      const hz = dominantHz(record.times, record.energy, 0.5, 6);
      const heightHz = dominantHz(record.times, record.y, 0.5, 6);
      const energyMax = Math.max(...record.energy);
      // Frames tracked a second over the 3 s (the page's own figure, over its last 30 frames, is kept beside it).
      const fps = record.energy.length / 3;
      measurements.ball = { ...record.status, framesPerSecond: fps, frames: record.energy.length, energyMax, energyHz: hz, heightHz, peak: heard.peak, rms: heard.rms };
      console.info(`[camera] ball: ${fps.toFixed(1)} frames a second tracked over 3 s (the page said ${record.status.fps.toFixed(1)}), ${record.status.processMs.toFixed(2)} ms a frame, energy max ${energyMax.toExponential(2)} at ${hz.toFixed(2)} Hz, height at ${heightHz.toFixed(2)} Hz, lens → sound ${record.status.latencyMs.toFixed(0)} ms (capture times from the browser: ${record.status.captureTimes})`);
      expect(fps).toBeGreaterThanOrEqual(25);
      expect(energyMax).toBeGreaterThan(1e-3);
      // Periodic: the ball is fastest at each bounce, twice a second; its height rises and falls at the same rate.
      expect(Math.abs(hz - BOUNCE_HZ)).toBeLessThan(0.25);
      expect(Math.abs(heightHz - BOUNCE_HZ)).toBeLessThan(0.25);
      // The engine hears the camera: the listener's input is the envelope the page sent, and the drums sound.
      expect(heard.peak).toBeGreaterThan(0.02);
      expect(heard.rms).toBeGreaterThan(0.003);
      expect(Number.isFinite(record.status.latencyMs)).toBe(true);
      expect(record.status.latencyMs).toBeGreaterThan(0);
      expect(record.status.latencyMs).toBeLessThan(1000);
      expect(await canvasSignature(page, 'canvas.duet-camera')).not.toBe(before);
      // docs/studio-camera.png is this screenshot.
      await screenshot(page, 'duet-camera.png');
      // Its drummer again: the camera stops, the listener hears the strokes.
      await page.click('button.duet-hear-drummer');
      await page.waitForFunction(() => document.querySelector('button.duet-camera-on')?.getAttribute('aria-pressed') === 'false');
      expect(await page.locator('.duet-heard').innerText()).toMatch(/strokes/);
      await pause(page);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a still picture gives no motion energy', async () => {
    const scene = videoStimulus('still', { width: 160, height: 120, fps: 30, seconds: 1 }).frames[0]!;
    const file = y4mFile('still.y4m', Array.from({ length: 30 }, () => scene), 160, 120);
    const s = await openStudio(studio.url, { chromiumArgs: cameraFlags(file) });
    try {
      const { page } = s;
      await openCamera(page, s.errors);
      await play(page);
      const record = await recordCamera(page, 2000);
      const energyMax = Math.max(...record.energy);
      measurements.still = { ...record.status, frames: record.energy.length, energyMax };
      console.info(`[camera] still: ${record.status.fps.toFixed(1)} fps, energy max ${energyMax.toExponential(2)}`);
      expect(record.energy.length).toBeGreaterThan(40);
      expect(energyMax).toBeLessThan(1e-5);
      await pause(page);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a refused camera is said on the page, not thrown', async () => {
    // A fake camera, but no fake consent: headless Chromium refuses the request.
    const s = await openStudio(studio.url, { chromiumArgs: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'] });
    try {
      const { page } = s;
      await page.click('nav.tabs button[data-view="duet"]');
      await page.waitForFunction(() => window.neuromusicStudio!.view() === 'duet');
      await page.click('button.duet-camera-on');
      await page.waitForSelector('.duet-camera-status[data-problem]');
      const text = await page.locator('.duet-camera-status').innerText();
      measurements.refused = text;
      expect(text).toMatch(/camera was not allowed/);
      expect(await page.locator('button.duet-camera-on').getAttribute('aria-pressed')).toBe('false');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
