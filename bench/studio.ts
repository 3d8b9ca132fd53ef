/**
 * The studio in headless Chromium (the same driver as the browser tests): frame time while each view plays with
 * sound (the Score's prelude, the worm playing, the ring of 32 nodes, the worm dancing to the prelude), the
 * engines' cost in the worker (measured in Node on the same adapters), the time to compute a dance there, and the
 * audio deadline under dense load (clusters of 32, 64 and all 88 keys held at once), counted three ways: the
 * worklet's own time in process() against the quantum's budget, Chromium's output underrun counter
 * (AudioContext.playbackStats), and late / stolen / dropped notes. A deliberately overloaded
 * worklet checks that the underrun counter does count.
 */
import { startStudio, studioBuilt } from '../test/helpers/studio.js';
import { browserMissing, dropFile, measure, openStudio, pause, play, renderWorkletOffline, type StudioMeasurement } from '../test/helpers/studio-page.js';
import { clusterScore } from '../test/helpers/studio-pieces.js';
import { writeMidi } from '../src/formats/midi.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { packNotes } from '../src/synth/live-piano.js';
import { scoreEnd, sliceScore } from '../src/score/ops.js';
import type { Score } from '../src/score/types.js';
import { table, type BenchSection } from './lib.js';
import type { Page } from 'playwright-core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { WormLiveEngine } from '../studio/src/engines/worm/worm-engine.js';
import { danceToPiece } from '../src/engines/worm/dance/dance.js';
import { hasShared, sharedData } from '../test/helpers/shared.js';
import { readMidi } from '../src/formats/midi.js';
import { readFileSync } from 'node:fs';
import { RingLiveEngine } from '../studio/src/engines/ring/ring-engine.js';
import type { EngineSink, LiveEngine } from '../studio/src/worker/live-engine.js';

const FRAME_SECONDS = 10;
/** The longest shared piece, dropped on the dancing Worm view to time its dance. */
const RAINDROP = 'chopin_prelude_op28_no15_raindrop_db_major.mid';
const LOAD_SECONDS = 3.5;

/** A processor that spins for 4 ms per 128-frame quantum (2.9 ms at 44.1 kHz): an overload by construction. */
const BUSY_WORKLET = `
class Busy extends AudioWorkletProcessor {
  process() { const t = Date.now(); while (Date.now() - t < 4) {} return true; }
}
registerProcessor('busy', Busy);
`;

/** The worklet's cost per quantum: the best of three offline renders of a workload, timed in the page. */
async function offlineCost(page: Page, score: Score, sampleRate: number): Promise<{ msPerQuantum: number; realTime: number }> {
  const frames = Math.round((scoreEnd(score) + 1) * sampleRate);
  let best = Infinity;
  for (let run = 0; run < 3; run++) best = Math.min(best, (await renderWorkletOffline(page, packNotes(score.notes, sampleRate), frames, sampleRate, false)).renderSeconds);
  return { msPerQuantum: (best * 1000) / Math.ceil(frames / 128), realTime: frames / sampleRate / best };
}

/** Seconds of music per wall second for an engine adapter stepped as the worker steps it (best of 3 fresh runs). */
function engineSpeed(make: () => LiveEngine, seconds: number): { realTime: number; msPerSecond: number } {
  const sink: EngineSink = { note: () => 1, release: () => undefined, state: () => undefined };
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const engine = make();
    const tick = 1024 / 44100;
    const t0 = performance.now();
    for (let t = 0; t < seconds; t += tick) engine.advance(t, t + tick, sink);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { realTime: seconds / best, msPerSecond: (best * 1000) / seconds };
}

/** Shows a view by its tab and waits for it. */
async function showView(page: Page, id: string): Promise<void> {
  await page.click(`nav.tabs button[data-view="${id}"]`);
  await page.waitForFunction((v) => window.neuromusicStudio!.view() === v, id);
}

async function waitNotes(page: Page, notes: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('dd[data-stat="notes"]')?.textContent === String(n), notes);
}

/**
 * Underruns Chromium counts while a deliberately overloaded worklet runs for two seconds, in a blank page from a
 * throwaway server (the studio's CSP rightly refuses foreign worklets).
 */
