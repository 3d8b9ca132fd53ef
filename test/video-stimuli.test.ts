/**
 * The motion features on the generated stimuli, whose truth is known: the clean ball's rhythm is its bounce rate
 * and its centroid height follows the ball; the grating moves steadily with no rhythm; a still scene under sensor
 * noise gives no motion after the floor; the walker's motion repeats at its step rate. And the duet adapter.
 */
import { describe, expect, it } from 'vitest';
import { videoStimulus, VIDEO_STIMULI, type VideoStimulus } from '../src/engines/duet/video-stimuli.js';
import { motionToDuetInput } from '../src/engines/duet/video-input.js';
import { motionFeatures, type MotionFeatures } from '../src/analysis/video/motion.js';
import { pearson } from '../src/math/stats.js';
import { readY4m, writeY4m } from '../src/formats/y4m.js';
import { composeDuet } from '../src/engines/duet/compose.js';

const cache = new Map<string, { clip: VideoStimulus; m: MotionFeatures }>();
function run(name: (typeof VIDEO_STIMULI)[number]): { clip: VideoStimulus; m: MotionFeatures } {
  if (!cache.has(name)) {
    const clip = videoStimulus(name, { seed: 1 });
    cache.set(name, { clip, m: motionFeatures(clip.frames, clip) });
  }
  return cache.get(name)!;
}
/** Frames compared as bytes (vitest's deep equality is slow on large typed arrays). */
const bytes = (frames: Uint8Array[]): Buffer => Buffer.concat(frames);
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const cv = (a: ArrayLike<number>): number => Math.sqrt(mean(Array.from(a, (v) => (v - mean(a)) ** 2))) / mean(a);

describe('video stimuli', () => {
  it('are 10 s at 30 fps, 320×240, deterministic by seed', () => {
    for (const name of VIDEO_STIMULI) {
      const a = videoStimulus(name, { seed: 7, seconds: 1 });
      expect([a.frames.length, a.width, a.height, a.fps]).toEqual([30, 320, 240, 30]);
      expect(bytes(videoStimulus(name, { seed: 7, seconds: 1 }).frames).equals(bytes(a.frames))).toBe(true);
      // The clean ball and the grating have no randomness; the others change with the seed.
      const other = bytes(videoStimulus(name, { seed: 8, seconds: 1 }).frames).equals(bytes(a.frames));
      expect(other).toBe(name === 'grating' || name === 'bouncing-ball');
    }
    expect(run('bouncing-ball').clip.frames).toHaveLength(300);
  });

  it('survive a Y4M round trip', () => {
    const clip = videoStimulus('walker', { seconds: 0.5 });
    expect(bytes(readY4m(writeY4m(clip), 'walker.y4m').frames).equals(bytes(clip.frames))).toBe(true);
  });

  it('clean ball: the dominant frequency is the bounce rate, at 2 and 1.5 bounces a second', () => {
    const f = run('bouncing-ball').m.frequencyHz;
    for (let k = 120; k < 300; k++) expect(Math.abs(f[k]! - 2)).toBeLessThan(0.02);
    const slower = videoStimulus('bouncing-ball', { rateHz: 1.5, seconds: 6 });
    const m = motionFeatures(slower.frames, slower);
    expect(m.frequencyHz[m.frequencyHz.length - 1]).toBeCloseTo(1.5, 1);
  });

  it('clean ball: the centroid height follows the true height (r > 0.95; r > 0.99 against the mid-frame height)', () => {
    const { clip, m } = run('bouncing-ball');
    const truth = clip.truth.height!;
    expect(pearson(m.y.subarray(1), truth.subarray(1))).toBeGreaterThan(0.95);
    // The difference of frames k − 1 and k sees the ball at both heights: its centroid is their mean.
    const mid = truth.map((v, k) => (k ? (v + truth[k - 1]!) / 2 : v));
    expect(pearson(m.y.subarray(1), mid.subarray(1))).toBeGreaterThan(0.99);
  });

  it('noisy ball: the floor rejects the sensor noise; rate and height survive it', () => {
    const { clip, m } = run('noisy-ball');
    expect(mean(m.noiseSigma.subarray(1))).toBeGreaterThan(7.5); // the stimulus adds σ = 8
    expect(mean(m.noiseSigma.subarray(1))).toBeLessThan(8.5);
    expect(Math.abs(m.frequencyHz[299]! - 2)).toBeLessThan(0.1);
    expect(pearson(m.y.subarray(1), clip.truth.height!.subarray(1))).toBeGreaterThan(0.95);
    expect(mean(m.movingFraction.subarray(1))).toBeLessThan(0.05);
  });

  it('grating: steady energy, no dominant rhythm', () => {
    const { m } = run('grating');
    const e = m.energy.subarray(1);
    expect(Math.min(...e)).toBeGreaterThan(0);
    expect(cv(e)).toBeLessThan(0.2);
    expect(cv(e)).toBeLessThan(cv(run('bouncing-ball').m.energy.subarray(1)) / 3);
    expect(Array.from(m.frequencyHz).every(Number.isNaN)).toBe(true);
  });

  it('still scene under sensor noise: about zero motion energy after the floor, and much more without it', () => {
    const still = run('still').m;
    const ball = run('noisy-ball').m;
    expect(mean(still.energy)).toBeLessThan(mean(ball.energy) * 0.005);
    const clip = run('still').clip;
    const noFloor = motionFeatures(clip.frames.slice(0, 30), clip, { noiseK: 0, minThresholdLevels: 0 });
    expect(mean(noFloor.energy.subarray(1))).toBeGreaterThan(mean(still.energy) * 50);
    expect(Array.from(still.frequencyHz).every(Number.isNaN)).toBe(true);
  });

  it('walker: the motion repeats at the step rate, two steps per gait cycle of about 1 Hz', () => {
    const { m } = run('walker');
    const last = m.frequencyHz.subarray(150);
    expect(Math.abs(mean(last) - 2)).toBeLessThan(0.2);
    expect(mean(m.movingFraction.subarray(1))).toBeGreaterThan(0.01);
  });
});

describe('motionToDuetInput', () => {
  it('gives the energy as the listener envelope at the frame rate, and the height series for the melodist', () => {
    const { m } = run('bouncing-ball');
    const duet = motionToDuetInput(m);
    expect(duet.input.sampleRateHz).toBe(30);
    expect(Array.from(duet.input.envelope)).toEqual(Array.from(m.energy));
    expect(duet.height.values).toEqual(m.y);
    const rise = motionToDuetInput(m, { envelope: 'rise' }).input.envelope;
    for (let k = 1; k < 300; k++) expect(rise[k]).toBe(Math.max(0, m.energy[k]! - m.energy[k - 1]!));
  });

  it('drives the duet: the drummer (alone at 2 beats a second) follows a ball bouncing 2.2 times a second', () => {
    const clip = videoStimulus('bouncing-ball', { rateHz: 2.2, seconds: 12 });
    const { input } = motionToDuetInput(motionFeatures(clip.frames, clip));
    const tempo = (run: { beats: number[] }): number => {
      const beats = run.beats.filter((t) => t >= 6);
      return (beats.length - 1) / (beats[beats.length - 1]! - beats[0]!);
    };
    expect(Math.abs(tempo(composeDuet({ seed: 1, seconds: 12 })) - 2)).toBeLessThan(0.05);
    expect(Math.abs(tempo(composeDuet({ seed: 1, seconds: 12, input })) - 2.2)).toBeLessThan(0.05);
  });
});
