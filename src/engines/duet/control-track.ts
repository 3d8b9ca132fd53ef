/**
 * Controls over time: keyframes of {@link DuetControls}, linearly interpolated between them and held before the
 * first and after the last. An EEG mapping gives one keyframe per analysis window; a script a few by hand.
 */
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';

/** One keyframe: the controls at `timeSeconds`. */
export interface ControlKeyframe {
  timeSeconds: number;
  controls: DuetControls;
}

/** Keyframes in increasing time. */
export type ControlTrack = readonly ControlKeyframe[];

const FIELDS = ['lambda2', 'rho', 'tempoScale', 'density'] as const;

/**
 * Checks a control track (finite values, times increasing, density in 0..1, tempoScale and λ2 positive or zero);
 * throws a RangeError naming the first bad keyframe.
 * @example
 * validateControlTrack([{ timeSeconds: 0, controls: DEFAULT_DUET_CONTROLS }]).length; // → 1
 */
export function validateControlTrack(track: ControlTrack): ControlTrack {
  let last = -Infinity;
  track.forEach((k, i) => {
    if (!Number.isFinite(k.timeSeconds) || k.timeSeconds < last) throw new RangeError(`control keyframe ${i}: times must be finite and increasing, got ${k.timeSeconds} after ${last}`);
    last = k.timeSeconds;
    for (const f of FIELDS) if (!Number.isFinite(k.controls[f])) throw new RangeError(`control keyframe ${i}: ${f} must be a finite number, got ${k.controls[f]}`);
    const { density, tempoScale, lambda2 } = k.controls;
    if (density < 0 || density > 1) throw new RangeError(`control keyframe ${i}: density must be in 0..1, got ${density}`);
    if (!(tempoScale > 0) || tempoScale > 4) throw new RangeError(`control keyframe ${i}: tempoScale must be in (0, 4], got ${tempoScale}`);
    if (lambda2 < 0) throw new RangeError(`control keyframe ${i}: lambda2 must be ≥ 0, got ${lambda2}`);
  });
  return track;
}

/**
 * The controls at time t, written into `out` (linear interpolation between keyframes; the defaults for an empty
 * track). Allocation-free; `hint` (the index found last time) makes a forward scan O(1).
 * @example
 * const track = [
 *   { timeSeconds: 0, controls: { lambda2: 2, rho: 20, tempoScale: 1, density: 0.5 } },
 *   { timeSeconds: 10, controls: { lambda2: 2, rho: 30, tempoScale: 1, density: 0.5 } },
 * ];
 * controlsAt(track, 5, { ...DEFAULT_DUET_CONTROLS }).rho; // → 25
 */
export function controlsAt(track: ControlTrack, t: number, out: DuetControls, hint = 0): DuetControls {
  const n = track.length;
  if (n === 0) return Object.assign(out, DEFAULT_DUET_CONTROLS);
  if (t <= track[0]!.timeSeconds) return Object.assign(out, track[0]!.controls);
  if (t >= track[n - 1]!.timeSeconds) return Object.assign(out, track[n - 1]!.controls);
  let i = Math.min(Math.max(0, hint), n - 2);
  if (track[i]!.timeSeconds > t) i = 0;
  while (i < n - 2 && track[i + 1]!.timeSeconds <= t) i++;
  const a = track[i]!;
  const b = track[i + 1]!;
  const span = b.timeSeconds - a.timeSeconds;
  const w = span > 0 ? (t - a.timeSeconds) / span : 1;
  for (const f of FIELDS) out[f] = a.controls[f] + w * (b.controls[f] - a.controls[f]);
  return out;
}

/** Index of the keyframe at or before t (the `hint` for the next call). */
export function keyframeIndex(track: ControlTrack, t: number, hint = 0): number {
  let i = Math.min(Math.max(0, hint), Math.max(0, track.length - 1));
  if (i > 0 && track[i]!.timeSeconds > t) i = 0;
  while (i + 1 < track.length && track[i + 1]!.timeSeconds <= t) i++;
  return i;
}
