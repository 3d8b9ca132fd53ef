/**
 * The studio as a user starts it: `neuromusic studio` from the built CLI, in a child process, on a free port.
 * Shared by the studio's end-to-end tests and the studio benchmark.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliPath } from './cli.js';
import { projectRoot } from './shared.js';

/** Whether `npm run build` has built the studio. */
export const studioBuilt = existsSync(resolve(projectRoot, 'studio', 'dist', 'index.html'));

export interface StudioProcess {
  url: string;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `neuromusic studio ARGS` and resolves once it prints its URL (rejects if it exits first). */
export function startStudio(args: string[] = ['--port', '0'], env: NodeJS.ProcessEnv = {}): Promise<StudioProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [cliPath, 'studio', ...args], {
    cwd: projectRoot,
    env: { ...process.env, NEUROMUSIC_DEBUG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`neuromusic studio printed no URL within 60 s: ${err}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const m = /http:\/\/\S+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({
          url: m[0],
          stdout: () => out,
          stderr: () => err,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rejectStart(Object.assign(new Error(`neuromusic studio exited with ${code}: ${err.trim()}`), { code, stderr: err }));
    });
  });
}
