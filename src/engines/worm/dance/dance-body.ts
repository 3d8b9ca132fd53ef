/**
 * The physical dance's figures (path, displacement, speed, the body's own behaviour) and its thinned trajectory,
 * computed frame by frame — from a recording ({@link bodyFigures}) or while the body runs without one
 * ({@link DanceBodyTracker}, what `neuromusic dance` does so that memory does not grow with the piece).
 */
import { BEHAVIOURS, type Behaviour } from '../model/behaviour.js';
import type { WormEngine } from '../model/engine.js';
import { allocateRecording, finishRecording, recordFrame, type WormRecording } from '../model/simulate.js';

/** What the physical dance did. */
export interface DanceBodyFigures {
  /** Length of the centroid's path (mm), frame to frame. */
  pathMm: number;
  /** Straight distance from the first centroid to the last (mm). */
  netDisplacementMm: number;
  meanSpeedMmPerS: number;
  /** Share of the frames the body's own kinematics classify as each behaviour. */
  behaviour: Record<Behaviour, number>;
}

/**
 * Accumulates {@link DanceBodyFigures} one frame at a time, in frame order; the same arithmetic in the same order
 * whether the frames come from a recording or a running engine, so both give the same figures to the last bit.
 * @example
 * const rec = simulateWorm({ seconds: 2 });
 * const acc = new BodyFiguresAccumulator(rec.frames);
 * for (let f = 0; f < rec.frames; f++) acc.add(rec.centroidX[f], rec.centroidY[f], rec.times[f], rec.behaviour[f]);
 * acc.figures().pathMm;
 */
export class BodyFiguresAccumulator {
  private readonly share: number;
  private readonly shares = Object.fromEntries(BEHAVIOURS.map((x) => [x, 0])) as Record<Behaviour, number>;
  private path = 0;
  private count = 0;
  /** First and last centroid (x, y) and time. */
  private readonly ends = new Float64Array(6);

  constructor(frames: number) {
    this.share = 1 / frames;
  }

  add(centroidX: number, centroidY: number, time: number, behaviour: Behaviour): void {
    const e = this.ends;
    if (this.count === 0) {
      e[0] = centroidX;
      e[1] = centroidY;
      e[2] = time;
    } else this.path += Math.hypot(centroidX - e[3]!, centroidY - e[4]!);
    e[3] = centroidX;
    e[4] = centroidY;
    e[5] = time;
    this.shares[behaviour] += this.share;
    this.count++;
  }

  figures(): DanceBodyFigures {
    const e = this.ends;
    const duration = e[5]! - e[2]!;
    return {
      pathMm: this.path,
      netDisplacementMm: Math.hypot(e[3]! - e[0]!, e[4]! - e[1]!),
      meanSpeedMmPerS: duration > 0 ? this.path / duration : 0,
      behaviour: { ...this.shares },
    };
  }
}

/**
 * The figures of a recorded physical dance.
 * @example
 * bodyFigures(danceToPiece(score).body!).meanSpeedMmPerS;
 */
export function bodyFigures(rec: WormRecording): DanceBodyFigures {
  const acc = new BodyFiguresAccumulator(rec.frames);
  for (let f = 0; f < rec.frames; f++) acc.add(rec.centroidX[f]!, rec.centroidY[f]!, rec.times[f]!, rec.behaviour[f]!);
  return acc.figures();
}

/** Frames of the thinned trajectory the report draws (about; at least this many unless the run is shorter). */
export const TRAJECTORY_FRAMES = 1500;

/**
 * Follows the physical dance as it runs without keeping its recording: the {@link DanceBodyFigures} from every
 * frame, and a recording of every `stride`-th frame (about {@link TRAJECTORY_FRAMES} frames, the resolution the
 * report's trajectory plot draws at) — bounded memory whatever the length.
 * @example
 * const d = danceToPiece(score, { physical: false });
 * const tracker = new DanceBodyTracker();
 * streamWorm(physicalDanceRun(d), { start: (e, n, rate) => tracker.start(e, n, rate), frame: (f, e) => tracker.frame(f, e) });
 * const { figures, trajectory } = tracker.end();
 */
export class DanceBodyTracker {
  private acc: BodyFiguresAccumulator | undefined;
  private rec: WormRecording | undefined;
  private stride = 1;
  private t0 = 0;

  start(engine: WormEngine, frames: number, frameRate: number): void {
    this.acc = new BodyFiguresAccumulator(frames);
    this.stride = Math.max(1, Math.floor(frames / TRAJECTORY_FRAMES));
    this.rec = allocateRecording(engine, Math.ceil(frames / this.stride), frameRate / this.stride);
    this.t0 = performance.now();
  }

  frame(f: number, engine: WormEngine): void {
    const s = engine.state;
    this.acc!.add(s.centroidX, s.centroidY, engine.time, s.behaviour);
    if (f % this.stride === 0) recordFrame(this.rec!, f / this.stride, engine);
  }

  end(): { figures: DanceBodyFigures; trajectory: { recording: WormRecording; stride: number } } {
    if (!this.acc || !this.rec) throw new RangeError('DanceBodyTracker.start must be called before the run');
    finishRecording(this.rec, this.t0);
    return { figures: this.acc.figures(), trajectory: { recording: this.rec, stride: this.stride } };
  }
}
