/** The score engine's messages: what the Score view sends it and what it answers. */
import type { Score } from 'neuromusic/score';

/** Commands to the score engine. */
export type ScoreCommand =
  /** A MIDI or score JSON file's bytes (dropped on the page or chosen). */
  | { kind: 'load'; name: string; bytes: Uint8Array }
  /** Back to the built-in prelude. */
  | { kind: 'built-in' }
  /** Seeded timing and velocity deviations (0 and 0: play as written). */
  | { kind: 'humanize'; timingSeconds: number; velocity: number };

/** Events from the score engine. */
export type ScoreEvent =
  /** The score as it will be played (after humanising; at the written tempo), and where it came from. */
  { kind: 'score'; score: Score; fileName: string };

/** The score engine's id in the worker's registry. */
export const SCORE_ENGINE = 'score';
