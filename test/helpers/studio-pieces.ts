/** Test pieces for the studio that no score provides. */
import { createScore } from '../../src/score/ops.js';
import type { Score } from '../../src/score/types.js';

/**
 * 32-note clusters (every other key from C2 to D7), struck four times, each held until the next strike: 32 held
 * notes at once, and up to 32 more in their damper tails right after each strike. The studio's load test.
 */
export function clusterScore(strikes = 4, holdSeconds = 1): Score {
  const notes = [];
  for (let k = 0; k < strikes; k++) {
    for (let i = 0; i < 32; i++) notes.push({ onset: k * holdSeconds, duration: holdSeconds, pitch: 36 + 2 * i, velocity: 0.8, voice: 0 });
  }
  return createScore(notes, { meta: { title: '32-note clusters' } });
}
