/**
 * The Composers view in a real browser: the genetic composer evolves generation by generation (the curve and the
 * terms update, the best fitness never falls), its best melody plays with sound, and the rule composer's search is
 * stepped event by event and run to a melody that keeps every rule — the one the checker accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { browserMissing, canvasSignature, listen, openStudio, pause, play, screenshot, type StudioPage } from './helpers/studio-page.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio composer tests skipped: ${missing}.`);

let studio: StudioProcess;
let s: StudioPage;

function value(page: Page, attribute: string, name: string): Promise<number> {
  return page.evaluate(([a, n]) => Number(document.querySelector(`dd[${a}="${n}"]`)?.getAttribute('data-value') ?? NaN), [attribute, name] as const);
}

async function waitFor(page: Page, attribute: string, name: string, limit: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([a, n, l]) => Number(document.querySelector(`dd[${a}="${n}"]`)?.getAttribute('data-value') ?? NaN) >= l, [attribute, name, limit] as const, { timeout });
}

describe.skipIf(!!missing)('the Composers view in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
    s = await openStudio(studio.url);
    await s.page.setViewportSize({ width: 1400, height: 860 });
    await s.page.click('nav.tabs button[data-view="composers"]');
    await s.page.waitForFunction(() => window.neuromusicStudio!.view() === 'composers');
  });

  afterAll(async () => {
    await s?.close();
    await studio?.stop();
  });

  it('evolves generation by generation: the curve moves, the terms update, the best never falls', async () => {
    const { page } = s;
    await waitFor(page, 'data-genetic', 'generation', 0);
    expect(await value(page, 'data-genetic', 'generation')).toBe(0);
    const first = await value(page, 'data-genetic', 'best fitness');
    const curveBefore = await canvasSignature(page, 'canvas.fitness-curve');
    await page.click('button.evolve-1');
    await waitFor(page, 'data-genetic', 'generation', 1);
    await page.click('button.evolve-10');
    await waitFor(page, 'data-genetic', 'generation', 11);
    await page.waitForTimeout(200);
    expect(await canvasSignature(page, 'canvas.fitness-curve')).not.toBe(curveBefore);
    const after = await value(page, 'data-genetic', 'best fitness');
    expect(after).toBeGreaterThanOrEqual(first);
    expect(await value(page, 'data-term', 'keySignature')).toBeGreaterThan(0);
    expect(await page.locator('dd[data-term="harmony"]').innerText()).toMatch(/^\d\.\d{3} × 2$/);
    await screenshot(page, 'composers-genetic.png');
    expect(s.errors).toEqual([]);
  });

  it('plays the best melody so far with sound', async () => {
    const { page } = s;
    await play(page);
    const level = await listen(page, 1500);
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.05);
    expect(s.errors).toEqual([]);
  });

  it('steps the backtracking search and runs it to a melody that keeps the rules', async () => {
    const { page } = s;
    await page.click('button.search-step-1');
    await waitFor(page, 'data-search', 'nodes', 1);
    await page.click('button.search-step-10');
    await waitFor(page, 'data-search', 'nodes', 2);
    expect(await page.locator('dd[data-search="last step"]').innerText()).toMatch(/placed|rejected|backtracked|skipped/);
    await page.click('button.search-run');
    await page.waitForFunction(() => document.querySelector('dd[data-search="state"]')?.textContent === 'solution', undefined, { timeout: 30_000 });
    expect(await value(page, 'data-search', 'placed')).toBe(16);
    await page.click('button.listen-rules');
    await page.waitForFunction(() => document.querySelector('button.listen-rules')?.classList.contains('active'));
    await play(page);
    const level = await listen(page, 1000);
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.05);
    await screenshot(page, 'composers-search.png');
    expect(s.errors).toEqual([]);
  });

  it('plays the organ when it is chosen as the instrument', async () => {
    const { page } = s;
    await page.selectOption('select.instrument', 'organ:888000000:perc3,fast,c3');
    await page.click('button.listen-genetic');
    await play(page);
    const level = await listen(page, 1200);
    await pause(page);
    await page.selectOption('select.instrument', 'piano');
    expect(level.peak).toBeGreaterThan(0.05);
    expect(s.errors).toEqual([]);
  });
});
