/**
 * Driving the Resonance view's microphone from a test: Chromium's fake microphone playing a WAV file, the
 * Microphone button, and the page's own figures (the `.resonance-mic-status` element's data attributes: each
 * flash's time and latency, the bank's frame rate and peak, the tracker's tempo and decision latency).
 */
import type { Page } from 'playwright-core';

/** Chromium flags for a fake microphone that plays `wavPath` (looping), granted without a prompt. */
export function microphoneFlags(wavPath: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}`];
}

/** Presses Microphone on the Resonance view and waits for the bank's first states (`errors`: the page's, said on failure). */
export async function openMicrophone(page: Page, errors: readonly string[] = []): Promise<void> {
  await page.click('button.resonance-mic');
  try {
    await page.waitForFunction(() => Number(document.querySelector('.resonance-mic-status')?.getAttribute('data-seconds') ?? 0) > 0.5, undefined, { timeout: 15_000 });
  } catch (err) {
    const seen = await page.evaluate(() => `status "${document.querySelector('.resonance-mic-status')?.textContent ?? ''}", message "${document.querySelector('.message')?.textContent ?? ''}"`);
    throw new Error(`the microphone gave no states within 15 s: ${seen}; page errors: ${errors.join('; ') || 'none'}`, { cause: err });
  }
}

/** Every flash over `ms`: its page time (performance.now() ms) and its latency (ms). */
export function recordFlashes(page: Page, ms: number): Promise<{ times: number[]; latencies: number[] }> {
  return page.evaluate(async (span) => {
    const status = document.querySelector('.resonance-mic-status')!;
    const times: number[] = [];
    const latencies: number[] = [];
    const observer = new MutationObserver(() => {
      times.push(Number(status.getAttribute('data-flash-ms')));
      latencies.push(Number(status.getAttribute('data-flash-latency-ms')));
    });
    observer.observe(status, { attributes: true, attributeFilter: ['data-flashes'] });
    await new Promise((r) => setTimeout(r, span));
    observer.disconnect();
    return { times, latencies };
  }, ms);
}

/** The page's microphone figures now. */
export interface MicFigures {
  peakHz: number;
  pulseHz: number;
  trackerBpm: number;
  latencyMs: number;
  decidedMs: number;
  bankFps: number;
  reader: string;
}

export function micFigures(page: Page): Promise<MicFigures> {
  return page.evaluate(() => {
    // (No local functions here: tsx's loader would wrap them in a helper the page does not have.)
    const s = document.querySelector('.resonance-mic-status')!;
    return {
      peakHz: Number(s.getAttribute('data-peak-hz') ?? NaN),
      pulseHz: Number(s.getAttribute('data-pulse-hz') ?? NaN),
      trackerBpm: Number(s.getAttribute('data-tracker-bpm') ?? NaN),
      latencyMs: Number(s.getAttribute('data-latency-ms') ?? NaN),
      decidedMs: Number(s.getAttribute('data-decided-ms') ?? NaN),
      bankFps: Number(s.getAttribute('data-bank-fps') ?? NaN),
      reader: s.getAttribute('data-reader') ?? '',
    };
  });
}
