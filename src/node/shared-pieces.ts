/**
 * The public-domain MIDI pieces of the project's shared data folder (`../shared/data/midi` beside the package), used
 * as defaults where a command wants a second piece. A user's installation does not have the folder: callers fall
 * back to the built-in piece.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a file in ../shared/data/midi beside the package, or undefined when it is not there. */
export function sharedMidiPath(file: string): string | undefined {
  const path = fileURLToPath(new URL(`../../../shared/data/midi/${file}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}
