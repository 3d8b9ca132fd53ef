/**
 * One worm performance, stepped on the engine's fixed grid: the C. elegans model (src/engines/worm) under the
 * recorded commands, its muscle contractions turned into notes by WormNoteMapper as they happen — a muscle
 * contracts: a key goes down (an open note); it relaxes: the key comes up (a release). The live engine and the
 * exports step the same class, so what is exported is what was heard.
 *
 *   controls (recorded) ──► WormEngine.advance(1) ──► muscle activations ──► WormNoteMapper ──► note / release
 *                                    └──► every STATE_EVERY steps: body, neurons, muscles, behaviour ──► state
 *
 * Per step nothing is allocated (the real-time rule): the engine and the mapper are allocation-free, the state is
 * written into one Float32Array that the worker's postMessage copies. Commands allocate when they apply (a new
 * mapper for new music), which is once per user action, not per step.
 */
import { WormEngine, ACTION_DRIVE, type CommandAction, WormNoteMapper, muscleQuadrant, type NoteSink } from 'neuromusic/worm';
import type { NoteEvent } from 'neuromusic/score';
import { ACTION_ORDER, BEHAVIOUR_ORDER, STATE_NOTES, WormStateLayout, type WormMusic } from './messages.js';
import type { WormControls } from './controls.js';
import type { Checkpoints } from '../../worker/checkpoints.js';

/** Engine steps between states sent to the view (8 × 2 ms: 62.5 states a second). */
export const STATE_EVERY = 8;

/** Where a run puts what it produces: the LiveEngine sink's shape. */
export interface WormOutput {
  /** An open note (duration Infinity); returns its id for the release. */
  note(note: NoteEvent): number;
  release(time: number, id: number): void;
  state?(time: number, state: Float32Array): void;
}

/**
 * Everything a run changes as it goes: the snapshot root of its checkpoints (the engine, the mapper and the few
 * numbers around them). What must survive going back in time (the recorded commands, the output) lives outside.
 */
export class WormRunState {
  mapper: WormNoteMapper;
  /** The body wave: its spatial phase at the last state (rad) and its smoothed frequency (Hz, signed). */
  wavePhase = NaN;
  waveHz = 0;
  /** Index of the next recorded command to apply. */
  cursor = 0;
  /** Command action in force (index in ACTION_ORDER), medium, music. */
  action: number;
  medium: number;
  music: WormMusic;
  /** Id of the open note sounding on each MIDI pitch (0: none heard: a note struck while the run was silent). */
  readonly heldIds = new Float64Array(128);

  constructor(
    readonly worm: WormEngine,
    initial: { action: CommandAction; medium: number; music: WormMusic },
  ) {
    this.action = ACTION_ORDER.indexOf(initial.action);
    this.medium = initial.medium;
    this.music = initial.music;
    this.mapper = new WormNoteMapper(worm.muscleNames, initial.music);
    if (initial.medium !== 0) worm.setMedium(initial.medium);
  }
}

export class WormRun {
  readonly state: WormRunState;
  readonly layout: WormStateLayout;
  readonly stepS: number;
  private readonly stateArray: Float32Array;
  private noteCount = 0;
  private out: WormOutput | null = null;
  private readonly noteSink: NoteSink;
  /** The step the current call of WormEngine.advance started from (its drive function reads it). */
  private chunkStart = 0;
  /** Per muscle: its segment (0–23) and +1 dorsal / −1 ventral, for the body-wave estimate. */
  private readonly muscleSegment: Int8Array;
  private readonly muscleSign: Int8Array;
  private readonly bend = new Float64Array(24);

  /** Checkpoints to take while running (the live engine's, rooted at `state`; exports run without). */
  checkpoints: Checkpoints | undefined;

