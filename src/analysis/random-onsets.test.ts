import { describe, expect, it } from 'vitest';
import { poissonOnsets } from './random-onsets.js';
import { createRandom } from '../math/random.js';

describe('Poisson onsets', () => {
  it('come at the requested rate, sorted, inside the span, reproducibly', () => {
    const o = poissonOnsets(createRandom(1), 5, 10, 2010); // 10,000 expected, sd 100
    expect(Math.abs(o.length - 10000)).toBeLessThan(400);
    for (let i = 1; i < o.length; i++) expect(o[i]!).toBeGreaterThan(o[i - 1]!);
    expect(o[0]!).toBeGreaterThanOrEqual(10);
    expect(o[o.length - 1]!).toBeLessThan(2010);
    expect(poissonOnsets(createRandom(1), 5, 10, 2010)).toEqual(o);
    expect(poissonOnsets(createRandom(1), 0, 0, 10).length).toBe(0);
    expect(() => poissonOnsets(createRandom(1), -1, 0, 1)).toThrow(/rate/);
  });
});
