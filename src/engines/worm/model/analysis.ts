/**
 * Measurements on a recorded run, the way locomotion is measured on tracked worms (Stephens et al. 2008 for the
 * curvature description; Fang-Yen et al. 2010 and Berri et al. 2009 for frequency and wavelength):
 * - the undulation spectrum: the power spectrum of body curvature over mid-body points (Hann window);
 * - the travelling wave: the phase of the curvature's Fourier component at the undulation frequency along the
 *   body; a head-to-tail wave makes posterior points lag, and 2π over the phase slope is the wavelength;
 * - dorso-ventral coordination: the correlation of dorsal and ventral muscles of the same segment;
 * - centroid speed along the body axis, the curvature variance, and the share of each behaviour.
 */
import FFT from 'fft.js';
import { BODY_WALL_MUSCLES } from './anatomy.js';
import { BEHAVIOURS, type Behaviour } from './behaviour.js';
import type { WormRecording } from './simulate.js';


/** A time window of a recording (s); defaults to the whole run. */
export interface Window {
  fromS?: number;
  toS?: number;
}

/** What the undulation spectrum reads of a run: its curvature at some points along the body. */
export type CurvatureRecord = Pick<WormRecording, 'frameRate' | 'frames' | 'curvature' | 'curvaturePositions'>;

function frameRange(rec: Pick<WormRecording, 'frameRate' | 'frames'>, w: Window): [number, number] {
  const from = Math.max(0, Math.ceil((w.fromS ?? 0) * rec.frameRate - 1e-9));
  const to = Math.min(rec.frames, Math.floor((w.toS ?? Infinity) * rec.frameRate + 1e-9) + 1);
  if (to - from < 8) throw new RangeError(`window ${w.fromS ?? 0}–${w.toS ?? 'end'} s holds too few frames (${Math.max(0, to - from)})`);
  return [from, to];
}

/** Curvature points whose position along the body lies in [lo, hi]. */
function pointsBetween(rec: Pick<WormRecording, 'curvaturePositions'>, lo: number, hi: number): number[] {
  const out: number[] = [];
  rec.curvaturePositions.forEach((s, i) => {
    if (s >= lo && s <= hi) out.push(i);
  });
  return out;
}

/** The undulation spectrum and its peak. */
export interface UndulationSpectrum {
  frequenciesHz: Float64Array;
  /** Mean power of curvature over the chosen body points (1/mm² per Hz, arbitrary scale). */
  power: Float64Array;
  /** Frequency of the largest peak above 0.1 Hz, refined by parabolic interpolation. */
  peakHz: number;
}

/**
 * Power spectrum of body curvature, averaged over points between 20 % and 80 % of the body.
 * @example
 * const rec = simulateWorm({ seconds: 4, params: { environment: { medium: 0 } } });
 * const { peakHz } = undulationSpectrum(rec, { fromS: 1 }); // e.g. ≈ 2 Hz in water
 */
export function undulationSpectrum(rec: CurvatureRecord, window: Window = {}, bodyRange: [number, number] = [0.2, 0.8]): UndulationSpectrum {
  const [from, to] = frameRange(rec, window);
  const len = to - from;
  let size = 1;
  while (size < 4 * len) size <<= 1;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  const out = fft.createComplexArray();
  const half = size / 2;
  const power = new Float64Array(half + 1);
  const points = pointsBetween(rec, bodyRange[0], bodyRange[1]);
  const stride = rec.curvaturePositions.length; // rods − 2 in a full recording
  for (const p of points) {
    let mean = 0;
    for (let f = from; f < to; f++) mean += rec.curvature[f * stride + p]!;
    mean /= len;
    input.fill(0);
    for (let k = 0; k < len; k++) {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (len - 1));
      input[k] = (rec.curvature[(from + k) * stride + p]! - mean) * hann;
    }
    fft.realTransform(out, input);
    for (let k = 0; k <= half; k++) power[k] = power[k]! + (out[2 * k]! ** 2 + out[2 * k + 1]! ** 2) / points.length;
  }
  const df = rec.frameRate / size;
  const frequenciesHz = Float64Array.from({ length: half + 1 }, (_, k) => k * df);
  let best = -1;
  for (let k = Math.max(1, Math.ceil(0.1 / df)); k < half; k++) if (best < 0 || power[k]! > power[best]!) best = k;
  let peakHz = best * df;
  if (best > 0 && best < half) {
    const a = Math.log(power[best - 1]! + 1e-300);
    const b = Math.log(power[best]! + 1e-300);
    const c = Math.log(power[best + 1]! + 1e-300);
    const denom = a - 2 * b + c;
    if (denom < 0) peakHz = (best + (0.5 * (a - c)) / denom) * df;
  }
  return { frequenciesHz, power, peakHz };
}