  constructor(
    readonly seed: number,
    readonly controls: WormControls,
  ) {
    const worm = new WormEngine({ params: { seed } });
    this.state = new WormRunState(worm, controls.initial);
    this.stepS = worm.stepS;
    this.layout = new WormStateLayout(worm.body.rods, worm.neuronNames.length, worm.muscleNames.length);
    this.stateArray = new Float32Array(this.layout.length);
    this.muscleSegment = Int8Array.from(worm.muscleNames, (n) => muscleQuadrant(n).segment - 1);
    this.muscleSign = Int8Array.from(worm.muscleNames, (n) => (muscleQuadrant(n).quadrant[0] === 'D' ? 1 : -1));
    const held = this.state.heldIds;
    // The drive function runs at the start of every engine step: it sets the command in force and hands the
    // muscles' activations after the previous step to the mapper. Stepping through the engine's own loop, rather
    // than calling advance(1) from ours, keeps V8 from inlining the whole step into one function here, which made
    // it box doubles (0.77 MB a second of garbage, measured with the heap sampler).
    const state = this.state;
    const activation = worm.muscles.activation;
    worm.setDriveFunction((drive) => {
      const d = ACTION_DRIVE[ACTION_ORDER[state.action]!];
      drive.forward = d.forward;
      drive.backward = d.backward;
      drive.turn = d.turn;
      if (worm.steps > this.chunkStart) state.mapper.push(activation, drive.time, this.noteSink);
    });
    worm.reset(); // the initial command holds the command interneurons from the start
    this.noteSink = {
      noteOn: (time, pitch, velocity, voice) => {
        const out = this.out;
        held[pitch] = out ? out.note({ onset: time, duration: Infinity, pitch, velocity, voice }) : 0;
        if (out?.state) this.listNote(pitch, voice, velocity);
      },
      noteOff: (time, pitch) => {
        const id = held[pitch]!;
        held[pitch] = 0;
        if (id > 0 && this.out) this.out.release(time, id);
      },
    };
  }

  get worm(): WormEngine {
    return this.state.worm;
  }

  /**
   * What checkpoints need not copy: the engine's construction data, constant while it runs (the circuit's
   * specification — 3,200 of the 3,700 fields a snapshot would walk — the parameters and the names).
   */
  get constant(): ReadonlySet<object> {
    const w = this.state.worm;
    return new Set<object>([w.circuit, w.params, w.neuronNames, w.muscleNames]);
  }

  /** Steps taken. */
  get steps(): number {
    return this.state.worm.steps;
  }

  /** Simulated seconds. */
  get time(): number {
    return this.state.worm.steps * this.stepS;
  }

  /**
   * How many steps a run that has produced everything before `seconds` has taken: the steps whose end lies
   * strictly before it (so a note at the end of a step belongs to exactly one span [from, to)).
   */
  stepsBefore(seconds: number): number {
    const h = this.stepS;
    let n = Math.max(0, Math.ceil(seconds / h) - 1);
    while ((n + 1) * h < seconds) n++;
    while (n > 0 && n * h >= seconds) n--;
    return n;
  }

  /** Runs until every step ending before `seconds` is taken, sending notes, releases and states to `out`. */
  run(seconds: number, out: WormOutput | null): void {
    const target = this.stepsBefore(seconds);
    const s = this.state;
    const worm = s.worm;
    const entries = this.controls.entries;
    const checkpointEvery = this.checkpoints?.options.everySteps ?? 0;
    this.out = out;
    try {
      while (worm.steps < target) {
        const k = worm.steps;
        if (this.checkpoints?.due(k)) this.checkpoints.take(k);
        if (s.cursor < entries.length && entries[s.cursor]!.step <= k) this.applyControls(k);
        // A chunk of steps up to the next state, checkpoint, command or the target (integers throughout).
        let end = k - (k % STATE_EVERY) + STATE_EVERY;
        if (checkpointEvery > 0) end = Math.min(end, k - (k % checkpointEvery) + checkpointEvery);
        if (s.cursor < entries.length) end = Math.min(end, entries[s.cursor]!.step);
        end = Math.min(end, target);
        this.chunkStart = k;
        worm.advance(end - k);
        this.finishChunk();
      }
    } finally {
      this.out = null;
    }
  }

  /** After a chunk: the last step's activations to the mapper (the drive function passed the others), the state. */
  private finishChunk(): void {
    const worm = this.state.worm;
    this.state.mapper.push(worm.state.muscleActivation, worm.steps * this.stepS, this.noteSink);
    if (worm.steps % STATE_EVERY !== 0) return;
    this.trackWave();
    const out = this.out;
    if (out?.state) this.emitState(out);
  }

  /** After a checkpoint was restored: commands from its step on are still to apply; no notes are listed. */
  restored(): void {
    this.state.cursor = this.controls.firstAtOrAfter(this.state.worm.steps);
    this.noteCount = 0;
  }

  /** Ends every sounding note at `time` (the end of an export). */
  flush(out: WormOutput, time: number): void {
    this.out = out;
    this.state.mapper.flush(time, this.noteSink);
    this.out = null;
  }

