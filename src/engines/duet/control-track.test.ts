import { describe, expect, it } from 'vitest';
import { DEFAULT_DUET_CONTROLS } from './controls.js';
import { controlsAt, keyframeIndex, validateControlTrack } from './control-track.js';

const key = (timeSeconds: number, rho: number, density = 0.5) => ({ timeSeconds, controls: { ...DEFAULT_DUET_CONTROLS, rho, density } });

describe('control tracks', () => {
  const track = [key(0, 20, 0), key(10, 30, 1), key(20, 10, 1)];

  it('interpolates linearly between keyframes and holds outside them', () => {
    const out = { ...DEFAULT_DUET_CONTROLS };
    expect(controlsAt(track, -1, out).rho).toBe(20);
    expect(controlsAt(track, 2.5, out)).toEqual({ ...DEFAULT_DUET_CONTROLS, rho: 22.5, density: 0.25 });
    expect(controlsAt(track, 15, out).rho).toBe(20);
    expect(controlsAt(track, 25, out).rho).toBe(10);
    expect(controlsAt([], 3, out)).toEqual(DEFAULT_DUET_CONTROLS);
  });

  it('gives the same value with any hint', () => {
    for (const t of [0, 3, 10, 12.5, 19.9, 30]) {
      for (const hint of [0, 1, 2]) expect(controlsAt(track, t, { ...DEFAULT_DUET_CONTROLS }, hint)).toEqual(controlsAt(track, t, { ...DEFAULT_DUET_CONTROLS }));
    }
    expect(keyframeIndex(track, 12, 2)).toBe(1);
    expect(keyframeIndex(track, 25, 0)).toBe(2);
  });

  it('refuses times out of order and values out of range', () => {
    expect(() => validateControlTrack([key(1, 20), key(0, 20)])).toThrow(/increasing/);
    expect(() => validateControlTrack([key(0, NaN)])).toThrow(/rho/);
    expect(() => validateControlTrack([key(0, 20, -0.1)])).toThrow(/density/);
  });
});
