import { describe, expect, it } from 'vitest';
import { LensToSound } from './lens-to-sound.js';

describe('the lens-to-sound latency', () => {
  it('times a frame from its capture to the playhead passing the engine time it took effect at, interpolated', () => {
    const l = new LensToSound();
    l.playhead(9.9, 950, true); // play was pressed before the frame
    l.captured(0, 1000);
    l.applied(0, 10.06);
    l.applied(0, 10.2); // the same frame again (every state carries it): ignored
    l.playhead(10.0, 1050, true);
    expect(Number.isNaN(l.medianMs())).toBe(true); // not heard yet
    // The playhead passes 10.06 s between 1050 ms (10.0 s) and 1150 ms (10.1 s): at 1110 ms, 110 ms after the capture.
    l.playhead(10.1, 1150, true);
    expect(l.medianMs()).toBeCloseTo(110, 9);
    l.captured(1, 1100);
    l.applied(1, 10.2);
    l.captured(2, 1133);
    l.applied(2, 10.25);
    l.playhead(10.3, 1350, true); // both passed: 10.2 at 1250 (150 ms), 10.25 at 1300 (167 ms)
    expect(l.medianMs()).toBeCloseTo(150, 9);
  });

  it('leaves out frames captured before play was pressed, and forgets everything on clear', () => {
    const l = new LensToSound();
    l.captured(0, 500);
    l.applied(0, 2.0);
    l.playhead(1.9, 1000, false);
    l.playhead(1.95, 1016, true);
    l.playhead(2.05, 1116, true);
    expect(Number.isNaN(l.medianMs())).toBe(true);
    l.captured(1, 1100);
    l.applied(1, 2.1);
    l.playhead(2.15, 1216, true);
    expect(l.medianMs()).toBeCloseTo(1166 - 1100, 9);
    l.clear();
    expect(Number.isNaN(l.medianMs())).toBe(true);
  });
});
