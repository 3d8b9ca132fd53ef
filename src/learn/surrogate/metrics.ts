/**
 * How well the surrogate reproduces ASHLE, per song and over a set of songs (definitions in docs/surrogate.md):
 *
 * - **PLV retention** = mean over songs of PLV(φ̂, φ) = |mean_t exp(i(φ̂_t − φ_t))|, the seed's L_plv
 *   complement measured on held-out songs, as a percentage: 100 % when the surrogate's motor phase keeps a
 *   constant lag to ASHLE's at every sample.
 * - **Stimulus–motor PLV ratio** = mean_songs PLV(φ̂, θ) / mean_songs PLV(φ, θ) over the samples where the
 *   stimulus sounds (θ its phase): how much of ASHLE's own locking to the music the surrogate keeps (the seed's
 *   "ground-truth PLV 0.921 vs surrogate PLV 0.763" is this pair).
 * - **Frequency correlation**: Pearson r of f̂_m and f_m; **phase correlation**: the circular correlation
 *   coefficient ρ_T of φ̂ and φ (Fisher & Lee 1983).
 * - **Drift**: the least-squares slope of the unwrapped phase error φ̂ − φ, in cycles per 30 s.
 * - Frequency and amplitude RMS errors (Hz and amplitude units).
 */
import { decodeOutputs, songInputs, type MotorSeries } from './encoding.js';
import type { Song } from './songs.js';
import { tf } from '../backend.js';
import { TcnStream, tcnForward, tcnTensors, type TcnConfig } from './tcn.js';

const TWO_PI = 2 * Math.PI;

/** One song's figures. */
export interface SongMetrics {
  seed: number;
  bpm: number;
  plv: number;
  stimulusPlvAshle: number;
  stimulusPlvSurrogate: number;
  frequencyR: number;
  phaseR: number;
  driftCyclesPer30s: number;
  frequencyRmseHz: number;
  amplitudeRmse: number;
}

/** A set's figures: means (and the per-song list). */
export interface SetMetrics {
  songs: number;
  /** Mean PLV(φ̂, φ) × 100. */
  plvRetentionPercent: number;
  /** Mean PLV(φ̂, θ) / mean PLV(φ, θ) × 100. */
  stimulusPlvRatioPercent: number;
  stimulusPlvAshle: number;
  stimulusPlvSurrogate: number;
  frequencyR: number;
  phaseR: number;
  /** Mean |drift| (cycles per 30 s). */
  driftCyclesPer30s: number;
  frequencyRmseHz: number;
  amplitudeRmse: number;
  perSong: SongMetrics[];
}

/**
 * Runs a network over a stimulus from the start of a run, sample by sample.
 * @example
 * const net = new TcnStream(initTcn(DEFAULT_TCN, createRandom(0)), DEFAULT_TCN);
 * predictMotor(net, Float32Array.of(1, 0, -1), Float32Array.of(0, 1, 0), 2).phase.length; // → 3
 */
export function predictMotor(net: TcnStream, re: ArrayLike<number>, im: ArrayLike<number>, f0Hz: number): MotorSeries {
  net.reset();
  const inputs = songInputs(re, im);
  const n = re.length;
  const rows = new Float32Array(n * 4);
  for (let k = 0; k < n; k++) rows.set(net.push(inputs.subarray(3 * k, 3 * k + 3)), 4 * k);
  return decodeOutputs(rows, f0Hz);
}

function plvOf(a: ArrayLike<number>, b: ArrayLike<number>, mask?: (k: number) => boolean): number {
  let re = 0;
  let im = 0;
  let c = 0;
  for (let k = 0; k < a.length; k++) {
    if (mask && !mask(k)) continue;
    const d = a[k]! - b[k]!;
    re += Math.cos(d);
    im += Math.sin(d);
    c++;
  }
  return c > 0 ? Math.hypot(re, im) / c : NaN;
}

/** Pearson r (NaN when either series is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let k = 0; k < n; k++) {
    ma += a[k]!;
    mb += b[k]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    const da = a[k]! - ma;
    const db = b[k]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/**
 * The circular–circular correlation ρ_T of Fisher & Lee (1983, Biometrika 70:327; Fisher 1993, Statistical Analysis
 * of Circular Data, eq. 6.36): 4(AB − CD)/√((n² − E² − F²)(n² − G² − H²)) with A = Σcos a cos b, B = Σsin a sin b,
 * C = Σcos a sin b, D = Σsin a cos b, E, F = Σcos 2a, Σsin 2a and G, H = Σcos 2b, Σsin 2b. Unlike the
 * Jammalamadaka–SenGupta coefficient it stays meaningful for phases spread uniformly round the circle (a running
 * oscillator's): b = a + c gives 1, b independent of a about 0.
 * @example
 * const a = Array.from({ length: 100 }, (_, k) => 0.37 * k);
 * circularCorrelation(a, a.map((x) => x + 1)); // → 1 — to rounding
 */
export function circularCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let A = 0;
  let B = 0;
  let C = 0;
  let D = 0;
  let E = 0;
  let F = 0;
  let G = 0;
  let H = 0;
  for (let k = 0; k < n; k++) {
    const ca = Math.cos(a[k]!);
    const sa = Math.sin(a[k]!);
    const cb = Math.cos(b[k]!);
    const sb = Math.sin(b[k]!);
    A += ca * cb;
    B += sa * sb;
    C += ca * sb;
    D += sa * cb;
    E += ca * ca - sa * sa;
    F += 2 * sa * ca;
    G += cb * cb - sb * sb;
    H += 2 * sb * cb;
  }
  const den = (n * n - E * E - F * F) * (n * n - G * G - H * H);
  return den > 0 ? (4 * (A * B - C * D)) / Math.sqrt(den) : NaN;
}

