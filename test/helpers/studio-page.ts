/**
 * Driving the studio page in headless Chromium (playwright-core on Debian's /usr/bin/chromium): open it, collect
 * console errors, play, drop files, read the page's own numbers (window.neuromusicStudio), compare canvas frames,
 * render the piano worklet offline, and take screenshots into the artifacts folder. Shared by the studio's
 * browser tests and the studio benchmark, so both measure the same way.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../src/node/browser.js';
import { projectRoot } from './shared.js';
import type {} from '../../studio/src/diagnostics-api.js';

/** Where screenshots and measurements go (gitignored). */
export const ARTIFACTS = resolve(projectRoot, '.tmp', 'artifacts', 'studio');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return chromiumPath() ? undefined : 'no Chromium found (install Debian\'s "chromium" or set CHROMIUM_PATH)';
}

export interface StudioPage {
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Opens the studio at `url` and waits until it is ready (engines started, a view shown); `chromiumArgs` are extra flags. */
export async function openStudio(url: string, options: { chromiumArgs?: readonly string[] } = {}): Promise<StudioPage> {
  const { context, close } = await launchChromium({ args: options.chromiumArgs ?? [] });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Downloads of blob: URLs end as "aborted" navigations in some versions; they are not failures.
    if (!r.url().startsWith('blob:')) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, errors, close };
}

/** Saves a screenshot of the page to the artifacts folder; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, name);
  await page.screenshot({ path });
  return path;
}

/** A cheap fingerprint of a canvas's pixels (FNV-1a over a sample of them). */
export function canvasSignature(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel);
    if (!canvas) throw new Error(`no canvas ${sel}`);
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i += 7) h = Math.imul(h ^ data[i]!, 0x01000193);
    return h >>> 0;
  }, selector);
}

/** Engine seconds at the playhead. */
export function playheadTime(page: Page): Promise<number> {
  return page.evaluate(() => window.neuromusicStudio!.time());
}

/** Presses play (if paused) and waits until the page reports playing. */
export async function play(page: Page): Promise<void> {
  if (!(await page.evaluate(() => window.neuromusicStudio!.playing()))) await page.click('button.play');
  await page.waitForFunction(() => window.neuromusicStudio!.playing());
}

export async function pause(page: Page): Promise<void> {
  if (await page.evaluate(() => window.neuromusicStudio!.playing())) await page.click('button.play');
  await page.waitForFunction(() => !window.neuromusicStudio!.playing());
}

/** Listens for `ms` and returns the loudest output sample and the largest RMS seen (sampled every 100 ms). */
export async function listen(page: Page, ms: number): Promise<{ peak: number; rms: number }> {
  await page.evaluate(() => window.neuromusicStudio!.takePeak());
  let rms = 0;
  for (let t = 0; t < ms; t += 100) {
    await page.waitForTimeout(100);
    rms = Math.max(rms, await page.evaluate(() => window.neuromusicStudio!.level().rms));
  }
  const peak = await page.evaluate(() => window.neuromusicStudio!.takePeak());
  return { peak, rms };
}

/** Drops a file on the page, as a user dragging it from the file manager. */
export async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    },
    { name, data: [...bytes] },
  );
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

/** The Score view's number for a statistic in its panel ("notes", "duration", …). */
export function scoreStat(page: Page, stat: string): Promise<string> {
  return page.locator(`dd[data-stat="${stat}"]`).innerText();
}

/** What the page measured: frame timing and the audio side's counters. */
export interface StudioMeasurement {
  seconds: number;
  frames: { frames: number; intervalMedianMs: number; intervalP95Ms: number; drawMedianMs: number; drawP95Ms: number; fps: number };
  audio: {
    sampleRate: number;
    baseLatency: number;
    blocks: number;
    blockMs: number;
    maxBlockMs: number;
    overBudget: number;
    peakVoices: number;
    late: number;
    stolen: number;
    dropped: number;
    /** Chromium's own count of output underruns over the span (AudioContext.playbackStats). */
    underrunEvents: number | null;
    underrunSeconds: number | null;
  };
}

/** Measures `seconds` of whatever is happening (call after play). */
export async function measure(page: Page, seconds: number): Promise<StudioMeasurement> {
  const before = await page.evaluate(() => {
    window.neuromusicStudio!.resetMeasurements();
    return window.neuromusicStudio!.audio().playback ?? null;
  });
  await page.waitForTimeout(seconds * 1000);
  const { frames, audio } = await page.evaluate(() => ({ frames: window.neuromusicStudio!.frames(), audio: window.neuromusicStudio!.audio() }));
  const w = audio.worklet!;
  const blockMs = (w.blockFrames / audio.sampleRate) * 1000;
  return {
    seconds,
    frames,
    audio: {
      sampleRate: audio.sampleRate,
      baseLatency: audio.baseLatency,
      blocks: w.blocks,
      blockMs,
      maxBlockMs: w.maxBlockMs,
      overBudget: w.overBudget,
      peakVoices: w.peakActive,
      late: w.late,
      stolen: w.stolen,
      dropped: w.dropped,
      underrunEvents: audio.playback && before ? audio.playback.underrunEvents - before.underrunEvents : null,
      underrunSeconds: audio.playback && before ? audio.playback.underrunDuration - before.underrunDuration : null,
    },
  };
}

/** An offline render through the page's worklet: the samples (when asked for) and how long rendering took. */
export interface OfflineRender {
  channels: Float32Array[];
  /** Wall-clock seconds of startRendering() alone (performance.now() in the page). */
  renderSeconds: number;
  audioSeconds: number;
}

/**
 * Renders packed notes (see packNotes) through the page's own piano worklet in an OfflineAudioContext, as fast as
 * the browser can: the samples, and the time it took (the real worklet's cost per quantum, timed with the page's
 * clock, which the audio thread does not have).
 */
export async function renderWorkletOffline(page: Page, packed: Float64Array, frames: number, sampleRate: number, keepSamples = true): Promise<OfflineRender> {
  const result = await page.evaluate(
    async ({ notes, frames, sampleRate, keepSamples }) => {
      const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: frames, sampleRate });
      await ctx.audioWorklet.addModule(window.neuromusicStudio!.workletUrl);
      const node = new AudioWorkletNode(ctx, 'neuromusic-modal-piano', {
        numberOfInputs: 0,
        outputChannelCount: [2],
        processorOptions: { notes: new Float64Array(notes) },
      });
      node.connect(ctx.destination);
      const t0 = performance.now();
      const buffer = await ctx.startRendering();
      const renderSeconds = (performance.now() - t0) / 1000;
      const channels = keepSamples ? [Array.from(buffer.getChannelData(0)), Array.from(buffer.getChannelData(1))] : [];
      return { channels, renderSeconds };
    },
    { notes: [...packed], frames, sampleRate, keepSamples },
  );
  return { channels: result.channels.map((c) => Float32Array.from(c)), renderSeconds: result.renderSeconds, audioSeconds: frames / sampleRate };
}
