/** Step 9b's body equation: fitted constants against a closed-form damped, driven oscillator. */
import { describe, expect, it } from 'vitest';
import { bodyOdeResidual, fitBodyOde } from './worm-piece.js';

describe('the body ODE of step 9b', () => {
  it('recovers γ, ω², α and β of q″ + 2γq′ + ω²q = αF + β from a simulated trajectory', () => {
    // Integrated finely (RK4 at 1 ms) and sampled every 50 ms, as the progression's frames are.
    const gamma = 0.4, omega2 = (2 * Math.PI * 0.8) ** 2, alpha = 3, beta = 0.5, h = 0.05;
    const force = (t: number): number => 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.3 * t) * Math.sin(2 * Math.PI * 1.7 * t);
    const f = (t: number, q: number, v: number): [number, number] => [v, alpha * force(t) + beta - 2 * gamma * v - omega2 * q];
    const frames = 1200;
    const q = new Float64Array(frames);
    const F = new Float64Array(frames);
    let x = 0.3, v = 0, t = 0;
    const dt = 0.001;
    for (let k = 0; k < frames; k++) {
      q[k] = x;
      F[k] = force(t);
      for (let s = 0; s < 50; s++) {
        const [a1, b1] = f(t, x, v);
        const [a2, b2] = f(t + dt / 2, x + (dt / 2) * a1, v + (dt / 2) * b1);
        const [a3, b3] = f(t + dt / 2, x + (dt / 2) * a2, v + (dt / 2) * b2);
        const [a4, b4] = f(t + dt, x + dt * a3, v + dt * b3);
        x += (dt / 6) * (a1 + 2 * a2 + 2 * a3 + a4);
        v += (dt / 6) * (b1 + 2 * b2 + 2 * b3 + b4);
        t += dt;
      }
    }
    const fit = fitBodyOde(q, F, h);
    // Central differences at 50 ms bias the constants by O(h²ω²) ≈ 2 %: the tolerance says so.
    expect(Math.abs(fit.omegaSquared / omega2 - 1)).toBeLessThan(0.03);
    expect(Math.abs(fit.gamma / gamma - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.alpha / alpha - 1)).toBeLessThan(0.05);
    const residual = bodyOdeResidual(q, F, h, fit);
    const rms = (a: Float64Array): number => Math.sqrt(a.reduce((s, z) => s + z * z, 0) / a.length);
    const d2 = Float64Array.from(q, (_, i) => (i > 0 && i < frames - 1 ? (q[i + 1]! - 2 * q[i]! + q[i - 1]!) / (h * h) : 0));
    // The equation explains the motion: the residual is a small fraction of the acceleration it accounts for.
    expect(rms(residual.subarray(1, -1))).toBeLessThan(0.05 * rms(d2.subarray(1, -1)));
  });

  it('leaves a large residual where the motion is not the oscillator\'s', () => {
    const h = 0.05;
    const q = Float64Array.from({ length: 600 }, (_, t) => ((t * 7919) % 101) / 101 - 0.5); // no dynamics at all
    const fit = fitBodyOde(q, new Float64Array(600), h);
    const r = bodyOdeResidual(q, new Float64Array(600), h, fit);
    expect(Math.max(...r.map(Math.abs))).toBeGreaterThan(100);
  });

  it('refuses too short a span', () => {
    expect(() => fitBodyOde([1, 2, 3], [0, 0, 0], 0.05)).toThrow(/too few frames \(3\)/);
  });
});
