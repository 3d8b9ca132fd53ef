/**
 * Driving the Duet view's camera from a test or a benchmark: Chromium's fake camera playing a Y4M file, the
 * Camera button, and the page's own figures (the `.duet-camera-status` element's data attributes: frames, motion
 * energy and height per frame, the frame rate, the page's time a frame, the lens-to-sound latency).
 */
import type { Page } from 'playwright-core';

/** Chromium flags for a fake camera that plays `y4mPath` (looping), granted without a prompt. */
export function cameraFlags(y4mPath: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4mPath}`];
}

/** Opens the Duet view, presses Camera and waits for the first frames' features (`errors`: the page's, said on failure). */
export async function openCamera(page: Page, errors: readonly string[] = []): Promise<void> {
  await page.click('nav.tabs button[data-view="duet"]');
  await page.waitForFunction(() => window.neuromusicStudio!.view() === 'duet');
  await page.click('button.duet-camera-on');
  try {
    await page.waitForFunction(() => Number(document.querySelector('.duet-camera-status')?.getAttribute('data-frames') ?? 0) > 10, undefined, { timeout: 15_000 });
  } catch (err) {
    const seen = await page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('video.duet-camera-video');
      return `status "${document.querySelector('.duet-camera-status')?.textContent ?? ''}", message "${document.querySelector('.message')?.textContent ?? ''}", video ${v?.videoWidth}×${v?.videoHeight} ready ${v?.readyState} paused ${v?.paused} at ${v?.currentTime}`;
    });
    throw new Error(`the camera gave no frames within 15 s: ${seen}; page errors: ${errors.join('; ') || 'none'}`, { cause: err });
  }
}

/** The page's camera figures at the end of a recording. */
export interface CameraStatus {
  fps: number;
  processMs: number;
  latencyMs: number;
  /** Whether the frames carried the browser's capture time (else their arrival on the page). */
  captureTimes: boolean;
}

/** Every camera frame's features over `ms` (page times in ms), and the figures at the end. */
export function recordCamera(page: Page, ms: number): Promise<{ times: number[]; energy: number[]; y: number[]; status: CameraStatus }> {
  return page.evaluate(async (span) => {
    const status = document.querySelector('.duet-camera-status')!;
    const times: number[] = [];
    const energy: number[] = [];
    const y: number[] = [];
    // Every frame rewrites data-frames: observe each change rather than poll.
    const observer = new MutationObserver(() => {
      times.push(performance.now());
      energy.push(Number(status.getAttribute('data-energy')));
      y.push(Number(status.getAttribute('data-y')));
    });
    observer.observe(status, { attributes: true, attributeFilter: ['data-frames'] });
    await new Promise((r) => setTimeout(r, span));
    observer.disconnect();
    // (No local functions here: the benchmark's loader would wrap them in a helper the page does not have.)
    return {
      times, energy, y,
      status: {
        fps: Number(status.getAttribute('data-fps') ?? NaN),
        processMs: Number(status.getAttribute('data-process-ms') ?? NaN),
        latencyMs: Number(status.getAttribute('data-latency-ms') ?? NaN),
        captureTimes: status.getAttribute('data-capture-times') === 'true',
      },
    };
  }, ms);
}

/**
 * The frequency (Hz) in [loHz, hiHz] with the most power in a series sampled at uneven times (ms): the periodogram
 * |Σ (v − mean)·e^{−2πi f t}|² on a 0.01-Hz grid (Lomb's idea without the per-frequency normalisation, enough for
 * samples that are close to even).
 */
export function dominantHz(timesMs: readonly number[], values: readonly number[], loHz: number, hiHz: number): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let best = NaN;
  let bestPower = -1;
  for (let f = loHz; f <= hiHz + 1e-9; f += 0.01) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < values.length; i++) {
      const a = 2 * Math.PI * f * (timesMs[i]! / 1000);
      re += (values[i]! - mean) * Math.cos(a);
      im -= (values[i]! - mean) * Math.sin(a);
    }
    const p = re * re + im * im;
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return best;
}
