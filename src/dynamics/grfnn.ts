/**
 * A gradient-frequency neural network (GrFNN): a bank of canonical nonlinear oscillators with natural
 * frequencies log-spaced over a range, all driven by one complex stimulus.
 *
 * Each oscillator follows the canonical model (Large, Almonte & Velasco 2010, Physica D 239:905, eq. 20):
 *
 *   dz/dt = s·[z(α + (β1 + iδ1)|z|² + ε(β2 + iδ2)|z|⁴/(1 − ε|z|²))] + i2πf·z + s·w·X(x, z)
 *
 * with s = f when time-scaled (the GrFNN Toolbox default: time runs in each oscillator's own cycles, so
 * bandwidth is proportional to frequency) and s = 1 otherwise. The stimulus term X is one of
 *   linear  X = x
 *   active  X = x·A(ε, z̄),          A(ε, z̄) = 1/(1 − √ε z̄)
 *   full    X = P(ε, x)·A(ε, z̄),    P(ε, x) = x/(1 − √ε x) · 1/(1 − √ε x̄)
 * `full` is Large 2010's canonical input: expanded, P·A holds every monomial x^k x̄^l z̄^{m−1} weighted by
 * ε^{(k+l+m−2)/2}, so an oscillator resonates to k:m combinations of the input's frequencies, the more weakly
 * the higher the order. |x| and |z| must stay below 1/√ε (the poles).
 *
 * Integration: classical RK4 with a fixed step h = 1/fs of the stimulus (fs = its sample rate); the midpoint
 * stages use the stimulus linearly interpolated half-way between samples.
 */
import { complexArray, type ComplexArray } from '../math/complex.js';
import { GrfnnOptionsSchema, type CanonicalParams, type GrfnnOptions, type InputCoupling } from './params.js';

const TWO_PI = 2 * Math.PI;
/** Smallest value allowed for 1 − ε|z|² (keeps a run finite if a stage overshoots toward the pole). */
const POLE_GUARD = 1e-9;

/**
 * Natural frequencies log-spaced from lowHz to highHz inclusive (MATLAB/numpy `logspace`).
 * @example
 * logFrequencies(0.5, 8, 5); // → [0.5, 1, 2, 4, 8]
 */
export function logFrequencies(lowHz: number, highHz: number, count: number): Float64Array {
  const out = new Float64Array(count);
  if (count === 1) {
    out[0] = lowHz;
    return out;
  }
  const ratio = Math.log(highHz / lowHz);
  for (let k = 0; k < count; k++) out[k] = lowHz * Math.exp((ratio * k) / (count - 1));
  return out;
}

/**
 * Spontaneous (unforced) amplitude of the canonical oscillator: the largest stable root r < 1/√ε of
 * ṙ/r = α + β1 r² + εβ2 r⁴/(1 − εr²) = 0, or 0 when the origin is the only stable state reached from small r.
 * @example
 * spontaneousAmplitude(CANONICAL_REGIMES.supercritical); // 1/√2 ≈ 0.7071
 */
export function spontaneousAmplitude(p: CanonicalParams): number {
  const g = (r: number): number => {
    const r2 = r * r;
    return p.alpha + p.beta1 * r2 + (p.epsilon * p.beta2 * r2 * r2) / Math.max(POLE_GUARD, 1 - p.epsilon * r2);
  };
  const rMax = p.epsilon > 0 ? (1 / Math.sqrt(p.epsilon)) * (1 - 1e-9) : 1e3;
  // Follow ṙ from a small amplitude upward: the first sign change from growth to decay is the attractor.
  const steps = 20_000;
  let prevR = 1e-9;
  if (g(prevR) <= 0) return 0;
  for (let i = 1; i <= steps; i++) {
    const r = (rMax * i) / steps;
    const v = g(r);
    if (v <= 0) {
      let lo = prevR;
      let hi = r;
      for (let k = 0; k < 100; k++) {
        const mid = 0.5 * (lo + hi);
        if (g(mid) > 0) lo = mid;
        else hi = mid;
      }
      return 0.5 * (lo + hi);
    }
    prevR = r;
  }
  return rMax;
}

