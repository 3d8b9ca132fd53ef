/** Reading JSON input files with one-line errors that name the file. */
import { FormatError } from '../formats/errors.js';
import { readInputFile } from './files.js';

/** Largest JSON input accepted, bytes (64 MiB). */
export const MAX_JSON_BYTES = 64 << 20;

/**
 * Reads and parses a JSON file. Missing, unreadable, empty or malformed files are {@link FormatError}s naming
 * the path ("params.json: not valid JSON (Unexpected token …)").
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('params.json', '{ "nodes": 16 }');
 * readJsonFile('params.json'); // → { nodes: 16 }
 */
export function readJsonFile(path: string): unknown {
  const text = new TextDecoder().decode(readInputFile(path, MAX_JSON_BYTES));
  if (text.trim() === '') throw new FormatError(path, 'empty file');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FormatError(path, `not valid JSON (${(err as Error).message})`);
  }
}
