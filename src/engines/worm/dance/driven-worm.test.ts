import { describe, expect, it } from 'vitest';
import { driveWorm, DRIVEN_CURVATURE_RANGE } from './driven-worm.js';
import { danceToPiece, waveActivations } from './dance.js';
import { neuralScores } from './neural-scores.js';
import { musicDrive } from './music-drive.js';
import { headDorsal } from './body-wave.js';
import { simulateWorm } from '../model/simulate.js';
import { undulationSpectrum } from '../model/analysis.js';
import { flatMatrix, maxAbsDifference } from '../../../math/flat-matrix.js';
import { lstsq } from '../../../math/least-squares.js';
import { createScore } from '../../../score/ops.js';

// Eight seconds of a two-voice piece: bass notes and a melody, loud and soft bars.
const score = createScore(
  Array.from({ length: 32 }, (_, i) => [
    { onset: i * 0.25, duration: 0.24, pitch: 60 + ((i * 5) % 12), velocity: i % 8 < 4 ? 0.9 : 0.4, voice: 0 },
    ...(i % 4 === 0 ? [{ onset: i * 0.25, duration: 0.9, pitch: 36 + (i % 3) * 5, velocity: 0.8, voice: 1 }] : []),
  ]).flat(),
);

describe('the driven worm as the dance keeps it', () => {
  const dt = 0.02;
  const drive = musicDrive(score, { frameRate: 1 / dt });
  const options = { seconds: 8, frameRate: 1 / dt, command: drive.drive, params: { environment: { medium: 1 }, numerics: { bodyEvery: 2 } } };
  const full = simulateWorm(options);
  const T = full.frames - 1; // the piece's frames: the run has one more
  const lean = driveWorm(options, T);

  it('holds the same neurons and mid-body curvature as a full recording', () => {
    expect(lean.frames).toBe(full.frames);
    expect(Array.from(lean.neurons)).toEqual(Array.from(full.neurons));
    const kept = Array.from(full.curvaturePositions).flatMap((s, i) => (s >= DRIVEN_CURVATURE_RANGE[0] && s <= DRIVEN_CURVATURE_RANGE[1] ? [i] : []));
    expect(Array.from(lean.curvaturePositions)).toEqual(kept.map((i) => full.curvaturePositions[i]!));
    const stride = full.rods - 2;
    for (const f of [0, 37, full.frames - 1]) for (let p = 0; p < kept.length; p++) expect(lean.curvature[f * kept.length + p]).toBe(full.curvature[f * stride + kept[p]!]);
    expect(undulationSpectrum(lean, { fromS: 2 }).peakHz).toBeCloseTo(undulationSpectrum(full, { fromS: 2 }).peakHz, 12);
  });

  it("sums the muscles' moments and their products with the motor neurons over the piece's frames", () => {
    const nm = full.muscleNames.length;
    const motor = full.motorNeurons.map((m) => m.index);
    expect(lean.muscles.frames).toBe(T);
    let worstMean = 0;
    let worstSq = 0;
    let worstCross = 0;
    let scale = 0;
    for (let m = 0; m < nm; m++) {
      let mean = 0;
      for (let t = 0; t < T; t++) mean += full.muscles[m * full.frames + t]! / T;
      let sq = 0;
      for (let t = 0; t < T; t++) sq += (full.muscles[m * full.frames + t]! - mean) ** 2;
      worstMean = Math.max(worstMean, Math.abs(mean - lean.muscles.mean[m]!));
      worstSq = Math.max(worstSq, Math.abs(sq - lean.muscles.sumSquares[m]!) / Math.max(1e-12, sq));
      for (let j = 0; j < motor.length; j++) {
        let xm = 0;
        for (let t = 0; t < T; t++) xm += full.neurons[t * full.neuronNames.length + motor[j]!]! / T;
        let c = 0;
        for (let t = 0; t < T; t++) c += (full.neurons[t * full.neuronNames.length + motor[j]!]! - xm) * (full.muscles[m * full.frames + t]! - mean);
        worstCross = Math.max(worstCross, Math.abs(c - lean.muscles.motorCross.data[j * nm + m]!));
        scale = Math.max(scale, Math.abs(c));
      }
    }
    // The full recording holds single-precision values; the sums here are of the double-precision state.
    expect(worstMean).toBeLessThan(1e-6);
    expect(worstSq).toBeLessThan(1e-4);
    expect(worstCross / scale).toBeLessThan(1e-4);
  });

  it("gives the dance the neural → muscle map that lstsq on the whole recording gives", () => {
    const d = danceToPiece(score, { physical: false, kMax: 4 });
    expect(d.frames).toBe(T);
    const motor = full.motorNeurons.map((m) => m.index);
    const X = flatMatrix(T, motor.length);
    for (let t = 0; t < T; t++) for (let c = 0; c < motor.length; c++) X.data[t * motor.length + c] = full.neurons[t * full.neuronNames.length + motor[c]!]!;
    const z = neuralScores(X, 4).scores;
    const V = flatMatrix(T, 95);
    for (let t = 0; t < T; t++) for (let m = 0; m < 95; m++) V.data[t * 95 + m] = full.muscles[m * full.frames + t]!;
    const direct = lstsq(z, V);
    expect(maxAbsDifference(d.map.W, direct.solution) / Math.max(...Array.from(direct.solution.data, Math.abs))).toBeLessThan(1e-4);
    expect(d.map.conditionNumber).toBeCloseTo(direct.conditionNumber, 6);
    let rss = 0;
    let tss = 0;
    for (let m = 0; m < 95; m++) {
      let mean = 0;
      for (let t = 0; t < T; t++) mean += V.data[t * 95 + m]! / T;
      for (let t = 0; t < T; t++) tss += (V.data[t * 95 + m]! - mean) ** 2;
      rss += direct.residualSumOfSquares[m]! - T * mean * mean; // Z·W has zero mean: the means are not its to explain
    }
    expect(d.map.rSquared).toBeCloseTo(1 - rss / tss, 5);
  });

  it("computes the wave's activations from its parameters: they give the head's dorsal bend the dance steered by", () => {
    const d = danceToPiece(score, { physical: false, kMax: 4 });
    const row = new Float64Array(95);
    const smooth = 1 - Math.exp(-d.frameSeconds * d.wave.undulationHz);
    let head = 0;
    let worst = 0;
    for (let f = 0; f < d.frames; f++) {
      const { headDL, headDR } = headDorsal(waveActivations(d.wave, f, row));
      head += smooth * (headDL - headDR - head);
      worst = Math.max(worst, Math.abs(head - d.wave.headDifference[f]!));
    }
    expect(worst).toBeLessThan(1e-5); // single-precision parameters and trace
    expect(Math.max(...Array.from(d.wave.headDifference, Math.abs))).toBeGreaterThan(1e-3); // a trace to compare, not zeros
    expect(() => waveActivations(d.wave, d.frames, row)).toThrow(/outside the dance's/);
  });
});
