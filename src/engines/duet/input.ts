/**
 * What the duet's listener hears from outside: an onset-strength envelope (from a recording, or any pulse series),
 * resampled onto the dynamics grid, shaped by the same alpha-function pulse the drummer's own strokes get, and
 * normalised to peak 1. The whole envelope is known before the duet starts, so its phase (the analytic signal's
 * argument, for the phase-locking value) is computed once, here, and a live run reads the same samples an offline
 * one does.
 */
import { analyticSignal } from '../../math/complex.js';
import { mixToMono, spectralFlux } from '../../analysis/beats/onset-strength.js';
import type { AudioBuffers } from '../../formats/wav.js';

/** An onset-strength envelope sampled at `sampleRateHz`, from time 0. */
export interface DuetInput {
  envelope: ArrayLike<number>;
  sampleRateHz: number;
  /**
   * A periodic input's cycle, when known (e.g. a motion's, from its position track): its frequency (Hz) and its
   * unwrapped phase (rad, one value per envelope sample). When the drummer's tempo f0 is n ≥ 2 times the frequency
   * (n = round(f0/f)), the drummer hears the cycle's phase times n and locks n:1 — n beats a cycle.
   */
  cycle?: { frequencyHz: number; phase: ArrayLike<number> };
}

/** The input on the dynamics grid: the shaped envelope and its phase, one sample per step. */
export interface GridInput {
  envelope: Float64Array;
  phase: Float64Array;
}

/**
 * The onset-strength envelope of a recording (spectral flux at 100 frames a second), ready to feed the duet.
 * @example
 * const sampleRate = 8000;
 * const clicks = new Float32Array(sampleRate * 2);
 * for (let k = 0; k < 4; k++) clicks.fill(0.8, k * 4000, k * 4000 + 40); // 2 Hz clicks
 * envelopeFromAudio({ sampleRate, channels: [clicks] }).sampleRateHz; // → 100
 */
export function envelopeFromAudio(audio: AudioBuffers): DuetInput {
  const flux = spectralFlux(mixToMono(audio), audio.sampleRate, { framesPerSecond: 100 });
  return { envelope: flux.bands[0]!, sampleRateHz: flux.framesPerSecond };
}

/**
 * A pulse train: 1 at every 1/rateHz seconds from `startSeconds` until `stopSeconds`, 0 elsewhere, sampled at
 * `sampleRateHz` (default 256) for `seconds`.
 * @example
 * const input = pulseEnvelope(2, 1, { sampleRateHz: 8 });
 * Array.from(input.envelope); // → [1, 0, 0, 0, 1, 0, 0, 0]
 */
export function pulseEnvelope(rateHz: number, seconds: number, options: { sampleRateHz?: number; startSeconds?: number; stopSeconds?: number } = {}): DuetInput {
  const fs = options.sampleRateHz ?? 256;
  if (!(rateHz > 0) || !(seconds > 0) || !(fs > 0)) throw new RangeError('pulseEnvelope needs a positive rate, length and sample rate');
  const start = options.startSeconds ?? 0;
  const stop = options.stopSeconds ?? seconds;
  const envelope = new Float64Array(Math.round(seconds * fs));
  for (let k = 0; ; k++) {
    const t = start + k / rateHz;
    if (t >= stop || t >= seconds) break;
    const i = Math.round(t * fs);
    if (i < envelope.length) envelope[i] = 1;
  }
  return { envelope, sampleRateHz: fs };
}

/**
 * Resamples an input onto the dynamics grid (linear interpolation; 0 after its end), passes it through the
 * alpha-function pulse of time constant τ = `pulseSeconds` (two cascaded one-pole stages, as the drummer's
 * strokes), normalises the peak to 1 and takes the phase of its analytic signal (mean removed).
 * @example
 * const grid = inputOnGrid(pulseEnvelope(2, 4), 256, 512, 0.04);
 * Math.max(...grid.envelope); // → 1
 */
export function inputOnGrid(input: DuetInput, rateHz: number, steps: number, pulseSeconds: number): GridInput {
  const { envelope: src, sampleRateHz } = input;
  if (!(sampleRateHz > 0)) throw new RangeError(`input sample rate must be positive, got ${sampleRateHz}`);
  for (let i = 0; i < src.length; i++) if (!Number.isFinite(src[i]!)) throw new RangeError(`input envelope sample ${i} is not finite`);
  const h = 1 / rateHz;
  const d = Math.exp(-h / pulseSeconds);
  const gain = Math.E * (h / pulseSeconds);
  const envelope = new Float64Array(steps + 1);
  let a = 0;
  let b = 0;
  let peak = 0;
  for (let k = 0; k <= steps; k++) {
    const u = k * h * sampleRateHz;
    const i = Math.floor(u);
    const w = u - i;
    const v = i + 1 < src.length ? (1 - w) * src[i]! + w * src[i + 1]! : i < src.length ? (1 - w) * src[i]! : 0;
    envelope[k] = b;
    b = d * b + gain * a;
    a = d * a + Math.max(0, v);
    if (b > peak) peak = b;
  }
  let mean = 0;
  if (peak > 0) for (let k = 0; k <= steps; k++) envelope[k] = envelope[k]! / peak;
  for (let k = 0; k <= steps; k++) mean += envelope[k]!;
  mean /= steps + 1;
  const z = analyticSignal(envelope.map((e) => e - mean));
  const phase = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) phase[k] = Math.atan2(z.im[k]!, z.re[k]!);
  return { envelope, phase };
}
