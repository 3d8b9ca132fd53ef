/**
 * Motion in a picture as the duet's input: the motion energy becomes the envelope the listener hears (and through
 * it the drummer), and the height of the moving mass becomes a slow series for the melodist. The features come
 * from `analysis/video/motion.ts` (a clip's {@link MotionFeatures}); design notes in docs/design/video.md.
 */
import type { MotionFeatures } from '../../analysis/video/motion.js';
import type { DuetInput } from './input.js';

/** Options of {@link motionToDuetInput}. */
export interface MotionDuetOptions {
  /**
   * What the listener hears: `energy` (default) the raw motion energy, as a recording's onset envelope is heard;
   * `rise` its half-wave rectified first difference, which keeps only the moments motion picks up (sharper
   * pulses for the drummer to lock to).
   */
  envelope?: 'energy' | 'rise';
  /** Use the smoothed height (default) or the raw centroid height. */
  smoothedHeight?: boolean;
}

/** The duet's inputs from a clip's motion: the listener's envelope and the melodist's height series (0 … 1). */
export interface MotionDuetInput {
  input: DuetInput;
  height: { values: Float64Array; sampleRateHz: number };
}

/**
 * Turns a clip's motion features into the duet's inputs, at the video's frame rate.
 * @example
 * import { motionFeatures } from '../../analysis/video/motion.js';
 * const frames = Array.from({ length: 3 }, (_, k) => new Uint8Array(16).fill(k === 1 ? 200 : 0));
 * const duet = motionToDuetInput(motionFeatures(frames, { width: 4, height: 4, fps: 30 }));
 * [duet.input.sampleRateHz, duet.input.envelope.length, duet.input.envelope[1]! > 0]; // → [30, 3, true]
 */
export function motionToDuetInput(features: MotionFeatures, options: MotionDuetOptions = {}): MotionDuetInput {
  const n = features.energy.length;
  if (n === 0) throw new RangeError('motion features hold no frames');
  const envelope = new Float64Array(n);
  if ((options.envelope ?? 'energy') === 'energy') envelope.set(features.energy);
  else for (let i = 1; i < n; i++) envelope[i] = Math.max(0, features.energy[i]! - features.energy[i - 1]!);
  const values = (options.smoothedHeight ?? true) ? features.y.slice() : features.rawY.slice();
  return { input: { envelope, sampleRateHz: features.fps }, height: { values, sampleRateHz: features.fps } };
}
