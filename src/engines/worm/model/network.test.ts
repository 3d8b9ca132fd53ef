import { describe, expect, it } from 'vitest';
import { GradedNetwork, type UnitSpec } from './network.js';

const unit = (over: Partial<UnitSpec> = {}): UnitSpec => ({ name: 'u', tauS: 0.02, threshold: 0.5, gain: 10, selfWeight: 0, bias: 0, ...over });

describe('GradedNetwork', () => {
  it('relaxes a unit toward its input with the closed form y(t) = I(1 − e^(−t/τ))', () => {
    const net = new GradedNetwork({ units: [unit()], chemical: [], gap: [] });
    net.input[0] = 0.8;
    for (let k = 1; k <= 50; k++) {
      net.step(0.001);
      expect(net.potential[0]).toBeCloseTo(0.8 * (1 - Math.exp(-(k * 0.001) / 0.02)), 12);
    }
  });

  it('couples two units by a gap junction: their difference decays at (1 + 2g)/τ', () => {
    const g = 0.7;
    const net = new GradedNetwork({ units: [unit(), unit()], chemical: [], gap: [{ a: 0, b: 1, conductance: g }] });
    net.setPotentials([1, -1]);
    // Exponential Euler freezes the partner over a step; the continuous closed form holds to O(h).
    const h = 1e-5;
    for (let k = 0; k < 1000; k++) net.step(h);
    const t = 1000 * h;
    const diff = net.potential[0]! - net.potential[1]!;
    expect(diff).toBeCloseTo(2 * Math.exp((-(1 + 2 * g) * t) / 0.02), 3);
    expect(net.potential[0]! + net.potential[1]!).toBeCloseTo(0, 12);
  });

  it('makes a unit bistable with self-excitation: ON above θ, OFF below θ − w (BBC hysteresis)', () => {
    // For a steep output the equilibria are y = I (OFF, needs I < θ) and y = I + w (ON, needs I + w > θ).
    const theta = 0.75;
    const w = 0.5;
    const net = new GradedNetwork({ units: [unit({ threshold: theta, selfWeight: w, gain: 200, tauS: 0.005 })], chemical: [], gap: [] });
    const settle = (input: number): boolean => {
      net.input[0] = input;
      for (let k = 0; k < 400; k++) net.step(0.0005);
      return net.output[0]! > 0.5;
    };
    expect(settle(0.7)).toBe(false);
    expect(settle(0.8)).toBe(true); // crossed θ
    expect(settle(0.3)).toBe(true); // still above θ − w: hysteresis
    expect(settle(0.2)).toBe(false); // below θ − w
    expect(settle(0.7)).toBe(false);
  });

  it('sums signed chemical synapses from the presynaptic outputs', () => {
    const net = new GradedNetwork({
      units: [unit({ name: 'a', gain: 1000, threshold: 0 }), unit({ name: 'b' })],
      chemical: [{ pre: 0, post: 1, weight: -0.6 }],
      gap: [],
    });
    net.setPotentials([1, 0]); // a's output ≈ 1
    net.input[0] = 1;
    for (let k = 0; k < 2000; k++) net.step(0.001);
    expect(net.potential[1]).toBeCloseTo(-0.6, 6);
    expect(net.indexOf('b')).toBe(1);
  });

  it('refuses bad specifications', () => {
    expect(() => new GradedNetwork({ units: [unit({ tauS: 0 })], chemical: [], gap: [] })).toThrow(/time constant/);
    expect(() => new GradedNetwork({ units: [unit()], chemical: [{ pre: 0, post: 3, weight: 1 }], gap: [] })).toThrow(/out of range/);
    expect(() => new GradedNetwork({ units: [unit(), unit()], chemical: [], gap: [{ a: 0, b: 1, conductance: -1 }] })).toThrow(/conductance/);
  });
});
