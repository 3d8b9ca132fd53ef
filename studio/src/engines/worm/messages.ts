/**
 * The worm engine's messages: what the Worm view sends it, what it answers, and the layout of the state it streams
 * (one Float32Array per state, ~60 a second: body, neurons, muscles, behaviour, drive and the notes just struck).
 */
import type { CommandAction } from '../../../../src/engines/worm/command.js';
import type { Behaviour } from '../../../../src/engines/worm/behaviour.js';

/** The worm engine's id in the worker's registry. */
export const WORM_ENGINE = 'worm';

/** The music the muscles make (see WormNoteMapper): key and notes per second. */
export interface WormMusic {
  key: string;
  notesPerSecond: number;
}

/** Commands to the worm engine. Each takes effect from where scheduling stands (about 0.2 s ahead of the ear). */
export type WormCommand =
  /** Drive the command interneurons and the head: forward, reverse, turn-left, turn-right, pause. */
  | { kind: 'command'; action: CommandAction }
  /** A command script ("forward 10s, reverse 4s, turn-left 3s, forward") run from now on. */
  | { kind: 'script'; text: string }
  /** The environment: 0 water … 1 agar (drag interpolated, BBC 2012). */
  | { kind: 'environment'; medium: number }
  /** Key and note rate of the muscles' music. */
  | { kind: 'music'; music: WormMusic }
  /** A new performance: the recorded commands are forgotten and the worm starts again, straight, at t = 0. */
  | { kind: 'restart' };

/** What the view needs to lay out the circuit and decode states. */
export interface WormDescription {
  kind: 'circuit';
  /** Units of the network, in state order. */
  neuronNames: string[];
  /** Ventral-cord motor neurons: unit, class and position along the body (0 head … 1 tail). */
  motorNeurons: Array<{ unit: number; cls: string; position: number }>;
  /** Command interneurons by kind (unit indices). */
  commandNeurons: Record<'AVA' | 'AVD' | 'AVB' | 'PVC', number[]>;
  /** Chemical synapses (pre → post, signed weight). */
  synapses: Array<{ pre: number; post: number; weight: number }>;
  /** Body-wall muscles in state order (dBWML1…). */
  muscleNames: string[];
  /** Midline points per state. */
  rods: number;
  /** Body length (mm). */
  lengthMm: number;
  /** The settings in force at the start of the performance and the recorded commands, as text. */
  controls: WormControlsSummary;
}

/** The recorded commands of the performance, for the panel. */
export interface WormControlsSummary {
  /** The drive as a command script ("forward 12.3s, reverse 4s, forward"), as the CLI's --command reads it. */
  script: string;
  /** How many commands were recorded. */
  count: number;
  music: WormMusic;
  medium: number;
}

/** Events from the worm engine. */
export type WormEvent = WormDescription | ({ kind: 'controls' } & WormControlsSummary);

/** Order of behaviours in the state (index → name). */
export const BEHAVIOUR_ORDER: readonly Behaviour[] = ['forward', 'backward', 'turn', 'pause'];
/** Order of command actions in the state (index → name). */
export const ACTION_ORDER: readonly CommandAction[] = ['forward', 'reverse', 'turn-left', 'turn-right', 'pause'];

/** Notes struck since the previous state that a state can carry (more are counted, not listed). */
export const STATE_NOTES = 12;

/**
 * Where each quantity sits in a state array. Header: time (s), behaviour index, centroid x, y (mm), speed along
 * the body axis (mm/s), turn rate (rad/s), drive forward, backward, turn, medium, action index, notes struck, body
 * wave frequency (Hz, signed by direction); then
 * midline x, midline y (mm, head first), neuron outputs, muscle activations, and the notes struck (pitch, voice,
 * velocity) each.
 * @example
 * const layout = new WormStateLayout(49, 76, 95);
 * const headX = state[layout.midlineX];
 */
export class WormStateLayout {
  static readonly TIME = 0;
  static readonly BEHAVIOUR = 1;
  static readonly CENTROID_X = 2;
  static readonly CENTROID_Y = 3;
  static readonly AXIAL_SPEED = 4;
  static readonly TURN_RATE = 5;
  static readonly FORWARD = 6;
  static readonly BACKWARD = 7;
  static readonly TURN = 8;
  static readonly MEDIUM = 9;
  static readonly ACTION = 10;
  static readonly NOTE_COUNT = 11;
  /** The body wave's frequency (Hz): positive when it runs head → tail (forward), negative tail → head. */
  static readonly WAVE_HZ = 12;
  static readonly HEADER = 13;
  readonly midlineX: number;
  readonly midlineY: number;
  readonly neurons: number;
  readonly muscles: number;
  readonly notes: number;
  readonly length: number;

  constructor(
    readonly rods: number,
    readonly neuronCount: number,
    readonly muscleCount: number,
  ) {
    this.midlineX = WormStateLayout.HEADER;
    this.midlineY = this.midlineX + rods;
    this.neurons = this.midlineY + rods;
    this.muscles = this.neurons + neuronCount;
    this.notes = this.muscles + muscleCount;
    this.length = this.notes + 3 * STATE_NOTES;
  }
}
