/**
 * Opens a URL in the user's browser: $BROWSER when set (the convention of xdg-utils, Python's webbrowser and
 * Vite), else the platform's opener (open, xdg-open, start). The opener runs detached; the caller only learns
 * whether it could be started.
 */
import { spawn } from 'node:child_process';

/** The command that opens a URL on this platform. */
export function browserCommand(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  const browser = env['BROWSER']?.trim();
  if (browser) return { command: browser, args: [url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Starts the browser; resolves with an error message when it could not be started or when the opener failed
 * (exited non-zero, or was killed) within `waitMs`, undefined otherwise. Openers such as xdg-open and `open` hand
 * the URL to a browser and exit 0 at once; one still running after `waitMs` is a browser itself and counts as
 * started.
 */
export function openUrl(url: string, waitMs = 3000): Promise<string | undefined> {
  const { command, args } = browserCommand(url);
  return new Promise((done) => {
    let child;
    try {
      child = spawn(command, args, { detached: true, stdio: 'ignore' });
    } catch (err) {
      done(`${command}: ${(err as Error).message}`);
      return;
    }
    child.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ENOENT' ? `${command}: not found` : `${command}: ${err.message}`));
    child.once('spawn', () => {
      const timer = setTimeout(() => {
        child.unref();
        done(undefined);
      }, waitMs);
      timer.unref();
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) done(undefined);
        else done(`${command} ${signal ? `was killed by ${signal}` : `exited with status ${code}`}`);
      });
    });
  });
}
