import { describe, expect, it } from 'vitest';
import { createRandom } from '../../score/random.js';
import { arrivalOrder, SignalQueue } from './signal-queue.js';

describe('the signal queue', () => {
  it('orders each sender\'s receivers by delay, ties by node index', () => {
    // Row 0: to 1 after 2 s, to 2 after 1 s, to 3 after 1 s → 2, 3, 1.
    const d = new Float64Array([0, 2, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
    const { targets, delays } = arrivalOrder(4, d);
    expect([...targets.subarray(0, 3)]).toEqual([2, 3, 1]);
    expect([...delays.subarray(0, 3)]).toEqual([1, 1, 2]);
  });

  it('delivers every signal, in order of time, then firing, then rank (against a sorted list)', () => {
    const n = 6;
    const rng = createRandom(3);
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) d[i * n + j] = 0.1 * (1 + rng.int(5)); // many ties
    const { targets, delays } = arrivalOrder(n, d);
    const queue = new SignalQueue(n, targets, delays, 2); // tiny capacity: the queue must grow
    const expected: Array<[number, number, number, number]> = [];
    let t = 0;
    for (let seq = 0; seq < 40; seq++) {
      t += 0.1 * rng.int(3); // equal firing times too
      const sender = rng.int(n);
      queue.push(sender, t, seq);
      const row = Array.from({ length: n }, (_, j) => j).filter((j) => j !== sender).sort((a, b) => d[sender * n + a]! - d[sender * n + b]! || a - b);
      row.forEach((to, rank) => expected.push([t + d[sender * n + to]!, seq, rank, to]));
    }
    expected.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const got: Array<[number, number, number]> = [];
    while (queue.size > 0) {
      got.push([queue.peekTime(), queue.peekSequence(), queue.peekTarget()]);
      queue.pop();
    }
    expect(got).toEqual(expected.map(([time, seq, , to]) => [time, seq, to]));
    expect(queue.capacity).toBeGreaterThanOrEqual(40);
    expect(queue.peekTime()).toBe(Infinity);
  });
});
