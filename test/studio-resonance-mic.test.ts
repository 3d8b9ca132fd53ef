/**
 * The Resonance view listening to the microphone, in headless Chromium with a fake microphone that plays a click
 * track written here (`--use-file-for-fake-audio-capture`; Chromium loops it): the bank's strongest oscillator sits
 * at the click rate, the online tracker's beats flash at that rate, their clicks (a kick) sound on the page's
 * output — which is silent before — and the page shows the input-to-flash latency and the bank's frame rate. A
 * refused microphone is said on the page. Figures and the screenshot go to .tmp/artifacts/studio/
 * (docs/images/resonance-microphone.png is that screenshot). Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { ARTIFACTS, browserMissing, canvasSignature, listen, openStudio, screenshot } from './helpers/studio-page.js';
import { microphoneFlags, openMicrophone, recordFlashes, micFigures } from './helpers/studio-microphone.js';
import { projectRoot } from './helpers/shared.js';
import { encodeWav } from '../src/formats/wav.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio microphone tests skipped: ${missing}.`);

const CLICK_HZ = 2;

/** A click track the fake microphone loops: 10-ms 1-kHz bursts at CLICK_HZ, 8 s (a whole number of clicks: no seam). */
function clickTrackFile(): string {
  const rate = 48000;
  const seconds = 8;
  const x = new Float32Array(seconds * rate);
  const n = Math.round(0.01 * rate);
  for (let t = 0.25; t < seconds; t += 1 / CLICK_HZ) {
    const i = Math.round(t * rate);
    for (let j = 0; j < n && i + j < x.length; j++) x[i + j] = 0.7 * Math.sin((2 * Math.PI * 1000 * j) / rate) * (1 - j / n);
  }
  const dir = resolve(projectRoot, '.tmp', 'microphone');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'clicks-2hz.wav');
  writeFileSync(path, encodeWav({ sampleRate: rate, channels: [x] }));
  return path;
}

let studio: StudioProcess;
const measurements: Record<string, unknown> = {};

async function openResonance(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 860 });
  await page.click('nav.tabs button[data-view="resonance"]');
  await page.waitForFunction(() => window.neuromusicStudio!.view() === 'resonance');
}

describe.skipIf(!!missing)('the Resonance view listening to the microphone, in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
  });

  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'measurements-resonance-mic.json'), JSON.stringify(measurements, null, 2) + '\n');
    await studio?.stop();
  });

  it('a 2-Hz click track: the bank peaks at 2 Hz, the tracker’s beats flash twice a second and click audibly; latency and frame rate shown', async () => {
    const s = await openStudio(studio.url, { chromiumArgs: microphoneFlags(clickTrackFile()) });
    try {
      const { page } = s;
      await openResonance(page);
      // Nothing plays yet: the transport is stopped and the microphone off.
      const quiet = await listen(page, 500);
      const spectrum = await canvasSignature(page, 'canvas.resonance-spectrum');
      await openMicrophone(page, s.errors);
      expect(await page.locator('button.resonance-mic').getAttribute('aria-pressed')).toBe('true');
      // Let the bank and the tracker settle (the tracker's first window), then watch the flashes.
      await page.waitForFunction(() => Number(document.querySelector('.resonance-mic-status')?.getAttribute('data-flashes') ?? 0) >= 6, undefined, { timeout: 40_000 });
      const flashes = await recordFlashes(page, 6000);
      const heard = await listen(page, 1500);
      const figures = await micFigures(page);
      const gaps = flashes.times.slice(1).map((t, i) => t - flashes.times[i]!);
      const sorted = [...gaps].sort((a, b) => a - b);
      const medianGap = sorted[sorted.length >> 1]!;
      const rate = (flashes.times.length - 1) / ((flashes.times.at(-1)! - flashes.times[0]!) / 1000);
      measurements.clicks = { ...figures, flashes: flashes.times.length, flashRateHz: rate, medianGapMs: medianGap, latenciesMs: flashes.latencies, quietPeak: quiet.peak, peak: heard.peak, rms: heard.rms };
      console.info(`[resonance-mic] ${flashes.times.length} flashes in 6 s (${rate.toFixed(2)} a second, median gap ${medianGap.toFixed(0)} ms); bank peak ${figures.peakHz.toFixed(2)} Hz, pulse ${figures.pulseHz.toFixed(2)} Hz, tracker ${figures.trackerBpm.toFixed(1)} bpm; input → flash ${figures.latencyMs.toFixed(0)} ms (median), tracker decides ${figures.decidedMs.toFixed(0)} ms after a beat; bank ${figures.bankFps.toFixed(0)} frames/s (${figures.reader}); output peak ${heard.peak.toFixed(3)} (silent before: ${quiet.peak.toFixed(4)})`);
      // The bank's strongest oscillator (mean amplitude) and its pulse at the click rate (oscillators ~0.06 Hz apart at 2 Hz).
      expect(Math.abs(figures.peakHz - CLICK_HZ)).toBeLessThan(0.1);
      expect(Math.abs(figures.pulseHz - CLICK_HZ)).toBeLessThan(0.15);
      expect(Math.abs(figures.trackerBpm - 60 * CLICK_HZ)).toBeLessThan(6);
      // The beats flash at the click rate: within 10 %, and no gap far off half a second.
      expect(Math.abs(rate - CLICK_HZ)).toBeLessThan(0.2);
      expect(Math.abs(medianGap - 1000 / CLICK_HZ)).toBeLessThan(40);
      // Their clicks sound on the page's output, which was silent before.
      expect(quiet.peak).toBeLessThan(0.005);
      expect(heard.peak).toBeGreaterThan(0.02);
      // The page measures and shows its latency and the bank's frame rate (100 envelope frames a second, live).
      expect(Number.isFinite(figures.latencyMs)).toBe(true);
      expect(figures.latencyMs).toBeGreaterThanOrEqual(0);
      expect(figures.latencyMs).toBeLessThan(1000);
      expect(figures.decidedMs).toBeGreaterThan(0);
      expect(figures.bankFps).toBeGreaterThan(60);
      expect(figures.bankFps).toBeLessThan(140);
      expect(await page.locator('dd[data-mic="input → flash"]').innerText()).toMatch(/ms/);
      expect(await page.locator('dd[data-mic="bank rate"]').innerText()).toMatch(/frames\/s/);
      expect(await canvasSignature(page, 'canvas.resonance-spectrum')).not.toBe(spectrum);
      await screenshot(page, 'resonance-microphone.png'); // docs/images/resonance-microphone.png is this screenshot
      // Off again: the status says so and the clicks stop.
      await page.click('button.resonance-mic');
      await page.waitForFunction(() => document.querySelector('.resonance-mic-status')?.getAttribute('data-state') === 'off');
      await page.waitForTimeout(700);
      expect((await listen(page, 800)).peak).toBeLessThan(0.005);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a refused microphone is said on the page, not thrown', async () => {
    // A fake microphone, but no fake consent: headless Chromium refuses the request.
    const s = await openStudio(studio.url, { chromiumArgs: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'] });
    try {
      const { page } = s;
      await openResonance(page);
      await page.click('button.resonance-mic');
      await page.waitForSelector('.resonance-mic-status[data-problem]');
      const text = await page.locator('.resonance-mic-status').innerText();
      measurements.refused = text;
      expect(text).toMatch(/microphone was not allowed/);
      expect(await page.locator('button.resonance-mic').getAttribute('aria-pressed')).toBe('false');
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
