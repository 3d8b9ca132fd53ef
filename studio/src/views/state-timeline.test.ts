import { describe, expect, it } from 'vitest';
import { StateTimeline } from './state-timeline.js';

describe('StateTimeline', () => {
  it('gives the state in force at the playhead, though states arrive early', () => {
    const t = new StateTimeline<string>(1);
    for (const [time, s] of [[0, 'a'], [0.1, 'b'], [0.2, 'c']] as const) t.push(time, s);
    expect(t.at(-0.01)).toBeUndefined();
    expect(t.at(0)).toBe('a');
    expect(t.at(0.15)).toBe('b');
    expect(t.between(0.05, 0.25)).toEqual(['b', 'c']);
    expect(t.at(5)).toBe('c');
  });

  it('forgets states older than its window behind the playhead, but keeps the one in force', () => {
    const t = new StateTimeline<number>(0.5);
    for (let i = 0; i <= 30; i++) t.push(i / 10, i);
    expect(t.at(2)).toBe(20);
    expect(t.size).toBe(16); // 1.5 … 3.0
    expect(t.at(10)).toBe(30);
    expect(t.size).toBe(1);
  });

  it('starts over when the engine goes back in time (a seek)', () => {
    const t = new StateTimeline<string>();
    t.push(5, 'late');
    t.push(1, 'early');
    expect(t.size).toBe(1);
    expect(t.at(6)).toBe('early');
  });
});
