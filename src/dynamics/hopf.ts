/**
 * The Hopf normal form, the simplest oscillator with a bifurcation from rest to a limit cycle (Strogatz 2015,
 * §8.2; Large 2010, eq. 1):
 *
 *   dz/dt = z(α + iω + (β + iδ)|z|²) + F·e^{iω_F t}
 *
 * For β < 0 it is supercritical: below α = 0 every trajectory spirals into z = 0, above it onto a circle of
 * radius √(−α/β) travelled at ω + δα/(−β). Under forcing at detuning Ω = ω − ω_F (δ = 0) the steady 1:1
 * response amplitude solves (αr + βr³)² + (Ωr)² = F² (derived in docs/design/dynamics.md).
 * Integration: RK4 with the step given in the options.
 */
import { Rk4 } from '../math/ode.js';

const TWO_PI = 2 * Math.PI;

/** Options of {@link simulateHopf}. */
export interface HopfOptions {
  alpha: number;
  beta?: number;
  delta?: number;
  /** Natural frequency f, ω = 2πf. */
  frequencyHz: number;
  /** Forcing amplitude F (0 = free oscillator). */
  forcing?: number;
  forcingHz?: number;
  z0?: [number, number];
  durationSeconds: number;
  /** RK4 step (s). */
  stepSeconds: number;
  /** Keep every n-th step (default 1). */
  every?: number;
}

/** A simulated trajectory. */
export interface HopfTrajectory {
  t: Float64Array;
  re: Float64Array;
  im: Float64Array;
}

/**
 * Integrates the forced Hopf normal form with RK4.
 * @example
 * const tr = simulateHopf({ alpha: 1, frequencyHz: 1, durationSeconds: 20, stepSeconds: 0.005 });
 * // |z| → √(−α/β) = 1
 */
export function simulateHopf(o: HopfOptions): HopfTrajectory {
  const beta = o.beta ?? -1;
  const delta = o.delta ?? 0;
  const F = o.forcing ?? 0;
  const wF = TWO_PI * (o.forcingHz ?? 0);
  const w = TWO_PI * o.frequencyHz;
  const { alpha } = o;
  const stepper = new Rk4(2, (t, y, d) => {
    const x = y[0]!;
    const v = y[1]!;
    const r2 = x * x + v * v;
    const gr = alpha + beta * r2;
    const gi = w + delta * r2;
    d[0] = x * gr - v * gi + F * Math.cos(wF * t);
    d[1] = x * gi + v * gr + F * Math.sin(wF * t);
  });
  const steps = Math.round(o.durationSeconds / o.stepSeconds);
  const every = Math.max(1, Math.floor(o.every ?? 1));
  const kept = Math.floor(steps / every) + 1;
  const out: HopfTrajectory = { t: new Float64Array(kept), re: new Float64Array(kept), im: new Float64Array(kept) };
  const y = Float64Array.of(o.z0?.[0] ?? 0.01, o.z0?.[1] ?? 0);
  for (let i = 0, j = 0; i <= steps; i++) {
    if (i % every === 0 && j < kept) {
      out.t[j] = i * o.stepSeconds;
      out.re[j] = y[0]!;
      out.im[j] = y[1]!;
      j++;
    }
    if (i < steps) stepper.step(i * o.stepSeconds, y, o.stepSeconds);
  }
  return out;
}

/**
 * Radius of the Hopf limit cycle: √(−α/β) when α > 0 and β < 0, else 0 (the origin attracts).
 * @example
 * hopfLimitCycleRadius(0.5, -1); // √0.5
 */
export function hopfLimitCycleRadius(alpha: number, beta = -1): number {
  return alpha > 0 && beta < 0 ? Math.sqrt(-alpha / beta) : 0;
}

/**
 * Steady 1:1 response amplitude of the forced Hopf oscillator (δ = 0): the root r ≥ 0 of
 * (αr + βr³)² + (Ωr)² = F², Ω = 2π(f − f_F). Unique when α ≤ 0 and β ≤ 0 (the left side then grows with r).
 * @example
 * hopfResonanceAmplitude(-1, 0, 0, 0.5); // linear, on resonance: F/|α| = 0.5
 */
export function hopfResonanceAmplitude(alpha: number, beta: number, detuningRadPerSecond: number, forcing: number): number {
  if (alpha > 0 || beta > 0) throw new RangeError('the closed-form resonance curve is single-valued only for α ≤ 0 and β ≤ 0');
  const W = detuningRadPerSecond;
  const lhs = (r: number): number => (alpha * r + beta * r * r * r) ** 2 + (W * r) ** 2;
  let hi = 1;
  while (lhs(hi) < forcing * forcing) hi *= 2;
  let lo = 0;
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (lhs(mid) < forcing * forcing) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
