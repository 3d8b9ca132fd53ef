/**
 * Space-filling designs in the unit box: independent uniform samples, and Latin hypercube samples (McKay, Beckman &
 * Conover 1979): each axis is cut into N equal strata and every stratum holds exactly one of the N points, at a
 * uniform position inside it, the strata paired across axes by independent random permutations.
 */
import type { Random } from '../../math/random.js';
import type { SearchStrategy } from './strategy.js';

/**
 * N independent uniform points of [0, 1]ⁿ.
 * @example
 * uniformSamples(3, 2, createRandom(1)).length; // → 3
 */
export function uniformSamples(count: number, dimension: number, rng: Random): Float64Array[] {
  return Array.from({ length: count }, () => Float64Array.from({ length: dimension }, () => rng.next()));
}

/**
 * N Latin-hypercube points of [0, 1]ⁿ: along every axis each interval [k/N, (k+1)/N) holds exactly one point.
 * @example
 * const pts = latinHypercube(4, 2, createRandom(1));
 * pts.map((p) => Math.floor(p[0] * 4)).sort(); // → [0, 1, 2, 3]
 */
export function latinHypercube(count: number, dimension: number, rng: Random): Float64Array[] {
  const points = Array.from({ length: count }, () => new Float64Array(dimension));
  const perm = new Int32Array(count);
  for (let d = 0; d < dimension; d++) {
    for (let k = 0; k < count; k++) perm[k] = k;
    for (let k = count - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      const t = perm[k]!;
      perm[k] = perm[j]!;
      perm[j] = t;
    }
    for (let k = 0; k < count; k++) points[k]![d] = (perm[k]! + rng.next()) / count;
  }
  return points;
}

/** A strategy that asks a fixed design in batches and ignores the values (random search, Latin hypercube). */
export function designStrategy(points: Float64Array[], batchSize = 256): SearchStrategy {
  let next = 0;
  let reason: string | undefined;
  return {
    ask() {
      if (next >= points.length) {
        reason ??= 'design complete';
        return undefined;
      }
      const batch = points.slice(next, next + batchSize);
      next += batch.length;
      return batch;
    },
    tell() {},
    get stopReason() {
      return reason;
    },
  };
}
