/**
 * ASHLE — Adaptive Synchronization with Hebbian Learning and Elasticity (Roman, Roman, Kim & Large 2023, PLoS
 * Comput Biol 19:e1011154, eqs. 3a–3d): a sensory oscillator z_s that listens to the stimulus x, and a motor
 * oscillator z_m (the "tapping" one) driven by the sensory oscillator's phase. Both learn their frequency from
 * the phase of what drives them (Hebbian term, rate λ1); the motor frequency is pulled back to the spontaneous
 * rate f0 (elasticity λ2) and the sensory frequency toward the motor one (γ):
 *
 *   ż_s = f_s[z_s(α + i2π + β|z_s|²) + F·x(t)]
 *   ḟ_s = f_s[−λ1·Re(i·F·x·z̄_s/|z_s|) − γ(e^{(f_s − f_m)/f_m} − 1)]
 *   ż_m = f_m[z_m(α + i2π + β|z_m|²) + e^{i·arg z_s}]
 *   ḟ_m = f_m[−λ1·Re(i·e^{i·arg z_s}·z̄_m/|z_m|) − λ2(e^{(f_m − f0)/f0} − 1)]
 *
 * Re(i·x·z̄/|z|) = −|x|·sin(θ_x − φ_z): the Hebbian term speeds an oscillator up when its input leads it.
 * Integration: RK4 with a fixed step (default 1 ms); optional motor noise is added after each step as complex
 * white noise of standard deviation σ·√h (Euler–Maruyama splitting), drawn from the seeded generator.
 */
import { Rk4 } from '../math/ode.js';
import type { Random } from '../math/random.js';
import { AshleParamsSchema, type AshleParams } from './params.js';

const TWO_PI = 2 * Math.PI;

/** The stimulus: writes x(t) into out[0] (real) and out[1] (imaginary). */
export type ComplexStimulus = (t: number, out: Float64Array) => void;

/**
 * A metronome as the ASHLE paper models it: a unit complex sinusoid e^{i2πft} (its real part peaks on the clicks).
 * @example
 * const x = metronome(2.2); // 132 bpm
 */
export function metronome(frequencyHz: number, startSeconds = 0): ComplexStimulus {
  const w = TWO_PI * frequencyHz;
  return (t, out) => {
    if (t < startSeconds) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    out[0] = Math.cos(w * t);
    out[1] = Math.sin(w * t);
  };
}

/** Options of {@link simulateAshle}. */
export interface AshleRunOptions {
  params?: Partial<AshleParams>;
  stimulus: ComplexStimulus;
  durationSeconds: number;
  /** RK4 step, seconds (default 0.001). */
  stepSeconds?: number;
  /** Keep every n-th step (default 10: 100 samples per second at the default step). */
  every?: number;
  /** Needed when params.motorNoise > 0. */
  random?: Random;
  /** Initial states (defaults z = 0.01 + 0i, both frequencies f0). */
  initial?: { zs?: [number, number]; zm?: [number, number]; fs?: number; fm?: number };
}

/** An ASHLE run: states and frequencies at the kept times, plus the stimulus there. */
export interface AshleTrace {
  t: Float64Array;
  sensory: { re: Float64Array; im: Float64Array; frequencyHz: Float64Array };
  motor: { re: Float64Array; im: Float64Array; frequencyHz: Float64Array };
  stimulus: { re: Float64Array; im: Float64Array };
  params: AshleParams;
}

/**
 * Simulates ASHLE driven by a stimulus.
 * @example
 * const run = simulateAshle({ stimulus: metronome(2.2), durationSeconds: 20 });
 * run.motor.frequencyHz.at(-1); // learned motor frequency, between f0 = 2 and 2.2 Hz
 */
