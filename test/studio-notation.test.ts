/**
 * The studio's Notation view in Chromium, served by `neuromusic studio`: the built-in prelude engraved by Verovio
 * (loaded in its own worker when the view is first opened), the notes at the playhead lit while it plays and the
 * page turned when the music reaches the next one; a **kern file and a MusicXML file dropped on the page engraved in
 * their turn; the worm, the ring and the duet followed live, their last bars engraved again as they play. The first
 * engraving's times are written to .tmp/artifacts/studio/notation.json and the live ones to notation-live.json
 * (docs/studio.md quotes them); the screenshots are docs/studio-notation.png and docs/studio-notation-live.png. Any console error, page error or failed request fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { projectRoot } from './helpers/shared.js';
import { ARTIFACTS, browserMissing, dropFile, measure, openStudio, pause, play, screenshot, type StudioPage } from './helpers/studio-page.js';
import { toMusicXml } from '../src/notation/index.js';
import { createScore } from '../src/score/ops.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio notation tests skipped: ${missing}.`);

let studio: StudioProcess;
let s: StudioPage;

const lit = (page: Page): Promise<string[]> =>
  page.evaluate(() => (document.querySelector<HTMLElement>('.notation-page')?.dataset['lit'] ?? '').split(' ').filter(Boolean));
const shownPage = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('.notation-page')?.dataset['page'] ?? 0));
const figure = (page: Page, name: string): Promise<number> =>
  page.evaluate((n) => Number(document.querySelector(`dd[data-notation="${n}"]`)?.getAttribute('data-value') ?? NaN), name);

describe.skipIf(!!missing)('the Notation view in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio();
    s = await openStudio(studio.url);
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    await studio?.stop();
  });

  it('engraves the built-in prelude when the view is opened, Verovio loaded only then', async () => {
    const { page } = s;
    // The first paint does not fetch the engraver: no request for it before the view is opened.
    const before = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    expect(before.some((u) => u.includes('engrave-worker'))).toBe(false);
    const clicked = Date.now();
    await page.click('nav.tabs button[data-view="notation"]');
    await page.waitForSelector('.notation-page svg g.note', { timeout: 120_000 });
    const firstEngravingMs = Date.now() - clicked;
    const notes = await page.locator('.notation-page svg g.note').count();
    expect(notes).toBeGreaterThan(20);
    const pages = Number(await page.evaluate(() => document.querySelector<HTMLElement>('.notation-page')!.dataset['pages']));
    expect(pages).toBeGreaterThan(1);
    expect(await page.locator('.notation-page-label').innerText()).toBe(`page 1 of ${pages}`);
    const engraved = await figure(page, 'notes engraved');
    expect(engraved).toBeGreaterThanOrEqual(549); // every note of the prelude, and the second halves of notes tied over a beat
    const measured = {
      firstEngravingMs,
      verovioLoadMs: await figure(page, 'Verovio loaded'),
      layoutMs: await figure(page, 'layout'),
      timemapMs: await figure(page, 'timemap'),
      musicXmlMs: await figure(page, 'MusicXML written'),
      pages,
      notesOnPage1: notes,
    };
    const worker = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('engrave-worker')).map((r) => ({ name: r.name, bytes: (r as PerformanceResourceTiming).encodedBodySize, ms: r.duration })));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'notation.json'), JSON.stringify({ ...measured, worker }, null, 2));
    expect(measured.verovioLoadMs).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  }, 150_000);

  it('lights the notes at the playhead and moves the light as it plays', async () => {
    const { page } = s;
    await play(page);
    await page.waitForFunction(() => (document.querySelector<HTMLElement>('.notation-page')?.dataset['lit'] ?? '') !== '', undefined, { timeout: 10_000 });
    const first = await lit(page);
    await page.waitForTimeout(1200);
    const second = await lit(page);
    await screenshot(page, 'studio-notation.png'); // docs/studio-notation.png is this screenshot
    await pause(page);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(second).not.toEqual(first); // the prelude moves every sixteenth (0.23 s at 66 per minute)
    await page.waitForTimeout(300); // a pause moves the playhead back to what was heard: let the view draw it
    const [listed, playing] = await page.evaluate(() => [
      (document.querySelector<HTMLElement>('.notation-page')!.dataset['lit'] ?? '').split(' ').filter(Boolean),
      [...document.querySelectorAll('.notation-page svg g.note.playing')].map((n) => n.id),
    ]);
    expect(playing.length).toBeGreaterThan(0);
    expect(playing.sort()).toEqual(listed.sort()); // the notes lit in the SVG are the notes sounding
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('turns the page when the music reaches the next one', async () => {
    const { page } = s;
    await page.click('button.notation-next');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.notation-page')?.dataset['page'] === '2');
    // The last note on page 2 in document order is in its last bar: play from there into page 3.
    const notes = page.locator('.notation-page svg g.note');
    const last = notes.nth((await notes.count()) - 1);
    await last.locator('use, path').first().click({ force: true });
    await play(page);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.notation-page')?.dataset['page'] === '3', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => (document.querySelector<HTMLElement>('.notation-page')?.dataset['lit'] ?? '') !== '');
    const onPage = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('.notation-page')!;
      return (host.dataset['lit'] ?? '').split(' ').filter(Boolean).every((id) => host.querySelector(`#${CSS.escape(id)}`) !== null);
    });
    await pause(page);
    expect(await shownPage(page)).toBe(3);
    expect(onPage).toBe(true);
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('engraves a **kern file and a MusicXML file dropped on the page', async () => {
    const { page } = s;
    const kern = readFileSync(join(projectRoot, 'examples', 'bach-prelude-c-major.krn'));
    const titleBefore = await page.locator('.about .piece-sub').innerText();
    await dropFile(page, 'bach-prelude-c-major.krn', new Uint8Array(kern));
    await page.waitForFunction((t) => document.querySelector('.about .piece-sub')?.textContent !== t, titleBefore, { timeout: 20_000 });
    expect(await page.locator('.about .piece-sub').innerText()).toContain('bach-prelude-c-major.krn');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.notation-page')?.dataset['source'] === 'bach-prelude-c-major.krn', undefined, { timeout: 60_000 });
    expect(await figure(page, 'notes engraved')).toBeGreaterThanOrEqual(549);

    // A MusicXML file of a scale (written by the package's writer) replaces it.
    const scale = createScore([60, 62, 64, 65, 67, 69, 71, 72].map((pitch, i) => ({ onset: i * 0.5, duration: 0.5, pitch, velocity: 0.7, voice: 0 })), {
      meta: { title: 'C major scale' },
    });
    await dropFile(page, 'scale.musicxml', new TextEncoder().encode(toMusicXml(scale)));
    await page.waitForFunction(() => document.querySelector('.about .piece-title')?.textContent === 'C major scale', undefined, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.notation-page')?.dataset['source'] === 'scale.musicxml', undefined, { timeout: 60_000 });
    await page.waitForSelector('.notation-page svg g.note');
    expect(await figure(page, 'notes engraved')).toBe(8);
    expect(await page.locator('.notation-page svg g.note').count()).toBe(8);

    // A broken **kern file is refused on the page with the reader's one line.
    await dropFile(page, 'broken.krn', new TextEncoder().encode('**kern\n4c\n4x\n*-\n'));
    await page.waitForFunction(() => /broken\.krn: line 3, spine 1/.test(document.querySelector('.message')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(s.errors).toEqual([]);
  }, 150_000);

  it('follows the worm live: the last bars it played engraved again as it plays, the newest bar marked', async () => {
    const { page } = s;
    const host = (key: string): Promise<string> => page.evaluate((k) => document.querySelector<HTMLElement>('.notation-page')?.dataset[k] ?? '', key);
    const pitches = (): Promise<string> => page.evaluate(() => [...document.querySelectorAll('.notation-page svg g.note')].map((n) => n.id).join(' '));
    await page.selectOption('select.notation-source', 'worm');
    await page.waitForFunction(() => document.title.includes('worm'), undefined, { timeout: 20_000 }); // the worm's engine plays now
    await play(page);
    await page.waitForFunction(() => {
      const h = document.querySelector<HTMLElement>('.notation-page');
      return h?.dataset['source'] === 'worm' && h.querySelector('svg g.note') !== null;
    }, undefined, { timeout: 60_000 });
    const firstBars = await host('bars');
    const firstEngravings = Number(await host('engravings'));
    const firstNotes = await pitches();
    expect(firstNotes.split(' ').length).toBeGreaterThan(0);
    expect(await page.locator('.notation-page svg g.measure.newest').count()).toBe(1);
    // A few seconds on: engraved again, with the notes played since (the window rolls on when it is full). The page's
    // frames meanwhile (the engraving runs in its worker) and the re-engraving's own times are kept for docs/studio.md.
    const frames = await measure(page, 6);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'notation-live.json'), JSON.stringify({
      engravingsIn6s: Number(await host('engravings')) - firstEngravings,
      notesEngraved: await figure(page, 'notes engraved'),
      musicXmlMs: await figure(page, 'MusicXML written'),
      layoutMs: await figure(page, 'layout'),
      timemapMs: await figure(page, 'timemap'),
      frames: frames.frames,
    }, null, 2));
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('.notation-page')?.dataset['engravings'] ?? 0) >= n + 2, firstEngravings, { timeout: 30_000 });
    const laterNotes = await pitches();
    const laterBars = await host('bars');
    expect(await page.locator('.notation-page svg g.measure.newest').count()).toBe(1);
    expect(`${laterBars} ${laterNotes}`).not.toBe(`${firstBars} ${firstNotes}`);
    expect(Number(laterBars.split('-')[1])).toBeGreaterThanOrEqual(Number(firstBars.split('-')[1]));
    // The notes sounding at the playhead are lit in the live window too.
    await page.waitForFunction(() => (document.querySelector<HTMLElement>('.notation-page')?.dataset['lit'] ?? '') !== '', undefined, { timeout: 10_000 });
    await screenshot(page, 'studio-notation-live.png');
    await pause(page);
    // Back to the piece: the score engine's piece (the MusicXML scale dropped above) engraved as before.
    await page.selectOption('select.notation-source', 'piece');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.notation-page')?.dataset['source'] === 'scale.musicxml', undefined, { timeout: 30_000 });
    expect(await page.locator('.notation-page svg g.note').count()).toBe(8);
    expect(await page.locator('.notation-page svg g.measure.newest').count()).toBe(0);
    expect(s.errors).toEqual([]);
  }, 150_000);

  it('follows the ring and the duet live in their turn', async () => {
    const { page } = s;
    for (const source of ['ring', 'duet']) {
      await page.selectOption('select.notation-source', source);
      await play(page);
      await page.waitForFunction((id) => {
        const h = document.querySelector<HTMLElement>('.notation-page');
        return h?.dataset['source'] === id && h.querySelector('svg g.note') !== null;
      }, source, { timeout: 60_000 });
      await pause(page);
      expect(await page.locator('.notation-page svg g.measure.newest').count()).toBe(1);
      expect(await page.locator('.about .piece-sub').innerText()).toMatch(/^bars \d+–\d+ · \d+ notes · \d+ per minute$/);
    }
    await page.selectOption('select.notation-source', 'piece');
    expect(s.errors).toEqual([]);
  }, 150_000);
});
