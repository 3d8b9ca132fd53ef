/**
 * How closely the drummer's rhythm follows the motion in a picture: the motion–rhythm correlation, with a
 * permutation p-value so that chance is visible.
 *
 * Definition (docs/duet.md, "The visual duet"):
 *
 * 1. The **motion-energy envelope** m (one value a video frame) is resampled linearly to a common rate f_c (default:
 *    the video's frame rate) and smoothed by the same Gaussian as the strokes below (σ), so that both are compared at
 *    the same time resolution (a sharp motion burst sampled at 30 frames a second varies from burst to burst with
 *    where it falls between frames).
 * 2. The **drum-onset envelope** d on the same grid: every stroke (onset t_j, velocity v_j) becomes a Gaussian of
 *    standard deviation σ (default 80 ms) and area v_j·w (w = 1, 0.8, 0.25 for kick, snare, hi-hats, the weights of
 *    the duet's own listener, docs/design/duet.md), summed.
 * 3. r = max over lags ℓ with |ℓ| ≤ L (L = one beat by default) of the Pearson correlation of m(t) with d(t + ℓ) over
 *    the frames they share (ℓ > 0: the drums come after the motion); the maximising ℓ is the lag.
 * 4. The **null**: d circularly shifted by an offset s drawn uniformly (seeded) from the offsets more than 2L away
 *    from 0 (nearer ones would let the lag search find the observed alignment again), r recomputed with the same lag
 *    search, N ≥ 999 times (or each allowed offset once, when a short clip has fewer: an exact test, whose p cannot
 *    fall below 1/(offsets + 1)); p = (1 + #{r_null ≥ r}) / (N + 1) (Phipson & Smyth 2010, Stat Appl Genet Mol
 *    Biol 9:39 — a permutation p-value is never 0).
 *
 * A circular shift keeps each series' own rhythm and breaks only their alignment, so p asks: is this alignment better
 * than the alignments of the same two rhythms at arbitrary offsets? Two strictly periodic series of the same period
 * align as well at every offset once the lag search spans a period, so for them p is large however high r is; p is
 * small only when the alignment holds through changes (a tempo that drifts, bounces that decay, a gait that varies).
 */
import { createRandom } from '../../math/random.js';
import type { NoteEvent } from '../../score/types.js';
import { GM_DRUM_KEYS } from './params.js';

/** A series sampled at `sampleRateHz` from time 0. */
export interface SampledSeries {
  values: ArrayLike<number>;
  sampleRateHz: number;
}

/** A drum stroke: onset (s), velocity 0..1, General MIDI key. */
export type DrumStroke = Pick<NoteEvent, 'onset' | 'velocity' | 'pitch'>;

/** Options of {@link motionRhythmCorrelation}. */
export interface MotionRhythmOptions {
  /** The common rate f_c (Hz); default the motion series' own rate. */
  rateHz?: number;
  /** σ of the Gaussian each stroke becomes and the motion is smoothed by (s; default 0.08: about 2.5 frames at 30 fps). */
  kernelSeconds?: number;
  /** The largest lag searched, ± (s); default one beat, `beatSeconds`. */
  maxLagSeconds?: number;
  /** The beat (s) that sets the default lag window (default 0.5). */
  beatSeconds?: number;
  /** Frames before this time are left out of both series (s; default 0): the drummer's entrainment transient. */
  startSeconds?: number;
  /** Circular shifts in the null (default 999; at least 99). */
  permutations?: number;
  /** Seed of the shifts (default 1). */
  seed?: number;
}

/** The correlation, its lag and its permutation p-value, with the settings that define them. */
export interface MotionRhythmCorrelation {
  r: number;
  /** The lag ℓ of the maximum (s; > 0: the drums after the motion). */
  lagSeconds: number;
  p: number;
  /** Shifts in the null: as asked, or every allowed shift when a short clip has fewer (`exact`). */
  permutations: number;
  exact: boolean;
  /** The null's median and 95th percentile of r: what chance reaches. */
  nullMedian: number;
  null95: number;
  rateHz: number;
  kernelSeconds: number;
  maxLagSeconds: number;
  startSeconds: number;
  /** Frames compared. */
  frames: number;
}

/** Weight of a stroke by its General MIDI key: kick 1, snare 0.8, hi-hats 0.25 (the listener's drum weights). */
export function strokeWeight(pitch: number): number {
  return pitch === GM_DRUM_KEYS.kick ? 1 : pitch === GM_DRUM_KEYS.snare ? 0.8 : 0.25;
}

