/**
 * Access to ../shared (data and reference scripts beside the project). A user's clone does not have it: the
 * tests that need it skip and say so; CI always has it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(projectRoot, '..', 'shared');
export const hasShared = existsSync(resolve(sharedDir, 'data'));

if (!hasShared) {
  console.warn(`[neuromusic tests] ${sharedDir}/data not found: tests that read the shared data are skipped.`);
}

/** Path of a file under ../shared/data. */
export function sharedData(...parts: string[]): string {
  return resolve(sharedDir, 'data', ...parts);
}

/** The shared MIDI pieces with the note counts an independent reader found (../shared/data/README.md). */
export const SHARED_PIECES = [
  { file: 'chopin_prelude_op28_no15_raindrop_db_major.mid', notes: 1518, seconds: 267.0, low: 28, high: 82, bpm: 80 },
  { file: 'chopin_prelude_op28_no4_e_minor.mid', notes: 600, seconds: 108.2, low: 28, high: 84, bpm: 56 },
  { file: 'chopin_prelude_op28_no20_c_minor.mid', notes: 286, seconds: 74.3, low: 24, high: 75, bpm: 42 },
  { file: 'satie_gymnopedie_no1.mid', notes: 282, seconds: 141.0, low: 33, high: 81, bpm: 60 },
] as const;