/** A bank of canonical oscillators stepped with RK4; allocation-free per step. */
export class GrfnnBank {
  readonly frequenciesHz: Float64Array;
  readonly params: CanonicalParams;
  readonly coupling: InputCoupling;
  readonly inputGain: number;
  readonly timeScaled: boolean;
  /** Oscillator states. */
  readonly z: ComplexArray;
  private readonly k1: ComplexArray;
  private readonly k2: ComplexArray;
  private readonly k3: ComplexArray;
  private readonly k4: ComplexArray;
  private readonly tmp: ComplexArray;
  private readonly sqrtEps: number;

  constructor(options: GrfnnOptions) {
    const o = GrfnnOptionsSchema.parse(options);
    this.frequenciesHz = logFrequencies(o.lowHz, o.highHz, o.count);
    this.params = o.params;
    this.coupling = o.coupling;
    this.inputGain = o.inputGain;
    this.timeScaled = o.timeScaled;
    this.sqrtEps = Math.sqrt(o.params.epsilon);
    const n = o.count;
    this.z = complexArray(n);
    this.k1 = complexArray(n);
    this.k2 = complexArray(n);
    this.k3 = complexArray(n);
    this.k4 = complexArray(n);
    this.tmp = complexArray(n);
    this.reset();
  }

  /** Number of oscillators. */
  get size(): number {
    return this.frequenciesHz.length;
  }

  /** Sets every oscillator to amplitude r0 (default: a small seed 1e-4 on top of the spontaneous amplitude). */
  reset(r0 = Math.max(1e-4, spontaneousAmplitude(this.params))): void {
    this.z.re.fill(r0);
    this.z.im.fill(0);
  }

  /** The largest stimulus modulus the input nonlinearity can take (1/√ε, infinite for ε = 0). */
  get maxInputModulus(): number {
    return this.sqrtEps > 0 ? 1 / this.sqrtEps : Infinity;
  }

  /**
   * Advances all oscillators from t to t + h with the stimulus x0 at t, xm at t + h/2 and x1 at t + h.
   * @example
   * const bank = new GrfnnBank({ lowHz: 1, highHz: 4, count: 3, params: CANONICAL_REGIMES.critical });
   * bank.step(0.01, 0.1, 0, 0.1, 0, 0.1, 0);
   */
  step(h: number, x0r: number, x0i: number, xmr: number, xmi: number, x1r: number, x1i: number): void {
    const { z, k1, k2, k3, k4, tmp } = this;
    const n = this.size;
    this.rate(z, x0r, x0i, k1);
    for (let k = 0; k < n; k++) {
      tmp.re[k] = z.re[k]! + 0.5 * h * k1.re[k]!;
      tmp.im[k] = z.im[k]! + 0.5 * h * k1.im[k]!;
    }
    this.rate(tmp, xmr, xmi, k2);
    for (let k = 0; k < n; k++) {
      tmp.re[k] = z.re[k]! + 0.5 * h * k2.re[k]!;
      tmp.im[k] = z.im[k]! + 0.5 * h * k2.im[k]!;
    }
    this.rate(tmp, xmr, xmi, k3);
    for (let k = 0; k < n; k++) {
      tmp.re[k] = z.re[k]! + h * k3.re[k]!;
      tmp.im[k] = z.im[k]! + h * k3.im[k]!;
    }
    this.rate(tmp, x1r, x1i, k4);
    const h6 = h / 6;
    for (let k = 0; k < n; k++) {
      z.re[k] = z.re[k]! + h6 * (k1.re[k]! + 2 * k2.re[k]! + 2 * k3.re[k]! + k4.re[k]!);
      z.im[k] = z.im[k]! + h6 * (k1.im[k]! + 2 * k2.im[k]! + 2 * k3.im[k]! + k4.im[k]!);
    }
  }

