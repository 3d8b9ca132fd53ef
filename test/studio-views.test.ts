/**
 * The studio's engine views in a real browser: the Worm ("the worm plays") and the Ring (the nodal network), served
 * by `neuromusic studio` and driven in headless Chromium like a user would — play with sound, watch the canvases
 * move, press the controls and see the engine answer, draw a contour with the mouse, export files and check them.
 * Screenshots and measurements go to .tmp/artifacts/studio/. Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { hasShared } from './helpers/shared.js';
import { ARTIFACTS, browserMissing, canvasSignature, listen, measure, openStudio, pause, play, playheadTime, screenshot, type StudioPage } from './helpers/studio-page.js';
import { wconSchemaValidator } from './helpers/wcon-schema.js';
import { readMidi } from '../src/formats/midi.js';
import { decodeWav } from '../src/formats/wav.js';
import { readWcon } from '../src/formats/wcon.js';
import { audioLevels } from '../src/synth/levels.js';
import { parseKey, inKey } from '../src/score/scales.js';
import { WormControls } from '../studio/src/engines/worm/controls.js';
import { performanceScore } from '../studio/src/engines/worm/worm-export.js';
import { WORM_NATIVE_BPM } from '../studio/src/engines/worm/worm-engine.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio view tests skipped: ${missing}.`);

let studio: StudioProcess;
let s: StudioPage;
const measurements: Record<string, unknown> = {};

/** The number behind a line of a view's "Now" panel (data-value). */
function nowValue(page: Page, attribute: 'data-worm' | 'data-ring', name: string): Promise<number> {
  return page.evaluate(([a, n]) => Number(document.querySelector(`dd[${a}="${n}"]`)?.getAttribute('data-value') ?? NaN), [attribute, name] as const);
}

/** Waits until a line of the "Now" panel satisfies a comparison. */
async function waitForNow(page: Page, attribute: 'data-worm' | 'data-ring', name: string, op: '>' | '<', limit: number, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([a, n, o, l]) => {
      const v = Number(document.querySelector(`dd[${a}="${n}"]`)?.getAttribute('data-value') ?? NaN);
      return o === '>' ? v > l : v < l;
    },
    [attribute, name, op, limit] as const,
    { timeout },
  );
}

async function download(page: Page, button: string, timeout = 60_000): Promise<{ name: string; bytes: Uint8Array }> {
  const pending = page.waitForEvent('download', { timeout });
  await page.click(button);
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync(await file.path())) };
}

async function showView(page: Page, title: string, id: string): Promise<void> {
  await page.click(`nav.tabs button[data-view="${id}"]`);
  await page.waitForFunction((v) => window.neuromusicStudio!.view() === v, id);
  expect(await page.locator(`nav.tabs button[data-view="${id}"]`).innerText()).toBe(title);
}

