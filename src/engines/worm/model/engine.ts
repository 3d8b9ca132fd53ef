/**
 * The steppable worm: body + stretch receptors + nervous system + muscles, advanced on a fixed time grid.
 *
 * One engine step of h = 1 ms (BBC 2012's operator splitting): read the stretch receptors from the body, step the
 * network with the command, stretch and head-bias inputs, step the muscles with their NMJ drive, map the 95 muscles
 * onto the segments, and every `bodyEvery` steps advance the body by one linearly implicit step. The grid is fixed,
 * so `step(dt)` with any frame length reaches exactly the states an offline run visits; everything is allocated at
 * construction (the real-time rule), and the observable {@link WormState} is updated in place.
 */
import { createRandom, type Random } from '../../../math/random.js';
import { BODY_WALL_MUSCLES } from './anatomy.js';
import { WormBody } from './body.js';
import type { MotorCircuit } from './motor-circuit.js';
import { ActivationMuscles, MUSCLE_COUNT, MuscleSegmentMap } from './muscles.js';
import { HhMuscles } from './muscle-hh.js';
import { GradedNetwork } from './network.js';
import { parseWormParams, rodDrag, type WormParams, type WormParamsInput } from './params.js';
import { StretchReceptors } from './proprioception.js';
import { ventralCordCircuit } from './ventral-cord.js';
import { BehaviourClassifier, type Behaviour } from './behaviour.js';

/** The command inputs: forward and backward drive to the command interneurons (0–1), and the head bias (−1…1). */
export interface WormDrive {
  forward: number;
  backward: number;
  /**
   * Head bias, −1 … 1: positive bends the head ventrally, and as the body's ventral side lies on the worm's left in
   * the plane, the worm turns left (counter-clockwise seen from above); negative turns right.
   */
  turn: number;
}

/**
 * Writes the drive for the time `drive.time` (s) into `drive`; called once per engine step, so it should not
 * allocate. (The time travels inside the object: a number passed as an argument is boxed on the heap at every call
 * V8 does not inline.)
 */
export type DriveFunction = (drive: WormDrive & { readonly time: number }) => void;

/** What the engine shows after each step (updated in place). */
export interface WormState {
  /** Simulated time (s). */
  time: number;
  /** Rod centres, head first (mm). */
  midlineX: Float64Array;
  midlineY: Float64Array;
  /** Output (0–1) of every unit of the network, in `neuronNames` order. */
  neuronActivity: Float64Array;
  /** Contractile activation (0–1) of the 95 body-wall muscles, in BODY_WALL_MUSCLES order. */
  muscleActivation: Float64Array;
  /** Centroid (mm) and its velocity (mm/s) over the last body step. */
  centroidX: number;
  centroidY: number;
  /** Behaviour from the kinematics of the last seconds, with the centroid's speed along the body axis (mm/s,
   * head-first positive) and the body axis's rotation (rad/s, counter-clockwise positive) over that window. */
  behaviour: Behaviour;
  axialSpeedMmPerS: number;
  turnRateRadPerS: number;
}

export interface WormEngineOptions {
  params?: WormParamsInput;
  /** The nervous system; the 12-unit ventral cord when omitted. */
  circuit?: MotorCircuit;
  /** Drive as a function of time; a constant forward drive when omitted. */
  drive?: DriveFunction;
}

/**
 * The worm model, steppable live or run offline.
 * @example
 * const worm = new WormEngine({ params: { environment: { medium: 0 } } });
 * for (let k = 0; k < 600; k++) worm.step(1 / 60); // 10 s in 60 Hz frames
 * worm.state.midlineX; // 49 rod positions (mm)
 */
