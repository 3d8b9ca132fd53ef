/**
 * The Lorenz system (Lorenz 1963, J Atmos Sci 20:130), the Neural Duet's melodist:
 *
 *   ẋ = σ(y − x),   ẏ = x(ρ − z) − y,   ż = xy − βz
 *
 * With σ = 10, ρ = 28, β = 8/3 trajectories settle on the butterfly attractor around the two equilibria
 * (±√(β(ρ − 1)), ±√(β(ρ − 1)), ρ − 1). Integration: RK4 with a fixed step (DedAI-Neurodynamics uses dt = 0.02).
 */
import { Rk4 } from '../math/ode.js';
import { LorenzParamsSchema, type LorenzParams } from './params.js';

/** A Lorenz trajectory, one entry per step (the initial point first). */
export interface LorenzTrajectory {
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  stepSeconds: number;
}

/**
 * Integrates the Lorenz system for `steps` RK4 steps of `stepSeconds`.
 * @example
 * const tr = simulateLorenz({ steps: 5000, stepSeconds: 0.01 }); // from (1, 1, 1)
 */
export function simulateLorenz(options: {
  params?: Partial<LorenzParams>;
  steps: number;
  stepSeconds?: number;
  initial?: [number, number, number];
}): LorenzTrajectory {
  const { sigma, rho, beta } = LorenzParamsSchema.parse(options.params ?? {});
  const h = options.stepSeconds ?? 0.02;
  if (!(h > 0 && h <= 0.05)) throw new RangeError(`Lorenz step must be in (0, 0.05], got ${h}`);
  const n = Math.max(0, Math.floor(options.steps)) + 1;
  const stepper = new Rk4(3, (_t, s, d) => {
    d[0] = sigma * (s[1]! - s[0]!);
    d[1] = s[0]! * (rho - s[2]!) - s[1]!;
    d[2] = s[0]! * s[1]! - beta * s[2]!;
  });
  const s = Float64Array.from(options.initial ?? [1, 1, 1]);
  const out: LorenzTrajectory = { x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n), stepSeconds: h };
  for (let i = 0; i < n; i++) {
    out.x[i] = s[0]!;
    out.y[i] = s[1]!;
    out.z[i] = s[2]!;
    if (i + 1 < n) stepper.step(i * h, s, h);
  }
  return out;
}

/**
 * The two non-trivial equilibria C± = (±√(β(ρ − 1)), ±√(β(ρ − 1)), ρ − 1), for ρ > 1.
 * @example
 * lorenzEquilibria(); // → [[8.485, 8.485, 27], [−8.485, −8.485, 27]]
 */
export function lorenzEquilibria(params: Partial<LorenzParams> = {}): [number, number, number][] {
  const { rho, beta } = LorenzParamsSchema.parse(params);
  if (rho <= 1) return [];
  const c = Math.sqrt(beta * (rho - 1));
  return [[c, c, rho - 1], [-c, -c, rho - 1]];
}
