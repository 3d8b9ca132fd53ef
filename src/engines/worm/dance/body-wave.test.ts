import { describe, expect, it } from 'vitest';
import { BODY_WALL_MUSCLES, muscleIndex } from '../model/anatomy.js';
import { BILATERAL_OFFSET_RAD, bodyWaveActivations, DANCE_BEHAVIOURS, headDorsal, HEAD_SEGMENTS, navigate, type BodyWaveFrame } from './body-wave.js';
import { simulateWorm } from '../model/simulate.js';
import { headingChange } from '../model/analysis.js';

const at = (q: string, segment: number): number => muscleIndex(`${q[0]!.toLowerCase()}BWM${q[1]}${segment + 1}`);
const wave = (frame: Partial<BodyWaveFrame>, clip = false): Float64Array =>
  bodyWaveActivations({ amplitude: 0.7, phase: 0, dorsoventralBias: 0, leftRight: 0, ...frame }, new Float64Array(BODY_WALL_MUSCLES.length), undefined, clip);
const phases = Array.from({ length: 48 }, (_, i) => (i * 2 * Math.PI) / 48);

describe('the body wave from the piano modes', () => {
  it('follows the published formula: dorsal in phase, ventral in antiphase, head → tail, right lagging by ε', () => {
    const A = 0.6;
    const mus = wave({ amplitude: A, phase: 0.3 });
    for (const s of [0, 5, 23]) {
      const theta = 0.3 + (s * 2 * Math.PI) / 24;
      expect(mus[at('DL', s)]).toBeCloseTo((A * (1 + Math.sin(theta))) / 2, 12);
      expect(mus[at('DR', s)]).toBeCloseTo((A * (1 + Math.sin(theta + 0.05))) / 2, 12);
      expect(mus[at('VR', s)]).toBeCloseTo((A * (1 - Math.sin(theta + 0.05))) / 2, 12);
    }
    expect(BILATERAL_OFFSET_RAD).toBe(0.05);
  });

  it('DL + VL is constant whatever the wave\'s phase (the published cancellation proof, numerically)', () => {
    for (const leftRight of [0, 0.3]) {
      for (const dorsoventralBias of [0, 0.2]) {
        for (const phase of phases) {
          const mus = wave({ phase, leftRight, dorsoventralBias });
          // (DL + VL)/2 = (1 + ℓ)·A/2 at every segment: the sines cancel, and so do the bias and the head steering.
          for (let s = 0; s < 23; s++) expect((mus[at('DL', s)]! + mus[at('VL', s)]!) / 2).toBeCloseTo(((1 + leftRight) * 0.7) / 2, 12);
        }
      }
    }
  });

  it('so a left average against a right average carries nothing when the sides differ only by ε, while headDL − headDR does', () => {
    for (const phase of phases) {
      const mus = wave({ phase });
      let left = 0;
      let right = 0;
      for (let s = 0; s < 23; s++) {
        left += mus[at('DL', s)]! + mus[at('VL', s)]!;
        right += mus[at('DR', s)]! + mus[at('VR', s)]!;
      }
      expect(left - right).toBeCloseTo(0, 12);
      // sin x − sin(x + ε) = −2 sin(ε/2) cos(x + ε/2): the head difference is the ε-term, alive but swinging with the wave.
      let expected = 0;
      for (let s = 0; s < HEAD_SEGMENTS; s++) expected += (-0.7 * Math.sin(0.025) * Math.cos(phase + (s * 2 * Math.PI) / 24 + 0.025)) / HEAD_SEGMENTS;
      const { headDL, headDR } = headDorsal(mus);
      expect(headDL - headDR).toBeCloseTo(expected, 12);
    }
  });

  it('headDL vs headDR carries the left/right offset with its sign at every phase', () => {
    for (const phase of phases) {
      const left = headDorsal(wave({ phase, leftRight: 0.3 }));
      const right = headDorsal(wave({ phase, leftRight: -0.3 }));
      expect(left.headDL - left.headDR).toBeGreaterThan(0);
      expect(right.headDL - right.headDR).toBeLessThan(0);
    }
  });

  it('keeps activations in [0, 1] when clipping', () => {
    const mus = wave({ amplitude: 1, leftRight: 1, dorsoventralBias: 1 }, true);
    for (const a of mus) {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(1);
    }
  });

  it('reaches every behaviour', () => {
    const reached = new Set([
      navigate(0, 0.02, 1),
      navigate(0, 0.7, -1),
      navigate(headDorsal(wave({ leftRight: 0.4 })).headDL - headDorsal(wave({ leftRight: 0.4 })).headDR, 0.7, 1),
      navigate(headDorsal(wave({ leftRight: -0.4 })).headDL - headDorsal(wave({ leftRight: -0.4 })).headDR, 0.7, 1),
      navigate(0, 0.7, 1),
    ]);
    expect([...reached].sort()).toEqual([...DANCE_BEHAVIOURS].sort());
  });

  it('moves the body model: the wave pushes it head first, the reversed wave tail first, and ℓ steers it', () => {
    const dance = (hz: number, leftRight: number) =>
      simulateWorm({ seconds: 12, frameRate: 25, params: { environment: { medium: 1 } }, muscles: (t, out) => bodyWaveActivations({ amplitude: 0.8, phase: -2 * Math.PI * hz * t, dorsoventralBias: 0, leftRight }, out) });
    const displacementAlongStart = (rec: ReturnType<typeof dance>): number => rec.centroidX[rec.frames - 1]! - rec.centroidX[0]!;
    // The body starts straight along +x with its head at x = 0 and its tail at +1 mm: head first means toward −x.
    expect(displacementAlongStart(dance(0.5, 0))).toBeLessThan(-0.2);
    expect(displacementAlongStart(dance(-0.5, 0))).toBeGreaterThan(0.2);
    const left = headingChange(dance(0.5, 0.4), { fromS: 2 });
    const right = headingChange(dance(0.5, -0.4), { fromS: 2 });
    expect(left).toBeGreaterThan(right + 0.3);
  });
});
