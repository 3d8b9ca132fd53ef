import { describe, expect, it } from 'vitest';
import { FormatError } from '../../formats/errors.js';
import { circleDelayAt, circleLayout, circularDistance, longestDelay, parseDelayLayout } from './layout.js';

describe('the circle layout (§3.2)', () => {
  it('measures distance the short way round the ring', () => {
    expect(circularDistance(0, 1, 32)).toBe(1);
    expect(circularDistance(0, 31, 32)).toBe(1);
    expect(circularDistance(3, 19, 32)).toBe(16);
    expect(circularDistance(5, 5, 32)).toBe(0);
    expect(circularDistance(0, 4, 7)).toBe(3);
  });

  it('grows delays exponentially with circular distance, from nearest to farthest', () => {
    const opts = { nearestDelaySeconds: 0.1, farthestDelaySeconds: 3.2 };
    const layout = circleLayout(32, opts);
    const d = (k: number): number => layout.delaysSeconds[0 * 32 + k]!;
    expect(d(1)).toBeCloseTo(0.1, 15);
    expect(d(16)).toBeCloseTo(3.2, 12);
    // Constant ratio between successive distances: (3.2 / 0.1)^(1/15) = 32^(1/15) = 2^(1/3).
    for (let k = 1; k < 16; k++) expect(d(k + 1) / d(k)).toBeCloseTo(Math.cbrt(2), 12);
    // log delay is linear in distance.
    expect(Math.log(d(9)) - Math.log(d(5))).toBeCloseTo(4 * Math.log(Math.cbrt(2)), 12);
    expect(longestDelay(layout)).toBeCloseTo(3.2, 12);
  });

  it('depends only on circular distance: symmetric and rotation-invariant', () => {
    const n = 12;
    const layout = circleLayout(n, { nearestDelaySeconds: 0.05, farthestDelaySeconds: 2 });
    for (let i = 0; i < n; i++) {
      expect(layout.delaysSeconds[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        expect(layout.delaysSeconds[i * n + j]).toBe(layout.delaysSeconds[j * n + i]);
        expect(layout.delaysSeconds[i * n + j]).toBe(layout.delaysSeconds[((i + 5) % n) * n + ((j + 5) % n)]);
      }
    }
    expect(circleDelayAt(6, n, { nearestDelaySeconds: 0.05, farthestDelaySeconds: 2 })).toBeCloseTo(2, 12);
  });

  it('refuses impossible circles', () => {
    expect(() => circleLayout(1, { nearestDelaySeconds: 0.1, farthestDelaySeconds: 1 })).toThrow(/at least 2 nodes/);
    expect(() => circleLayout(8, { nearestDelaySeconds: 0, farthestDelaySeconds: 1 })).toThrow(/nearestDelaySeconds/);
    expect(() => circleLayout(8, { nearestDelaySeconds: 1, farthestDelaySeconds: 0.5 })).toThrow(/farthestDelaySeconds/);
  });
});

describe('layouts loaded from JSON', () => {
  it('reads a bare matrix and the { delaysSeconds } form, row = sender', () => {
    const m = [[0, 0.1, 0.2], [0.3, 0, 0.4], [0.5, 0.6, 0]];
    const a = parseDelayLayout(m, 'a.json');
    const b = parseDelayLayout({ delaysSeconds: m }, 'b.json');
    expect(a.nodes).toBe(3);
    expect(a.delaysSeconds[1 * 3 + 0]).toBe(0.3);
    expect([...b.delaysSeconds]).toEqual([...a.delaysSeconds]);
    expect(b.name).toBe('b.json');
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a string', 'circle', /a.json: not a delay matrix/],
    ['an object with another key', { delays: [[0, 1], [1, 0]] }, /not a delay matrix/],
    ['a ragged matrix', [[0, 1, 1], [1, 0], [1, 1, 0]], /row 1 has 2 entries; a matrix of 3 rows needs 3/],
    ['a zero delay between distinct nodes', [[0, 0], [1, 0]], /delay from node 0 to node 1 is 0/],
    ['a negative delay', [[0, -1], [1, 0]], /delays must be ≥ 0 s/],
    ['a text entry', [[0, 'x'], [1, 0]], /not a delay matrix/],
    ['a single node', [[0]], /at least 2 rows/],
    ['an empty list', [], /at least 2 rows/],
  ];
  for (const [what, data, message] of bad) {
    it(`refuses ${what} with one line naming the file`, () => {
      let caught: unknown;
      try {
        parseDelayLayout(data, 'a.json');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(FormatError);
      expect((caught as Error).message).toMatch(/^a\.json: /);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('\n');
    });
  }
});