export class WormEngine {
  readonly params: WormParams;
  readonly circuit: MotorCircuit;
  readonly body: WormBody;
  readonly network: GradedNetwork;
  readonly stretch: StretchReceptors;
  readonly muscles: ActivationMuscles | HhMuscles;
  readonly state: WormState;
  /** The current drive (overwritten each step when a drive function is set). */
  readonly drive: WormDrive & { time: number } = { forward: 1, backward: 0, turn: 0, time: 0.5 };
  /** Names of the network's units, of the muscles. */
  readonly neuronNames: readonly string[];
  readonly muscleNames: readonly string[] = BODY_WALL_MUSCLES.map((m) => m.name);
  /** Engine step (s), and the body's step (s) = stepS × bodyEvery. */
  readonly stepS: number;
  readonly bodyStepS: number;
  private readonly bodyEvery: number;
  /** Steps taken. */
  steps = 0;

  private driveFunction: DriveFunction | undefined;
  private externalMuscles: ArrayLike<number> | undefined;
  private nervousSystemPaused = false;
  private readonly map: MuscleSegmentMap;
  /** NMJ input per muscle: excitatory (cholinergic) and inhibitory (GABAergic) parts, both ≥ 0. */
  private readonly excitation = new Float64Array(MUSCLE_COUNT);
  private readonly inhibition = new Float64Array(MUSCLE_COUNT);
  private random: Random;
  private readonly noiseUnits: Int32Array;
  private readonly behaviourClassifier: BehaviourClassifier;
  // Flattened circuit couplings.
  private readonly srUnit: Int32Array;
  private readonly srFirst: Int32Array;
  private readonly srEnd: Int32Array;
  private readonly srWeight: Float64Array;
  private readonly srDorsal: Uint8Array;
  private readonly srGate: Uint8Array;
  private readonly turnGate: Uint8Array;
  private readonly biasUnit: Int32Array;
  private readonly biasValue: Float64Array;
  private readonly biasGate: Uint8Array;
  /** Gate values: [1, forward, backward] (index by GATE_INDEX), and the command units that make them. */
  private readonly gates = new Float64Array(3);
  private readonly gateUnit: Int32Array;
  private readonly gateSlot: Uint8Array;
  private readonly gateWeight: Float64Array;
  private readonly cmdUnit: Int32Array;
  private readonly cmdForward: Float64Array;
  private readonly cmdBackward: Float64Array;
  private readonly turnUnit: Int32Array;
  private readonly turnWeight: Float64Array;
  private readonly nmjStart: Int32Array;
  private readonly nmjUnit: Int32Array;
  private readonly nmjWeight: Float64Array;
  private readonly centroid = { x: 0, y: 0 };
  private requestedTime = 0;

