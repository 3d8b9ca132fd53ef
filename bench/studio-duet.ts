/**
 * The studio's Duet view in headless Chromium (the same driver as the browser tests): frame time and the audio side
 * while the Neural Duet plays with the EEG twin, and the input-to-sound latency — from a click on a twin state to the
 * moment the new state takes effect being heard, measured in the page — broken down into its parts: the scheduling
 * lookahead, the wait for the next 1/8-s EEG block, the worker's work on a block, the output latency, and, in engine
 * time, the wait from a block to the next note that plays with its controls.
 */
import { startStudio, studioBuilt } from '../test/helpers/studio.js';
import { browserMissing, measure, openStudio, pause, play, type StudioMeasurement } from '../test/helpers/studio-page.js';
import { switchTwinState, type SwitchTiming } from '../test/helpers/studio-duet.js';
import { DuetLiveEngine, DUET_LOOKAHEAD_SECONDS } from '../studio/src/engines/duet/duet-engine.js';
import { DUET_BLOCK_SECONDS, DuetStateLayout as L } from '../studio/src/engines/duet/messages.js';
import type { EngineSink } from '../studio/src/worker/live-engine.js';
import { table, type BenchSection } from './lib.js';
import { loadavg } from 'node:os';

const FRAME_SECONDS = 10;
const SWITCHES = 12;
const TARGET_MS = 50;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
};
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The duet stepped as the transport steps it for `seconds`: the cost, the worker's ms per block, and block → next note. */
function inNode(seconds: number): { msPerSecond: number; realTime: number; blockMs: number[]; blockToNote: number[] } {
  const engine = new DuetLiveEngine();
  engine.seek(0);
  const onsets: number[] = [];
  const blockMs: number[] = [];
  let lastBlock = -1;
  const sink: EngineSink = {
    note: (n) => {
      onsets.push(n.onset);
      return 0;
    },
    release: () => undefined,
    state: (t, s) => {
      const k = Math.floor(t / DUET_BLOCK_SECONDS);
      if (k !== lastBlock) {
        lastBlock = k;
        blockMs.push((s as Float32Array)[L.BLOCK_MS]!);
      }
    },
  };
  const tick = 1024 / 44100;
  const t0 = performance.now();
  for (let t = 0; t < seconds; t += tick) engine.advance(t, t + tick, sink);
  const ms = performance.now() - t0;
  onsets.sort((a, b) => a - b);
  // From each block's arrival (k+1)/8 s to the first note at or after it: the first note its controls shape.
  const blockToNote: number[] = [];
  let i = 0;
  for (let k = 0; (k + 2) * DUET_BLOCK_SECONDS < seconds; k++) {
    const arrival = (k + 1) * DUET_BLOCK_SECONDS;
    while (i < onsets.length && onsets[i]! < arrival) i++;
    if (i < onsets.length) blockToNote.push((onsets[i]! - arrival) * 1000);
  }
  return { msPerSecond: ms / seconds, realTime: (seconds * 1000) / ms, blockMs: blockMs.slice(16), blockToNote };
}

