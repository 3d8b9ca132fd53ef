import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { circleLayout } from './layout.js';
import { arrivalRows, delayAt, receiverAt, SignalQueue } from './signal-queue.js';

describe('arrival rows', () => {
  it('orders each sender\'s receivers by delay, ties by clockwise offset from the sender', () => {
    // Row 1: to 0 after 1 s, to 2 after 2 s, to 3 after 1 s → 3 (offset 2) before 0 (offset 3), then 2.
    const d = new Float64Array([0, 2, 1, 1, 1, 0, 2, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
    const rows = arrivalRows(4, d);
    expect(rows.shared).toBe(false);
    expect([0, 1, 2].map((r) => receiverAt(rows, 1, r))).toEqual([3, 0, 2]);
    expect([0, 1, 2].map((r) => delayAt(rows, 1, r))).toEqual([1, 1, 2]);
  });

  it('shares one row of offsets when the layout is circulant (the circle)', () => {
    const n = 9;
    const layout = circleLayout(n, { nearestDelaySeconds: 0.1, farthestDelaySeconds: 1 });
    const rows = arrivalRows(n, layout.delaysSeconds);
    expect(rows.shared).toBe(true);
    expect(rows.targets.length).toBe(n - 1);
    for (let s = 0; s < n; s++) {
      const receivers = Array.from({ length: n - 1 }, (_, r) => receiverAt(rows, s, r));
      // Distance 1 first (clockwise neighbour, then the other), …, the far side last.
      expect(receivers.slice(0, 2)).toEqual([(s + 1) % n, (s + n - 1) % n]);
      expect(new Set(receivers).size).toBe(n - 1);
      receivers.forEach((t, r) => expect(delayAt(rows, s, r)).toBe(layout.delaysSeconds[s * n + t]));
    }
  });
});

describe('the signal queue', () => {
  for (const circulant of [false, true]) {
    it(`delivers every signal in order of time, then firing, then rank (${circulant ? 'shared row' : 'a row per sender'}; against a sorted list)`, () => {
      const n = 6;
      const rng = createRandom(3);
      const d = new Float64Array(n * n);
      const byOffset = Array.from({ length: n }, () => 0.1 * (1 + rng.int(5)));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) d[i * n + j] = circulant ? byOffset[(j - i + n) % n]! : 0.1 * (1 + rng.int(5)); // many ties
      const rows = arrivalRows(n, d);
      expect(rows.shared).toBe(circulant);
      const queue = new SignalQueue(rows, 2); // tiny capacity: the queue must grow
      const expected: Array<[number, number, number, number]> = [];
      let t = 0;
      for (let seq = 0; seq < 40; seq++) {
        t += 0.1 * rng.int(3); // equal firing times too
        const sender = rng.int(n);
        queue.push(sender, t, seq);
        const row = Array.from({ length: n }, (_, j) => j).filter((j) => j !== sender);
        row.sort((a, b) => d[sender * n + a]! - d[sender * n + b]! || ((a - sender + n) % n) - ((b - sender + n) % n));
        row.forEach((to, rank) => expected.push([t + d[sender * n + to]!, seq, rank, to]));
      }
      expected.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
      const got: Array<[number, number, number]> = [];
      while (queue.size > 0) {
        got.push([queue.front[0]!, queue.peekSequence(), queue.peekTarget()]);
        queue.pop();
      }
      expect(got).toEqual(expected.map(([time, seq, , to]) => [time, seq, to]));
      expect(queue.capacity).toBeGreaterThanOrEqual(40);
      expect(queue.front[0]).toBe(Infinity);
    });
  }
});