  constructor(options: WormEngineOptions = {}) {
    const params = parseWormParams(options.params ?? {});
    this.params = params;
    const segments = params.body.segments;
    this.circuit = options.circuit ?? ventralCordCircuit(params.neural, segments);
    this.body = new WormBody(params.body, rodDrag(params.environment, params.environment.medium, segments));
    this.network = new GradedNetwork(this.circuit.network);
    this.neuronNames = this.network.names;
    this.stretch = new StretchReceptors(this.body, params.neural.dorsalStretchScale, params.neural.dorsalCompressionScale);
    this.muscles = params.muscles.model === 'hh' ? new HhMuscles(params.muscles.hh) : new ActivationMuscles(params.muscles.activation.tauS);
    this.map = new MuscleSegmentMap(segments);
    this.stepS = params.numerics.stepS;
    this.bodyEvery = params.numerics.bodyEvery;
    this.bodyStepS = this.stepS * this.bodyEvery;
    this.random = createRandom(params.seed).fork('worm-noise');
    this.driveFunction = options.drive;
    this.behaviourClassifier = new BehaviourClassifier();

    const c = this.circuit;
    this.srUnit = Int32Array.from(c.proprioception, (p) => p.unit);
    this.srDorsal = Uint8Array.from(c.proprioception, (p) => (p.side === 'dorsal' ? 1 : 0));
    this.srGate = Uint8Array.from(c.proprioception, (p) => GATE_INDEX[p.gate]);
    this.turnGate = Uint8Array.from(c.turn, (p) => GATE_INDEX[p.gate]);
    this.biasUnit = Int32Array.from(c.gatedBias, (b) => b.unit);
    this.biasValue = Float64Array.from(c.gatedBias, (b) => b.value);
    this.biasGate = Uint8Array.from(c.gatedBias, (b) => GATE_INDEX[b.gate]);
    // Forward gate = (mean AVB + mean PVC)/2, backward = (mean AVA + mean AVD)/2; a kind absent from the circuit
    // leaves its partner alone.
    const gateEntries: Array<{ unit: number; slot: number; weight: number }> = [];
    for (const [slot, kinds] of [[1, [c.commandNeurons.AVB, c.commandNeurons.PVC]], [2, [c.commandNeurons.AVA, c.commandNeurons.AVD]]] as const) {
      const present = kinds.filter((units) => units.length > 0);
      for (const units of present) for (const unit of units) gateEntries.push({ unit, slot, weight: 1 / (present.length * units.length) });
    }
    this.gateUnit = Int32Array.from(gateEntries, (g) => g.unit);
    this.gateSlot = Uint8Array.from(gateEntries, (g) => g.slot);
    this.gateWeight = Float64Array.from(gateEntries, (g) => g.weight);
    this.srFirst = Int32Array.from(c.proprioception, (p) => p.firstSegment);
    this.srEnd = Int32Array.from(c.proprioception, (p) => p.endSegment);
    this.srWeight = Float64Array.from(c.proprioception, (p) => p.weight);
    for (const p of c.proprioception) {
      if (!(p.firstSegment >= 0 && p.endSegment <= segments && p.firstSegment < p.endSegment)) {
        throw new RangeError(`stretch-receptor field ${p.firstSegment}–${p.endSegment} of unit ${p.unit} lies outside the body`);
      }
    }
    this.cmdUnit = Int32Array.from(c.command, (x) => x.unit);
    this.cmdForward = Float64Array.from(c.command, (x) => x.forward);
    this.cmdBackward = Float64Array.from(c.command, (x) => x.backward);
    this.turnUnit = Int32Array.from(c.turn, (x) => x.unit);
    this.turnWeight = Float64Array.from(c.turn, (x) => x.weight);
    const byMuscle = BODY_WALL_MUSCLES.map(() => [] as Array<{ unit: number; weight: number }>);
    for (const j of c.nmj) byMuscle[j.muscle]!.push(j);
    this.nmjStart = new Int32Array(MUSCLE_COUNT + 1);
    byMuscle.forEach((l, m) => (this.nmjStart[m + 1] = this.nmjStart[m]! + l.length));
    this.nmjUnit = Int32Array.from(byMuscle.flat(), (j) => j.unit);
    this.nmjWeight = Float64Array.from(byMuscle.flat(), (j) => j.weight);
    this.noiseUnits = Int32Array.from(new Set(c.motorNeurons.map((m) => m.unit)));

    const rods = this.body.rods;
    this.state = {
      time: 0,
      midlineX: new Float64Array(rods),
      midlineY: new Float64Array(rods),
      neuronActivity: this.network.output,
      muscleActivation: new Float64Array(MUSCLE_COUNT),
      centroidX: 0,
      centroidY: 0,
      behaviour: 'pause',
      axialSpeedMmPerS: 0,
      turnRateRadPerS: 0,
    };
    this.reset();
  }

  /** Back to t = 0: straight body, initial neural state, muscles at rest, same noise stream as a fresh engine. */
  reset(): void {
    this.body.straighten();
    const y0 = new Float64Array(this.network.size);
    for (const { unit, value } of this.circuit.initialPotential) y0[unit] = value;
    // Command interneurons start in the state the initial command holds them in, so that the circuit's initial
    // state (BBC: dorsal B neurons ON) meets the drive that sustains it.
    this.drive.time = 0;
    if (this.driveFunction) this.driveFunction(this.drive);
    for (let k = 0; k < this.cmdUnit.length; k++) {
      y0[this.cmdUnit[k]!] = this.cmdForward[k]! * this.drive.forward + this.cmdBackward[k]! * this.drive.backward;
    }
    this.network.setPotentials(y0);
    this.network.input.fill(0);
    this.muscles.reset();
    this.steps = 0;
    this.requestedTime = 0;
    this.random = createRandom(this.params.seed).fork('worm-noise');
    this.behaviourClassifier.reset();
    this.updateState();
  }

