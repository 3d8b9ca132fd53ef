import { describe, expect, it } from 'vitest';
import { hopfLimitCycleRadius, hopfResonanceAmplitude, simulateHopf } from './hopf.js';

const lastRadius = (tr: { re: Float64Array; im: Float64Array }): number => Math.hypot(tr.re.at(-1)!, tr.im.at(-1)!);

describe('Hopf normal form', () => {
  it('settles on a limit cycle of radius √α above the bifurcation (β = −1)', () => {
    for (const alpha of [0.25, 0.5, 1, 2]) {
      for (const z0 of [[0.01, 0], [2, -1]] as [number, number][]) {
        const tr = simulateHopf({ alpha, frequencyHz: 1, durationSeconds: 60 / alpha, stepSeconds: 0.002, z0, every: 100 });
        expect(lastRadius(tr)).toBeCloseTo(Math.sqrt(alpha), 6);
      }
      expect(hopfLimitCycleRadius(alpha)).toBe(Math.sqrt(alpha));
    }
  });

  it('decays to rest below it, as e^{αt} while small', () => {
    const tr = simulateHopf({ alpha: -0.5, frequencyHz: 2, durationSeconds: 10, stepSeconds: 0.001, z0: [0.01, 0] });
    // |z| = 0.01·e^{−0.5·10} to first order (the cubic term is 1e-4 of the linear one)
    expect(lastRadius(tr)).toBeCloseTo(0.01 * Math.exp(-5), 7);
    expect(hopfLimitCycleRadius(-0.5)).toBe(0);
  });

  it('turns at ω + δ·r² on the limit cycle', () => {
    const tr = simulateHopf({ alpha: 1, delta: 2, frequencyHz: 1, durationSeconds: 40, stepSeconds: 0.001, z0: [1, 0] });
    const n = tr.t.length;
    const a = n - 1001;
    let turned = 0;
    for (let k = a + 1; k < n; k++) {
      let d = Math.atan2(tr.im[k]!, tr.re[k]!) - Math.atan2(tr.im[k - 1]!, tr.re[k - 1]!);
      d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
      turned += d;
    }
    expect(turned / (tr.t[n - 1]! - tr.t[a]!)).toBeCloseTo(2 * Math.PI + 2 * 1, 6);
  });

  it('follows the closed-form resonance curve under forcing', () => {
    // linear (β = 0): r = F/√(α² + Ω²); critical (α = 0, β = −1, on resonance): r = F^{1/3}
    expect(hopfResonanceAmplitude(-1, 0, 0.75, 0.2)).toBeCloseTo(0.2 / Math.hypot(1, 0.75), 12);
    expect(hopfResonanceAmplitude(0, -1, 0, 1e-3)).toBeCloseTo(0.1, 10);
    for (const [alpha, beta, fHz] of [[-1, 0, 2.1], [-0.5, -1, 1.9], [-0.2, -1, 2]] as const) {
      const F = 0.3;
      const tr = simulateHopf({ alpha, beta, frequencyHz: 2, forcing: F, forcingHz: fHz, durationSeconds: 80, stepSeconds: 0.002, every: 10 });
      const expected = hopfResonanceAmplitude(alpha, beta, 2 * Math.PI * (2 - fHz), F);
      expect(lastRadius(tr)).toBeCloseTo(expected, 4);
    }
  });
});
