import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random.js';
import { instantaneousFrequency, metronome, simulateAshle } from './ashle.js';
import { phaseLockingValue, phasesOf } from './plv.js';

const tail = (x: Float64Array, n: number): number => {
  let s = 0;
  for (let i = x.length - n; i < x.length; i++) s += x[i]!;
  return s / n;
};

describe('ASHLE', () => {
  it('without a stimulus both oscillators keep the spontaneous rate', () => {
    const run = simulateAshle({ params: { forcing: 0, spontaneousHz: 1.7 }, stimulus: metronome(3), durationSeconds: 20 });
    expect(run.motor.frequencyHz.at(-1)).toBeCloseTo(1.7, 6);
    expect(run.sensory.frequencyHz.at(-1)).toBeCloseTo(1.7, 6);
    // sensory: α = 1, β = −1 → |z| = 1. Motor: driven in phase by e^{i·arg z_s}, so ṙ = r − r³ + 1 = 0,
    // whose real root is the plastic number 1.32471795724…
    expect(Math.hypot(run.sensory.re.at(-1)!, run.sensory.im.at(-1)!)).toBeCloseTo(1, 6);
    expect(Math.hypot(run.motor.re.at(-1)!, run.motor.im.at(-1)!)).toBeCloseTo(1.324717957244746, 6);
  });

  it("the motor frequency converges to the metronome's", () => {
    // Seed defaults (f0 = 2 Hz, λ1 = 0.5, λ2 = 2, γ = 0.01), metronome 2.2 Hz for 20 s
    const run = simulateAshle({ stimulus: metronome(2.2), durationSeconds: 20 });
    const inst = instantaneousFrequency(run.motor.re, run.motor.im, 0.01);
    expect(tail(inst, 300)).toBeCloseTo(2.2, 3); // the motor oscillation runs at the metronome's rate
    const phases = phasesOf(run.motor.re, run.motor.im);
    const clicks = phasesOf(run.stimulus.re, run.stimulus.im);
    expect(phaseLockingValue(phases, clicks, { from: phases.length - 500 })).toBeGreaterThan(0.999);
    // with elasticity the learned natural frequency stays between f0 and the metronome
    const fm = run.motor.frequencyHz.at(-1)!;
    expect(fm).toBeGreaterThan(2.05);
    expect(fm).toBeLessThan(2.2);
    // without elasticity (λ2 = 0, γ = 0) Hebbian learning carries it all the way
    const free = simulateAshle({ params: { lambda1: 4, lambda2: 0, gamma: 0 }, stimulus: metronome(2.4), durationSeconds: 40 });
    expect(free.motor.frequencyHz.at(-1)).toBeCloseTo(2.4, 2);
  });

  it('is reproducible with motor noise from a seed', () => {
    const a = simulateAshle({ params: { motorNoise: 0.5 }, stimulus: metronome(2.2), durationSeconds: 2, random: createRandom(7) });
    const b = simulateAshle({ params: { motorNoise: 0.5 }, stimulus: metronome(2.2), durationSeconds: 2, random: createRandom(7) });
    expect(Array.from(a.motor.re)).toEqual(Array.from(b.motor.re));
    expect(() => simulateAshle({ params: { motorNoise: 0.5 }, stimulus: metronome(2), durationSeconds: 1 })).toThrow(/seeded/);
  });
});