  /** Sets a constant drive (and removes any drive function). */
  setDrive(forward: number, backward: number, turn = 0): void {
    this.driveFunction = undefined;
    this.drive.forward = forward;
    this.drive.backward = backward;
    this.drive.turn = turn;
  }

  /** Drives the command interneurons and head bias from a function of time (or back to the constant drive). */
  setDriveFunction(fn: DriveFunction | undefined): void {
    this.driveFunction = fn;
  }

  /** Changes the environment (medium 0 = water … 1 = agar) from the next step on. */
  setMedium(medium: number): void {
    if (!(medium >= 0 && medium <= 1)) throw new RangeError(`medium must lie in [0, 1], got ${medium}`);
    this.body.setDrag(rodDrag(this.params.environment, medium, this.body.segments));
  }

  /**
   * Feeds the body with externally computed muscle activations (95 values 0–1 in BODY_WALL_MUSCLES order, read at
   * every step; keep the array and change it in place), bypassing the neural circuit's muscles. `undefined`
   * returns control to the nervous system. With `{ nervousSystem: 'pause' }` the circuit and its muscles are not
   * stepped at all while the body is driven (their state holds): the body alone costs about half as much.
   */
  setExternalMuscles(activations: ArrayLike<number> | undefined, options: { nervousSystem?: 'run' | 'pause' } = {}): void {
    if (activations && activations.length !== MUSCLE_COUNT) throw new RangeError(`expected ${MUSCLE_COUNT} muscle activations, got ${activations.length}`);
    this.externalMuscles = activations;
    this.nervousSystemPaused = activations !== undefined && options.nervousSystem === 'pause';
  }

  /** Simulated time (s). */
  get time(): number {
    return this.steps * this.stepS;
  }

  /**
   * Advances by dt seconds — the whole engine steps that fit in [time, time + dt] on the fixed grid (the remainder
   * carries over to the next call) — and returns the observable state.
   */
  step(dt: number): WormState {
    if (!(dt >= 0)) throw new RangeError(`step needs dt ≥ 0, got ${dt}`);
    this.requestedTime += dt;
    const n = Math.floor(this.requestedTime / this.stepS + 1e-9) - this.steps;
    for (let k = 0; k < n; k++) this.advanceOne();
    this.updateState();
    return this.state;
  }

  /** Advances exactly `count` engine steps (offline runs). */
  advance(count: number): WormState {
    for (let k = 0; k < count; k++) this.advanceOne();
    this.requestedTime = this.time;
    this.updateState();
    return this.state;
  }