describe.skipIf(!!missing)('the Worm and Ring views in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
    s = await openStudio(studio.url);
    await s.page.setViewportSize({ width: 1400, height: 860 });
  });

  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'measurements-views.json'), JSON.stringify(measurements, null, 2) + '\n');
    await s?.close();
    await studio?.stop();
  });

  it('has a tab per view, in the registry order', async () => {
    expect(await s.page.locator('nav.tabs button').allInnerTexts()).toEqual(['Score', 'Notation', 'Worm', 'Ring', 'Duet', 'Resonance', 'Composers']);
    expect(s.errors).toEqual([]);
  });

  describe('Worm: the worm plays', () => {
    it('crawls with sound: its muscles strike notes and every canvas moves', async () => {
      const { page } = s;
      await showView(page, 'Worm', 'worm');
      expect(await page.locator('button.export-wcon').isVisible()).toBe(true);
      await play(page);
      await page.waitForTimeout(300);
      const canvases = ['canvas.worm-arena', 'canvas.worm-circuit', 'canvas.worm-music'];
      const before = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
      const level = await listen(page, 2000);
      const after = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
      const time = await playheadTime(page);
      await screenshot(page, 'worm-playing.png');
      const frames = await measure(page, 2);
      await pause(page);
      measurements['wormLevel'] = level;
      measurements['wormFrames'] = frames;
      expect(level.peak).toBeGreaterThan(0.05);
      expect(level.rms).toBeGreaterThan(0.01);
      canvases.forEach((c, i) => expect(after[i], c).not.toBe(before[i]));
      expect(time).toBeGreaterThan(1.5);
      expect(await page.locator('dd[data-worm="behaviour"]').innerText()).toBe('forward');
      expect(frames.frames.frames).toBeGreaterThan(30);
      expect(frames.audio.late).toBe(0);
      expect(s.errors).toEqual([]);
    });

    it('turns round on “reverse”: the body wave runs tail → head and the worm backs away', async () => {
      const { page } = s;
      await play(page);
      await waitForNow(page, 'data-worm', 'wave', '>', 0.2); // head → tail while crawling forward
      await page.click('button.action-reverse');
      await waitForNow(page, 'data-worm', 'wave', '<', -0.2, 8000);
      expect(await page.locator('button.action-reverse').getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('dd[data-worm="wave"]').innerText()).toMatch(/^tail → head/);
      await waitForNow(page, 'data-worm', 'speed', '<', 0, 12_000); // the centroid follows: tail first
      await screenshot(page, 'worm-reverse.png');
      await pause(page);
      expect(await page.locator('code.worm-recorded').innerText()).toMatch(/^forward [\d.]+s, reverse$/);
      expect(s.errors).toEqual([]);
    });

    it('takes the environment, a script and the key from the panel, and says what is wrong with a bad script', async () => {
      const { page } = s;
      await page.click('button.worm-restart');
      await page.waitForFunction(() => document.querySelector('code.worm-recorded')?.textContent === 'forward');
      await page.locator('input.worm-medium').fill('0');
      await page.dispatchEvent('input.worm-medium', 'change');
      await page.fill('textarea.worm-script', 'turn-left 2s, forward');
      await page.click('button.worm-run-script');
      await page.selectOption('select.worm-tonic', 'D');
      await page.selectOption('select.worm-scale', 'dorian');
      await page.waitForFunction(() => document.title.startsWith('The worm plays · D dorian'));
      expect(await page.locator('code.worm-recorded').innerText()).toBe('turn-left 2s, forward');
      await play(page);
      await page.waitForFunction(() => /water/.test(document.querySelector('label.row output')?.textContent ?? ''));
      await waitForNow(page, 'data-worm', 'head', '>', 0.5); // the script's turn-left: the head biased ventrally
      await page.waitForTimeout(1500);
      await pause(page);
      await page.fill('textarea.worm-script', 'forward 2s, moonwalk 3s');
      await page.click('button.worm-run-script');
      await page.waitForFunction(() => /unknown action "moonwalk"/.test(document.querySelector('.message.error')?.textContent ?? ''));
      expect(s.errors).toEqual([]);
    });

    it('exports MIDI, WAV and WCON of the performance, the same notes the engine computes in Node', async () => {
      const { page } = s;
      await page.click('button.worm-restart');
      await page.waitForFunction(() => document.querySelector('code.worm-recorded')?.textContent === 'forward');
      await play(page);
      await page.waitForTimeout(2500);
      await page.click('button.action-reverse');
      await page.waitForTimeout(2000);
      await pause(page);
      const script = await page.locator('code.worm-recorded').innerText();
      expect(script).toMatch(/^forward [\d.]+s, reverse$/);

      const wcon = await download(page, 'button.export-wcon');
      expect(wcon.name).toMatch(/^the-worm-plays.*\.wcon$/);
      const text = new TextDecoder().decode(wcon.bytes);
      if (hasShared) {
        const validate = wconSchemaValidator();
        expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
      }
      const doc = readWcon(text, wcon.name);
      const t = doc.tracks[0]!.t;
      expect(doc.tracks[0]!.x[0]!.length).toBe(49);
      expect(t.length).toBeGreaterThan(80); // ≥ 4 s at 25 frames a second
      expect(JSON.stringify(doc.metadata?.['protocol'])).toContain(`command: ${script}`);

      const midi = await download(page, 'button.export-midi');
      const exported = readMidi(midi.bytes, midi.name);
      // The same performance in Node: seed 0, the recorded script, up to the last WCON frame.
      const controls = new WormControls(0.002);
      controls.recordScript(script, 0);
      const end = t[t.length - 1]!;
      const expected = performanceScore(0, controls, end + 0.039, WORM_NATIVE_BPM);
      // Notes well before the end (the end cuts the last ones short); onsets agree to the file's tick (≈ 1 ms).
      const firm = (notes: Array<{ onset: number; pitch: number }>): Array<{ onset: number; pitch: number }> =>
        notes.filter((n) => n.onset < end - 2).sort((a, b) => a.onset - b.onset || a.pitch - b.pitch);
      const got = firm(exported.notes);
      const want = firm(expected.notes);
      expect(got.length).toBeGreaterThan(10);
      expect(got.map((n) => n.pitch)).toEqual(want.map((n) => n.pitch));
      expect(Math.max(...got.map((n, i) => Math.abs(n.onset - want[i]!.onset)))).toBeLessThan(0.003);
      const key = parseKey('C# minor');
      expect(exported.notes.every((n) => inKey(n.pitch, key))).toBe(true);

      const wav = await download(page, 'button.export-wav');
      const audio = decodeWav(wav.bytes, wav.name);
      expect([audio.sampleRate, audio.channels.length]).toEqual([44100, 2]);
      expect(audio.channels[0]!.length / audio.sampleRate).toBeGreaterThan(end);
      expect(audioLevels(audio.channels[0]!).peak).toBeGreaterThan(0.5);
      expect(s.errors).toEqual([]);
    });
  });

  describe('Ring: the nodal network', () => {
    it('plays with sound on its speakers, the ring, weights and contours moving', async () => {
      const { page } = s;
      await showView(page, 'Ring', 'ring');
      expect(await page.locator('button.export-wcon').isVisible()).toBe(false);
      await play(page);
      await page.waitForTimeout(300);
      const canvases = ['canvas.ring-nodes', 'canvas.ring-weights', 'canvas.ring-contours'];
      const before = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
      const level = await listen(page, 2000);
      const after = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
      await screenshot(page, 'ring-playing.png');
      const frames = await measure(page, 2);
      await pause(page);
      measurements['ringLevel'] = level;
      measurements['ringFrames'] = frames;
      expect(level.peak).toBeGreaterThan(0.05);
      expect(level.rms).toBeGreaterThan(0.01);
      canvases.forEach((c, i) => expect(after[i], c).not.toBe(before[i]));
      expect(await nowValue(page, 'data-ring', 'firings')).toBeGreaterThan(20);
      expect(frames.audio.late).toBe(0);
      expect(s.errors).toEqual([]);
    });

    it('follows a contour drawn with the mouse: the pitch flock climbs to it', async () => {
      const { page } = s;
      await play(page);
      await page.waitForTimeout(500);
      const start = await nowValue(page, 'data-ring', 'pitch flock');
      expect(start).toBeLessThan(72); // the default contour starts at G3 and rises slowly
      // A stroke high in the pitch lane from just ahead of the playhead (at a third of the width) to the right end.
      const box = (await page.locator('canvas.ring-contours').boundingBox())!;
      const y = box.y + 22 + 0.08 * (box.height - 40);
      await page.mouse.move(box.x + box.width * 0.36, y);
      await page.mouse.down();
      for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + box.width * (0.36 + 0.05 * k), y);
      await page.mouse.up();
      await waitForNow(page, 'data-ring', 'pitch contour', '>', 95, 5000);
      await waitForNow(page, 'data-ring', 'pitch flock', '>', start + 15, 8000);
      await screenshot(page, 'ring-contour-drawn.png');
      await pause(page);
      expect(s.errors).toEqual([]);
    });

    it('fires a node clicked on the ring', async () => {
      const { page } = s;
      const box = (await page.locator('canvas.ring-nodes').boundingBox())!;
      // Node 1 sits just left of the top: the ring's radius is 0.34 of the smaller side.
      const r = 0.34 * Math.min(box.width, box.height);
      const angle = -Math.PI / 2 + (2 * Math.PI * (0.5 - 32 / 16)) / 32;
      await page.mouse.click(box.x + box.width / 2 + r * Math.cos(angle), box.y + box.height / 2 + 6 + r * Math.sin(angle));
      await page.waitForFunction(() => /node 1 fires/.test(document.querySelector('.message')?.textContent ?? ''));
      expect(s.errors).toEqual([]);
    });

    it('exports MIDI with a channel per speaker and a stereo WAV of the ring', async () => {
      const { page } = s;
      const midi = await download(page, 'button.export-midi');
      expect(midi.name).toBe('nodal-network-32-nodes-on-8-speakers.mid');
      const score = readMidi(midi.bytes, midi.name);
      expect(score.notes.length).toBeGreaterThan(50);
      expect(new Set(score.notes.map((n) => n.channel))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
      const wav = await download(page, 'button.export-wav');
      const audio = decodeWav(wav.bytes, wav.name);
      expect(audio.channels.length).toBe(2);
      expect(audioLevels(audio.channels[0]!).peak).toBeGreaterThan(0.3);
      expect(s.errors).toEqual([]);
    });

    it('builds a new network from the panel', async () => {
      const { page } = s;
      await page.selectOption('select.ring-node-count', '16');
      await page.selectOption('select.ring-speaker-count', '4');
      await page.selectOption('select.ring-scale', 'pentatonic');
      await page.click('button.ring-apply');
      await page.waitForFunction(() => document.title.startsWith('Nodal network · 16 nodes on 4 speakers'));
      await play(page);
      await page.waitForTimeout(1500);
      await screenshot(page, 'ring-16-nodes.png');
      await pause(page);
      expect(await nowValue(page, 'data-ring', 'firings')).toBeGreaterThan(5);
      expect(s.errors).toEqual([]);
    });
  });
});
