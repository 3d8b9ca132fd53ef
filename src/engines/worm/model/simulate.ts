/**
 * Offline runs: step a {@link WormEngine} for a given time and record every observable at a fixed frame rate —
 * the body midline, the curvature kymograph, the 95 muscle activations, every neuron's activity, the centroid, the
 * behaviour and the command. Memory grows with frames × (rods + muscles + neurons); 10 minutes at 25 frames/s of
 * the 12-unit circuit is about 30 MB. {@link streamWorm} runs the same frames without recording them, for outputs
 * that can be computed or written as the run goes (memory then stays that of the engine).
 */
import { BODY_WALL_MUSCLES } from './anatomy.js';
import type { Behaviour } from './behaviour.js';
import { scheduleDrive, type CommandSchedule } from './command.js';
import { WormEngine, type DriveFunction } from './engine.js';
import type { MotorCircuit } from './motor-circuit.js';
import type { WormParams, WormParamsInput } from './params.js';

/** Everything an offline run recorded. Matrices are flat Float32Arrays, row-major. */
export interface WormRecording {
  params: WormParams;
  circuitDescription: string;
  /** The command script, when one drove the run. */
  commandText?: string;
  frameRate: number;
  frames: number;
  /** Frame times (s). */
  times: Float64Array;
  rods: number;
  /** Midline points (rod centres, head first), frames × rods (mm). */
  midlineX: Float32Array;
  midlineY: Float32Array;
  /** Curvature at the rods' interior points, frames × (rods − 2) (1/mm; positive = bent toward the dorsal side). */
  curvature: Float32Array;
  /** Position of each curvature point along the body (0 head … 1 tail). */
  curvaturePositions: Float64Array;
  muscleNames: readonly string[];
  /** Muscle activations, 95 × frames (a row per muscle). */
  muscles: Float32Array;
  neuronNames: readonly string[];
  /** Neuron outputs, frames × neurons (a row per frame, for PCA). */
  neurons: Float32Array;
  /** Centroid (mm) and its velocity (mm/s, central differences). */
  centroidX: Float64Array;
  centroidY: Float64Array;
  centroidVelocityX: Float64Array;
  centroidVelocityY: Float64Array;
  /** Ventral-cord motor neurons: column in `neurons`, class, position along the body (0 head … 1 tail). */
  motorNeurons: Array<{ index: number; cls: string; position: number }>;
  behaviour: Behaviour[];
  /** Command input per frame. */
  driveForward: Float32Array;
  driveBackward: Float32Array;
  driveTurn: Float32Array;
  /** Wall-clock seconds the simulation took (not counting recording setup). */
  wallSeconds: number;
}

export interface SimulateOptions {
  params?: WormParamsInput;
  circuit?: MotorCircuit;
  seconds: number;
  /** Frames per second recorded (default 25). */
  frameRate?: number;
  /** A parsed command script or a drive function; constant forward when omitted. */
  command?: CommandSchedule | DriveFunction;
  /**
   * Drives the body directly instead of the nervous system: called at each frame's start time to write the 95
   * activations held over that frame (BODY_WALL_MUSCLES order). The circuit is paused meanwhile (its recorded
   * activity holds), as {@link WormEngine.setExternalMuscles} with `nervousSystem: 'pause'`.
   */
  muscles?: (time: number, out: Float64Array) => void;
  /** Called with the fraction done, at most ~100 times. */
  onProgress?: (fraction: number) => void;
}

/**
 * Runs the worm offline.
 * @example
 * const rec = simulateWorm({ seconds: 10, params: { environment: { medium: 1 } },
 *   command: parseCommandScript('forward 6s, reverse 4s') });
 * rec.muscles.length; // 95 × rec.frames
 */
export function simulateWorm(options: SimulateOptions): WormRecording {
  let rec: WormRecording | undefined;
  const run = streamWorm(options, {
    start(engine, frames, frameRate) {
      rec = allocateRecording(engine, frames, frameRate, options.command && typeof options.command !== 'function' ? options.command.text : undefined);
    },
    frame: (f, engine) => recordFrame(rec!, f, engine),
  });
  finishRecording(rec!, 0);
  rec!.wallSeconds = run.wallSeconds;
  options.onProgress?.(1);
  return rec!;
}

