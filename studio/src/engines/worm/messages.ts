/**
 * The worm engine's messages: what the Worm view sends it, what it answers, and the layout of the state it streams
 * (one Float32Array per state, ~60 a second: body, neurons, muscles, behaviour, drive and the notes just struck).
 */
import type { CommandAction, Behaviour } from 'neuromusic/worm';

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
  /** The environment of the mode in force: 0 water … 1 agar (drag interpolated, BBC 2012). */
  | { kind: 'environment'; medium: number }
  /** Key and note rate of the muscles' music. */
  | { kind: 'music'; music: WormMusic }
  /** A new performance: the recorded commands are forgotten and the worm starts again, straight, at t = 0. */
  | { kind: 'restart' }
  /** The view's mode: the worm plays (the model makes the music) or dances (to a piece). */
  | { kind: 'mode'; value: WormMode }
  /** A MIDI or score JSON file for the worm to dance to (switches to "dances"). */
  | { kind: 'load'; name: string; bytes: Uint8Array }
  /** Back to the built-in prelude as the piece to dance to. */
  | { kind: 'built-in' };

/** The Worm view's two modes. */
export type WormMode = 'plays' | 'dances';
export const WORM_MODES: readonly WormMode[] = ['plays', 'dances'];

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

/** A musical pattern of the piece the worm dances to (as the dance timeline lists it). */
export interface DancePatternInfo {
  id: number;
  label: string;
  color: string;
  /** max_j |Pearson(pattern indicator, Z_worm[:, j])|, 0–1, its circular-shift p-value and rank (1 = most). */
  excitability: number;
  pValue: number;
  rank: number;
  chord: number[];
  share: number;
}

/** What the view needs to draw a dance: the piece, its patterns and its cluster timeline. */
export interface DanceDescription {
  kind: 'dance';
  /** The piece's title and the file it came from. */
  title: string;
  fileName: string;
  /** Seed of the pattern analysis the dance was computed with. */
  seed: number;
  /** Length of the piece (s) and of the dance's frames (s), frames. */
  duration: number;
  frameSeconds: number;
  frames: number;
  patterns: DancePatternInfo[];
  /** The pattern of every frame (the cluster timeline). */
  labels: Uint8Array;
  /** Rotations of the permutation test (the smallest p-value it can give is 1 / (rotations + 1)). */
  rotations: number;
  /** The body wave's frequency (Hz) and the behaviours' shares of the piece. */
  undulationHz: number;
  behaviourShares: Record<string, number>;
  medium: number;
}

/** Events from the worm engine. */
export type WormEvent =
  | WormDescription
  | ({ kind: 'controls' } & WormControlsSummary)
  | { kind: 'mode'; mode: WormMode }
  | DanceDescription
  /** Progress of the dance being computed (stage: "patterns", "driven worm", …). */
  | { kind: 'dance-progress'; fraction: number; stage: string; fileName: string }
  /** The piece cannot be danced to (one pitch only, say): why, for the view (the page's status bar says it too). */
  | { kind: 'dance-failed'; fileName: string; message: string };

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

/**
 * A dancing worm's state: the worm's (WormStateLayout, so the arena, circuit and muscle strip draw it as they draw
 * the playing worm) followed by the dance's own numbers: the musical pattern playing, the dance behaviour (index in
 * DANCE_BEHAVIOURS), the wave's direction (+1 head → tail), amplitude and the smoothed headDL − headDR.
 */
export class DanceStateLayout {
  readonly worm: WormStateLayout;
  readonly pattern: number;
  readonly behaviour: number;
  readonly direction: number;
  readonly amplitude: number;
  readonly head: number;
  readonly length: number;
  constructor(rods: number, neuronCount: number, muscleCount: number) {
    this.worm = new WormStateLayout(rods, neuronCount, muscleCount);
    this.pattern = this.worm.length;
    this.behaviour = this.pattern + 1;
    this.direction = this.pattern + 2;
    this.amplitude = this.pattern + 3;
    this.head = this.pattern + 4;
    this.length = this.pattern + 5;
  }
}