  /** dz/dt for every oscillator at state `s` and stimulus x = xr + i·xi, into `out`. */
  private rate(s: ComplexArray, xr: number, xi: number, out: ComplexArray): void {
    const { alpha, beta1, beta2, delta1, delta2, epsilon } = this.params;
    const se = this.sqrtEps;
    const w = this.inputGain;
    // The passive nonlinearity depends on the stimulus only: computed once per stage.
    let pr = xr;
    let pi = xi;
    if (this.coupling === 'full' && se > 0) {
      // P = x / ((1 − √ε x)(1 − √ε x̄)) = x / |1 − √ε x|²  (the product of a number and its conjugate)
      const dr = 1 - se * xr;
      const di = se * xi;
      const m = dr * dr + di * di;
      pr = xr / m;
      pi = xi / m;
    }
    const active = this.coupling !== 'linear' && se > 0;
    const freqs = this.frequenciesHz;
    const scaled = this.timeScaled;
    for (let k = 0; k < freqs.length; k++) {
      const f = freqs[k]!;
      const sc = scaled ? f : 1;
      const zr = s.re[k]!;
      const zi = s.im[k]!;
      const r2 = zr * zr + zi * zi;
      let q = 0;
      if (epsilon !== 0) {
        const den = Math.max(POLE_GUARD, 1 - epsilon * r2);
        q = (epsilon * r2 * r2) / den;
      }
      const gr = sc * (alpha + beta1 * r2 + beta2 * q);
      const gi = TWO_PI * f + sc * (delta1 * r2 + delta2 * q);
      let ir = pr;
      let ii = pi;
      if (active) {
        // A = 1/(1 − √ε z̄), with 1 − √ε z̄ = (1 − √ε zr) + i·√ε zi
        const ar = 1 - se * zr;
        const ai = se * zi;
        const m = ar * ar + ai * ai;
        const invR = ar / m;
        const invI = -ai / m;
        ir = pr * invR - pi * invI;
        ii = pr * invI + pi * invR;
      }
      out.re[k] = zr * gr - zi * gi + sc * w * ir;
      out.im[k] = zr * gi + zi * gr + sc * w * ii;
    }
  }
}

/** What {@link runGrfnn} records: the oscillators' states every `every` samples, frame-major. */
export interface GrfnnRecord {
  frequenciesHz: Float64Array;
  /** Seconds per recorded frame. */
  frameSeconds: number;
  frames: number;
  /** Real and imaginary parts, index frame·N + oscillator. */
  re: Float32Array;
  im: Float32Array;
}

/** Options of {@link runGrfnn}. */
export interface RunGrfnnOptions {
  /** Record every n-th sample (default 1). */
  every?: number;
  /** Called with the fraction done, about 100 times per run. */
  onProgress?: (fraction: number) => void;
}

/**
 * Drives a bank with a sampled complex stimulus (one RK4 step of 1/sampleRateHz per sample) and records its
 * states. Refuses a stimulus that reaches the input nonlinearity's pole (|x| ≥ 1/√ε).
 * @example
 * const bank = new GrfnnBank({ lowHz: 0.5, highHz: 8, count: 30, params: CANONICAL_REGIMES.critical });
 * const onsets = Float64Array.from({ length: 500 }, (_, n) => (n % 50 === 0 ? 0.2 : 0)); // a click every 0.5 s at 100 Hz
 * const rec = runGrfnn(bank, analyticSignal(onsets), 100);
 */
