/**
 * The studio's Resonance view in a real browser, served by `neuromusic studio` and driven in headless Chromium: the
 * tab is there, the Hopf bifurcation plot changes with its sliders and regimes, the metronome sounds and ASHLE's
 * taps lock to it (the asynchrony settles, and settles again after a tempo change), and a click track written with
 * the project's WAV writer makes the GrFNN bank's pulse and spectral peak sit at the click rate. The screenshot is
 * docs/studio-resonance.png. Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { browserMissing, canvasSignature, listen, openStudio, play, screenshot, type StudioPage } from './helpers/studio-page.js';
import { writeWavFile } from '../src/node/render-wav-file.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio Resonance tests skipped: ${missing}.`);

let studio: StudioProcess;
let s: StudioPage;

/** The number behind a line of the view's "Now" panel (data-value). */
function nowValue(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => Number(document.querySelector(`dd[data-resonance="${n}"]`)?.getAttribute('data-value') ?? NaN), name);
}

async function waitFor(page: Page, name: string, test: 'below' | 'above' | 'near', limit: number, timeout = 30_000, near = 0): Promise<void> {
  await page.waitForFunction(
    ([n, t, l, w]) => {
      const text = document.querySelector(`dd[data-resonance="${n}"]`)?.getAttribute('data-value');
      if (text == null) return false;
      const v = Number(text);
      return t === 'below' ? v >= 0 && v < l : t === 'above' ? v > l : Math.abs(v - l) < w;
    },
    [name, test, limit, near] as const,
    { timeout, polling: 100 },
  );
}

/** A click track: 10-ms decaying 1-kHz bursts at `hz` for `seconds`, as a 16-bit WAV written by the project. */
function clickTrack(hz: number, seconds: number): Uint8Array {
  const rate = 22050;
  const x = new Float32Array(Math.round(seconds * rate));
  for (let t = 0.25; t < seconds; t += 1 / hz) {
    const i = Math.round(t * rate);
    for (let j = 0; j < 220 && i + j < x.length; j++) x[i + j] = 0.8 * Math.sin((2 * Math.PI * 1000 * j) / rate) * (1 - j / 220);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nm-resonance-'));
  try {
    const path = join(dir, 'clicks.wav');
    writeWavFile(path, { sampleRate: rate, channels: [x] });
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!!missing)('the Resonance view in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
    s = await openStudio(studio.url);
    await s.page.setViewportSize({ width: 1400, height: 860 });
  });

  afterAll(async () => {
    await s?.close();
    await studio?.stop();
  });

  it('opens the tab; the bifurcation plot follows the sliders and the regimes', async () => {
    const { page } = s;
    await page.click('nav.tabs button[data-view="resonance"]');
    await page.waitForFunction(() => window.neuromusicStudio!.view() === 'resonance');
    expect(await page.locator('nav.tabs button[data-view="resonance"]').innerText()).toBe('Resonance');
    await page.waitForTimeout(200);
    const before = await canvasSignature(page, 'canvas.resonance-bifurcation');
    const curveBefore = await canvasSignature(page, 'canvas.resonance-curve');
    await page.locator('input.resonance-alpha').fill('-0.4');
    await page.waitForTimeout(200);
    expect(await canvasSignature(page, 'canvas.resonance-bifurcation')).not.toBe(before);
    expect(await canvasSignature(page, 'canvas.resonance-curve')).not.toBe(curveBefore);
    // The double-limit-cycle regime: subcritical, bistable at α < 0.
    await page.click('button.resonance-regime[data-regime="double limit cycle"]');
    await page.waitForTimeout(200);
    expect(await page.locator('input.resonance-beta1').inputValue()).toBe('1');
    const bistable = await canvasSignature(page, 'canvas.resonance-bifurcation');
    await page.locator('input.resonance-beta2').fill('-0.5');
    await page.waitForTimeout(200);
    expect(await canvasSignature(page, 'canvas.resonance-bifurcation')).not.toBe(bistable);
    expect(s.errors).toEqual([]);
  });

  it('the metronome sounds and ASHLE locks to it; after a tempo change it locks again', async () => {
    const { page } = s;
    await play(page);
    const heard = await listen(page, 1500);
    expect(heard.peak).toBeGreaterThan(0.02);
    expect(await nowValue(page, 'metronome')).toBeCloseTo(2, 6);
    // At 120 bpm (ASHLE's spontaneous rate) the taps fall on the clicks at once: spread under 5 ms.
    await waitFor(page, 'spread', 'below', 5);
    const tapper = await canvasSignature(page, 'canvas.resonance-tapper');
    await page.locator('input.resonance-tempo').fill('96');
    await waitFor(page, 'metronome', 'near', 1.6, 10_000, 1e-6);
    // The change unsettles the taps, then ASHLE learns the new tempo and they settle again.
    await waitFor(page, 'spread', 'above', 5, 15_000);
    await waitFor(page, 'spread', 'below', 5, 60_000);
    const mean = await nowValue(page, 'mean');
    console.info(`[resonance] ASHLE at 96 bpm: mean asynchrony ${mean.toFixed(1)} ms, learned ${(60 * (await nowValue(page, 'ASHLE'))).toFixed(1)} bpm`);
    expect(await canvasSignature(page, 'canvas.resonance-tapper')).not.toBe(tapper);
    expect(s.errors).toEqual([]);
  });

  it('a loaded click track at 2 Hz puts the bank’s pulse and spectral peak at 2 Hz, beats ticking', async () => {
    const { page } = s;
    const bytes = clickTrack(2, 20);
    await page.setInputFiles('input.resonance-open-wav-input', { name: 'clicks.wav', mimeType: 'audio/wav', buffer: Buffer.from(bytes) });
    await page.waitForFunction(() => document.querySelector('.resonance-heard')?.textContent?.includes('clicks.wav'));
    await play(page);
    await waitFor(page, 'pulse', 'near', 2, 30_000, 0.15);
    const spectrum = await canvasSignature(page, 'canvas.resonance-spectrum');
    await page.waitForTimeout(3000);
    expect(Math.abs((await nowValue(page, 'pulse')) - 2)).toBeLessThan(0.15);
    expect(Math.abs((await nowValue(page, 'peak')) - 2)).toBeLessThan(0.1);
    expect(await canvasSignature(page, 'canvas.resonance-spectrum')).not.toBe(spectrum);
    await screenshot(page, 'studio-resonance.png'); // docs/studio-resonance.png is this screenshot
    expect(s.errors).toEqual([]);
  });
});
