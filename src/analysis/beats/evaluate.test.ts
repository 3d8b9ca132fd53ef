import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { beatFMeasure, matchEvents } from './evaluate.js';

/** Maximum bipartite matching by augmenting paths (Kuhn's algorithm): the oracle for the greedy matcher. */
function maxMatching(ref: number[], est: number[], w: number): number {
  const owner = new Array<number>(est.length).fill(-1);
  const tryAssign = (r: number, seen: boolean[]): boolean => {
    for (let e = 0; e < est.length; e++) {
      if (seen[e] || Math.abs(est[e]! - ref[r]!) > w) continue;
      seen[e] = true;
      if (owner[e] === -1 || tryAssign(owner[e]!, seen)) {
        owner[e] = r;
        return true;
      }
    }
    return false;
  };
  let n = 0;
  for (let r = 0; r < ref.length; r++) if (tryAssign(r, new Array<boolean>(est.length).fill(false))) n++;
  return n;
}

describe('beat F-measure (mir_eval conventions)', () => {
  it('matches by hand: P = 2/3, R = 2/4', () => {
    const s = beatFMeasure([5, 6, 7, 8], [5.02, 6.5, 7.07]);
    expect(s.hits).toBe(2);
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBeCloseTo(0.5, 12);
    expect(s.fMeasure).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5), 12);
  });

  it('trims the first 5 s of both lists and scores empty lists as 0', () => {
    expect(beatFMeasure([1, 2, 6], [1, 2, 6]).reference).toBe(1);
    expect(beatFMeasure([1, 2], [1, 2]).fMeasure).toBe(0);
    expect(beatFMeasure([1, 2], [1, 2], { trimSeconds: 0 }).fMeasure).toBe(1);
  });

  it('the greedy matching equals maximum bipartite matching on random dense lists', () => {
    const rng = createRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const ref = Array.from({ length: rng.int(12) }, () => rng.uniform(0, 2)).sort((a, b) => a - b);
      const est = Array.from({ length: rng.int(12) }, () => rng.uniform(0, 2)).sort((a, b) => a - b);
      expect(matchEvents(ref, est, 0.07)).toBe(maxMatching(ref, est, 0.07));
    }
  });
});
