/**
 * What the surrogate sees and says: inputs are the stimulus x = a·e^{iθ} (Re x, Im x) and a "playing" channel that
 * is 1 from the start of the run (so that the network knows how long ago the run began, within its receptive
 * field); outputs are the motor oscillator's state as cos φ_m, sin φ_m, (f_m − f0)/{@link FREQ_SCALE_HZ} and
 * (|z_m| − {@link AMP_CENTER})/{@link AMP_SCALE} — units in which each output varies by about ±1 over the songs.
 */
import type { Song } from './songs.js';

/** Frequency unit of the normalised output (Hz). */
export const FREQ_SCALE_HZ = 0.5;
/** Amplitude centre and unit of the normalised output (the driven motor amplitude is about 1.3 ± 0.1). */
export const AMP_CENTER = 1.25;
export const AMP_SCALE = 0.1;

/** Input rows [T × 3] of a stimulus: Re x, Im x, 1. */
export function songInputs(re: ArrayLike<number>, im: ArrayLike<number>): Float32Array {
  const n = re.length;
  const out = new Float32Array(n * 3);
  for (let k = 0; k < n; k++) {
    out[3 * k] = re[k]!;
    out[3 * k + 1] = im[k]!;
    out[3 * k + 2] = 1;
  }
  return out;
}

/** Target rows [T × 4] of a song's motor oscillator (f0: ASHLE's spontaneous rate). */
export function songTargets(song: Song, f0Hz: number): Float32Array {
  const n = song.motor.phase.length;
  const out = new Float32Array(n * 4);
  for (let k = 0; k < n; k++) {
    out[4 * k] = Math.cos(song.motor.phase[k]!);
    out[4 * k + 1] = Math.sin(song.motor.phase[k]!);
    out[4 * k + 2] = (song.motor.frequencyHz[k]! - f0Hz) / FREQ_SCALE_HZ;
    out[4 * k + 3] = (song.motor.amplitude[k]! - AMP_CENTER) / AMP_SCALE;
  }
  return out;
}

/** The motor state read from output rows: phase atan2(sin, cos), frequency (Hz), amplitude. */
export interface MotorSeries {
  phase: Float64Array;
  frequencyHz: Float64Array;
  amplitude: Float64Array;
}

/** Decodes output rows [T × 4] (f0: the spontaneous rate the model was trained with). */
export function decodeOutputs(rows: ArrayLike<number>, f0Hz: number): MotorSeries {
  const n = Math.floor(rows.length / 4);
  const phase = new Float64Array(n);
  const frequencyHz = new Float64Array(n);
  const amplitude = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    phase[k] = Math.atan2(rows[4 * k + 1]!, rows[4 * k]!);
    frequencyHz[k] = f0Hz + FREQ_SCALE_HZ * rows[4 * k + 2]!;
    amplitude[k] = AMP_CENTER + AMP_SCALE * rows[4 * k + 3]!;
  }
  return { phase, frequencyHz, amplitude };
}