/** The body's travelling wave at the undulation frequency. */
export interface TravellingWave {
  frequencyHz: number;
  /** Phase lag of curvature per body length, radians: positive when posterior points lag (a head-to-tail wave). */
  phaseLagPerBodyLength: number;
  /** Wavelength in body lengths (2π / |lag|). */
  wavelengthBodyLengths: number;
  direction: 'head-to-tail' | 'tail-to-head';
  /** Positions used and the (unwrapped) phase lag at each, relative to the first (radians). */
  positions: number[];
  phaseLags: number[];
}

/**
 * Finds the travelling wave: the Fourier component of curvature at the undulation frequency at each point between
 * 10 % and 90 % of the body; the unwrapped phase falls along the body for a head-to-tail wave. The lag per body
 * length is the least-squares slope of phase lag over position.
 * @example
 * const rec = simulateWorm({ seconds: 4, params: { environment: { medium: 0 } } });
 * travellingWave(rec, { fromS: 1 }).direction; // → 'head-to-tail' — going forward
 */
export function travellingWave(rec: WormRecording, window: Window = {}, frequencyHz?: number, bodyRange: [number, number] = [0.1, 0.9]): TravellingWave {
  const [from, to] = frameRange(rec, window);
  const f = frequencyHz ?? undulationSpectrum(rec, window).peakHz;
  const points = pointsBetween(rec, bodyRange[0], bodyRange[1]);
  const stride = rec.rods - 2;
  const positions: number[] = [];
  const lags: number[] = [];
  let prev = 0;
  let first = 0;
  points.forEach((p, k) => {
    let re = 0;
    let im = 0;
    for (let fr = from; fr < to; fr++) {
      const w = (2 * Math.PI * f * fr) / rec.frameRate;
      const v = rec.curvature[fr * stride + p]!;
      re += v * Math.cos(w);
      im -= v * Math.sin(w);
    }
    // Component ∝ e^{i(φ0 − k s)}: the lag is −phase.
    let phase = -Math.atan2(im, re);
    if (k === 0) first = phase;
    else {
      while (phase - prev > Math.PI) phase -= 2 * Math.PI;
      while (phase - prev < -Math.PI) phase += 2 * Math.PI;
    }
    prev = phase;
    positions.push(rec.curvaturePositions[p]!);
    lags.push(phase - first);
  });
  const n = positions.length;
  const ms = positions.reduce((a, b) => a + b, 0) / n;
  const ml = lags.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (positions[i]! - ms) * (lags[i]! - ml);
    sxx += (positions[i]! - ms) ** 2;
  }
  const slope = sxy / sxx;
  return {
    frequencyHz: f,
    phaseLagPerBodyLength: slope,
    wavelengthBodyLengths: (2 * Math.PI) / Math.abs(slope),
    direction: slope > 0 ? 'head-to-tail' : 'tail-to-head',
    positions,
    phaseLags: lags,
  };
}

/**
 * Pearson correlation of each dorsal muscle with the ventral muscle of the same number and side (dBWML m with
 * vBWML m, dBWMR m with vBWMR m), over muscles numbered within `numbers`; returns the mean. Antiphase gives ≈ −1.
 */
