import { describe, expect, it } from 'vitest';
import { createRandom, Random } from './random.js';

describe('Random (xoshiro128**)', () => {
  it('matches the published xoshiro128** output for state (1, 2, 3, 4)', () => {
    // First outputs of the reference C implementation (Blackman & Vigna) from s = {1, 2, 3, 4}.
    const r = Random.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform numbers in [0, 1) with the right mean and variance', () => {
    const r = createRandom(7);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('draws normal deviates with mean 0 and variance 1', () => {
    const r = createRandom(3);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      sum += x;
      sq += x * x;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(sq / n).toBeCloseTo(1, 1);
  });

  it('draws integers without bias over a range that does not divide 2^32', () => {
    const r = createRandom(11);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('forks independent child streams that do not depend on how much the parent drew', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    b.next();
    b.next();
    expect(a.fork('body').next()).toBe(b.fork('body').next());
    expect(a.fork('body').next()).not.toBe(a.fork('notes').next());
  });

  it('shuffles into a permutation and picks by weight', () => {
    const r = createRandom(9);
    const xs = r.shuffle([...Array(20).keys()]);
    expect([...xs].sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weightedIndex([1, 0, 2])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeCloseTo(2, 0);
    expect(() => r.weightedIndex([0, 0])).toThrow(RangeError);
  });
});
