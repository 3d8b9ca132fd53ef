/**
 * The random baseline (step 0 of the progression): onsets from a homogeneous Poisson process at a given rate —
 * what a listener would get from a player who knows only how busy the piece is.
 */
import type { Random } from '../math/random.js';

/**
 * Onset times of a Poisson process with `ratePerSecond` on [startSeconds, endSeconds), sorted. Exponential
 * inter-onset gaps drawn from the seeded generator.
 * @example
 * poissonOnsets(createRandom(0), 4, 0, 10).length; // about 40
 */
export function poissonOnsets(rng: Random, ratePerSecond: number, startSeconds: number, endSeconds: number): Float64Array {
  if (!(ratePerSecond >= 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`rate must be a finite number ≥ 0, got ${ratePerSecond}`);
  if (!(endSeconds >= startSeconds)) throw new RangeError(`span ${startSeconds}..${endSeconds} is empty or reversed`);
  const out: number[] = [];
  if (ratePerSecond === 0) return new Float64Array(0);
  let t = startSeconds;
  for (;;) {
    t += -Math.log(1 - rng.next()) / ratePerSecond;
    if (t >= endSeconds) break;
    out.push(t);
  }
  return Float64Array.from(out);
}
