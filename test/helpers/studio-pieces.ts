/** Test pieces for the studio that no score provides. */
import { createScore } from '../../src/score/ops.js';
import type { Score } from '../../src/score/types.js';

/**
 * Clusters of `size` keys spread evenly over the keyboard (A0–C8; every other key from C2 for the default 32),
 * struck `strikes` times, each held until the next strike: `size` held notes at once, and as many more in their
 * damper tails right after each strike. The studio's load test.
 */
export function clusterScore(size = 32, strikes = 4, holdSeconds = 1): Score {
  if (size < 2 || size > 88) throw new RangeError(`cluster size must be 2–88, got ${size}`);
  const pitches = size === 32 ? Array.from({ length: 32 }, (_, i) => 36 + 2 * i) : Array.from({ length: size }, (_, i) => 21 + Math.round((i * 87) / (size - 1)));
  const notes = [];
  for (let k = 0; k < strikes; k++) {
    for (const pitch of pitches) notes.push({ onset: k * holdSeconds, duration: holdSeconds, pitch, velocity: 0.8, voice: 0 });
  }
  return createScore(notes, { meta: { title: `${size}-note clusters` } });
}
