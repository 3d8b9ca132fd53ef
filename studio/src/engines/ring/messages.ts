/**
 * The ring engine's messages: the nodal network (McIlwain & Pietsch 1996) live. The Ring view sends it guiding
 * contours drawn with the mouse, network settings and stimulations; it streams the ring's state.
 */

/** The ring engine's id in the worker's registry. */
export const RING_ENGINE = 'ring';

/** A contour as [seconds, value] points (engine seconds; MIDI pitch or MIDI velocity 1–127). */
export type ContourPoints = Array<[number, number]>;

/** The network's settings the view can change (anything else keeps the engine's defaults). */
export interface RingSettings {
  nodes: number;
  speakers: number;
  /** A scale name of the nodal engine (chromatic, major, minor, dorian, pentatonic …). */
  scale: string;
  /** Root pitch class 0–11. */
  root: number;
}

/** Commands to the ring engine. */
export type RingCommand =
  /** A stroke drawn on a contour: it replaces that contour from its first point (or from now) on. */
  | { kind: 'contour'; which: 'pitch' | 'velocity'; points: ContourPoints }
  /** Back to the default contours (the CLI's for a 60-s piece, held after). */
  | { kind: 'reset-contours' }
  /** An externally driven firing of a node, now (§3.3's start-up firings, by hand). */
  | { kind: 'stimulate'; node: number }
  /** A new network with these settings (the performance starts again). */
  | { kind: 'network'; settings: RingSettings };

/** Events from the ring engine. */
export type RingEvent =
  | {
      kind: 'network';
      settings: RingSettings;
      /** Trigger threshold, and the weights' floor and ceiling (for the matrix's colour scale). */
      threshold: number;
      minWeight: number;
      maxWeight: number;
      pitchRange: [number, number];
      velocityRange: [number, number];
      recoverySeconds: number;
      noteSeconds: number;
    }
  | { kind: 'contours'; pitch: ContourPoints; velocity: ContourPoints };

/** Firings a state can list (more are counted, not listed). */
export const STATE_FIRINGS = 64;
/** Every this many states carries the weight matrix. */
export const WEIGHTS_EVERY = 6;

/**
 * Where each quantity sits in a ring state. Header: time, firings listed, firings in all so far, whether the
 * weights follow, the pitch and velocity contours' values now, the flocks' last outputs; then per node the
 * accumulator as a share of the threshold, the time of its last firing, its last pitch and velocity; the firings
 * since the previous state (node, cause, pitch, velocity, time) each; and, in every WEIGHTS_EVERY-th state, the
 * N × N weight matrix (row = sender).
 * @example
 * const L = new RingStateLayout(32); state[L.accumulators + 5]; // node 5's charge, 0–1
 */
export class RingStateLayout {
  static readonly TIME = 0;
  static readonly FIRINGS = 1;
  static readonly TOTAL = 2;
  static readonly HAS_WEIGHTS = 3;
  static readonly PITCH_CONTOUR = 4;
  static readonly VELOCITY_CONTOUR = 5;
  static readonly PITCH_LAST = 6;
  static readonly VELOCITY_LAST = 7;
  static readonly HEADER = 8;
  static readonly FIRING_FIELDS = 5;
  readonly accumulators: number;
  readonly lastFiring: number;
  readonly pitches: number;
  readonly velocities: number;
  readonly firings: number;
  readonly weights: number;
  /** Length without and with the weights. */
  readonly length: number;
  readonly lengthWithWeights: number;

  constructor(readonly nodes: number) {
    this.accumulators = RingStateLayout.HEADER;
    this.lastFiring = this.accumulators + nodes;
    this.pitches = this.lastFiring + nodes;
    this.velocities = this.pitches + nodes;
    this.firings = this.velocities + nodes;
    this.weights = this.firings + RingStateLayout.FIRING_FIELDS * STATE_FIRINGS;
    this.length = this.weights;
    this.lengthWithWeights = this.weights + nodes * nodes;
  }
}
