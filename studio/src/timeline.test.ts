import { describe, expect, it } from 'vitest';
import { AnchorHistory, frameAtTime, timeAtFrame, type Anchor } from './timeline.js';

describe('anchors', () => {
  const a: Anchor = { frame: 48000, time: 2, rate: 1.5, playing: true };

  it('map frames to engine time and back', () => {
    // One second of audio after the anchor at 1.5× is 1.5 engine seconds later.
    expect(timeAtFrame(a, 96000, 48000)).toBe(3.5);
    expect(frameAtTime(a, 3.5, 48000)).toBe(96000);
    expect(timeAtFrame({ ...a, playing: false }, 96000, 48000)).toBe(2);
  });

  it('keep the anchor in force at each frame, and let a newer decision replace a later one', () => {
    const h = new AnchorHistory();
    h.push({ frame: 1000, time: 0, rate: 1, playing: false });
    h.push({ frame: 5000, time: 0, rate: 1, playing: true });
    expect(h.timeAt(4000, 1000)).toBe(0);
    expect(h.timeAt(6000, 1000)).toBe(1);
    // A pause decided at 5500 replaces nothing before it; a seek planned for 7000 is replaced by one at 6500.
    h.push({ frame: 7000, time: 10, rate: 1, playing: true });
    h.push({ frame: 6500, time: 20, rate: 1, playing: true });
    expect(h.latest().time).toBe(20);
    expect(h.timeAt(7500, 1000)).toBe(21);
    expect(h.at(0).frame).toBe(0);
  });
});
