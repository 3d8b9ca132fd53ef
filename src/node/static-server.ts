/**
 * A small static file server for the studio's built files, and nothing else: GET and HEAD only, no directory
 * listings, no dotfiles, and no path outside its root — not by `..` (plain or percent-encoded), backslashes, NUL
 * bytes, absolute-form request targets or symbolic links that point out. It listens on 127.0.0.1 unless told
 * otherwise. Responses carry a Content-Security-Policy that allows only the page's own scripts, styles and
 * workers, so nothing the page shows can load code from elsewhere.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';

/** Content types of the files a Vite build produces. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.mid': 'audio/midi',
  '.wav': 'audio/wav',
};

/**
 * Only the page's own resources; blob: for downloads the page creates, data: for small images; 'wasm-unsafe-eval'
 * lets the page's own scripts compile WebAssembly (the Notation view's engraver, Verovio), and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface StaticServerOptions {
  /** Folder whose files are served ('/' serves its index.html). */
  root: string;
  /** Address to listen on, default 127.0.0.1 (this machine only). */
  host?: string;
  /** Port, default 0 (any free port). */
  port?: number;
  /** Further names the server answers to in the Host header, beside those of {@link hostAllowed}. */
  allowedHosts?: readonly string[];
}

export interface StaticServer {
  /** http://host:port/ */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the files under `root` until closed. Listening errors (a port in use, an address that does not exist)
 * reject with Node's error, whose `code` says which (EADDRINUSE, EADDRNOTAVAIL, EACCES).
 * @example
 * const server = await startStaticServer({ root: '.', port: 0 }); // serves the current folder
 * console.log(server.url); await server.close();
 */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const root = await realpath(resolve(options.root));
  const extra = (options.allowedHosts ?? []).map((h) => h.toLowerCase());
  const server = createServer((req, res) => {
    const hostHeader = req.headers.host;
    if (hostHeader === undefined || hostHeader === '') {
      send(res, 400, 'a Host header is required');
      return;
    }
    if (!hostAllowed(hostHeader, host, extra)) {
      send(res, 421, 'this server answers only the host names it was started for');
      return;
    }
    serveFile(root, req, res).catch(() => send(res, 500, 'internal error'));
  });
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The host name of a Host header, lower case, without its port or the brackets of an IPv6 literal. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  return colon >= 0 && colon === h.lastIndexOf(':') ? h.slice(0, colon) : h;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * Whether a request's Host header names this server: localhost, 127.0.0.1, [::1], the address it was bound to,
 * the names in `extra`, and — when bound to every interface (0.0.0.0, ::) — any IP address literal. A page from a
 * foreign name (an attacker's domain re-pointed at 127.0.0.1: DNS rebinding) gets 421 instead of the studio.
 * @example
 * hostAllowed('localhost:5173', '127.0.0.1'); // → true
 * hostAllowed('evil.example:5173', '127.0.0.1'); // → false
 * hostAllowed('192.168.1.20:5173', '0.0.0.0'); // → true
 */
export function hostAllowed(hostHeader: string, boundHost: string, extra: readonly string[] = []): boolean {
  const name = hostName(hostHeader);
  if (LOOPBACK_NAMES.has(name) || name === boundHost.toLowerCase() || extra.includes(name)) return true;
  return WILDCARD_HOSTS.has(boundHost) && isIP(name) !== 0;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', fail);
      done();
    });
  });
}

/**
 * The file under `root` that a request path names, or undefined when the path is malformed, hidden or outside the
 * root. Exported for the tests; the server also re-checks the resolved real path against symbolic links.
 */
export function resolveRequestPath(root: string, requestTarget: string): string | undefined {
  // Origin-form only ("/path?query"): an absolute-form target (http://host/…) or "*" is refused.
  if (!requestTarget.startsWith('/')) return undefined;
  const rawPath = requestTarget.split(/[?#]/, 1)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments, ...(path.endsWith('/') ? ['index.html'] : []));
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed');
    return;
  }
  const file = resolveRequestPath(root, req.url ?? '');
  if (!file) {
    send(res, 404, 'not found');
    return;
  }
  let real: string;
  let size: number;
  try {
    real = await realpath(file);
    const st = await stat(real);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    send(res, 404, 'not found');
    return;
  }
  // A symbolic link inside the root that points outside it is outside it.
  if (!real.startsWith(root + sep)) {
    send(res, 404, 'not found');
    return;
  }
  const type = MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Content-Length': size,
    // Vite names built assets by content hash: they never change. The page itself is always revalidated.
    'Cache-Control': real.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(real).on('error', () => res.destroy()).pipe(res);
}

function send(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