export function runGrfnn(bank: GrfnnBank, input: ComplexArray, sampleRateHz: number, options: RunGrfnnOptions = {}): GrfnnRecord {
  const every = Math.max(1, Math.floor(options.every ?? 1));
  const n = input.re.length;
  const N = bank.size;
  if (bank.coupling !== 'linear') {
    const limit = bank.maxInputModulus;
    for (let i = 0; i < n; i++) {
      if (Math.hypot(input.re[i]!, input.im[i]!) >= limit) {
        throw new RangeError(`stimulus modulus reaches 1/√ε = ${limit.toFixed(3)} at sample ${i}: scale the input down`);
      }
    }
  }
  const frames = Math.ceil(n / every);
  const re = new Float32Array(frames * N);
  const im = new Float32Array(frames * N);
  const h = 1 / sampleRateHz;
  const progressEvery = Math.max(1, Math.floor(n / 100));
  for (let i = 0; i < n; i++) {
    if (i % every === 0) {
      const f = i / every;
      re.set(bank.z.re, f * N);
      im.set(bank.z.im, f * N);
    }
    const x0r = input.re[i]!;
    const x0i = input.im[i]!;
    const x1r = i + 1 < n ? input.re[i + 1]! : x0r;
    const x1i = i + 1 < n ? input.im[i + 1]! : x0i;
    bank.step(h, x0r, x0i, 0.5 * (x0r + x1r), 0.5 * (x0i + x1i), x1r, x1i);
    if (options.onProgress && i % progressEvery === 0) options.onProgress(i / n);
  }
  options.onProgress?.(1);
  return { frequenciesHz: Float64Array.from(bank.frequenciesHz), frameSeconds: every / sampleRateHz, frames, re, im };
}

/**
 * Mean amplitude |z| of each oscillator over the recorded frames [fromFrame, toFrame).
 * @example
 * const bank = new GrfnnBank({ lowHz: 0.5, highHz: 8, count: 9, params: CANONICAL_REGIMES.critical });
 * const rec = runGrfnn(bank, analyticSignal(Float64Array.from({ length: 400 }, (_, n) => (n % 50 === 0 ? 0.2 : 0))), 100);
 * const profile = meanAmplitude(rec, rec.frames >> 1); // the steady second half
 */
export function meanAmplitude(rec: GrfnnRecord, fromFrame = 0, toFrame = rec.frames): Float64Array {
  const N = rec.frequenciesHz.length;
  const out = new Float64Array(N);
  const a = Math.max(0, Math.min(rec.frames, fromFrame));
  const b = Math.max(a, Math.min(rec.frames, toFrame));
  for (let f = a; f < b; f++) {
    for (let k = 0; k < N; k++) {
      const re = rec.re[f * N + k]!;
      const im = rec.im[f * N + k]!;
      out[k] = out[k]! + Math.sqrt(re * re + im * im);
    }
  }
  const count = Math.max(1, b - a);
  for (let k = 0; k < N; k++) out[k] = out[k]! / count;
  return out;
}

/**
 * Amplitudes |z| as a frames × oscillators matrix (row-major by oscillator for {@link "neuromusic/report"!heatmapPng}: rows are
 * oscillators, columns frames).
 */
export function amplitudeMatrix(rec: GrfnnRecord): Float32Array {
  const N = rec.frequenciesHz.length;
  const out = new Float32Array(N * rec.frames);
  for (let f = 0; f < rec.frames; f++) {
    for (let k = 0; k < N; k++) {
      const re = rec.re[f * N + k]!;
      const im = rec.im[f * N + k]!;
      out[k * rec.frames + f] = Math.sqrt(re * re + im * im);
    }
  }
  return out;
}

/**
 * Instantaneous frequency (Hz) of oscillator k, averaged over frames [fromFrame, toFrame): the unwrapped
 * phase advance divided by the elapsed time. A mode-locked oscillator runs at the stimulus frequency, not at its
 * natural one, so this reads the stimulus frequency off the bank more finely than the frequency grid.
 */
export function entrainedFrequency(rec: GrfnnRecord, k: number, fromFrame = 0, toFrame = rec.frames): number {
  const N = rec.frequenciesHz.length;
  const a = Math.max(0, fromFrame);
  const b = Math.min(rec.frames, toFrame);
  if (b - a < 2) return NaN;
  let total = 0;
  let prev = Math.atan2(rec.im[a * N + k]!, rec.re[a * N + k]!);
  for (let f = a + 1; f < b; f++) {
    const ph = Math.atan2(rec.im[f * N + k]!, rec.re[f * N + k]!);
    let d = ph - prev;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    total += d;
    prev = ph;
  }
  return total / (2 * Math.PI * (b - 1 - a) * rec.frameSeconds);
}
