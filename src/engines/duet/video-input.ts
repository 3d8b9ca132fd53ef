/**
 * Motion in a picture as the duet's input: the motion energy becomes the envelope the listener hears (and through
 * it the drummer), and the height of the moving mass becomes a slow series for the melodist. The features come
 * from `analysis/video/motion.ts` (a clip's {@link MotionFeatures}); design notes in docs/design/video.md.
 */
import FFT from 'fft.js';
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

/**
 * The phase of a periodic motion's cycle, one value a frame (rad, unwrapped): the argument of the analytic signal of
 * the position track band-limited to [f/1.5, 1.5·f] around its frequency f (the bins outside, and the negative
 * frequencies, set to zero before the inverse FFT; Gabor 1946, as in Lachaux et al. 1999). It advances by 2π a cycle:
 * for a cart bouncing off a bumper, one turn a bounce.
 * @example
 * const fps = 30;
 * const track = Array.from({ length: 300 }, (_, i) => Math.sin(2 * Math.PI * 0.8 * (i / fps)));
 * const phase = motionCyclePhase(track, fps, 0.8);
 * Math.round(((phase[240]! - phase[60]!) / (2 * Math.PI)) * 10) / 10; // → 4.8 — 0.8 cycles a second for 6 s
 */
export function motionCyclePhase(track: ArrayLike<number>, fps: number, frequencyHz: number): Float64Array {
  const n = track.length;
  if (!(frequencyHz > 0) || !(fps > 0)) throw new RangeError('motionCyclePhase needs a positive frame rate and frequency');
  const out = new Float64Array(n);
  if (n === 0) return out;
  let size = 4;
  while (size < 2 * n) size *= 2;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += Number.isFinite(track[i]!) ? track[i]! : 0;
  mean /= n;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  for (let i = 0; i < n; i++) input[i] = (Number.isFinite(track[i]!) ? track[i]! : mean) - mean;
  const spectrum: number[] = fft.createComplexArray();
  fft.realTransform(spectrum, input);
  const lo = ((frequencyHz / 1.5) * size) / fps;
  const hi = ((frequencyHz * 1.5) * size) / fps;
  for (let k = 0; k < size; k++) {
    const keep = k >= lo && k <= hi && k < size / 2;
    spectrum[2 * k] = keep ? 2 * spectrum[2 * k]! : 0;
    spectrum[2 * k + 1] = keep ? 2 * spectrum[2 * k + 1]! : 0;
  }
  const time: number[] = fft.createComplexArray();
  fft.inverseTransform(time, spectrum);
  let prev = 0;
  let unwrapped = 0;
  for (let i = 0; i < n; i++) {
    const ph = Math.atan2(time[2 * i + 1]!, time[2 * i]!);
    let d = i === 0 ? ph : ph - prev;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    unwrapped += d;
    prev = ph;
    out[i] = unwrapped;
  }
  return out;
}
