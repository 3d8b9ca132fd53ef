import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostAllowed, hostName, resolveRequestPath, startStaticServer, type StaticServer } from './static-server.js';

const SECRET = 'the-secret-outside-the-root';
const base = mkdtempSync(join(tmpdir(), 'neuromusic-static-'));
const root = join(base, 'site');
let server: StaticServer;

/** Sends a raw request (the path exactly as written) and returns the status code and the whole response. */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(`${request}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('end', () => done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', fail);
  });
}

beforeAll(async () => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'export {};');
  writeFileSync(join(root, '.env'), SECRET);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'site-other.txt'), SECRET); // a sibling whose name starts like the root's
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(base, join(root, 'up'));
  server = await startStaticServer({ root, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static server', () => {
  it('binds 127.0.0.1 by default and serves the page with its type and security headers', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toMatch(/<title>studio/);
    const js = await fetch(`${server.url}assets/app-1234.js?v=1`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('answers HEAD without a body, refuses other methods, and lists no folders', async () => {
    const head = await raw('HEAD /index.html HTTP/1.1');
    expect(head.status).toBe(200);
    expect(head.text).not.toMatch(/<title>/);
    expect((await raw('POST / HTTP/1.1')).status).toBe(405);
    expect((await raw('DELETE /index.html HTTP/1.1')).status).toBe(405);
    expect((await raw('GET /assets HTTP/1.1')).status).toBe(404);
    expect((await raw('GET /assets/ HTTP/1.1')).status).toBe(404);
    expect((await raw('GET /missing.js HTTP/1.1')).status).toBe(404);
  });

  it('never serves a path outside its root, however it is written', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/secret.txt%00.html',
      '//secret.txt',
      '/../site-other.txt',
      '/.env',
      '/%2eenv',
      '/link.txt',
      '/up/secret.txt',
      `/${'../'.repeat(12)}etc/passwd`,
      'http://127.0.0.1/../secret.txt',
      '*',
    ];
    for (const target of attempts) {
      const r = await raw(`GET ${target} HTTP/1.1`);
      expect([400, 404], `${target} → ${r.status}`).toContain(r.status);
      expect(r.text, target).not.toContain(SECRET);
      expect(r.text, target).not.toMatch(/root:/);
    }
  });

  it('resolves request targets only to files under the root', () => {
    expect(resolveRequestPath('/r', '/')).toBe('/r/index.html');
    expect(resolveRequestPath('/r', '/a/b.js?x=1#y')).toBe('/r/a/b.js');
    expect(resolveRequestPath('/r', '/a%20b.js')).toBe('/r/a b.js');
    for (const bad of ['/..', '/a/../../b', '/%2e%2e/b', '/%zz', '/a\\b', '/a%00b', 'a.js', 'http://x/a.js', '/.git/config']) {
      expect(resolveRequestPath('/r', bad), bad).toBeUndefined();
    }
  });

  it('reports a port already in use with the error code', async () => {
    await expect(startStaticServer({ root, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

/** A request with the Host header as given (or none). */
function withHost(host: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\n${host === undefined ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('end', () => done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on('error', fail);
  });
}

describe('Host header (DNS rebinding)', () => {
  it('answers the loopback names and the bound address, with or without the port', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${server.port}`, `localhost:${server.port}`, 'LOCALHOST', `[::1]:${server.port}`]) {
      expect((await withHost(host)).status, host).toBe(200);
    }
  });

  it('refuses any other name with 421 and no content of the site', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.20']) {
      const r = await withHost(host);
      expect(r.status, host).toBe(421);
      expect(r.text).not.toContain('<title>studio</title>');
    }
  });

  it('refuses a request without a Host header (HTTP/1.1 requires one)', async () => {
    expect((await withHost(undefined)).status).toBe(400);
  });

  it('on every interface, answers IP literals but not names, unless allowed', () => {
    expect(hostAllowed('192.168.1.20:8080', '0.0.0.0')).toBe(true);
    expect(hostAllowed('[fe80::1]:8080', '::')).toBe(true);
    expect(hostAllowed('studio.lan:8080', '0.0.0.0')).toBe(false);
    expect(hostAllowed('studio.lan:8080', '0.0.0.0', ['studio.lan'])).toBe(true);
    expect(hostAllowed('studio.lan', 'studio.lan')).toBe(true);
    expect(hostName('[::1]:5173')).toBe('::1');
    expect(hostName('Example.ORG:80')).toBe('example.org');
  });
});
