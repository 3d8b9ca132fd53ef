import { describe, expect, it, vi } from 'vitest';
import { logProgress } from './progress.js';

describe('log-friendly progress (stderr not a terminal)', () => {
  it('prints nothing for work shorter than the interval, then a line per interval with the time left', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const lines: string[] = [];
      const p = logProgress('simulating', 5, (l) => lines.push(l));
      p.update(0.1);
      vi.advanceTimersByTime(4000);
      p.update(0.3);
      expect(lines).toEqual([]);
      vi.advanceTimersByTime(6000); // 10 s in, 40 % done: 15 s left at this pace
      p.update(0.4);
      p.update(0.41); // within the interval: no second line
      expect(lines).toEqual(['neuromusic: simulating 40 % after 10 s, about 15 s left\n']);
      vi.advanceTimersByTime(170_000);
      p.update(0.9);
      expect(lines[1]).toBe('neuromusic: simulating 90 % after 3.0 min, about 20 s left\n');
      p.stop();
      vi.advanceTimersByTime(60_000);
      p.update(1);
      expect(lines).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
