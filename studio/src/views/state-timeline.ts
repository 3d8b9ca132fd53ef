/**
 * Engine states arrive from the worker ahead of the playhead (up to the scheduling lookahead, ~0.2 s), stamped with
 * engine time. A view keeps them here and draws the one in force at the playhead, so picture and sound agree.
 * A state earlier than the last one means the engine went back (a seek): the timeline starts over.
 */
export class StateTimeline<T> {
  private times: number[] = [];
  private states: T[] = [];

  /** @param keepSeconds how long states behind the playhead are kept (for trails and interpolation). */
  constructor(private readonly keepSeconds = 2) {}

  /** Adds a state at engine time `time`. */
  push(time: number, state: T): void {
    if (this.times.length > 0 && time < this.times[this.times.length - 1]!) this.clear();
    this.times.push(time);
    this.states.push(state);
  }

  /**
   * The latest state at or before `time` (undefined before the first), forgetting those older than
   * `keepSeconds` behind it.
   * @example
   * const body = timeline.at(frame.time);
   */
  at(time: number): T | undefined {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    const found = lo - 1;
    let old = 0;
    while (old < found && this.times[old]! < time - this.keepSeconds) old++;
    const state = found >= 0 ? this.states[found] : undefined;
    if (old > 0) {
      this.times.splice(0, old);
      this.states.splice(0, old);
    }
    return state;
  }

  /** The states from `from` to `to` engine seconds, oldest first (a trail). */
  between(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.times.length; i++) if (this.times[i]! >= from && this.times[i]! <= to) out.push(this.states[i]!);
    return out;
  }

  clear(): void {
    this.times = [];
    this.states = [];
  }

  get size(): number {
    return this.times.length;
  }
}
