/**
 * The worm driven by the piece, kept as lean as the dance's analysis allows: the dance needs its neurons (Z_worm is
 * the principal components of the motor neurons; the command interneurons set the wave's direction; the studio
 * shows the circuit), the curvature of its mid-body (the undulation frequency) and, of its 95 muscles, only the
 * products that W = lstsq(Z_worm, V_mus) and its R² are made of. Those are summed as the run streams past, so the
 * muscles, the midline and the centroid are never held for the whole piece: about 0.5 kB per 20-ms frame instead of
 * 3 kB (a full recording and the copies the map was computed from).
 *
 * Z_worm = (X − 1x̄ᵀ)·C (X the motor neurons, C their components), so
 * Z_wormᵀ·(V − 1v̄ᵀ) = Cᵀ·Σ_t (x_t − x̄)(v_t − v̄)ᵀ: the motor neurons' covariance with the muscles, summed here,
 * gives the map's right-hand side once C is known ({@link lstsqFromCrossProducts}).
 */
import { flatMatrix, type FlatMatrix } from '../../../math/flat-matrix.js';
import { midlineCurvature, streamWorm, type SimulateOptions } from '../model/simulate.js';

/** Body points whose curvature is kept: the mid-body, where the undulation spectrum is measured. */
export const DRIVEN_CURVATURE_RANGE: readonly [number, number] = [0.2, 0.8];

/** The muscles of a run, summarised as they streamed past. */
export interface MuscleMoments {
  /** Frames summed. */
  frames: number;
  /** Mean activation of each muscle. */
  mean: Float64Array;
  /** Σ_t (v_m(t) − v̄_m)² of each muscle. */
  sumSquares: Float64Array;
  /** Σ_t (x_j(t) − x̄_j)(v_m(t) − v̄_m): motor neurons (in `motorNeurons` order) × muscles. */
  motorCross: FlatMatrix;
}

/** The driven worm as the dance keeps it. */
export interface DrivenWorm {
  frameRate: number;
  frames: number;
  neuronNames: readonly string[];
  /** Neuron outputs, frames × neurons (a row per frame). */
  neurons: Float32Array;
  /** Ventral-cord motor neurons: column in `neurons`, class, position along the body (0 head … 1 tail). */
  motorNeurons: Array<{ index: number; cls: string; position: number }>;
  /** Curvature at the mid-body points (1/mm), frames × points, and the points' positions along the body. */
  curvature: Float32Array;
  curvaturePositions: Float64Array;
  muscleNames: readonly string[];
  muscles: MuscleMoments;
  /** Wall-clock seconds the simulation took. */
  wallSeconds: number;
}

/**
 * Runs the worm (as {@link simulateWorm} would) and keeps what the dance needs of it; the muscle moments sum the
 * first `momentFrames` frames (all by default: a run of s seconds has one frame more than the piece's s/dt frames).
 * @example
 * const w = driveWorm({ seconds: 4, frameRate: 50 });
 * w.neurons.length === w.frames * w.neuronNames.length; // → true
 */
export function driveWorm(options: SimulateOptions, momentFrames = Infinity): DrivenWorm {
  let out: DrivenWorm | undefined;
  let motor: number[] = [];
  let points: number[] = [];
  let curvatureRow = new Float32Array(0);
  let segmentMm = 0;
  // Sums about the first frame's values (the shifted-data algorithm: no cancellation when the means are large).
  let x0 = new Float64Array(0);
  let v0 = new Float64Array(0);
  let sumX = new Float64Array(0);
  let sumV = new Float64Array(0);
  let sumVV = new Float64Array(0);
  let sumXV = new Float64Array(0);
  let dx = new Float64Array(0);
  const run = streamWorm(options, {
    start(engine, frames, frameRate) {
      const rods = engine.body.rods;
      const positions = Array.from({ length: rods - 2 }, (_, i) => (i + 1) / (rods - 1));
      points = positions.flatMap((s, i) => (s >= DRIVEN_CURVATURE_RANGE[0] && s <= DRIVEN_CURVATURE_RANGE[1] ? [i] : []));
      curvatureRow = new Float32Array(rods - 2);
      segmentMm = (engine.params.body.lengthM * 1e3) / engine.body.segments;
      const motorNeurons = engine.circuit.motorNeurons.map((m) => ({ index: m.unit, cls: m.cls, position: m.position }));
      motor = motorNeurons.map((m) => m.index);
      const nMuscles = engine.muscleNames.length;
      x0 = new Float64Array(motor.length);
      v0 = new Float64Array(nMuscles);
      sumX = new Float64Array(motor.length);
      sumV = new Float64Array(nMuscles);
      sumVV = new Float64Array(nMuscles);
      sumXV = new Float64Array(motor.length * nMuscles);
      dx = new Float64Array(motor.length);
      out = {
        frameRate,
        frames,
        neuronNames: engine.neuronNames,
        neurons: new Float32Array(frames * engine.neuronNames.length),
        motorNeurons,
        curvature: new Float32Array(frames * points.length),
        curvaturePositions: Float64Array.from(points, (i) => positions[i]!),
        muscleNames: engine.muscleNames,
        muscles: { frames: Math.min(frames, momentFrames), mean: new Float64Array(nMuscles), sumSquares: new Float64Array(nMuscles), motorCross: flatMatrix(motor.length, nMuscles) },
        wallSeconds: 0,
      };
    },
    frame(f, engine) {
      const w = out!;
      const s = engine.state;
      w.neurons.set(s.neuronActivity, f * w.neuronNames.length);
      midlineCurvature(s.midlineX, s.midlineY, segmentMm, curvatureRow);
      for (let p = 0; p < points.length; p++) w.curvature[f * points.length + p] = curvatureRow[points[p]!]!;
      if (f >= w.muscles.frames) return;
      const v = s.muscleActivation;
      const nMuscles = v.length;
      if (f === 0) {
        for (let j = 0; j < motor.length; j++) x0[j] = s.neuronActivity[motor[j]!]!;
        v0.set(v);
      }
      for (let j = 0; j < motor.length; j++) {
        dx[j] = s.neuronActivity[motor[j]!]! - x0[j]!;
        sumX[j] += dx[j]!;
      }
      for (let m = 0; m < nMuscles; m++) {
        const d = v[m]! - v0[m]!;
        sumV[m] += d;
        sumVV[m] += d * d;
      }
      for (let j = 0; j < motor.length; j++) {
        const a = dx[j]!;
        if (a === 0) continue;
        const base = j * nMuscles;
        for (let m = 0; m < nMuscles; m++) sumXV[base + m] += a * (v[m]! - v0[m]!);
      }
    },
  });
  const w = out!;
  const T = w.muscles.frames;
  const nMuscles = w.muscleNames.length;
  for (let m = 0; m < nMuscles; m++) {
    w.muscles.mean[m] = v0[m]! + sumV[m]! / T;
    w.muscles.sumSquares[m] = Math.max(0, sumVV[m]! - (sumV[m]! * sumV[m]!) / T);
  }
  for (let j = 0; j < motor.length; j++) {
    for (let m = 0; m < nMuscles; m++) w.muscles.motorCross.data[j * nMuscles + m] = sumXV[j * nMuscles + m]! - (sumX[j]! * sumV[m]!) / T;
  }
  w.wallSeconds = run.wallSeconds;
  options.onProgress?.(1);
  return w;
}