export const studioDuetSection: BenchSection = {
  id: 'studio-duet',
  title: 'Studio: the Duet view — frame time, and input to sound latency',
  async run() {
    if (!studioBuilt) return '_Skipped: studio/dist is not built (npm run build)._';
    const missing = browserMissing();
    if (missing) return `_Skipped: ${missing}._`;
    const studio = await startStudio(['--port', '0']);
    const s = await openStudio(studio.url);
    let frames: StudioMeasurement;
    const switches: SwitchTiming[] = [];
    try {
      const { page } = s;
      await page.setViewportSize({ width: 1400, height: 860 });
      await page.click('nav.tabs button[data-view="duet"]');
      await page.waitForFunction(() => window.neuromusicStudio!.view() === 'duet');
      await play(page);
      await page.waitForTimeout(3000);
      frames = await measure(page, FRAME_SECONDS);
      const states = ['stressed', 'relaxed', 'focused', 'meditative', 'neutral'];
      for (let k = 0; k < SWITCHES; k++) {
        switches.push(await switchTwinState(page, states[k % states.length]!));
        // Uneven gaps, so the clicks fall at every phase of the 1/8-s blocks.
        await page.waitForTimeout(700 + ((k * 53) % 125));
      }
      await pause(page);
      if (s.errors.length) throw new Error(`the page reported errors: ${s.errors.join('; ')}`);
    } finally {
      await s.close();
      await studio.stop();
    }
    const node = inNode(60);
    const heard = switches.map((w) => w.clickToHeardMs);
    const output = median(switches.map((w) => w.outputLatencyMs));
    const m = frames;
    const lookaheadMs = DUET_LOOKAHEAD_SECONDS * 1000;
    const blockMedian = median(node.blockMs);
    const liveBlock = lookaheadMs + output + blockMedian;
    return [
      `The Duet view playing the EEG twin for ${FRAME_SECONDS} s (from 3 s after play): ${m.frames.fps.toFixed(1)} fps median, draw median ${m.frames.drawMedianMs.toFixed(1)} ms, p95 ${m.frames.drawP95Ms.toFixed(1)} ms; ` +
        `peak voices ${m.audio.peakVoices}, late notes ${m.audio.late}, quanta over budget ${m.audio.overBudget}, Chromium underruns ${m.audio.underrunEvents ?? 'n/a'} ` +
        `(load average ${loadavg()[0]!.toFixed(1)} on 2 cores shared with other jobs).`,
      '',
      `Input to sound, ${SWITCHES} clicks on a twin state while playing, timed in the page from the click to the playhead (the frame heard, from AudioContext.getOutputTimestamp) reaching the engine time at which the new state's first EEG block reaches the biomarkers:`,
      '',
      table(['measure', 'median ms', 'p90 ms', 'max ms'], [
        ['click → the switch heard (end to end)', median(heard), quantile(heard, 0.9), Math.max(...heard)],
        ['in engine time: switch − playhead at the click', median(switches.map((w) => (w.since - w.playheadAtClick) * 1000)), quantile(switches.map((w) => (w.since - w.playheadAtClick) * 1000), 0.9), Math.max(...switches.map((w) => (w.since - w.playheadAtClick) * 1000))],
      ]),
      '',
      'Its parts:',
      '',
      table(['part', 'ms'], [
        ['scheduling lookahead of the duet (the transport schedules it this far ahead of the audio clock; the other views 200)', lookaheadMs],
        ['wait for the next EEG block boundary (uniform over one 1/8-s block; mean)', (DUET_BLOCK_SECONDS * 1000) / 2],
        ['the worker\'s work on a block: twin (or recording), biomarkers (Welch on 8 channels), mapping — median over 60 s, in Node', blockMedian],
        ['output latency reported by the AudioContext (baseLatency + outputLatency; headless Chromium\'s fake output)', output],
      ]),
      '',
      `A block of EEG arriving live is heard in the duet's controls after the lookahead, the worker's work and the output latency: ` +
        `${lookaheadMs.toFixed(0)} + ${blockMedian.toFixed(1)} + ${output.toFixed(0)} ≈ **${liveBlock.toFixed(0)} ms** against the ${TARGET_MS}-ms target: ` +
        `**${liveBlock <= TARGET_MS ? 'met' : 'not met'}**; a click on a twin state adds the wait for the block boundary. ` +
        `Then the music answers at its next note: from a block's arrival to the next note (any voice) ` +
        `${median(node.blockToNote).toFixed(0)} ms median, ${Math.max(...node.blockToNote).toFixed(0)} ms at most in engine time (the drummer's eighths and the melodist's sixteenths at 120 bpm), ` +
        `and the biomarkers' 2-s windows and the mapping's 2-s smoothing make a change of state a matter of seconds by design.`,
      '',
      `The duet in the worker, stepped as the transport steps it (advance() every 1,024 frames at 44.1 kHz, 64 states a second, a block every 1/8 s, checkpoints once a second), timed in Node: ${node.msPerSecond.toFixed(1)} ms of work per second of music, ${node.realTime.toFixed(0)}× real time.`,
    ].join('\n');
  },
};
