/**
 * The Worm view's "the worm dances" in a real browser: switch the mode, wait for the worker to compute the dance of
 * the built-in prelude, play it with sound and watch the body, circuit, muscles and pattern timeline move with the
 * current pattern's indicator lit; export the piece and the dance; drop a shared MIDI file and see the dance start.
 * Screenshots go to .tmp/artifacts/studio/. Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { browserMissing, canvasSignature, dropFile, listen, measure, openStudio, pause, play, screenshot, type StudioPage } from './helpers/studio-page.js';
import { wconSchemaValidator } from './helpers/wcon-schema.js';
import { readMidi, writeMidi } from '../src/formats/midi.js';
import { readWcon } from '../src/formats/wcon.js';
import { parseDanceTimeline } from '../src/engines/worm/dance/dance-timeline.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio dance tests skipped: ${missing}.`);

/** Computing a dance takes seconds (the prelude's 128 s: about 5 s on one core, more on a loaded machine). */
const DANCE_TIMEOUT = 90_000;

let studio: StudioProcess;
let s: StudioPage;

async function download(page: Page, button: string, timeout = 60_000): Promise<{ name: string; bytes: Uint8Array }> {
  const pending = page.waitForEvent('download', { timeout });
  await page.click(button);
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync(await file.path())) };
}

/** Waits until the view shows the dance of `fileName` (its indicators built, the progress gone). */
async function waitForDance(page: Page, fileName: string): Promise<void> {
  await page.waitForFunction(
    (name) => document.querySelectorAll('.dance-indicator').length >= 2 && (document.querySelector('.dance-piece')?.textContent ?? '').includes(name) &&
      (document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? false),
    fileName,
    { timeout: DANCE_TIMEOUT },
  );
}

/** The pattern the Now panel shows and the indicators lit. */
function patternState(page: Page): Promise<{ pattern: number; lit: number[] }> {
  return page.evaluate(() => ({
    pattern: Number(document.querySelector('dd[data-worm="pattern"]')?.getAttribute('data-value') ?? NaN),
    lit: [...document.querySelectorAll('.dance-indicator[data-lit="true"]')].map((e) => Number(e.getAttribute('data-pattern'))),
  }));
}

