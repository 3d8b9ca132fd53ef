/** Writing results: human text to stdout, JSON to stdout or a file. */
import { writeFileAtomic } from '../node/files.js';
import type { OutputSet } from '../node/output-set.js';

// A reader that stops early (`neuromusic analyze --json | head`) closes the pipe: end quietly, not with a trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** Prints lines to stdout. */
export function say(...lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * `--json` with no value prints JSON to stdout; with a path, writes it there atomically — or stages it in `outputs`,
 * to be published with the command's other files.
 */
export function emitJson(target: string | boolean | undefined, data: unknown, outputs?: OutputSet): void {
  const text = JSON.stringify(data, null, 2) + '\n';
  if (target === true || target === '-') process.stdout.write(text);
  else if (typeof target === 'string') {
    if (outputs) outputs.file(target, text);
    else writeFileAtomic(target, text);
  }
}

/** Seconds as m:ss.s */
export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - 60 * m;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}