export function dorsoventralCorrelation(rec: WormRecording, window: Window = {}, numbers: [number, number] = [3, 21]): number {
  const [from, to] = frameRange(rec, window);
  const idx = new Map(BODY_WALL_MUSCLES.map((m, i) => [m.name, i]));
  const values: number[] = [];
  for (let m = numbers[0]; m <= numbers[1]; m++) {
    for (const lr of ['L', 'R']) {
      const d = idx.get(`dBWM${lr}${m}`);
      const v = idx.get(`vBWM${lr}${m}`);
      if (d === undefined || v === undefined) continue;
      const r = pearsonRows(rec.muscles, d * rec.frames, v * rec.frames, from, to);
      if (Number.isFinite(r)) values.push(r);
    }
  }
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function pearsonRows(data: Float32Array, a: number, b: number, from: number, to: number): number {
  const n = to - from;
  let ma = 0;
  let mb = 0;
  for (let k = from; k < to; k++) {
    ma += data[a + k]!;
    mb += data[b + k]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = from; k < to; k++) {
    const x = data[a + k]! - ma;
    const y = data[b + k]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Mean velocity of the centroid along the body axis (mm/s): positive head-first (forward), negative tail-first.
 * The axis at each frame points from the posterior half's centroid to the anterior half's.
 */
export function axialVelocity(rec: WormRecording, window: Window = {}): number {
  const [from, to] = frameRange(rec, window);
  const rods = rec.rods;
  const half = rods >> 1;
  let sum = 0;
  for (let f = from; f < to - 1; f++) {
    let ax = 0;
    let ay = 0;
    for (let i = 0; i < half; i++) {
      ax += rec.midlineX[f * rods + i]! - rec.midlineX[f * rods + rods - 1 - i]!;
      ay += rec.midlineY[f * rods + i]! - rec.midlineY[f * rods + rods - 1 - i]!;
    }
    const norm = Math.hypot(ax, ay) || 1;
    sum += ((rec.centroidX[f + 1]! - rec.centroidX[f]!) * ax + (rec.centroidY[f + 1]! - rec.centroidY[f]!) * ay) / norm;
  }
  return (sum / (to - 1 - from)) * rec.frameRate;
}

/** Straight-line centroid speed between the window's ends (mm/s). */
export function centroidSpeed(rec: WormRecording, window: Window = {}): number {
  const [from, to] = frameRange(rec, window);
  const dx = rec.centroidX[to - 1]! - rec.centroidX[from]!;
  const dy = rec.centroidY[to - 1]! - rec.centroidY[from]!;
  return Math.hypot(dx, dy) / ((to - 1 - from) / rec.frameRate);
}

/** Heading change of the body axis over the window (radians, counter-clockwise positive). */
export function headingChange(rec: WormRecording, window: Window = {}): number {
  const [from, to] = frameRange(rec, window);
  const angle = (f: number): number => {
    const rods = rec.rods;
    const half = rods >> 1;
    let ax = 0;
    let ay = 0;
    for (let i = 0; i < half; i++) {
      ax += rec.midlineX[f * rods + i]! - rec.midlineX[f * rods + rods - 1 - i]!;
      ay += rec.midlineY[f * rods + i]! - rec.midlineY[f * rods + rods - 1 - i]!;
    }
    return Math.atan2(ay, ax);
  };
  let total = 0;
  let prev = angle(from);
  for (let f = from + 1; f < to; f++) {
    const a = angle(f);
    let d = a - prev;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d < -Math.PI) d += 2 * Math.PI;
    total += d;
    prev = a;
  }
  return total;
}

/** Variance of curvature over time, averaged over the body points (1/mm²). */
export function curvatureVariance(rec: WormRecording, window: Window = {}): number {
  const [from, to] = frameRange(rec, window);
  const stride = rec.rods - 2;
  let total = 0;
  for (let p = 0; p < stride; p++) {
    let m = 0;
    let m2 = 0;
    for (let f = from; f < to; f++) {
      const v = rec.curvature[f * stride + p]!;
      m += v;
      m2 += v * v;
    }
    m /= to - from;
    total += m2 / (to - from) - m * m;
  }
  return total / stride;
}

/** Share of frames in each behaviour. */
export function behaviourShares(rec: WormRecording, window: Window = {}): Record<Behaviour, number> {
  const [from, to] = frameRange(rec, window);
  const out = Object.fromEntries(BEHAVIOURS.map((b) => [b, 0])) as Record<Behaviour, number>;
  for (let f = from; f < to; f++) out[rec.behaviour[f]!] += 1 / (to - from);
  return out;
}