export function simulateAshle(options: AshleRunOptions): AshleTrace {
  const p = AshleParamsSchema.parse(options.params ?? {});
  const h = options.stepSeconds ?? 0.001;
  if (!(h > 0 && h <= 0.01)) throw new RangeError(`ASHLE step must be in (0, 0.01] s, got ${h}`);
  if (!(options.durationSeconds > 0)) throw new RangeError('durationSeconds must be positive');
  if (p.motorNoise > 0 && !options.random) throw new RangeError('motor noise needs a seeded random generator');
  const x = new Float64Array(2);
  const { alpha, beta, lambda1, lambda2, gamma, forcing: F, spontaneousHz: f0 } = p;
  const stim = options.stimulus;
  // y = [zs_re, zs_im, f_s, zm_re, zm_im, f_m]
  const stepper = new Rk4(6, (t, y, d) => {
    stim(t, x);
    const sr = y[0]!;
    const si = y[1]!;
    const fs = y[2]!;
    const mr = y[3]!;
    const mi = y[4]!;
    const fm = y[5]!;
    const xr = F * x[0]!;
    const xi = F * x[1]!;
    // sensory oscillator
    const rs2 = sr * sr + si * si;
    const rs = Math.sqrt(rs2) || 1e-300;
    const gs = alpha + beta * rs2;
    d[0] = fs * (sr * gs - si * TWO_PI + xr);
    d[1] = fs * (sr * TWO_PI + si * gs + xi);
    // Re(i·x·z̄/|z|) = −Im(x·z̄)/|z| = −(xi·sr − xr·si)/|z|
    const hebbS = -(xi * sr - xr * si) / rs;
    d[2] = fs * (-lambda1 * hebbS - gamma * (Math.exp((fs - fm) / fm) - 1));
    // motor oscillator, driven by the sensory phase e^{i arg z_s}
    const ur = sr / rs;
    const ui = si / rs;
    const rm2 = mr * mr + mi * mi;
    const rm = Math.sqrt(rm2) || 1e-300;
    const gm = alpha + beta * rm2;
    d[3] = fm * (mr * gm - mi * TWO_PI + ur);
    d[4] = fm * (mr * TWO_PI + mi * gm + ui);
    const hebbM = -(ui * mr - ur * mi) / rm;
    d[5] = fm * (-lambda1 * hebbM - lambda2 * (Math.exp((fm - f0) / f0) - 1));
  });
  const init = options.initial ?? {};
  const y = Float64Array.of(
    init.zs?.[0] ?? 0.01, init.zs?.[1] ?? 0, init.fs ?? f0,
    init.zm?.[0] ?? 0.01, init.zm?.[1] ?? 0, init.fm ?? f0,
  );
  const steps = Math.round(options.durationSeconds / h);
  const every = Math.max(1, Math.floor(options.every ?? 10));
  const kept = Math.floor(steps / every) + 1;
  const arr = (): Float64Array => new Float64Array(kept);
  const trace: AshleTrace = {
    t: arr(),
    sensory: { re: arr(), im: arr(), frequencyHz: arr() },
    motor: { re: arr(), im: arr(), frequencyHz: arr() },
    stimulus: { re: arr(), im: arr() },
    params: p,
  };
  const noise = p.motorNoise * Math.sqrt(h);
  for (let i = 0, j = 0; i <= steps; i++) {
    const t = i * h;
    if (i % every === 0 && j < kept) {
      stim(t, x);
      trace.t[j] = t;
      trace.sensory.re[j] = y[0]!;
      trace.sensory.im[j] = y[1]!;
      trace.sensory.frequencyHz[j] = y[2]!;
      trace.motor.re[j] = y[3]!;
      trace.motor.im[j] = y[4]!;
      trace.motor.frequencyHz[j] = y[5]!;
      trace.stimulus.re[j] = x[0]!;
      trace.stimulus.im[j] = x[1]!;
      j++;
    }
    if (i === steps) break;
    stepper.step(t, y, h);
    if (noise > 0) {
      y[3] = y[3]! + noise * options.random!.normal();
      y[4] = y[4]! + noise * options.random!.normal();
    }
    if (!Number.isFinite(y[2]!) || !Number.isFinite(y[5]!) || y[2]! <= 0 || y[5]! <= 0) {
      throw new RangeError(`ASHLE diverged at t = ${t.toFixed(3)} s: reduce the step or the learning rates`);
    }
  }
  return trace;
}

/**
 * Instantaneous frequency (Hz) of a sampled complex signal from its unwrapped phase, by central differences.
 * @example
 * const run = simulateAshle({ stimulus: metronome(2), durationSeconds: 2 });
 * instantaneousFrequency(run.motor.re, run.motor.im, 0.01); // Hz, one value per sample
 */
export function instantaneousFrequency(re: ArrayLike<number>, im: ArrayLike<number>, sampleSeconds: number): Float64Array {
  const n = re.length;
  const out = new Float64Array(n);
  if (n < 2) return out;
  const dphi = (a: number, b: number): number => {
    let d = Math.atan2(im[b]!, re[b]!) - Math.atan2(im[a]!, re[a]!);
    d -= TWO_PI * Math.round(d / TWO_PI);
    return d;
  };
  for (let k = 0; k < n; k++) {
    const a = Math.max(0, k - 1);
    const b = Math.min(n - 1, k + 1);
    out[k] = dphi(a, b) / (TWO_PI * (b - a) * sampleSeconds);
  }
  return out;
}
