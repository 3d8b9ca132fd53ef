/**
 * Where the engine's clock stands on the audio clock. An anchor says: at output frame `frame` the engine is at
 * `time` seconds and, while `playing`, advances `rate` engine seconds per second of audio. The worker creates
 * anchors (play, pause, seek, tempo) and schedules notes through them; the page receives the same anchors and
 * computes its playhead from the frame it hears, so picture and sound share one clock.
 */

/** One piece of the piecewise-linear map from output frames to engine seconds. */
export interface Anchor {
  /** Output frame (AudioContext sample frame) from which this anchor holds. */
  frame: number;
  /** Engine seconds at `frame`. */
  time: number;
  /** Engine seconds per second of audio (the tempo factor). */
  rate: number;
  playing: boolean;
}

/**
 * Engine seconds at output frame `frame` under one anchor.
 * @example
 * timeAtFrame({ frame: 48000, time: 2, rate: 1.5, playing: true }, 96000, 48000); // 3.5
 */
export function timeAtFrame(anchor: Anchor, frame: number, sampleRate: number): number {
  return anchor.playing ? anchor.time + ((frame - anchor.frame) / sampleRate) * anchor.rate : anchor.time;
}

/**
 * Output frame at which a playing anchor reaches engine second `time` (fractional; round it to schedule).
 * @example
 * frameAtTime({ frame: 48000, time: 2, rate: 1.5, playing: true }, 3.5, 48000); // 96000
 */
export function frameAtTime(anchor: Anchor, time: number, sampleRate: number): number {
  return anchor.frame + ((time - anchor.time) / anchor.rate) * sampleRate;
}

/**
 * The recent anchors, so that a playhead read at frame f uses the anchor in force at f, even when the worker has
 * already posted one that starts later (a play or seek begins a little in the future, to give the notes time to
 * arrive).
 */
export class AnchorHistory {
  private anchors: Anchor[] = [];

  constructor(initial: Anchor = { frame: 0, time: 0, rate: 1, playing: false }) {
    this.anchors.push(initial);
  }

  /** Adds an anchor; anchors that start at or after it are replaced (a newer decision about the same future). */
  push(anchor: Anchor): void {
    this.anchors = this.anchors.filter((a) => a.frame < anchor.frame);
    this.anchors.push(anchor);
    if (this.anchors.length > 16) this.anchors.splice(0, this.anchors.length - 16);
  }

  /** The anchor in force at `frame` (the earliest one when `frame` precedes them all). */
  at(frame: number): Anchor {
    for (let i = this.anchors.length - 1; i >= 0; i--) if (this.anchors[i]!.frame <= frame) return this.anchors[i]!;
    return this.anchors[0]!;
  }

  /** The most recent anchor (what the engine was last told to do). */
  latest(): Anchor {
    return this.anchors[this.anchors.length - 1]!;
  }

  /** Engine seconds at `frame`. */
  timeAt(frame: number, sampleRate: number): number {
    return timeAtFrame(this.at(frame), frame, sampleRate);
  }
}
