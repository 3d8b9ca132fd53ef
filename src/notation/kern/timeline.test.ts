import { describe, expect, it } from 'vitest';
import { LineTimes, ORIGIN } from './timeline.js';
import { rational } from './rational.js';

describe('LineTimes: line times from exact equalities (weighted union-find)', () => {
  it('composes offsets along any route and keeps the start of the piece at 0', () => {
    const lines = new LineTimes();
    const [a, b, c, d] = [lines.addNode(), lines.addNode(), lines.addNode(), lines.addNode()];
    expect(lines.relate(c, d, rational(1, 3))).toBeUndefined(); // d = c + 1/3, floating
    expect(lines.relate(a, b, rational(1, 2))).toBeUndefined(); // b = a + 1/2
    expect(lines.relate(b, c, rational(2, 3))).toBeUndefined(); // c = b + 2/3
    expect(lines.known(d)).toBe(false);
    expect(lines.relate(ORIGIN, a, rational(1))).toBeUndefined(); // a = 1
    expect(lines.time(d)).toEqual(rational(5, 2)); // 1 + 1/2 + 2/3 + 1/3
    expect(lines.time(ORIGIN)).toEqual(rational(0));
  });

  it('reports how far a second route misses, exactly', () => {
    const lines = new LineTimes();
    const [a, b] = [lines.addNode(), lines.addNode()];
    lines.relate(ORIGIN, a, rational(0));
    lines.relate(a, b, rational(1, 3));
    expect(lines.relate(a, b, rational(1, 3))).toBeUndefined();
    expect(lines.relate(a, b, rational(1, 2))).toEqual(rational(1, 6));
    expect(lines.relate(ORIGIN, b, rational(1, 4))).toEqual(rational(-1, 12));
  });

  it('spreads untimed lines evenly between their timed neighbours and places a floating set by its first line', () => {
    const lines = new LineTimes();
    const n = Array.from({ length: 6 }, () => lines.addNode());
    lines.relate(ORIGIN, n[0]!, rational(0));
    lines.relate(ORIGIN, n[3]!, rational(3));
    lines.relate(n[4]!, n[5]!, rational(1, 2)); // floating pair after the last timed line
    const times = lines.solve(rational(5));
    // Lines 1 and 2 at thirds of the way from 0 to 3; the floating pair's first line a third of the way from line 3
    // to the end (two lines lie between them), its second half a quarter after it as its spine says.
    expect(times.slice(1).map((t) => +t.toFixed(9))).toEqual([0, 1, 2, 3, 3 + 2 / 3, 3 + 2 / 3 + 0.5].map((t) => +t.toFixed(9)));
  });
});
