/**
 * Driving the studio's Duet view from a test or a benchmark: switch the EEG twin's state and time, in the page, how
 * long the switch takes to be heard.
 */
import type { Page } from 'playwright-core';

/** What a twin state switch took, measured in the page. */
export interface SwitchTiming {
  /** Wall ms from the click to the playhead (the frame heard) reaching `since`. */
  clickToHeardMs: number;
  /** Engine seconds heard at the click. */
  playheadAtClick: number;
  /** Engine seconds at which the first EEG block of the new state reaches the biomarkers. */
  since: number;
  /** The page's output latency at the time (AudioContext baseLatency + outputLatency, from the status bar), ms. */
  outputLatencyMs: number;
}

/**
 * Clicks a twin state and measures the wall time until the moment the new state takes effect in the engine (its
 * first EEG block reaching the biomarkers, `data-twin-since`) is heard: the playhead is the frame coming out of the
 * speakers (AudioContext.getOutputTimestamp), so this includes the scheduling lookahead, the wait for the block
 * boundary and the output latency.
 */
export function switchTwinState(page: Page, state: string): Promise<SwitchTiming> {
  return page.evaluate(async (st) => {
    const studio = window.neuromusicStudio!;
    const source = document.querySelector('.duet-source')!;
    const before = source.getAttribute('data-twin-since');
    const t0 = performance.now();
    const playheadAtClick = studio.time();
    document.querySelector<HTMLButtonElement>(`button.duet-state[data-state="${st}"]`)!.click();
    while (source.getAttribute('data-twin-since') === before) await new Promise((r) => setTimeout(r, 1));
    const since = Number(source.getAttribute('data-twin-since'));
    while (studio.time() < since) await new Promise((r) => setTimeout(r, 1));
    const clickToHeardMs = performance.now() - t0;
    const latency = /latency (\d+) ms/.exec(document.querySelector('.audio-status')?.textContent ?? '');
    return { clickToHeardMs, playheadAtClick, since, outputLatencyMs: latency ? Number(latency[1]) : NaN };
  }, state);
}
