/**
 * Live use of the nodal network: step it by the audio or animation clock and read the firings from a fixed ring
 * buffer. Nothing is allocated per step (aubio's real-time rule): the network and this buffer allocate when made.
 *
 * @example
 * const net = new NodalNetwork({ params: nodalParams(), seed: 7 });
 * const recent = new FiringRing(256);
 * function onFrame(dtSeconds: number) {
 *   const before = recent.total;
 *   net.step(dtSeconds, recent);
 *   for (let k = before; k < recent.total; k++) playNote(recent.node(k), recent.pitch(k), recent.velocity(k));
 * }
 */
import type { FiringEvent, FiringSink } from './network.js';

/**
 * The last `capacity` firings, oldest overwritten first. Firing k (0-based, counted since creation) stays
 * readable while k ≥ total − capacity.
 * @example
 * const net = new NodalNetwork({ params: nodalParams(), seed: 7 });
 * const ring = new FiringRing(64); net.step(1, ring); ring.total; // firings in the first second
 */
export class FiringRing implements FiringSink {
  /** Firings written since creation. */
  total = 0;
  readonly timesSeconds: Float64Array;
  readonly nodes: Int32Array;
  readonly pitches: Float64Array;
  readonly velocities: Float64Array;
  readonly causes: Int32Array;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
    this.timesSeconds = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
    this.pitches = new Float64Array(capacity);
    this.velocities = new Float64Array(capacity);
    this.causes = new Int32Array(capacity);
  }

  firing(e: Readonly<FiringEvent>): void {
    const i = this.total % this.capacity;
    this.timesSeconds[i] = e.timeSeconds;
    this.nodes[i] = e.node;
    this.pitches[i] = e.pitch;
    this.velocities[i] = e.velocity;
    this.causes[i] = e.cause;
    this.total++;
  }

  private slot(k: number): number {
    if (!(k >= this.total - this.capacity && k < this.total)) throw new RangeError(`firing ${k} is no longer (or not yet) in the ring`);
    return k % this.capacity;
  }

  /** Time of firing k. */
  time(k: number): number {
    return this.timesSeconds[this.slot(k)]!;
  }

  /** Node of firing k. */
  node(k: number): number {
    return this.nodes[this.slot(k)]!;
  }

  /** Pitch of firing k (MIDI). */
  pitch(k: number): number {
    return this.pitches[this.slot(k)]!;
  }

  /** Velocity of firing k (MIDI 1–127). */
  velocity(k: number): number {
    return this.velocities[this.slot(k)]!;
  }

  /** The node that triggered firing k (−1: external). */
  cause(k: number): number {
    return this.causes[this.slot(k)]!;
  }
}
