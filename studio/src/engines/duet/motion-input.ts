/**
 * The camera's motion samples as the duet engine records them: each takes effect at the engine time where the
 * worker was scheduling when it arrived (the transport runs the engine a lookahead ahead of the playhead, so that is
 * the soonest it can be heard). Kept outside the checkpoints, like the twin's state commands: the run is a function
 * of the seed, the inputs and these samples, so a seek back or an export re-runs the same music.
 *
 *   page: camera frame → MotionTracker → [frame, energy, envelope, height] ─live-input─► worker
 *   worker: MotionSchedule.add(run time, …) ─► DuetRun applies it at that time ─► DuetEngine.setLiveInput(envelope, height)
 */
import { DUET_MOTION_FIELDS } from './messages.js';

export class MotionSchedule {
  /** Engine seconds at which each sample takes effect, non-decreasing. */
  readonly times: number[] = [];
  /** The camera frame number of each sample (−1: the camera was switched off there). */
  readonly frames: number[] = [];
  /** Raw motion energy (0 … 1), the envelope the listener hears (0 … 1; NaN: off), the height of the moving mass (0 … 1). */
  readonly energy: number[] = [];
  readonly envelope: number[] = [];
  readonly height: number[] = [];

  get length(): number {
    return this.times.length;
  }

  /**
   * Records the samples of a live-input message (packed as in DUET_MOTION_FIELDS) at engine time `time`. What was
   * recorded later than `time` (before a seek back) is dropped, and a sample at the same time as the last replaces
   * it unless the run has applied it (its first `applied` samples), so a paused engine keeps only the latest.
   * Returns whether anything recorded later than `time` was dropped.
   */
  add(time: number, packed: Float64Array, applied: number): boolean {
    if (packed.length % DUET_MOTION_FIELDS !== 0) throw new RangeError(`a motion message holds ${DUET_MOTION_FIELDS} numbers per sample, got ${packed.length}`);
    const dropped = this.truncate(time);
    for (let i = 0; i < packed.length; i += DUET_MOTION_FIELDS) {
      const envelope = packed[i + 2]!;
      const height = packed[i + 3]!;
      if (!(envelope >= 0 && envelope <= 1) || !(height >= 0 && height <= 1)) throw new RangeError(`motion sample out of range: envelope ${envelope}, height ${height}`);
      if (this.times.length > applied) this.replaceLast(time);
      this.times.push(time);
      this.frames.push(packed[i]!);
      this.energy.push(packed[i + 1]!);
      this.envelope.push(envelope);
      this.height.push(height);
    }
    return dropped;
  }

  /** The camera is switched off at `time`: from there the listener hears the drummer again. */
  off(time: number): boolean {
    const dropped = this.truncate(time);
    this.times.push(time);
    this.frames.push(-1);
    this.energy.push(0);
    this.envelope.push(NaN);
    this.height.push(NaN);
    return dropped;
  }

  /** Drops the samples later than `time`; whether there were any. */
  private truncate(time: number): boolean {
    let n = this.times.length;
    while (n > 0 && this.times[n - 1]! > time) n--;
    if (n === this.times.length) return false;
    for (const column of [this.times, this.frames, this.energy, this.envelope, this.height]) column.length = n;
    return true;
  }

  /** Drops the last sample when it is at `time` (a later one at the same time supersedes it). */
  private replaceLast(time: number): void {
    const n = this.times.length;
    if (n === 0 || this.times[n - 1] !== time) return;
    for (const column of [this.times, this.frames, this.energy, this.envelope, this.height]) column.length = n - 1;
  }
}