async function overloadCheck(page: Page): Promise<{ underruns: number; seconds: number }> {
  const server = createServer((req, res) => {
    const js = req.url === '/busy-worklet.js';
    res.writeHead(200, { 'Content-Type': js ? 'text/javascript' : 'text/html' });
    res.end(js ? BUSY_WORKLET : '<!doctype html><title>overload check</title>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return await page.evaluate(async () => {
      const ctx = new AudioContext();
      await ctx.audioWorklet.addModule('/busy-worklet.js');
      new AudioWorkletNode(ctx, 'busy').connect(ctx.destination);
      await new Promise((r) => setTimeout(r, 2000));
      const stats = (ctx as AudioContext & { playbackStats: { underrunEvents: number; underrunDuration: number } }).playbackStats;
      const result = { underruns: stats.underrunEvents, seconds: stats.underrunDuration };
      await ctx.close();
      return result;
    });
  } finally {
    server.close();
  }
}

export const studioSection: BenchSection = {
  id: 'studio',
  title: 'Studio in headless Chromium: frame time with sound, and the audio deadline under load',
  async run() {
    if (!studioBuilt) return '_Skipped: studio/dist is not built (npm run build)._';
    const missing = browserMissing();
    if (missing) return `_Skipped: ${missing}._`;
    const studio = await startStudio(['--port', '0']);
    const s = await openStudio(studio.url);
    const loads: Array<[string, StudioMeasurement, { msPerQuantum: number; realTime: number }]> = [];
    let frames: StudioMeasurement;
    const views: Array<[string, StudioMeasurement]> = [];
    let overload: { underruns: number; seconds: number };
    let danceWallSeconds = NaN;
    /** The Raindrop prelude (267 s) dropped on the dancing Worm view: wall seconds until its patterns show. */
    let raindropWallSeconds = NaN;
    /** Milliseconds from a click on play to the transport playing while a dance is computed, and whether it still was. */
    let playAnswerMs = NaN;
    let answeredWhileComputing = false;
    /** Frames and audio over 2 s of the piece playing while its dance was computed, and whether it still was after. */
    let whileComputing: StudioMeasurement | undefined;
    let stillComputing = false;
    try {
      const { page } = s;
      await waitNotes(page, 549);
      const sampleRate = await page.evaluate(() => window.neuromusicStudio!.audio().sampleRate);
      await play(page);
      await page.waitForTimeout(500);
      frames = await measure(page, FRAME_SECONDS);
      await pause(page);
      views.push(['Score: the built-in prelude', frames]);
      for (const [id, name] of [['worm', 'Worm: the worm plays (agar, 8 notes/s)'], ['ring', 'Ring: 32 nodes on 8 speakers']] as const) {
        await showView(page, id);
        await play(page);
        // Steady state: the worker's engine code is compiled by then (on 2 cores V8's compiler threads compete
        // with the page's at the start).
        await page.waitForTimeout(3000);
        views.push([name, await measure(page, FRAME_SECONDS)]);
        await pause(page);
        await page.waitForTimeout(1000);
      }
      // The worm dances to the built-in prelude: the dance computed in the worker (timed from the click to the
      // patterns shown), then played with its notes.
      await showView(page, 'worm');
      const t0 = performance.now();
      await page.click('button.mode-dances');
      await page.waitForFunction(() => document.querySelectorAll('.dance-indicator').length >= 2 && (document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? false), undefined, { timeout: 120_000 });
      danceWallSeconds = (performance.now() - t0) / 1000;
      await play(page);
      await page.waitForTimeout(3000);
      views.push(['Worm: the worm dances (built-in prelude: body, circuit, muscles, pattern timeline and indicators)', await measure(page, FRAME_SECONDS)]);
      await pause(page);
      if (hasShared) {
        const r0 = performance.now();
        await dropFile(page, RAINDROP, new Uint8Array(readFileSync(sharedData('midi', RAINDROP))));
        await page.waitForFunction((name) => (document.querySelector('.dance-piece')?.textContent ?? '').includes(name) && (document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? false), RAINDROP, { timeout: 240_000 });
        raindropWallSeconds = (performance.now() - r0) / 1000;
        // While the Raindrop's dance is computed anew (seed 1), the engine worker still answers: play, timed from
        // the click to the transport playing (the dance is computed in a worker of its own).
        await page.fill('input.seed', '1');
        await page.dispatchEvent('input.seed', 'change');
        await page.waitForFunction(() => !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true), undefined, { timeout: 20_000 });
        const p0 = performance.now();
        await play(page);
        playAnswerMs = performance.now() - p0;
        answeredWhileComputing = await page.evaluate(() => !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true));
        // The page and the sound while the dance is computed beside them (the dance worker takes a core).
        whileComputing = await measure(page, 2);
        stillComputing = await page.evaluate(() => !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true));
        await pause(page);
        await page.waitForFunction(() => /\(seed 1\)/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: 240_000 });
      }
      await page.click('button.mode-plays');
      await page.fill('input.seed', '0');
      await page.dispatchEvent('input.seed', 'change');
      await page.waitForTimeout(1000);
      await showView(page, 'score');
      await waitNotes(page, 549);
      const prelude = sliceScore(bachPreludeInC(), 0, 20);
      loads.push(['built-in prelude (Score view drawing)', frames, await offlineCost(page, prelude, sampleRate)]);
      for (const size of [32, 64, 88]) {
        const clusters = clusterScore(size);
        const cost = await offlineCost(page, clusters, sampleRate);
        await dropFile(page, `clusters-${size}.mid`, writeMidi(clusters));
        await waitNotes(page, 4 * size);
        await play(page);
        await page.waitForTimeout(200);
        loads.push([`${size} keys held at once, struck 4×`, await measure(page, LOAD_SECONDS), cost]);
        await pause(page);
        await page.waitForTimeout(1500); // let the tails die before the next load
      }
      if (s.errors.length) throw new Error(`the page reported errors: ${s.errors.join('; ')}`);
      overload = await overloadCheck(page);
    } finally {
      await s.close();
      await studio.stop();
    }
    const machineLoad = loadavg()[0]!.toFixed(1);
    const budgetMs = 1000 / 60;
    const a0 = frames.audio;
    const worm = engineSpeed(() => new WormLiveEngine(), 60);
    const ring = engineSpeed(() => new RingLiveEngine(), 60);
    const d0 = performance.now();
    danceToPiece(bachPreludeInC(), { seed: 0 });
    const danceNodeSeconds = (performance.now() - d0) / 1000;
    let raindropNodeSeconds = NaN;
    if (hasShared) {
      const r0 = performance.now();
      danceToPiece(readMidi(readFileSync(sharedData('midi', RAINDROP)), RAINDROP), { seed: 0 });
      raindropNodeSeconds = (performance.now() - r0) / 1000;
    }
    const slowest = Math.min(...views.map(([, m]) => m.frames.fps));
    return [
      `Frame time over ${FRAME_SECONDS} s of each view playing, audio running, from 3 s after play in the engine views (the page's own rAF and draw timings; the audio columns count the same span):`,
      '',
      table(['view', 'frames', 'interval median ms', 'fps (median)', 'interval p95 ms', 'draw median ms', 'draw p95 ms', 'draw p95 / 16.7 ms budget', 'peak voices', 'Chromium underruns', 'late notes'],
        views.map(([name, m]) => [name, m.frames.frames, m.frames.intervalMedianMs, m.frames.fps, m.frames.intervalP95Ms, m.frames.drawMedianMs, m.frames.drawP95Ms,
          m.frames.drawP95Ms / budgetMs, m.audio.peakVoices, m.audio.underrunEvents === null ? 'n/a' : m.audio.underrunEvents, m.audio.late])),
      '',
      `Target 60 fps median in every view: **${slowest >= 59 ? 'met' : 'not met'}** (slowest ${slowest.toFixed(1)} fps). Load average of the machine when the section ended: ${machineLoad} (2 cores).`,
      '',
      'The engines in the worker, stepped as the transport steps them (advance() every 1,024 frames at 44.1 kHz, states for the view ~60 a second, checkpoints once a second), timed in Node on the same adapters (best of 3 fresh runs of 60 s of music):',
      '',
      table(['engine', 'ms of work per second of music', '× real time'], [
        ['worm (C. elegans model, 2-ms steps, note mapper, states, checkpoints)', worm.msPerSecond, worm.realTime],
        ['ring (nodal network, 32 nodes, states with the weight matrix 10×/s, checkpoints)', ring.msPerSecond, ring.realTime],
      ]),
      '',
      'The worm dances: the dance computed by danceToPiece (patterns, the driven worm, Z_worm, excitability, W, poses, the physical dance) in the browser\'s dance worker, from the click on "the worm dances" (or the drop) to the patterns shown, with progress on the page meanwhile, against the same call in Node here; playing it back is then an index per 20-ms frame:',
      '',
      table(['piece', 'music s', 'browser worker s', 'Node s', 'browser / Node'], [
        ['built-in prelude', 128.5, danceWallSeconds, danceNodeSeconds, danceWallSeconds / danceNodeSeconds],
        ...(hasShared ? [[`${RAINDROP} (dropped)`, 267, raindropWallSeconds, raindropNodeSeconds, raindropWallSeconds / raindropNodeSeconds]] : []),
      ]),
      '',
      hasShared
        ? `The dance is computed in a worker of its own: while the Raindrop's dance was computed again (seed 1), a click on play was answered in **${playAnswerMs.toFixed(0)} ms** (the transport playing the piece's notes${answeredWhileComputing ? ', the dance still being computed' : '; the dance had finished by then'}; the body joins when the dance arrives).` +
          (whileComputing
            ? ` Over the next 2 s of the notes playing${stillComputing ? ' (the dance still being computed at the end)' : ' (the dance finished within them)'}: ${whileComputing.frames.fps.toFixed(1)} fps median, draw p95 ${whileComputing.frames.drawP95Ms.toFixed(1)} ms, ${whileComputing.audio.underrunEvents ?? 'n/a'} Chromium underruns, ${whileComputing.audio.late} late notes.`
            : '')
        : '_The answer-while-computing check needs ../shared (the Raindrop prelude)._',
      '',
      `Audio at the default buffer (${a0.sampleRate} Hz, 128-frame quanta = ${a0.blockMs.toFixed(2)} ms budget each, baseLatency ${(a0.baseLatency * 1000).toFixed(0)} ms):`,
      '',
      table(['workload', 'peak voices', 'offline: ms / quantum', 'offline: share of budget', 'offline: × real time', 'live: quanta over budget', 'live: max quantum ms (≥)', 'live: Chromium underruns', 'late notes', 'stolen', 'dropped'],
        loads.map(([name, m, c]) => [name, m.audio.peakVoices, c.msPerQuantum, c.msPerQuantum / m.audio.blockMs, c.realTime, m.audio.overBudget,
          Math.max(0, m.audio.maxBlockMs - 1), m.audio.underrunEvents === null ? 'n/a' : m.audio.underrunEvents, m.audio.late, m.audio.stolen, m.audio.dropped])),
      '',
      `32 simultaneous notes without underruns: **${loads[1]![1].audio.underrunEvents === 0 && loads[1]![1].audio.overBudget === 0 ? 'met' : 'not met'}**.`,
      `Check of the instrument: a worklet that spins 4 ms per ${a0.blockMs.toFixed(1)} ms quantum made Chromium count ` +
        `**${overload.underruns} underruns** (${overload.seconds.toFixed(2)} s) in 2 s, so a zero above is a measured zero.`,
      '',
      'How the audio side is counted. Live, while the page plays each workload for ' + LOAD_SECONDS + ' s: Chromium\'s own ' +
        'playbackStats.underrunEvents over the span (the glitches a listener would hear), notes started late, ' +
        'voices stolen and notes dropped (the worklet\'s counters), and the worklet\'s Date.now() around each ' +
        'process() call, the only clock the audio thread has: whole milliseconds, so a quantum counts as over ' +
        'budget only when its difference exceeds the budget by a full millisecond, and the max column is a lower ' +
        'bound. The cost per quantum comes from rendering the same notes through the same worklet module in an ' +
        'OfflineAudioContext (as fast as the browser can, best of 3, timed with performance.now() in the page), so ' +
        '"share of budget" is the mean fraction of each 2.9 ms quantum the piano needs. Headless Chromium here has ' +
        'no sound card: it plays into a fake output with a 10 ms buffer paced by the wall clock, on a 2-core machine ' +
        'shared with other jobs. The voice pool has ' +
        '128 voices; when all 88 keys are struck again while the last chord still rings, the quietest tails are stolen.',
    ].join('\n');
  },
};
