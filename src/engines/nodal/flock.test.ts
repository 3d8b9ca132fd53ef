import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Flock, FLOCK_INPUTS, nearestOutsideZones } from './flock.js';
import { scaleMask } from './contour.js';

/**
 * Oracle for continuous values, by another route: the allowed set [min, max] minus the open zones as a list of
 * closed intervals, then the point of those intervals nearest m.
 */
function allowedIntervals(centres: number[], zone: number, min: number, max: number): Array<[number, number]> {
  let pieces: Array<[number, number]> = [[min, max]];
  for (const c of centres) {
    const next: Array<[number, number]> = [];
    for (const [lo, hi] of pieces) {
      if (zone === 0 || c + zone <= lo || c - zone >= hi) {
        next.push([lo, hi]);
        continue;
      }
      if (c - zone >= lo) next.push([lo, c - zone]);
      if (c + zone <= hi) next.push([c + zone, hi]);
    }
    pieces = next;
  }
  return pieces;
}

function nearestDistance(m: number, pieces: Array<[number, number]>): number {
  let best = Infinity;
  for (const [lo, hi] of pieces) best = Math.min(best, m < lo ? lo - m : m > hi ? m - hi : 0);
  return best;
}

const value = fc.double({ min: 20, max: 110, noNaN: true });

describe('the safety-zone rule (§4.2)', () => {
  it('returns m itself when it is outside every zone', () => {
    expect(nearestOutsideZones(60, [50, 70, 55, 65, 80], 5, 2, { min: 0, max: 127 }, 60)).toBe(60);
  });

  it('moves m to the nearest value outside every zone (hand-computed)', () => {
    // Zones (59, 63) and (60, 64) cover 59–64: nearest outside 62 is 64 (distance 2) vs 59 (distance 3).
    expect(nearestOutsideZones(62, [61, 62], 2, 2, { min: 0, max: 127 }, 0)).toBe(64);
    // Symmetric case: m = 60 in the single zone (58, 62): 58 and 62 tie; the tie goes toward the contour.
    expect(nearestOutsideZones(60, [60], 1, 2, { min: 0, max: 127 }, 70)).toBe(62);
    expect(nearestOutsideZones(60, [60], 1, 2, { min: 0, max: 127 }, 50)).toBe(58);
  });

  it('never outputs a continuous value inside a zone when an allowed one exists, and outputs the nearest (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 5, maxLength: 5 }), value, fc.double({ min: 0, max: 12, noNaN: true }), (centres, m, zone) => {
        const min = 21;
        const max = 108;
        const out = nearestOutsideZones(m, centres, 5, zone, { min, max }, centres[4]!);
        const pieces = allowedIntervals(centres, zone, min, max);
        if (pieces.length === 0) return out === Math.min(max, Math.max(min, m));
        const inside = centres.some((c) => Math.abs(out - c) < zone);
        return !inside && out >= min && out <= max && Math.abs(Math.abs(out - m) - nearestDistance(m, pieces)) < 1e-9;
      }),
    );
  });

  it('never outputs a scale tone inside a zone when one outside exists, and outputs the nearest (property, brute force)', () => {
    const scales = ['chromatic', 'major', 'pentatonic', 'whole-tone'] as const;
    fc.assert(
      fc.property(fc.array(value, { minLength: 5, maxLength: 5 }), value, fc.double({ min: 0, max: 7, noNaN: true }), fc.constantFrom(...scales), fc.integer({ min: 0, max: 11 }), (centres, m, zone, scale, root) => {
        const mask = scaleMask(scale, root);
        const out = nearestOutsideZones(m, centres, 5, zone, { min: 36, max: 96, scale: mask }, centres[4]!);
        const tones = Array.from({ length: 61 }, (_, i) => 36 + i).filter((p) => mask[p % 12]);
        const outside = tones.filter((p) => centres.every((c) => Math.abs(p - c) >= zone));
        const pool = outside.length ? outside : tones;
        const best = Math.min(...pool.map((p) => Math.abs(p - m)));
        return Number.isInteger(out) && mask[out % 12] === 1 && pool.includes(out) && Math.abs(Math.abs(out - m) - best) < 1e-9;
      }),
    );
  });

  it('falls back to the allowed value nearest m when every value lies in a zone', () => {
    // Range 60–62, one zone (55, 67) covering it all: the nearest allowed value to m = 61.4 is m itself.
    expect(nearestOutsideZones(61.4, [61], 1, 6, { min: 60, max: 62 }, 61)).toBe(61.4);
    // Quantised: the nearest scale tone (C major, 60–71 all inside the zone of 66 ± 7) to 63.6 is 64 (E).
    expect(nearestOutsideZones(63.6, [66], 1, 7, { min: 60, max: 71, scale: scaleMask('major') }, 66)).toBe(64);
  });
});

