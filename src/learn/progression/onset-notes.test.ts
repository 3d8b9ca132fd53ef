import { describe, expect, it } from 'vitest';
import { BODY_WALL_MUSCLES } from '../../engines/worm/model/anatomy.js';
import type { WormRecording } from '../../engines/worm/model/simulate.js';
import { createScore } from '../../score/ops.js';
import { onsetsToWormNotes } from './onset-notes.js';
import type { HeardPiece } from './worm-piece.js';

/** A recording with every muscle at 0.1, except the ones named, at the frames given (50 frames/s). */
function heardWith(peaks: Array<{ muscle: string; frame: number; activation: number }>, pitches: number[], key = 'C major'): HeardPiece {
  const frames = 100;
  const names = BODY_WALL_MUSCLES.map((m) => m.name);
  const muscles = new Float32Array(names.length * frames).fill(0.1);
  for (const p of peaks) muscles[names.indexOf(p.muscle) * frames + p.frame] = p.activation;
  const recording = { muscleNames: names, muscles, frames, frameRate: 50 } as unknown as WormRecording;
  const score = createScore(pitches.map((pitch, i) => ({ onset: i, duration: 1, pitch, velocity: 0.8, voice: 0 })), { meta: { key } });
  return { name: 'test', score, endSeconds: pitches.length, recording };
}

describe('predicted onsets as the worm’s notes', () => {
  it('plays the most active muscle’s key in its quadrant’s register (hand-computed for C major over 48–75)', () => {
    // Range 48–75 in four registers of 7 semitones: DL 48–54 (C major: 48 50 52 53), …, VR 69–75 (69 71 72 74).
    // dBWML1 (DL, head segment) plays the top of DL: 53; vBWMR24 (VR, tail segment) the bottom of VR: 69.
    const heard = heardWith(
      [
        { muscle: 'dBWML1', frame: 50, activation: 0.9 },
        { muscle: 'vBWMR24', frame: 20, activation: 0.8 },
      ],
      [48, 75],
    );
    const score = onsetsToWormNotes([1.0, 0.4], heard);
    expect(score.notes.map((n) => [n.onset, n.pitch, n.voice])).toEqual([
      [0.4, 69, 3],
      [1.0, 53, 0],
    ]);
    expect(score.notes[0]!.velocity).toBeCloseTo(0.3 + 0.7 * 0.8, 6);
    expect(score.notes[1]!.velocity).toBeCloseTo(0.3 + 0.7 * 0.9, 6);
    // A note lasts until the next onset (0.6 s); the last one 1 s.
    expect(score.notes[0]!.duration).toBeCloseTo(0.6, 9);
    expect(score.notes[1]!.duration).toBeCloseTo(1, 9);
    expect(score.meta.key).toBe('C major');
  });

  it('lets a left muscle and its right partner (which the 2-D body moves together) take turns', () => {
    // dBWML1 and dBWMR1 equally active at both onsets: DL first (53), then DR (62–68 → 62 64 65 67, head → 67).
    const heard = heardWith(
      [
        { muscle: 'dBWML1', frame: 10, activation: 0.9 },
        { muscle: 'dBWMR1', frame: 10, activation: 0.9 },
        { muscle: 'dBWML1', frame: 30, activation: 0.9 },
        { muscle: 'dBWMR1', frame: 30, activation: 0.9 },
      ],
      [48, 75],
    );
    expect(onsetsToWormNotes([0.2, 0.6], heard).notes.map((n) => n.pitch)).toEqual([53, 67]);
  });

  it('shifts onsets, widens a narrow range to four registers and falls back to C major for an unknown key', () => {
    const heard = heardWith([{ muscle: 'dBWML1', frame: 10, activation: 0.9 }], [60, 62], 'H phrygian-ish');
    const score = onsetsToWormNotes([0.2], heard, { offsetSeconds: -0.2 });
    expect(score.notes[0]!.onset).toBeCloseTo(0, 12);
    expect(score.meta.key).toBe('C major');
    // 60–62 widened to 28 semitones, 47–74: DL 47–53 → C major 47 48 50 52 53, head → 53.
    expect(score.notes[0]!.pitch).toBe(53);
  });
});