/** Receives a streamed run ({@link streamWorm}): its size once the engine exists, then every frame as it is reached. */
export interface WormFrameSink {
  /** Called once before the first frame, with the run's frame count and actual frame rate (frames/s). */
  start?(engine: WormEngine, frames: number, frameRate: number): void;
  /** Frame `f` has just been reached: `engine.state` holds it (read it now: the next step overwrites it). */
  frame(f: number, engine: WormEngine): void;
}

/** What a streamed run reports at its end. */
export interface WormRunInfo {
  frames: number;
  frameRate: number;
  /** Wall-clock seconds the stepping took (sink included). */
  wallSeconds: number;
}

/**
 * Runs the worm offline like {@link simulateWorm}, but hands each frame to `sink` instead of recording it: the
 * engine's state is all the run keeps, so memory does not grow with the length of the run (what the sink keeps is
 * its own). {@link simulateWorm} is this with a sink that records every frame; the notes of `compose --engine worm`
 * and the physical dance's WCON are written from the stream. `onProgress` is called up to ~100 times but not at
 * the end (the caller's work may go on).
 * @example
 * let peak = 0;
 * const run = streamWorm({ seconds: 5 }, { frame: (f, engine) => { peak = Math.max(peak, engine.state.muscleActivation[0]!); } });
 * run.frames; // → 126 — 5 s at 25 frames/s and the first frame
 */
export function streamWorm(options: SimulateOptions, sink: WormFrameSink): WormRunInfo {
  const seconds = options.seconds;
  if (!(seconds > 0 && Number.isFinite(seconds))) throw new RangeError(`seconds must be positive, got ${seconds}`);
  const frameRate = options.frameRate ?? 25;
  if (!(frameRate > 0 && frameRate <= 1000)) throw new RangeError(`frame rate must lie in (0, 1000], got ${frameRate}`);
  const cmd = options.command;
  const drive = typeof cmd === 'function' ? cmd : cmd ? scheduleDrive(cmd) : undefined;
  const engine = new WormEngine({ params: options.params ?? {}, ...(options.circuit ? { circuit: options.circuit } : {}), ...(drive ? { drive } : {}) });
  const stepsPerFrame = Math.max(1, Math.round(1 / (frameRate * engine.stepS)));
  const actualRate = 1 / (stepsPerFrame * engine.stepS);
  const frames = Math.floor(seconds * actualRate + 1e-9) + 1;
  sink.start?.(engine, frames, actualRate);
  const t0 = performance.now();
  const progressEvery = Math.max(1, Math.floor(frames / 100));
  const external = options.muscles ? new Float64Array(BODY_WALL_MUSCLES.length) : undefined;
  if (external) {
    options.muscles!(0, external);
    engine.setExternalMuscles(external, { nervousSystem: 'pause' });
  }
  for (let f = 0; f < frames; f++) {
    // The muscles of the frame that ends now are those set at its start (frame f − 1).
    if (external && f > 1) options.muscles!(engine.time, external);
    const s = f === 0 ? engine.advance(0) : engine.advance(stepsPerFrame);
    sink.frame(f, engine);
    if (!Number.isFinite(s.centroidX) || !Number.isFinite(s.centroidY)) {
      throw new RangeError(`worm simulation became non-finite at t = ${engine.time.toFixed(3)} s`);
    }
    if (options.onProgress && f % progressEvery === 0) options.onProgress(f / frames);
  }
  return { frames, frameRate: actualRate, wallSeconds: (performance.now() - t0) / 1000 };
}

/**
 * An empty recording of `frames` frames for the engine's body, muscles and neurons, filled by {@link recordFrame}
 * and closed by {@link finishRecording} — how {@link simulateWorm} records, for runs stepped elsewhere (the studio).
 * @example
 * const engine = new WormEngine(); const t0 = performance.now();
 * const rec = allocateRecording(engine, 251, 25);
 * for (let f = 0; f < 251; f++) { engine.advance(f === 0 ? 0 : 20); recordFrame(rec, f, engine); }
 * finishRecording(rec, t0);
 */