  private advanceOne(): void {
    if (this.nervousSystemPaused) {
      this.steps++;
      if (this.steps % this.bodyEvery === 0) this.stepBody();
      if (this.steps % BEHAVIOUR_EVERY === 0) this.classify();
      return;
    }
    const h = this.stepS;
    const t = this.steps * h;
    this.drive.time = t;
    if (this.driveFunction) this.driveFunction(this.drive);
    const { network, stretch, drive, gates } = this;
    const input = network.input;
    input.fill(0);
    // Gates: mean output of the forward and of the backward command interneurons (each kind weighted equally;
    // summed in place: a helper returning a double would be boxed by V8 when not inlined).
    const out0 = network.output;
    gates[0] = 1;
    gates[1] = 0;
    gates[2] = 0;
    for (let k = 0; k < this.gateUnit.length; k++) {
      const slot = this.gateSlot[k]!;
      gates[slot] = gates[slot]! + this.gateWeight[k]! * out0[this.gateUnit[k]!]!;
    }
    for (let k = 0; k < this.biasUnit.length; k++) input[this.biasUnit[k]!] = input[this.biasUnit[k]!]! + gates[this.biasGate[k]!]! * this.biasValue[k]!;
    // Command interneurons and head bias.
    for (let k = 0; k < this.cmdUnit.length; k++) {
      input[this.cmdUnit[k]!] = input[this.cmdUnit[k]!]! + this.cmdForward[k]! * drive.forward + this.cmdBackward[k]! * drive.backward;
    }
    for (let k = 0; k < this.turnUnit.length; k++) {
      input[this.turnUnit[k]!] = input[this.turnUnit[k]!]! + gates[this.turnGate[k]!]! * this.turnWeight[k]! * drive.turn;
    }
    // Stretch receptors.
    // (Integers passed: a double argument to a call V8 does not inline is boxed on the heap.)
    stretch.update(this.steps % this.bodyEvery, this.bodyEvery);
    const { srFirst, srEnd, srWeight, srDorsal, srUnit } = this;
    for (let k = 0; k < srUnit.length; k++) {
      const sum = srDorsal[k] ? stretch.dorsalSum : stretch.ventralSum;
      const s = srWeight[k]! * (sum[srEnd[k]!]! - sum[srFirst[k]!]!);
      input[srUnit[k]!] = input[srUnit[k]!]! + gates[this.srGate[k]!]! * s;
    }
    const noise = this.params.neural.noisePerSqrtS;
    if (noise > 0) {
      const sd = noise / Math.sqrt(h);
      for (let k = 0; k < this.noiseUnits.length; k++) input[this.noiseUnits[k]!] = input[this.noiseUnits[k]!]! + sd * this.random.normal();
    }
    network.step(h);
    // Muscles.
    const out = network.output;
    const exc = this.excitation;
    const inh = this.inhibition;
    for (let m = 0; m < MUSCLE_COUNT; m++) {
      exc[m] = 0;
      inh[m] = 0;
      for (let j = this.nmjStart[m]!, e = this.nmjStart[m + 1]!; j < e; j++) {
        const w = this.nmjWeight[j]!;
        if (w >= 0) exc[m] = exc[m]! + w * out[this.nmjUnit[j]!]!;
        else inh[m] = inh[m]! - w * out[this.nmjUnit[j]!]!;
      }
    }
    this.muscles.step(h, exc, inh);
    this.steps++;
    if (this.steps % this.bodyEvery === 0) this.stepBody();
    if (this.steps % BEHAVIOUR_EVERY === 0) this.classify();
  }

  private stepBody(): void {
    this.map.apply(this.externalMuscles ?? this.muscles.activation, this.body.dorsalActivation, this.body.ventralActivation);
    this.body.step(this.bodyStepS);
  }

  private classify(): void {
    this.behaviourClassifier.observe(this.steps, this.stepS, this.body.q, this.body.rods);
  }

  private updateState(): void {
    const { state, body } = this;
    const q = body.q;
    for (let i = 0; i < body.rods; i++) {
      state.midlineX[i] = q[3 * i]! * 1e3;
      state.midlineY[i] = q[3 * i + 1]! * 1e3;
    }
    body.centroid(this.centroid);
    state.centroidX = this.centroid.x * 1e3;
    state.centroidY = this.centroid.y * 1e3;
    state.muscleActivation.set(this.externalMuscles ?? this.muscles.activation);
    state.behaviour = this.behaviourClassifier.behaviour;
    state.axialSpeedMmPerS = this.behaviourClassifier.axialSpeed * 1e3;
    state.turnRateRadPerS = this.behaviourClassifier.turnRate;
    state.time = this.time;
  }
}

const GATE_INDEX = { none: 0, forward: 1, backward: 2 } as const;

/** Behaviour is re-evaluated every this many engine steps (20 ms at 1 ms). */
const BEHAVIOUR_EVERY = 20;
