/**
 * File-system edges of the CLI: reading inputs with one-line errors, and writing outputs atomically (a temporary
 * file in the same directory, then a rename), so a failed run never leaves a half-written file behind.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FormatError } from '../formats/errors.js';

/** Largest input file accepted, bytes (1 GiB). */
export const MAX_INPUT_BYTES = 1 << 30;

/** Reads a whole file, turning system errors into a {@link FormatError} that names the path. */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FormatError(path, 'is a directory, not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot read'));
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
 * Writes `data` to `path` atomically: parent folders are created, the bytes go to a temporary sibling, and the
 * temporary file is renamed over the target only when complete.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temporary file could not even be created.
    }
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
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new FormatError(path, describeSystemError(err, 'cannot write'));
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new FormatError(path, 'cannot write: is a directory');
}

/** Creates a directory (and parents) or says why it cannot. */
export function ensureDirectory(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new FormatError(path, describeSystemError(err, 'cannot create output folder'));
  }
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