export function allocateRecording(engine: WormEngine, frames: number, frameRate: number, commandText?: string): WormRecording {
  const rods = engine.body.rods;
  return {
    params: engine.params,
    circuitDescription: engine.circuit.description,
    ...(commandText !== undefined ? { commandText } : {}),
    frameRate,
    frames,
    times: new Float64Array(frames),
    rods,
    midlineX: new Float32Array(frames * rods),
    midlineY: new Float32Array(frames * rods),
    curvature: new Float32Array(frames * (rods - 2)),
    curvaturePositions: Float64Array.from({ length: rods - 2 }, (_, i) => (i + 1) / (rods - 1)),
    muscleNames: engine.muscleNames,
    muscles: new Float32Array(engine.muscleNames.length * frames),
    neuronNames: engine.neuronNames,
    neurons: new Float32Array(frames * engine.neuronNames.length),
    centroidX: new Float64Array(frames),
    centroidY: new Float64Array(frames),
    centroidVelocityX: new Float64Array(frames),
    centroidVelocityY: new Float64Array(frames),
    motorNeurons: engine.circuit.motorNeurons.map((m) => ({ index: m.unit, cls: m.cls, position: m.position })),
    behaviour: new Array<Behaviour>(frames),
    driveForward: new Float32Array(frames),
    driveBackward: new Float32Array(frames),
    driveTurn: new Float32Array(frames),
    wallSeconds: 0,
  };
}

/** Writes the engine's current state (midline, curvature, muscles, neurons, centroid, behaviour, drive) as frame f. */
export function recordFrame(rec: WormRecording, f: number, engine: WormEngine): void {
  const s = engine.state;
  const rods = rec.rods;
  const segmentMm = (engine.params.body.lengthM * 1e3) / engine.body.segments;
  rec.times[f] = engine.time;
  rec.midlineX.set(s.midlineX, f * rods);
  rec.midlineY.set(s.midlineY, f * rods);
  midlineCurvature(s.midlineX, s.midlineY, segmentMm, rec.curvature, f * (rods - 2));
  for (let m = 0; m < rec.muscleNames.length; m++) rec.muscles[m * rec.frames + f] = s.muscleActivation[m]!;
  rec.neurons.set(s.neuronActivity, f * rec.neuronNames.length);
  rec.centroidX[f] = s.centroidX;
  rec.centroidY[f] = s.centroidY;
  rec.behaviour[f] = s.behaviour;
  rec.driveForward[f] = engine.drive.forward;
  rec.driveBackward[f] = engine.drive.backward;
  rec.driveTurn[f] = engine.drive.turn;
}

/** Closes a recording: the wall time since `t0` (performance.now()) and the centroid's velocity by central differences. */
export function finishRecording(rec: WormRecording, t0: number): void {
  rec.wallSeconds = (performance.now() - t0) / 1000;
  const frames = rec.frames;
  for (let f = 0; f < frames; f++) {
    const a = Math.max(0, f - 1);
    const b = Math.min(frames - 1, f + 1);
    const dt = rec.times[b]! - rec.times[a]!;
    rec.centroidVelocityX[f] = dt > 0 ? (rec.centroidX[b]! - rec.centroidX[a]!) / dt : 0;
    rec.centroidVelocityY[f] = dt > 0 ? (rec.centroidY[b]! - rec.centroidY[a]!) / dt : 0;
  }
}

/**
 * Signed curvature at the interior points of a polyline with equal spacing `spacing`: the turning angle between
 * consecutive pieces divided by the spacing (1/length unit). Writes n − 2 values at `offset`. The worm's dorsal side
 * lies to the left of the head-to-tail direction (the body starts along +x with its dorsal side toward +y), so a
 * bend toward the dorsal side is a left turn of the midline: positive curvature.
 */
export function midlineCurvature(x: ArrayLike<number>, y: ArrayLike<number>, spacing: number, out: Float32Array | Float64Array, offset = 0): void {
  const n = x.length;
  for (let i = 1; i < n - 1; i++) {
    const ax = x[i]! - x[i - 1]!;
    const ay = y[i]! - y[i - 1]!;
    const bx = x[i + 1]! - x[i]!;
    const by = y[i + 1]! - y[i]!;
    out[offset + i - 1] = Math.atan2(ax * by - ay * bx, ax * bx + ay * by) / spacing;
  }
}
