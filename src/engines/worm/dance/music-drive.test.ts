import { describe, expect, it } from 'vitest';
import { musicDrive } from './music-drive.js';
import { createScore } from '../../../score/ops.js';
import type { NoteEvent } from '../../../score/types.js';

const note = (onset: number, duration: number, pitch: number, velocity = 0.8): NoteEvent => ({ onset, duration, pitch, velocity, voice: 0 });

describe('music drives the worm', () => {
  // 0–4 s: loud treble; 4–8 s: quiet; 8–12 s: loud bass.
  const score = createScore([
    ...[0, 1, 2, 3].map((t) => note(t, 1, 84)),
    ...[0, 1, 2, 3].map((t) => note(t, 1, 79)),
    note(4, 4, 60, 0.1),
    ...[8, 9, 10, 11].map((t) => note(t, 1, 36)),
    ...[8, 9, 10, 11].map((t) => note(t, 1, 40)),
  ]);
  const d = musicDrive(score);
  const at = (arr: Float32Array, t: number): number => arr[Math.floor(t * d.frameRate)]!;

  it('pushes forward in loud passages and less in quiet ones', () => {
    expect(at(d.forward, 3.5)).toBeGreaterThan(0.8);
    expect(at(d.forward, 7.5)).toBeLessThan(0.4);
  });

  it('reverses in bass-heavy passages', () => {
    expect(at(d.backward, 3.5)).toBe(0);
    expect(at(d.backward, 11.5)).toBeGreaterThan(0.8);
    expect(at(d.forward, 11.5)).toBeLessThan(0.2);
  });

  it('steers left with the treble and right with the bass', () => {
    expect(at(d.turn, 3.5)).toBeGreaterThan(0.3);
    expect(at(d.turn, 11.5)).toBeLessThan(-0.3);
  });

  it('writes the drive for the engine time, holding the last value after the piece', () => {
    const drive = { forward: 0, backward: 0, turn: 0, time: 3.5 };
    d.drive(drive);
    expect(drive.forward).toBe(at(d.forward, 3.5));
    drive.time = 1000;
    d.drive(drive);
    expect(drive.backward).toBe(d.backward[d.frames - 1]);
    expect(() => musicDrive(createScore([]))).toThrow(/no notes/);
  });
});