describe.skipIf(!!missing)('the Worm view: the worm dances, in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
    s = await openStudio(`${studio.url}#worm`);
    await s.page.setViewportSize({ width: 1400, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    await studio?.stop();
  });

  it('dances to the built-in prelude with its notes: body, circuit, muscles and pattern timeline move, the pattern playing lit', async () => {
    const { page } = s;
    await page.waitForFunction(() => window.neuromusicStudio!.view() === 'worm');
    await page.click('button.mode-dances');
    await waitForDance(page, 'built in');
    expect(await page.locator('button.mode-dances').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('button.action-reverse').isVisible()).toBe(false); // the plays panel is hidden
    await page.waitForFunction(() => document.title.startsWith('The worm dances · Johann Sebastian Bach'));
    for (const format of ['midi', 'wav', 'wcon', 'timeline']) expect(await page.locator(`button.export-${format}`).isVisible()).toBe(true);
    await play(page);
    await page.waitForTimeout(300);
    const canvases = ['canvas.worm-arena', 'canvas.worm-circuit', 'canvas.worm-music', 'canvas.worm-pattern-timeline'];
    const before = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
    const level = await listen(page, 2000);
    const after = await Promise.all(canvases.map((c) => canvasSignature(page, c)));
    const frames = await measure(page, 1);
    const now = await patternState(page);
    await screenshot(page, 'worm-dancing.png');
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.05);
    expect(level.rms).toBeGreaterThan(0.01);
    canvases.forEach((c, i) => expect(after[i], c).not.toBe(before[i]));
    expect(frames.audio.late).toBe(0);
    // The indicator lit is the pattern playing: the Now panel follows a change of pattern in the same frame.
    expect(now.lit).toHaveLength(1);
    const paused = await patternState(page);
    expect(paused.lit).toEqual([paused.pattern]);
    expect(Number(await page.locator(`.dance-indicator[data-pattern="${paused.pattern}"]`).getAttribute('data-level'))).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  }, DANCE_TIMEOUT + 30_000);

  it('seeks within the dance: a click on the pattern timeline moves the playhead there', async () => {
    const { page } = s;
    const box = (await page.locator('canvas.worm-pattern-timeline').boundingBox())!;
    await page.mouse.click(box.x + 10 + (box.width - 20) * 0.5, box.y + box.height - 12);
    await page.waitForFunction(() => Math.abs(window.neuromusicStudio!.time() - 64.25) < 1.5);
    await play(page);
    await page.waitForTimeout(800);
    await pause(page);
    const t = await page.evaluate(() => window.neuromusicStudio!.time());
    expect(t).toBeGreaterThan(64);
    await page.waitForFunction(() => document.querySelector('.dance-indicator[data-lit="true"]') !== null);
    expect(s.errors).toEqual([]);
  });

  it('exports the piece (MIDI), the dancing body (WCON) and the dance timeline', async () => {
    const { page } = s;
    const midi = await download(page, 'button.export-midi');
    expect(readMidi(midi.bytes, midi.name).notes.length).toBe(bachPreludeInC().notes.length);
    const wcon = await download(page, 'button.export-wcon');
    const text = new TextDecoder().decode(wcon.bytes);
    if (hasShared) {
      const validate = wconSchemaValidator();
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
    const doc = readWcon(text, wcon.name);
    expect(doc.tracks[0]!.x[0]!.length).toBe(49);
    expect(doc.tracks[0]!.t.length).toBeGreaterThan(128 * 25 - 5);
    const timeline = await download(page, 'button.export-timeline');
    expect(timeline.name).toMatch(/\.dance\.json$/);
    const parsed = parseDanceTimeline(JSON.parse(new TextDecoder().decode(timeline.bytes)), timeline.name);
    expect(parsed.frameRate).toBe(25);
    const indicators = await page.locator('.dance-indicator').count();
    expect(parsed.patterns.length).toBe(indicators);
    expect(s.errors).toEqual([]);
  }, 90_000);

  it('computes the dance anew for another seed (the pattern analysis\' seed)', async () => {
    const { page } = s;
    await page.fill('input.seed', '1');
    await page.dispatchEvent('input.seed', 'change');
    await page.waitForFunction(() => /\(seed 1\)/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: DANCE_TIMEOUT });
    await waitForDance(page, 'built in');
    await page.fill('input.seed', '0');
    await page.dispatchEvent('input.seed', 'change');
    await page.waitForFunction(() => /\(seed 0\)/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: DANCE_TIMEOUT });
    expect(s.errors).toEqual([]);
  }, 2 * DANCE_TIMEOUT);

  it('dances in water when the environment says so, and on agar again', async () => {
    const { page } = s;
    const summary = (): Promise<string> => page.evaluate(() => document.querySelector('.dance-summary')?.textContent ?? '');
    expect(await summary()).toMatch(/ on agar;/);
    const agarHz = Number(/Body wave ([\d.]+) Hz/.exec(await summary())![1]);
    await page.locator('input.worm-medium').fill('0');
    await page.dispatchEvent('input.worm-medium', 'change');
    await page.waitForFunction(() => / on water;/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: DANCE_TIMEOUT });
    await waitForDance(page, 'built in');
    expect(Number(/Body wave ([\d.]+) Hz/.exec(await summary())![1])).toBeGreaterThan(agarHz);
    expect(await page.locator('input.worm-medium').inputValue()).toBe('0');
    // "The worm plays" has its own environment (agar), and the slider shows it there.
    await page.click('button.mode-plays');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input.worm-medium')!.value === '1');
    await page.click('button.mode-dances');
    // The view switches when the engine says so (the dance's indicators are there already: wait for the mode).
    await page.waitForFunction(() => document.querySelector('button.mode-dances')?.getAttribute('aria-pressed') === 'true');
    await waitForDance(page, 'built in');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input.worm-medium')!.value === '0', undefined, { timeout: 10_000 });
    await page.locator('input.worm-medium').fill('1');
    await page.dispatchEvent('input.worm-medium', 'change');
    await page.waitForFunction(() => / on agar;/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: DANCE_TIMEOUT });
    await waitForDance(page, 'built in');
    expect(s.errors).toEqual([]);
  }, 3 * DANCE_TIMEOUT);

  it.skipIf(!hasShared)('dances to a MIDI file dropped on the page', async () => {
    const { page } = s;
    const file = 'chopin_prelude_op28_no20_c_minor.mid';
    await dropFile(page, file, new Uint8Array(readFileSync(sharedData('midi', file))));
    await page.waitForFunction(() => !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true), undefined, { timeout: 10_000 });
    await waitForDance(page, file);
    await play(page);
    await page.waitForTimeout(300);
    const before = await canvasSignature(page, 'canvas.worm-arena');
    const level = await listen(page, 1500);
    const after = await canvasSignature(page, 'canvas.worm-arena');
    await screenshot(page, 'worm-dancing-dropped.png');
    const now = await patternState(page);
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.02);
    expect(after).not.toBe(before);
    expect(now.lit).toHaveLength(1);
    expect(s.errors).toEqual([]);
  }, DANCE_TIMEOUT + 30_000);

  it.skipIf(!hasShared)('keeps playing while a dance is computed (in its own worker): the notes at once, the body when it is ready', async () => {
    const { page } = s;
    const file = 'chopin_prelude_op28_no15_raindrop_db_major.mid';
    await dropFile(page, file, new Uint8Array(readFileSync(sharedData('midi', file))));
    await page.waitForFunction(() => !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true), undefined, { timeout: 10_000 });
    // The old piece's patterns are gone while the new dance is computed, and an export of it waits for it.
    expect(await page.locator('.dance-indicator').count()).toBe(0);
    await page.click('button.export-wcon');
    await page.waitForFunction(() => /still being computed/.test(document.querySelector('.message.error')?.textContent ?? ''));
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button.export-wcon')!.disabled);
    await page.click('button.play');
    // The engine worker answers (play, the playhead moving) while the dance of 267 s of music is still computed.
    const during = (await (await page.waitForFunction(() => {
      const computing = !(document.querySelector<HTMLElement>('.worm-progress')?.hidden ?? true);
      const t = window.neuromusicStudio!.time();
      return window.neuromusicStudio!.playing() && (t > 0.3 || !computing) ? { t, computing } : false;
    }, undefined, { timeout: 10_000 })).jsonValue()) as { t: number; computing: boolean };
    expect(during.computing).toBe(true);
    const level = await listen(page, 500);
    expect(level.peak).toBeGreaterThan(0.02);
    await waitForDance(page, file);
    // The body joins the music where it has got to.
    await page.waitForFunction(() => document.querySelector('.dance-indicator[data-lit="true"]') !== null, undefined, { timeout: 10_000 });
    const before = await canvasSignature(page, 'canvas.worm-arena');
    await page.waitForTimeout(400);
    expect(await canvasSignature(page, 'canvas.worm-arena')).not.toBe(before);
    const t = await page.evaluate(() => window.neuromusicStudio!.time());
    await pause(page);
    expect(t).toBeGreaterThan(during.t);
    expect(s.errors).toEqual([]);
  }, DANCE_TIMEOUT + 30_000);

  it('says why it cannot dance to a piece of one pitch, in the panel and the status bar', async () => {
    const { page } = s;
    const notes = Array.from({ length: 8 }, (_, i) => ({ onset: i * 0.5, duration: 0.4, pitch: 60, velocity: 0.8, voice: 0 }));
    await dropFile(page, 'one-pitch.mid', writeMidi({ ...bachPreludeInC(), notes }));
    await page.waitForFunction(() => /cannot dance to one-pitch\.mid: .*one pitch only/.test(document.querySelector('.dance-summary')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await page.locator('.message.error').innerText()).toMatch(/^one-pitch\.mid: the worm cannot dance to it: /);
    expect(await page.locator('.worm-progress').isVisible()).toBe(false);
    expect(await page.locator('.dance-indicator').count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('goes back to "the worm plays", which crawls with its own music again', async () => {
    const { page } = s;
    await page.click('button.mode-plays');
    await page.waitForFunction(() => document.title.startsWith('The worm plays'));
    expect(await page.locator('.worm-patterns').isVisible()).toBe(false);
    await play(page);
    const level = await listen(page, 1500);
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.02);
    expect(await page.locator('dd[data-worm="behaviour"]').innerText()).toBe('forward');
    // A file that is not MIDI: said on the page, and the worm keeps playing its own music.
    await dropFile(page, 'broken.mid', new TextEncoder().encode('not a MIDI file'));
    await page.waitForFunction(() => /^broken\.mid: /.test(document.querySelector('.message.error')?.textContent ?? ''));
    expect(await page.locator('button.mode-plays').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.worm-progress').isVisible()).toBe(false);
    expect(s.errors).toEqual([]);
  });
});
