/**
 * Headless Chromium through playwright-core, using the system's browser (Debian's /usr/bin/chromium); nothing is
 * downloaded. The flags keep it quiet on a machine without network access.
 */
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where to find Chromium: $CHROMIUM_PATH, then the usual Debian and Ubuntu paths. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * A persistent headless context in a fresh profile; `close()` removes the profile. `args` are added to the flags
 * (a fake camera: `--use-fake-device-for-media-stream`, `--use-file-for-fake-video-capture=FILE.y4m`).
 */
export async function launchChromium(options: { args?: readonly string[] } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROMIUM_PATH');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'neuromusic-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots a local HTML file (the whole page) to a PNG. */
export async function screenshotHtml(htmlPath: string, pngPath: string, width = 1280): Promise<void> {
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`file://${htmlPath.startsWith('/') ? '' : process.cwd() + '/'}${htmlPath}`);
    await page.screenshot({ path: pngPath, fullPage: true });
  } finally {
    await close();
  }
}
