import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { startStudio, studioBuilt } from './helpers/studio.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

if (!studioBuilt) console.warn('[neuromusic tests] studio/dist not built (npm run build): the studio CLI tests are skipped.');

describe.skipIf(!studioBuilt)('neuromusic studio (the command)', () => {
  it('serves the built page on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const studio = await startStudio(['--port', '0']);
    try {
      expect(studio.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(studio.url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<title>neuromusic studio<\/title>/);
      // The page's own script is served, with a JavaScript type.
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
      expect((await fetch(studio.url + script)).headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await fetch(`${studio.url}../package.json`)).status).toBe(404);
    } finally {
      expect(await studio.stop()).toBe(0);
    }
  });

  it('reports a port already in use as one line and exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = runCli(['studio', '--port', String(port)]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toEqual([`neuromusic: error: port ${port} on 127.0.0.1 is already in use: stop what uses it or choose another with --port`]);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad port or an address it cannot listen on', () => {
    const bad = runCli(['studio', '--port', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port.*between 0 and 65535/);
    const host = runCli(['studio', '--port', '0', '--host', '192.0.2.1']); // TEST-NET-1: never this machine's
    expect(host.code).toBe(2);
    expect(host.stderr.trim()).toBe('neuromusic: error: cannot listen on 192.0.2.1: no such address on this machine');
  });

  it('--open starts $BROWSER with the URL', async () => {
    const opened = join(dir, 'opened.txt');
    const browser = join(dir, 'fake-browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    chmodSync(browser, 0o755);
    const studio = await startStudio(['--port', '0', '--open'], { BROWSER: browser });
    try {
      for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(opened, 'utf8')).toBe(studio.url);
    } finally {
      await studio.stop();
    }
  });

  it('says when no browser could be opened, and keeps serving', async () => {
    const studio = await startStudio(['--port', '0', '--open'], { BROWSER: join(dir, 'no-such-browser') });
    try {
      for (let i = 0; i < 100 && !/could not open/.test(studio.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(studio.stderr()).toMatch(/^neuromusic: warning: could not open a browser \(.*no-such-browser: not found\); open http:\/\/127\.0\.0\.1:\d+\/ yourself/);
      expect((await fetch(studio.url)).status).toBe(200);
    } finally {
      await studio.stop();
    }
  });

  it('has help', () => {
    const h = runCli(['studio', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--port <n>[\s\S]*--host <address>[\s\S]*--open/);
  });
});