  private applyControls(step: number): void {
    const s = this.state;
    const entries = this.controls.entries;
    while (s.cursor < entries.length && entries[s.cursor]!.step <= step) {
      const c = entries[s.cursor++]!;
      switch (c.kind) {
        case 'drive':
          // The drive function reads the action at every step.
          s.action = ACTION_ORDER.indexOf(c.action);
          break;
        case 'medium':
          s.worm.setMedium(c.medium);
          s.medium = c.medium;
          break;
        case 'music':
          // The old mapping's notes end where the new one's begin.
          s.mapper.flush((step + 1) * this.stepS, this.noteSink);
          s.mapper = new WormNoteMapper(s.worm.muscleNames, c.music);
          s.music = c.music;
          break;
      }
    }
  }

  /**
   * The body wave's direction and frequency from the muscles: the dorsal-minus-ventral activation along the 24
   * segments, d(s), projected on one spatial wavelength, Z = Σ d(s)·e^{2πis/24}. A wave running head → tail,
   * d = cos(ωt − ks), gives Z ∝ e^{iωt}: its phase turns forward at ω; a wave running tail → head turns it back.
   * The phase step between states, smoothed (τ = 0.5 s), is the signed frequency.
   */
  private trackWave(): void {
    const s = this.state;
    const act = s.worm.state.muscleActivation;
    const bend = this.bend;
    bend.fill(0);
    for (let m = 0; m < this.muscleSegment.length; m++) bend[this.muscleSegment[m]!] = bend[this.muscleSegment[m]!]! + this.muscleSign[m]! * act[m]!;
    // Sums start at −0, a double: from the integer 0, V8 may keep loop-carried sums boxed on the heap.
    let re = -0;
    let im = -0;
    for (let j = 0; j < 24; j++) {
      const a = (2 * Math.PI * j) / 24;
      re += bend[j]! * Math.cos(a);
      im += bend[j]! * Math.sin(a);
    }
    const phase = Math.atan2(im, re);
    const dt = STATE_EVERY * this.stepS;
    if (Number.isFinite(s.wavePhase) && re * re + im * im > 1e-6) {
      let d = phase - s.wavePhase;
      if (d > Math.PI) d -= 2 * Math.PI;
      else if (d < -Math.PI) d += 2 * Math.PI;
      const k = 1 - Math.exp(-dt / 0.5);
      s.waveHz += (d / (2 * Math.PI * dt) - s.waveHz) * k;
    }
    s.wavePhase = phase;
  }

  private listNote(pitch: number, voice: number, velocity: number): void {
    const a = this.stateArray;
    if (this.noteCount < STATE_NOTES) {
      const at = this.layout.notes + 3 * this.noteCount;
      a[at] = pitch;
      a[at + 1] = voice;
      a[at + 2] = velocity;
    }
    this.noteCount++;
  }

  /** The state at the current step as a fresh array, no notes listed (what a paused view shows). */
  currentState(): Float32Array {
    const a = new Float32Array(this.layout.length);
    this.writeState(a);
    return a;
  }

  private emitState(out: WormOutput): void {
    const a = this.stateArray;
    this.writeState(a);
    a[WormStateLayout.NOTE_COUNT] = this.noteCount;
    out.state!(a[WormStateLayout.TIME]!, a);
    this.noteCount = 0;
    a.fill(0, this.layout.notes);
  }

  /** Everything but the notes struck. */
  private writeState(a: Float32Array): void {
    const L = this.layout;
    const s = this.state;
    const w = s.worm.state;
    a[WormStateLayout.TIME] = s.worm.steps * this.stepS;
    a[WormStateLayout.BEHAVIOUR] = BEHAVIOUR_ORDER.indexOf(w.behaviour);
    a[WormStateLayout.CENTROID_X] = w.centroidX;
    a[WormStateLayout.CENTROID_Y] = w.centroidY;
    a[WormStateLayout.AXIAL_SPEED] = w.axialSpeedMmPerS;
    a[WormStateLayout.TURN_RATE] = w.turnRateRadPerS;
    a[WormStateLayout.FORWARD] = s.worm.drive.forward;
    a[WormStateLayout.BACKWARD] = s.worm.drive.backward;
    a[WormStateLayout.TURN] = s.worm.drive.turn;
    a[WormStateLayout.MEDIUM] = s.medium;
    a[WormStateLayout.ACTION] = s.action;
    a[WormStateLayout.WAVE_HZ] = s.waveHz;
    a.set(w.midlineX, L.midlineX);
    a.set(w.midlineY, L.midlineY);
    a.set(w.neuronActivity, L.neurons);
    a.set(w.muscleActivation, L.muscles);
  }
}
