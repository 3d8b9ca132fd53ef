/**
 * Clean-up on Ctrl-C and SIGTERM: a command that has something on disk to take back while it works (a temporary
 * file beside its target, a scratch folder, targets renamed mid-publish) registers how, and one pair of signal
 * handlers runs every registered clean-up, newest first, and ends the process with the shell's conventional code.
 *
 * One handler for all, not one per writer: two handlers would race, and the first to call `process.exit` would skip
 * the other's clean-up.
 */

/** Exit codes of a process ended by a signal, by the shell's convention (128 + the signal number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

type Signal = keyof typeof SIGNAL_EXIT_CODES;

const cleanups: Array<() => void> = [];

function onSignal(signal: Signal): void {
  process.off('SIGINT', handlers.SIGINT);
  process.off('SIGTERM', handlers.SIGTERM);
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // The next clean-up still runs; the process is ending either way.
    }
  }
  process.stderr.write(`neuromusic: interrupted (${signal}); no output was written\n`);
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

const handlers = { SIGINT: (): void => onSignal('SIGINT'), SIGTERM: (): void => onSignal('SIGTERM') };

/**
 * Runs `cleanup` if SIGINT or SIGTERM arrives before the returned function is called (which unregisters it). The
 * process then exits with 130 / 143 after one line on stderr.
 * @example
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
 * const scratch = mkdtempSync('scratch-');
 * const release = onInterrupt(() => rmSync(scratch, { recursive: true, force: true }));
 * try {
 *   writeFileSync(`${scratch}/part.raw`, 'work in progress');
 * } finally {
 *   release();
 *   rmSync(scratch, { recursive: true, force: true });
 * }
 */
export function onInterrupt(cleanup: () => void): () => void {
  if (cleanups.length === 0) {
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
  }
  cleanups.push(cleanup);
  return () => {
    const i = cleanups.lastIndexOf(cleanup);
    if (i < 0) return;
    cleanups.splice(i, 1);
    if (cleanups.length === 0) {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    }
  };
}
