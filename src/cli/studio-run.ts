/** `neuromusic studio`: serves the browser studio from the installed package, on this machine by default. */
import type { StudioOptions } from './command-options.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startStaticServer, type StaticServer } from '../node/static-server.js';
import { openUrl } from '../node/open-url.js';
import { Failure } from './errors.js';
import { say } from './output.js';

/** Where the built studio lives in the package (studio/dist, beside dist/). */
export const STUDIO_ROOT = fileURLToPath(new URL('../../studio/dist', import.meta.url));

/** Runs `neuromusic studio` until Ctrl+C. */
export async function runStudio(opts: StudioOptions): Promise<void> {
  const server = await serveStudio(opts);
  say(`neuromusic studio: ${server.url}  (Ctrl+C to stop)`);
  if (!isLoopback(opts.host)) say(`note: listening on ${opts.host}, so other machines that can reach it can open the studio too`);
  if (opts.open) {
    const problem = await openUrl(server.url);
    if (problem) process.stderr.write(`neuromusic: warning: could not open a browser (${problem}); open ${server.url} yourself\n`);
  }
  await untilSignal();
  await server.close();
}

async function serveStudio(opts: StudioOptions): Promise<StaticServer> {
  if (!existsSync(join(STUDIO_ROOT, 'index.html'))) {
    throw new Failure(`the studio is not built (${STUDIO_ROOT} has no index.html): run npm run build in the package`);
  }
  try {
    return await startStaticServer({ root: STUDIO_ROOT, host: opts.host, port: opts.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${opts.host}:${opts.port}`;
    if (code === 'EADDRINUSE') throw new Failure(`port ${opts.port} on ${opts.host} is already in use: stop what uses it or choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new Failure(`cannot listen on ${opts.host}: no such address on this machine`);
    if (code === 'EACCES') throw new Failure(`no permission to listen on ${where} (ports below 1024 need privileges): choose another with --port`);
    throw new Failure(`cannot listen on ${where}: ${(err as Error).message}`);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Resolves on Ctrl+C or a termination signal. */
function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
