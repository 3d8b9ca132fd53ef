import { describe, expect, it } from 'vitest';
import { hopfLimitCycleRadius, hopfResonanceAmplitude, simulateHopf } from 'neuromusic/dynamics';
import { attractors, bifurcationBranch, regimeName, steadyAmplitudes } from './hopf-curves.js';

describe('the Hopf curves the Resonance view draws', () => {
  it('supercritical: the branch is √(−α/β1), all stable, and matches the library', () => {
    const p = { alpha: 0.5, beta1: -1, beta2: 0, epsilon: 0 };
    for (const b of bifurcationBranch(p, 50)) {
      expect(b.stable).toBe(true);
      expect(b.r).toBeCloseTo(hopfLimitCycleRadius(b.alpha, -1), 9);
    }
    expect(attractors(p)[0]).toBeCloseTo(Math.sqrt(0.5), 6);
    expect(regimeName(p)).toBe('supercritical, a limit cycle');
  });

  it('subcritical with β2 < 0: a double limit cycle for α between the fold and 0, confirmed by integration', () => {
    const p = { alpha: -0.1, beta1: 1, beta2: -1, epsilon: 1 };
    const stable = attractors(p);
    expect(stable).toHaveLength(2);
    expect(stable[1]).toBe(0);
    expect(regimeName(p)).toMatch(/double limit cycle/);
    // The large cycle attracts a trajectory started above the unstable one (β2 = −1, ε = 1 as a Taylor-free check:
    // integrate dr/dt = r G(r) directly).
    let r = 0.9;
    for (let k = 0; k < 20000; k++) r += 0.001 * r * (p.alpha + p.beta1 * r * r + (p.epsilon * p.beta2 * r ** 4) / (1 - p.epsilon * r * r));
    expect(r).toBeCloseTo(stable[0]!, 4);
    // Below the fold only rest remains.
    expect(attractors({ ...p, alpha: -0.5 })).toEqual([0]);
  });

  it('the resonance curve: one root matching the closed form for α ≤ 0, β ≤ 0, and the driven simulation', () => {
    const p = { alpha: -0.2, beta1: -1, beta2: 0, epsilon: 0 };
    for (const detuning of [0, 0.5, 2]) {
      const roots = steadyAmplitudes(p, detuning, 0.3);
      expect(roots).toHaveLength(1);
      expect(roots[0]).toBeCloseTo(hopfResonanceAmplitude(-0.2, -1, detuning, 0.3), 8);
    }
    const run = simulateHopf({ alpha: -0.2, beta: -1, frequencyHz: 1, forcing: 0.3, forcingHz: 1, durationSeconds: 60, stepSeconds: 0.002 });
    expect(Math.hypot(run.re.at(-1)!, run.im.at(-1)!)).toBeCloseTo(steadyAmplitudes(p, 0, 0.3)[0]!, 3);
  });

  it('a bistable oscillator forced weakly near resonance has several steady amplitudes (hysteresis)', () => {
    const p = { alpha: -0.1, beta1: 1, beta2: -1, epsilon: 1 };
    const roots = steadyAmplitudes(p, 0.005, 0.005);
    // One small response near rest, and a pair straddling each free limit cycle (unstable and stable).
    expect(roots).toHaveLength(5);
    const free = bifurcationBranch(p, 4000).filter((b) => Math.abs(b.alpha - p.alpha) < 2e-3).map((b) => b.r);
    expect(roots[0]!).toBeLessThan(0.1);
    expect(Math.min(...free)).toBeGreaterThan(roots[1]!);
    expect(Math.min(...free)).toBeLessThan(roots[2]!);
  });
});
