/**
 * File-system edges of the CLI: reading inputs with one-line errors, and writing outputs atomically (a temporary
 * file in the same directory, then a rename), so a failed run never leaves a half-written file behind.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FormatError } from '../formats/errors.js';

/** Largest input file accepted, bytes (1 GiB). */
export const MAX_INPUT_BYTES = 1 << 30;

/**
 * Reads a whole file, turning system errors into a {@link FormatError} that names the path. Regular files and
 * pipes (`<(…)` in a shell) are read, a pipe up to `maxBytes`; devices (/dev/zero, a terminal) and sockets are
 * refused at once, since they never end.
 */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FormatError(path, 'is a directory, not a file');
    if (st.isFIFO()) return readPipe(path, maxBytes);
    if (!st.isFile()) throw new FormatError(path, 'is a device or socket, not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot read') + sharedHint(path, err));
  }
  if (size > maxBytes) throw new FormatError(path, `file is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit`);
  try {
    const buf = readFileSync(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw new FormatError(path, describeSystemError(err, 'cannot read'));
  }
}

/**
 * For a missing file under `../shared/`: the project's reference data set lives beside a development checkout, and
 * a clone or an installed package has none — say so, and what to use instead.
 */
function sharedHint(path: string, err: unknown): string {
  if ((err as { code?: string }).code !== 'ENOENT' || !/(^|[\\/])shared[\\/]/.test(path)) return '';
  return " (../shared is the project's reference data beside a development checkout, not part of a clone: give a file of your own, or none for the built-in piece)";
}

/** Reads a pipe to its end, refusing more than `maxBytes`. */
function readPipe(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FormatError(path, `more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit`);
      chunks.push(chunk.subarray(0, n));
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` atomically: parent folders are created, the bytes go to a temporary sibling, and the
 * temporary file is renamed over the target only when complete.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    makeDirectories(dir);
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temporary file could not even be created.
    }
    if (!isSystemError(err)) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot write'));
  }
}

/**
 * Checks before long work that `path` can be written: its folder exists (or is created) and is writable, and the
 * path is not a folder. Throws a {@link FormatError} naming the path otherwise.
 */
export function prepareOutput(path: string): void {
  const dir = dirname(path);
  try {
    makeDirectories(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new FormatError(path, describeSystemError(err, 'cannot write'));
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new FormatError(path, 'cannot write: is a directory');
}

/** Creates a directory (and parents) or says why it cannot. */
export function ensureDirectory(path: string): void {
  try {
    makeDirectories(path);
    if (!statSync(path).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new FormatError(path, describeSystemError(err, 'cannot create output folder'));
  }
}

/**
 * Creates a folder and its missing parents, one level at a time from the deepest one that exists. Node's
 * `mkdirSync(path, { recursive: true })` loops forever where `mkdir` answers ENOENT for a parent that `stat` says is
 * there (anywhere under /proc); this walk makes each level once and fails with the system's error instead.
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    try {
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR', syscall: 'mkdir' });
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Whether an error came from the operating system (a failed open, write, rename: it has an errno `code` and a
 * `syscall`) — the user's to fix, told with the path. Anything else thrown while writing is a bug and must reach
 * the CLI as it is, to be reported as an internal error.
 */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return typeof (err as { code?: unknown })?.code === 'string' && typeof (err as { syscall?: unknown })?.syscall === 'string';
}

/** A short human reason for a Node system error. */
export function describeSystemError(err: unknown, action: string): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return `${action}: no such file or directory`;
    case 'EACCES': case 'EPERM': return `${action}: permission denied`;
    case 'ENOTDIR': case 'EEXIST': return `${action}: a part of the path is a file, not a folder`;
    case 'EISDIR': return `${action}: is a directory`;
    case 'ENOSPC': return `${action}: no space left on the device`;
    case 'EROFS': return `${action}: read-only file system`;
    default: return `${action}: ${(err as Error).message ?? String(err)}`;
  }
}