/**
 * The drum-onset envelope: strokes as Gaussians (σ = `kernelSeconds`, area velocity × weight) on `frames` samples at
 * `rateHz` from `startSeconds`.
 * @example
 * const d = drumOnsetEnvelope([{ onset: 1, velocity: 1, pitch: 36 }], 10, 5, 0.1);
 * d.indexOf(Math.max(...d)); // → 5 — the kick at 1 s, sample 5 at 5 Hz
 */
export function drumOnsetEnvelope(strokes: readonly DrumStroke[], frames: number, rateHz: number, kernelSeconds: number, startSeconds = 0): Float64Array {
  if (!(rateHz > 0) || !(kernelSeconds > 0)) throw new RangeError('drumOnsetEnvelope needs a positive rate and kernel');
  const out = new Float64Array(frames);
  const reach = 4 * kernelSeconds;
  const norm = 1 / (kernelSeconds * Math.sqrt(2 * Math.PI));
  for (const s of strokes) {
    const a = s.velocity * strokeWeight(s.pitch) * norm;
    const lo = Math.max(0, Math.ceil((s.onset - reach - startSeconds) * rateHz));
    const hi = Math.min(frames - 1, Math.floor((s.onset + reach - startSeconds) * rateHz));
    for (let i = lo; i <= hi; i++) {
      const u = (startSeconds + i / rateHz - s.onset) / kernelSeconds;
      out[i] = out[i]! + a * Math.exp(-0.5 * u * u);
    }
  }
  return out;
}

/**
 * A series resampled linearly onto `frames` samples at `rateHz` from `startSeconds` (the last value held after its
 * end; NaN samples count as 0).
 * @example
 * Array.from(resampleSeries({ values: [0, 2, 4], sampleRateHz: 1 }, 2, 5)); // → [0, 1, 2, 3, 4]
 */
export function resampleSeries(series: SampledSeries, rateHz: number, frames: number, startSeconds = 0): Float64Array {
  const { values, sampleRateHz } = series;
  const n = values.length;
  const at = (i: number): number => (Number.isFinite(values[i]!) ? values[i]! : 0);
  const out = new Float64Array(frames);
  for (let k = 0; k < frames; k++) {
    const u = (startSeconds + k / rateHz) * sampleRateHz;
    const i = Math.floor(u);
    out[k] = i + 1 < n ? (1 - (u - i)) * at(i) + (u - i) * at(i + 1) : n > 0 ? at(n - 1) : 0;
  }
  return out;
}

/**
 * The Pearson correlation of a[i] with b[i + lag] over the samples both have, maximised over |lag| ≤ maxLag.
 * A constant stretch (zero variance) gives r = 0.
 * @example
 * const a = [0, 1, 0, 0, 1, 0, 0, 1, 0, 0];
 * laggedPearson(a, [0, 0, 1, 0, 0, 1, 0, 0, 1, 0], 2); // → { r: 1, lag: 1 }
 */
export function laggedPearson(a: ArrayLike<number>, b: ArrayLike<number>, maxLag: number): { r: number; lag: number } {
  let best = -Infinity;
  let bestLag = 0;
  const n = Math.min(a.length, b.length);
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const r = pearsonAtLag(a, b, n, lag);
    // Ties go to the smaller |lag| (lags are visited from −L up, so a later equal value wins only when nearer 0).
    if (r > best || (r === best && Math.abs(lag) < Math.abs(bestLag))) {
      best = r;
      bestLag = lag;
    }
  }
  return { r: best, lag: bestLag };
}

/**
 * A series convolved with a Gaussian of σ = `sigmaSamples` (truncated at 4σ, renormalised at the ends).
 * @example
 * Array.from(gaussianSmooth([0, 0, 3, 0, 0], 1e-9)); // → [0, 0, 3, 0, 0] — a vanishing kernel changes nothing
 */