/** Least-squares slope of the unwrapped phase error, in cycles per 30 s. */
export function phaseDrift(pred: ArrayLike<number>, truth: ArrayLike<number>, sampleHz: number): number {
  const n = pred.length;
  if (n < 2) return 0;
  let unwrapped = 0;
  let prev = 0;
  let st = 0;
  let se = 0;
  let stt = 0;
  let ste = 0;
  for (let k = 0; k < n; k++) {
    let d = pred[k]! - truth[k]!;
    d -= TWO_PI * Math.round(d / TWO_PI);
    if (k === 0) unwrapped = d;
    else {
      let step = d - prev;
      step -= TWO_PI * Math.round(step / TWO_PI);
      unwrapped += step;
    }
    prev = d;
    const t = k / sampleHz;
    st += t;
    se += unwrapped;
    stt += t * t;
    ste += t * unwrapped;
  }
  const slope = (n * ste - st * se) / (n * stt - st * st);
  return (slope * 30) / TWO_PI;
}

/** One song's figures from the surrogate's motor series. */
export function songMetrics(song: Song, pred: MotorSeries): SongMetrics {
  const m = song.motor;
  const sounding = (k: number): boolean => Number.isFinite(song.stimulus.phase[k]!);
  const n = m.phase.length;
  let fe = 0;
  let ae = 0;
  for (let k = 0; k < n; k++) {
    fe += (pred.frequencyHz[k]! - m.frequencyHz[k]!) ** 2;
    ae += (pred.amplitude[k]! - m.amplitude[k]!) ** 2;
  }
  return {
    seed: song.seed,
    bpm: song.bpm,
    plv: plvOf(pred.phase, m.phase),
    stimulusPlvAshle: plvOf(m.phase, song.stimulus.phase, sounding),
    stimulusPlvSurrogate: plvOf(pred.phase, song.stimulus.phase, sounding),
    frequencyR: pearson(pred.frequencyHz, m.frequencyHz),
    phaseR: circularCorrelation(pred.phase, m.phase),
    driftCyclesPer30s: phaseDrift(pred.phase, m.phase, song.sampleHz),
    frequencyRmseHz: Math.sqrt(fe / n),
    amplitudeRmse: Math.sqrt(ae / n),
  };
}

/** Figures over a set of songs. */
export function setMetrics(perSong: SongMetrics[]): SetMetrics {
  const mean = (f: (s: SongMetrics) => number): number => {
    const v = perSong.map(f).filter(Number.isFinite);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  const ashle = mean((s) => s.stimulusPlvAshle);
  const surrogate = mean((s) => s.stimulusPlvSurrogate);
  return {
    songs: perSong.length,
    plvRetentionPercent: 100 * mean((s) => s.plv),
    stimulusPlvRatioPercent: (100 * surrogate) / ashle,
    stimulusPlvAshle: ashle,
    stimulusPlvSurrogate: surrogate,
    frequencyR: mean((s) => s.frequencyR),
    phaseR: mean((s) => s.phaseR),
    driftCyclesPer30s: mean((s) => Math.abs(s.driftCyclesPer30s)),
    frequencyRmseHz: mean((s) => s.frequencyRmseHz),
    amplitudeRmse: mean((s) => s.amplitudeRmse),
    perSong,
  };
}

/**
 * The network on whole songs at once in TensorFlow.js (the im2col forward pass of training), `chunk` songs per
 * batch: the same outputs as {@link predictMotor} to float32 rounding, and faster for offline evaluation.
 */
export function predictSongsTf(theta: Float32Array, config: TcnConfig, songs: Song[], f0Hz: number, chunk = 4): MotorSeries[] {
  const out: MotorSeries[] = [];
  for (let i = 0; i < songs.length; i += chunk) {
    const part = songs.slice(i, i + chunk);
    const T = Math.max(...part.map((s) => s.stimulus.re.length));
    const x = new Float32Array(part.length * T * 3);
    part.forEach((s, b) => x.set(songInputs(s.stimulus.re, s.stimulus.im), b * T * 3));
    const rows = tf.tidy(() => tcnForward(tcnTensors(theta, config), config, tf.tensor3d(x, [part.length, T, 3])).dataSync() as Float32Array);
    part.forEach((s, b) => out.push(decodeOutputs(rows.subarray(b * T * 4, (b * T + s.stimulus.re.length) * 4), f0Hz)));
  }
  return out;
}

/** Evaluates a network on songs: with `theta` given, through TensorFlow.js in batches; otherwise sample by sample. */
export function evaluateSongs(net: TcnStream, songs: Song[], f0Hz: number, theta?: Float32Array): SetMetrics {
  if (theta) {
    const preds = predictSongsTf(theta, net.config, songs, f0Hz);
    return setMetrics(songs.map((s, i) => songMetrics(s, preds[i]!)));
  }
  return setMetrics(songs.map((s) => songMetrics(s, predictMotor(net, s.stimulus.re, s.stimulus.im, f0Hz))));
}
