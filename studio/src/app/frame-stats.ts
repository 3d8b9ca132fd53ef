/** Frame timing of the page: intervals between animation frames and time spent drawing, over a sliding window. */

/** Percentiles of a sample (nearest rank). */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  if (values.length === 0) return ps.map(() => NaN);
  const sorted = [...values].sort((a, b) => a - b);
  return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

export interface FrameSummary {
  frames: number;
  intervalMedianMs: number;
  intervalP95Ms: number;
  drawMedianMs: number;
  drawP95Ms: number;
  /** Frames per second from the median interval. */
  fps: number;
}

export class FrameStats {
  private intervals: number[] = [];
  private draws: number[] = [];
  private last: number | undefined;

  constructor(private readonly capacity = 1200) {}

  /** Records a frame that began at `start` (rAF timestamp) and whose drawing took `drawMs`. */
  record(start: number, drawMs: number): void {
    if (this.last !== undefined) this.push(this.intervals, start - this.last);
    this.last = start;
    this.push(this.draws, drawMs);
  }

  /** Forgets the window (a measurement starts). */
  reset(): void {
    this.intervals = [];
    this.draws = [];
    this.last = undefined;
  }

  summary(): FrameSummary {
    const [im, i95] = percentiles(this.intervals, [50, 95]);
    const [dm, d95] = percentiles(this.draws, [50, 95]);
    return { frames: this.draws.length, intervalMedianMs: im!, intervalP95Ms: i95!, drawMedianMs: dm!, drawP95Ms: d95!, fps: 1000 / im! };
  }

  private push(list: number[], x: number): void {
    list.push(x);
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
  }
}
