/**
 * Checkpoints of a deterministic live run, by step: the recent past densely (a pause goes back a fraction of a
 * second, a seek with the arrow keys five seconds), the distant past sparsely (a seek to the start or far back
 * re-runs at most one sparse interval). Memory stays small: unchanged typed arrays share their copies (snapshot.ts).
 */
import { captureState, restoreState, type Snapshot } from './snapshot.js';

export interface CheckpointOptions {
  /** Steps between dense checkpoints. */
  everySteps: number;
  /** Dense checkpoints kept behind the newest one; older ones survive only on the sparse grid. */
  keepDense: number;
  /** Every this many dense checkpoints, one is kept for good. */
  sparseEvery: number;
  /** Objects the snapshots leave out (see {@link captureState}). */
  exclude?: ReadonlySet<object>;
}

export class Checkpoints {
  private readonly steps: number[] = [];
  private readonly snapshots: Snapshot[] = [];

  constructor(
    private readonly root: object,
    readonly options: CheckpointOptions,
  ) {
    if (!(Number.isInteger(options.everySteps) && options.everySteps > 0)) throw new RangeError(`everySteps must be a positive integer, got ${options.everySteps}`);
  }

  /** Whether a run at `step` should take a checkpoint now (on the grid, and none there yet). */
  due(step: number): boolean {
    return step % this.options.everySteps === 0 && (this.steps.length === 0 || this.steps[this.steps.length - 1]! < step);
  }

  /** Records the state of the root as the state at `step` (after any later checkpoints were dropped). */
  take(step: number): void {
    const last = this.snapshots[this.snapshots.length - 1];
    const snapshot = captureState(this.root, { ...(this.options.exclude ? { exclude: this.options.exclude } : {}), ...(last ? { previous: last } : {}) });
    this.steps.push(step);
    this.snapshots.push(snapshot);
    this.thin();
  }

  /** Restores the latest checkpoint at or before `step` and returns its step, or −1 when there is none. */
  restoreAtOrBefore(step: number): number {
    const i = this.indexAtOrBefore(step);
    if (i < 0) return -1;
    restoreState(this.snapshots[i]!);
    return this.steps[i]!;
  }

  /** The step of the latest checkpoint at or before `step`, or −1. */
  stepAtOrBefore(step: number): number {
    const i = this.indexAtOrBefore(step);
    return i < 0 ? -1 : this.steps[i]!;
  }

  private indexAtOrBefore(step: number): number {
    let i = this.steps.length - 1;
    while (i >= 0 && this.steps[i]! > step) i--;
    return i;
  }

  /** Forgets checkpoints after `step` (the run changed from there on). */
  dropAfter(step: number): void {
    let n = this.steps.length;
    while (n > 0 && this.steps[n - 1]! > step) n--;
    this.steps.length = n;
    this.snapshots.length = n;
  }

  clear(): void {
    this.steps.length = 0;
    this.snapshots.length = 0;
  }

  get count(): number {
    return this.steps.length;
  }

  /** Steps of the checkpoints held, oldest first (for tests). */
  heldSteps(): readonly number[] {
    return this.steps;
  }

  private thin(): void {
    const { everySteps, keepDense, sparseEvery } = this.options;
    const newest = this.steps[this.steps.length - 1]!;
    const horizon = newest - keepDense * everySteps;
    // Only the checkpoint that just left the dense window can need removing: the others were thinned before.
    for (let i = this.steps.length - 2; i >= 0 && this.steps[i]! >= horizon - everySteps; i--) {
      const s = this.steps[i]!;
      if (s < horizon && s % (everySteps * sparseEvery) !== 0) {
        this.steps.splice(i, 1);
        this.snapshots.splice(i, 1);
      }
    }
  }
}