export function gaussianSmooth(x: ArrayLike<number>, sigmaSamples: number): Float64Array {
  const n = x.length;
  const reach = Math.ceil(4 * sigmaSamples);
  const w = Float64Array.from({ length: 2 * reach + 1 }, (_, j) => Math.exp(-0.5 * ((j - reach) / sigmaSamples) ** 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let ws = 0;
    for (let j = Math.max(0, i - reach); j <= Math.min(n - 1, i + reach); j++) {
      s += w[j - i + reach]! * x[j]!;
      ws += w[j - i + reach]!;
    }
    out[i] = s / ws;
  }
  return out;
}

function pearsonAtLag(a: ArrayLike<number>, b: ArrayLike<number>, n: number, lag: number): number {
  const i0 = Math.max(0, -lag);
  const i1 = Math.min(n, n - lag);
  const m = i1 - i0;
  if (m < 3) return 0;
  let sa = 0;
  let sb = 0;
  for (let i = i0; i < i1; i++) {
    sa += a[i]!;
    sb += b[i + lag]!;
  }
  const ma = sa / m;
  const mb = sb / m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = i0; i < i1; i++) {
    const da = a[i]! - ma;
    const db = b[i + lag]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * The motion–rhythm correlation of a motion-energy envelope with the drummer's strokes over `seconds`, with its
 * circular-shift permutation p-value (the definition is in this module's comment).
 * @example
 * // Quasi-periodic motion (intervals 0.4–0.6 s) and drums that strike with it: high r, small p.
 * const rng = createRandom(3);
 * const times: number[] = [];
 * for (let t = 0.3; t < 20; t += rng.uniform(0.4, 0.6)) times.push(t);
 * const fps = 30;
 * const energy = drumOnsetEnvelope(times.map((onset) => ({ onset, velocity: 1, pitch: 36 })), 20 * fps, fps, 0.08);
 * const strokes = times.map((t) => ({ onset: t + 0.1, velocity: 0.9, pitch: 36 }));
 * const c = motionRhythmCorrelation({ values: energy, sampleRateHz: fps }, strokes, 20, { permutations: 199 });
 * c.r > 0.8 && c.p < 0.01; // → true
 * c.lagSeconds; // → 0.1 — the drums three frames after the motion
 */
export function motionRhythmCorrelation(motion: SampledSeries, strokes: readonly DrumStroke[], seconds: number, options: MotionRhythmOptions = {}): MotionRhythmCorrelation {
  const rateHz = options.rateHz ?? motion.sampleRateHz;
  const kernelSeconds = options.kernelSeconds ?? 0.08;
  const maxLagSeconds = options.maxLagSeconds ?? options.beatSeconds ?? 0.5;
  const startSeconds = options.startSeconds ?? 0;
  const permutations = options.permutations ?? 999;
  if (!(rateHz > 0)) throw new RangeError(`the common rate must be positive, got ${rateHz}`);
  if (!(maxLagSeconds >= 0)) throw new RangeError(`the lag window must be ≥ 0, got ${maxLagSeconds}`);
  if (!(Number.isInteger(permutations) && permutations >= 99)) throw new RangeError(`use at least 99 permutations, got ${permutations}`);
  const frames = Math.floor((seconds - startSeconds) * rateHz);
  const maxLag = Math.round(maxLagSeconds * rateHz);
  if (frames < 4 * maxLag + 3) throw new RangeError(`${(seconds - startSeconds).toFixed(2)} s is too short for a lag window of ±${maxLagSeconds} s`);
  const m = gaussianSmooth(resampleSeries(motion, rateHz, frames, startSeconds), kernelSeconds * rateHz);
  const d = drumOnsetEnvelope(strokes, frames, rateHz, kernelSeconds, startSeconds);
  const observed = laggedPearson(m, d, maxLag);
  const random = createRandom(options.seed ?? 1);
  const shifted = new Float64Array(frames);
  // Shifts within ±2L of 0 would let the lag search reach the observed alignment again: they are left out. When
  // the clip allows no more distinct shifts than permutations asked for, every one is used once (an exact test).
  const offsets = frames - 4 * maxLag - 1;
  const exact = offsets <= permutations;
  const count = exact ? offsets : permutations;
  const nullR = new Float64Array(count);
  let above = 0;
  for (let k = 0; k < count; k++) {
    const s = 2 * maxLag + 1 + (exact ? k : random.int(offsets));
    for (let i = 0; i < frames; i++) shifted[i] = d[(i + s) % frames]!;
    const r = laggedPearson(m, shifted, maxLag).r;
    nullR[k] = r;
    if (r >= observed.r) above++;
  }
  nullR.sort();
  return {
    r: observed.r,
    lagSeconds: observed.lag / rateHz,
    p: (1 + above) / (count + 1),
    permutations: count,
    exact,
    nullMedian: nullR[Math.floor(0.5 * (count - 1))]!,
    null95: nullR[Math.floor(0.95 * (count - 1))]!,
    rateHz,
    kernelSeconds,
    maxLagSeconds,
    startSeconds,
    frames,
  };
}
