import { describe, expect, it } from 'vitest';
import { captureState, restoreState } from './snapshot.js';
import { Checkpoints } from './checkpoints.js';

class Counter {
  count = 0;
  readonly history = new Float64Array(4);
  buffer = new Int32Array(2);
  name = 'a';
  child = { value: 1.5, list: [1, 2, 3] };
  readonly frozen = Object.freeze({ k: 7 });
  step(): void {
    this.history[this.count % 4] = this.count * 0.5;
    this.count++;
    this.child.value *= 2;
    this.child.list.push(this.count);
    if (this.count === 3) this.buffer = new Int32Array([9, 9, 9]); // a grown buffer replaces the old one
  }
}

describe('captureState / restoreState', () => {
  it('restore fields, typed arrays, plain arrays and replaced objects in place', () => {
    const c = new Counter();
    c.step();
    const s = captureState(c);
    const buffer = c.buffer;
    for (let k = 0; k < 4; k++) c.step();
    c.name = 'b';
    restoreState(s);
    expect(c.count).toBe(1);
    expect([...c.history]).toEqual([0, 0, 0, 0]);
    expect(c.buffer).toBe(buffer);
    expect(c.child).toEqual({ value: 3, list: [1, 2, 3, 1] });
    expect(c.name).toBe('a');
    expect(c.frozen.k).toBe(7);
  });

  it('keeps the bits: −0 and NaN come back as they were', () => {
    const o = { a: new Float64Array([-0, NaN, 1]) };
    const s = captureState(o);
    o.a[0] = 0;
    o.a[1] = 2;
    restoreState(s);
    expect(Object.is(o.a[0], -0)).toBe(true);
    expect(o.a[1]).toBeNaN();
  });

  it('shares unchanged arrays with the previous snapshot, and leaves excluded objects alone', () => {
    const user = { points: new Float64Array([1, 2]) };
    const o = { constant: new Float64Array(1000), moving: new Float64Array(10), user };
    const first = captureState(o, { exclude: new Set([user]) });
    o.moving[0] = 1;
    const second = captureState(o, { previous: first, exclude: new Set([user]) });
    expect(first.newBytes).toBe(8080);
    expect(second.newBytes).toBe(80);
    user.points[0] = 5;
    restoreState(first);
    expect(o.moving[0]).toBe(0);
    expect(user.points[0]).toBe(5);
  });

  it('refuses state it cannot restore', () => {
    expect(() => captureState({ m: new Map() })).toThrow(/Map in the state cannot be snapshotted/);
  });
});

describe('Checkpoints', () => {
  it('keeps the recent ones densely and the older ones on a sparse grid, and forgets a changed future', () => {
    const run = { step: 0 };
    const cp = new Checkpoints(run, { everySteps: 10, keepDense: 3, sparseEvery: 4 });
    for (let step = 0; step <= 120; step++) {
      run.step = step;
      if (cp.due(step)) cp.take(step);
    }
    // Dense: 90–120 (three behind the newest); sparse: every 40 before.
    expect(cp.heldSteps()).toEqual([0, 40, 80, 90, 100, 110, 120]);
    expect(cp.restoreAtOrBefore(85)).toBe(80);
    expect(run.step).toBe(80);
    cp.dropAfter(95);
    expect(cp.heldSteps()).toEqual([0, 40, 80, 90]);
    expect(cp.due(90)).toBe(false);
    expect(cp.due(100)).toBe(true);
    expect(cp.restoreAtOrBefore(-1)).toBe(-1);
  });
});
