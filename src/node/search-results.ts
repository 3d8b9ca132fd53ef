/**
 * The results file on disk: read back for a resume (a last line cut short by a crash is dropped) and appended to
 * one whole line per write as each evaluation finishes, so a crash loses at most the line being written.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FormatError } from '../formats/errors.js';
import { formatResultLine, parseResultLines, ResultsFileError, type ResultLine } from '../search/results.js';

/**
 * Reads a results file (none → no lines). A malformed line is a {@link FormatError} naming the file and line.
 * @example
 * readResultsFile('results.jsonl').lines.length;
 */
export function readResultsFile(path: string): { lines: ResultLine[]; truncated: boolean } {
  if (!existsSync(path)) return { lines: [], truncated: false };
  try {
    return parseResultLines(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof ResultsFileError) throw new FormatError(path, err.message);
    throw new FormatError(path, `cannot read: ${(err as Error).message}`);
  }
}

/** An append-only writer of results lines. */
export interface ResultsWriter {
  append(line: ResultLine): void;
  close(): void;
}

/**
 * Opens `path` for appending (created with its folder when missing). A last line cut short by a crash is cut off
 * first, so the next line starts clean.
 */
export function openResultsWriter(path: string): ResultsWriter {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      const bytes = readFileSync(path);
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) truncateSync(path, bytes.lastIndexOf(0x0a) + 1);
    }
    fd = openSync(path, 'a');
  } catch (err) {
    throw new FormatError(path, `cannot write: ${(err as Error).message}`);
  }
  return {
    append(line) {
      writeSync(fd, `${formatResultLine(line)}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}