describe('a flocking module', () => {
  it('averages the five inputs: the step response without zones (hand computation)', () => {
    // One node, everything 0, contour 1, no zone: m1 = 1/5; then F = m and the node's own last output is F₋₁,
    // so m_n = (3·m_{n−1} + m_{n−2} + 1)/5: 0.2, 0.32, 0.432, 0.5232.
    const f = new Flock(1, { safetyZone: 0, min: -10, max: 10 }, 0);
    const out = [1, 2, 3, 4].map(() => f.next(0, 1));
    expect(out[0]).toBeCloseTo(0.2, 12);
    expect(out[1]).toBeCloseTo(0.32, 12);
    expect(out[2]).toBeCloseTo(0.432, 12);
    expect(out[3]).toBeCloseTo((3 * 0.432 + 0.32 + 1) / 5, 12);
  });

  it('uses the last two outputs, the last m, the node\'s own last output and the contour', () => {
    const f = new Flock(3, { safetyZone: 0, min: 0, max: 127 }, 60);
    f.next(0, 65); // m = (60·4 + 65)/5 = 61
    f.next(1, 70); // m = (61 + 60 + 61 + 60 + 70)/5 = 62.4
    const third = f.next(0, 50); // inputs: F₋₁ 62.4, F₋₂ 61, m₋₁ 62.4, node 0's last 61, contour 50
    expect([...f.inputs]).toEqual([62.4, 61, 62.4, 61, 50]);
    expect(third).toBeCloseTo((62.4 + 61 + 62.4 + 61 + 50) / FLOCK_INPUTS, 12);
  });

  it('keeps every output at least a safety zone from the five values it was made from', () => {
    const f = new Flock(8, { safetyZone: 2, min: 36, max: 96, scale: scaleMask('chromatic') }, 60);
    for (let i = 0; i < 2000; i++) {
      const contour = 60 + 10 * Math.sin(i / 50);
      const out = f.next(i % 8, contour);
      for (const v of f.inputs) expect(Math.abs(out - v)).toBeGreaterThanOrEqual(2);
    }
  });

  it('follows a flat contour in a band around it (mean within a semitone)', () => {
    const f = new Flock(16, { safetyZone: 2, min: 36, max: 96, scale: scaleMask('chromatic') }, 67);
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += f.next((i * 7) % 16, 67);
    expect(Math.abs(sum / 4000 - 67)).toBeLessThan(1);
  });

  it('lags behind a leap in the contour and cascades upward to catch up (§4.3)', () => {
    const nodes = 16;
    const f = new Flock(nodes, { safetyZone: 2, min: 36, max: 96, scale: scaleMask('chromatic') }, 48);
    for (let i = 0; i < 400; i++) f.next(i % nodes, 48);
    const after: number[] = [];
    for (let i = 0; i < 200; i++) after.push(f.next(i % nodes, 84));
    // The first outputs after the leap are still far below it …
    expect(Math.max(...after.slice(0, 3))).toBeLessThan(66);
    // … each block of 8 outputs is higher than the one before while it catches up …
    const block = (k: number): number => after.slice(8 * k, 8 * k + 8).reduce((s, v) => s + v, 0) / 8;
    for (let k = 1; k < 4; k++) expect(block(k)).toBeGreaterThan(block(k - 1));
    // … and in the end the flock is around the new contour.
    expect(Math.abs(after.slice(100).reduce((s, v) => s + v, 0) / 100 - 84)).toBeLessThan(3);
  });
});
