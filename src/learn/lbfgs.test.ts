import { describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { lbfgs, type Objective } from './lbfgs.js';
import { Adam } from './adam.js';
import { createRandom } from '../math/random.js';

const rosenbrock: Objective = (x, g) => {
  const a = x[0]!;
  const b = x[1]!;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('L-BFGS', () => {
  it('solves a convex quadratic: the minimiser of ½xᵀAx − bᵀx is A⁻¹b (closed form by LU in ml-matrix)', () => {
    const rng = createRandom(1);
    const n = 30;
    const B = Matrix.from1DArray(n, n, Array.from({ length: n * n }, () => rng.normal()));
    const A = B.transpose().mmul(B).add(Matrix.eye(n).mul(0.5)); // SPD, condition number in the hundreds
    const b = Array.from({ length: n }, () => rng.normal());
    const quad: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += A.get(i, j) * x[j]!;
        g[i] = ax - b[i]!;
        f += 0.5 * x[i]! * ax - b[i]! * x[i]!;
      }
      return f;
    };
    const r = lbfgs(quad, new Float64Array(n), { maxIterations: 500, gradientTolerance: 1e-7, functionTolerance: 0 });
    const exact = solve(A, Matrix.columnVector(b)).to1DArray();
    expect(r.stop).toBe('gradient');
    for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(exact[i]!, 5);
    // A quadratic in n dimensions: far fewer iterations than plain gradient descent would need.
    expect(r.iterations).toBeLessThan(150);
  });

  it('finds the minimum of Rosenbrock’s valley at (1, 1)', () => {
    const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-9 });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.value).toBeLessThan(1e-12);
    // The history never goes up (every accepted step satisfies sufficient decrease).
    for (let i = 1; i < r.history.length; i++) expect(r.history[i]!).toBeLessThanOrEqual(r.history[i - 1]!);
  });

  it('accepts only steps that satisfy the strong Wolfe conditions', () => {
    // Record every evaluation; after each iteration, check the accepted point against the previous one.
    const c1 = 1e-4;
    const c2 = 0.9;
    const points: Array<{ x: Float64Array; f: number; g: Float64Array }> = [];
    const recorded: Objective = (x, g) => {
      const f = rosenbrock(x, g);
      points.push({ x: Float64Array.from(x), f, g: Float64Array.from(g) });
      return f;
    };
    const accepted: Array<{ x: Float64Array; f: number; g: Float64Array }> = [];
    lbfgs(recorded, Float64Array.of(-1.2, 1), {
      c1,
      c2,
      maxIterations: 30,
      onIteration: () => accepted.push(points[points.length - 1]!),
    });
    for (let k = 1; k < accepted.length; k++) {
      const a = accepted[k - 1]!;
      const b = accepted[k]!;
      const s = [b.x[0]! - a.x[0]!, b.x[1]! - a.x[1]!];
      const d0 = a.g[0]! * s[0]! + a.g[1]! * s[1]!; // α φ'(0)
      const d1 = b.g[0]! * s[0]! + b.g[1]! * s[1]!; // α φ'(α)
      expect(d0).toBeLessThan(0);
      expect(b.f).toBeLessThanOrEqual(a.f + c1 * d0 + 1e-15);
      expect(Math.abs(d1)).toBeLessThanOrEqual(c2 * Math.abs(d0) + 1e-15);
    }
  });

  it('stops on its iteration budget and refuses bad constants', () => {
    expect(lbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 3 })).toMatchObject({ iterations: 3, stop: 'iterations' });
    expect(() => lbfgs(rosenbrock, [0, 0], { c1: 0.9, c2: 0.1 })).toThrow(/c1 < c2/);
    expect(() => lbfgs(() => NaN, [0])).toThrow(/not finite/);
  });
});

describe('Adam', () => {
  it('moves each parameter by the learning rate on its first step (bias correction, Kingma & Ba Alg. 1)', () => {
    // After one step m̂ = g and v̂ = g², so the update is lr · g / (|g| + ε) ≈ lr · sign(g).
    const opt = new Adam(3, { learningRate: 0.01 });
    const x = Float64Array.of(1, 2, 3);
    opt.step(x, [4, -0.5, 1e-3]);
    expect(x[0]).toBeCloseTo(1 - 0.01, 9);
    expect(x[1]).toBeCloseTo(2 + 0.01, 9);
    expect(x[2]).toBeCloseTo(3 - (0.01 * 1e-3) / (1e-3 + 1e-8), 12);
    expect(opt.steps).toBe(1);
  });

  it('minimises a quadratic and refuses mismatched sizes', () => {
    const opt = new Adam(2, { learningRate: 0.05 });
    const x = Float64Array.of(3, -2);
    for (let i = 0; i < 2000; i++) opt.step(x, [2 * (x[0]! - 1), 8 * (x[1]! + 0.5)]);
    expect(x[0]).toBeCloseTo(1, 3);
    expect(x[1]).toBeCloseTo(-0.5, 3);
    expect(() => opt.step(x, [1])).toThrow(/2 parameters/);
  });
});
