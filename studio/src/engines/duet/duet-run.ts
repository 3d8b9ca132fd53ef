/**
 * One performance of the Neural Duet steered by EEG, on one clock: engine seconds. The EEG arrives in blocks of
 * 1/8 s (16 samples at 128 Hz), each at the moment its last sample would arrive from a headset; the block goes
 * through the biomarker tracker and the control mapper, and the duet plays with the new controls from that moment.
 *
 *   twin (state commands) or EDF ─► block k at (k+1)/8 s ─► BiomarkerTracker ─► DuetControlMapper ─► setControls
 *   DuetEngine.advanceTo(t) ─► notes (melody, drums on channel 10) ─► sink;  every 1/64 s ─► state (DuetStateLayout)
 *   camera motion samples (MotionSchedule, at the times they arrived) ─► DuetEngine.setLiveInput(envelope, height)
 *
 * The run is a function of the seed, the inputs and the recorded state commands (by block), so the live engine can
 * go back to a checkpoint and re-run, and the exports re-run it from 0.
 */
import { DuetEngine, DuetControlMapper, EegTwin, type DuetInput, type DuetSink } from 'neuromusic/duet';
import { BiomarkerTracker, EPOC_CHANNELS, type BiomarkerBaseline } from 'neuromusic/analysis';
import type { NoteEvent } from 'neuromusic/score';
import { SurrogateDrummer, type SurrogateModel } from 'neuromusic/surrogate';
import type { Checkpoints } from '../../worker/checkpoints.js';
import type { MotionSchedule } from './motion-input.js';
import {
  DUET_BLOCK_SAMPLES, DUET_BLOCK_SECONDS, DUET_CHANNELS, DUET_EEG_RATE, DUET_STATE_RATE, DUET_STATE_SAMPLES, DUET_TWIN_STATES,
  DuetStateLayout as L, type DuetTwinState,
} from './messages.js';

/** States per block. */
const STATES_PER_BLOCK = DUET_STATE_RATE * DUET_BLOCK_SECONDS;
/** EEG samples kept for the states (two blocks). */
const EEG_KEEP = 2 * DUET_BLOCK_SAMPLES;
/**
 * A state carries the samples of 9 states before it: state 8k + 8, at (k+1)/8 s when block k arrives, the last two
 * of block k − 1; from the next state on, those of block k. So every sample is shown once, in time order.
 */
const EEG_DELAY_STATES = STATES_PER_BLOCK + 1;
/** Seconds of twin EEG, at rest, the twin's baseline is measured on (the tracker's default baseline). */
export const TWIN_BASELINE_SECONDS = 10;

/** An EEG recording ready to stream: the 14 EPOC positions at 128 Hz, and its baseline. */
export interface EegStream {
  name: string;
  /** How each position is served: its name, or `AF3←Fp1` when the nearest electrode stands in. */
  channels: string[];
  /** 14 channels at 128 Hz, µV. */
  data: Float64Array[];
  baseline: BiomarkerBaseline;
  baselineSeconds: number;
}

/** The twin's state commands, by the block they take effect at (kept outside the checkpoints: they are the user's). */
export class TwinSchedule {
  readonly blocks: number[] = [];
  readonly states: DuetTwinState[] = [];

  /** From block `block` on the twin goes to `state`; what was asked for later than that is replaced. */
  set(block: number, state: DuetTwinState): void {
    let n = this.blocks.length;
    while (n > 0 && this.blocks[n - 1]! >= block) n--;
    this.blocks.length = n;
    this.states.length = n;
    this.blocks.push(block);
    this.states.push(state);
  }

  /** The state asked for last at or before `block` (neutral before any). */
  stateAt(block: number): DuetTwinState {
    let s: DuetTwinState = 'neutral';
    for (let i = 0; i < this.blocks.length && this.blocks[i]! <= block; i++) s = this.states[i]!;
    return s;
  }
}

/**
 * The baseline of the twin at rest: its first seconds in the neutral state through a tracker, so that the indices
 * are z-scores from the first full window on.
 * @example
 * twinBaseline(1).windows; // → 65 — the 2-s windows a hop apart that end within 10 s
 */
export function twinBaseline(seed: number): BiomarkerBaseline {
  const twin = new EegTwin({ seed, script: `neutral ${TWIN_BASELINE_SECONDS}s` });
  const tracker = new BiomarkerTracker({ sampleRate: DUET_EEG_RATE, labels: [...EPOC_CHANNELS], baselineSeconds: TWIN_BASELINE_SECONDS });
  const block = EPOC_CHANNELS.map(() => new Float64Array(DUET_BLOCK_SAMPLES));
  for (let k = 0; k < TWIN_BASELINE_SECONDS / DUET_BLOCK_SECONDS; k++) {
    twin.nextInto(block);
    tracker.push(block);
  }
  if (!tracker.baseline) throw new Error('the twin baseline needs a longer run');
  return tracker.baseline;
}

/** Where a run puts what it produces (the LiveEngine sink's shape). */
export interface DuetOutput {
  note(note: NoteEvent): number;
  state?(time: number, state: Float32Array): void;
  beat?(time: number): void;
}

/** What a run changes as it goes: the snapshot root of its checkpoints. */
export class DuetRunState {
  /** The next EEG block to arrive (block k arrives at (k+1)/8 s). */
  block = 0;
  /** The next state to post (state i at i/64 s). */
  stateIndex = 0;
  /** The twin's schedule entries applied so far. */
  scheduleCursor = 0;
  /** EEG samples received so far, and the last EEG_KEEP of them per channel (a ring, index n at n % EEG_KEEP). */
  samples = 0;
  readonly recent = new Float32Array(DUET_CHANNELS * EEG_KEEP);
  blockMs = 0;
  /** Camera samples applied so far, and the last one's frame (−1: none, or the camera off), energy, height and time. */
  motionCursor = 0;
  motionFrame = -1;
  motionEnergy = 0;
  motionHeight = NaN;
  motionSince = NaN;

  constructor(
    readonly engine: DuetEngine,
    readonly twin: EegTwin,
    readonly tracker: BiomarkerTracker,
    readonly mapper: DuetControlMapper,
  ) {}
}

/** Settings a run is built from. */
export interface DuetRunSettings {
  seed: number;
  /** An EDF recording to stream instead of the twin. */
  eeg?: EegStream | undefined;
  /** What the listener hears instead of the drummer's strokes. */
  heard?: { input: DuetInput; seconds: number } | undefined;
  /** The camera's motion samples, by the engine time they take effect at. */
  motion?: MotionSchedule | undefined;
  /** A trained surrogate of ASHLE as the drummer's motor oscillator (neuromusic/surrogate). */
  surrogate?: SurrogateModel | undefined;
}

export class DuetRun {
  readonly state: DuetRunState;
  /** Objects the checkpoints leave out: the recording and the schedule do not change as the run goes. */
  readonly persistent: ReadonlySet<object>;
  checkpoints: Checkpoints | undefined;
  private readonly block: Float64Array[];
  private readonly out = new Float32Array(L.LENGTH);
  private output: DuetOutput | null = null;
  private readonly sink: DuetSink;

  constructor(
    readonly settings: DuetRunSettings,
    readonly schedule: TwinSchedule = new TwinSchedule(),
    twinBaselineOf: (seed: number) => BiomarkerBaseline = twinBaseline,
  ) {
    const { seed, eeg, heard, surrogate } = settings;
    const engine = new DuetEngine({ seed, ...(heard ? { input: heard.input, inputSeconds: heard.seconds } : {}), ...(surrogate ? { drummerModel: new SurrogateDrummer(surrogate) } : {}) });
    const twin = new EegTwin({ seed, script: 'neutral 60s' });
    const baseline = eeg ? eeg.baseline : twinBaselineOf(seed);
    const tracker = new BiomarkerTracker({ sampleRate: DUET_EEG_RATE, labels: [...EPOC_CHANNELS], baseline });
    this.state = new DuetRunState(engine, twin, tracker, new DuetControlMapper());
    this.block = EPOC_CHANNELS.map(() => new Float64Array(DUET_BLOCK_SAMPLES));
    this.persistent = new Set<object>([schedule, ...(eeg ? [eeg] : []), ...(settings.motion ? [settings.motion] : []), ...(surrogate ? [surrogate, surrogate.theta] : [])]);
    this.sink = {
      note: (n) => void this.output?.note(n),
      beat: (t) => this.output?.beat?.(t),
    };
  }

  /** Engine seconds the run stands at. */
  get time(): number {
    return this.state.engine.timeSeconds;
  }

  /** The twin's state asked for at the block in force now (−1 when a recording streams). */
  twinStateIndex(): number {
    return this.settings.eeg ? -1 : DUET_TWIN_STATES.indexOf(this.schedule.stateAt(this.state.block));
  }

  /** Runs to engine time `to`: the duet's steps, the EEG blocks that arrive on the way, the states. */
  run(to: number, output: DuetOutput | null): void {
    this.output = output;
    const s = this.state;
    for (;;) {
      const arrival = (s.block + 1) * DUET_BLOCK_SECONDS;
      const stop = Math.min(to, arrival);
      this.dynamics(stop);
      if (stop < arrival) break;
      this.receiveBlock();
      if (this.checkpoints?.due(s.block)) this.checkpoints.take(s.block);
    }
    this.output = null;
  }

  /** The state now (for a paused view), written into the run's state buffer. */
  currentState(): Float32Array {
    return this.writeState(this.time, Math.max(0, this.state.stateIndex - 1));
  }

  private dynamics(stop: number): void {
    const s = this.state;
    const engine = s.engine;
    const motion = this.settings.motion;
    for (let t = s.stateIndex / DUET_STATE_RATE; t < stop; t = s.stateIndex / DUET_STATE_RATE) {
      // Camera samples due before this state, each from the grid step where it arrived.
      while (motion && s.motionCursor < motion.length && motion.times[s.motionCursor]! <= t) this.applyMotion(motion);
      engine.advanceTo(t, this.sink);
      if (this.output?.state) this.output.state(t, this.writeState(t, s.stateIndex));
      s.stateIndex++;
    }
    while (motion && s.motionCursor < motion.length && motion.times[s.motionCursor]! < stop) this.applyMotion(motion);
    engine.advanceTo(stop, this.sink);
  }

  /** The next camera sample: the engine runs to its time, then the listener hears it and the melodist follows its height. */
  private applyMotion(motion: MotionSchedule): void {
    const s = this.state;
    const i = s.motionCursor++;
    s.engine.advanceTo(motion.times[i]!, this.sink);
    const envelope = motion.envelope[i]!;
    s.engine.setLiveInput(envelope, motion.height[i]!);
    s.motionFrame = motion.frames[i]!;
    s.motionEnergy = motion.energy[i]!;
    s.motionHeight = motion.height[i]!;
    s.motionSince = motion.times[i]!;
  }

  /** EEG block `block` arrives: the twin's commands due, the samples, the tracker, the mapper, the controls. */
  private receiveBlock(): void {
    const s = this.state;
    const started = now();
    const eeg = this.settings.eeg;
    if (eeg) {
      const length = eeg.data[0]!.length;
      for (let c = 0; c < DUET_CHANNELS; c++) {
        const src = eeg.data[c]!;
        const dst = this.block[c]!;
        for (let i = 0; i < DUET_BLOCK_SAMPLES; i++) dst[i] = src[(s.samples + i) % length]!;
      }
    } else {
      const sc = this.schedule;
      while (s.scheduleCursor < sc.blocks.length && sc.blocks[s.scheduleCursor]! <= s.block) {
        s.twin.setState(sc.states[s.scheduleCursor]!);
        s.scheduleCursor++;
      }
      s.twin.nextInto(this.block);
    }
    for (let c = 0; c < DUET_CHANNELS; c++) {
      const src = this.block[c]!;
      for (let i = 0; i < DUET_BLOCK_SAMPLES; i++) s.recent[c * EEG_KEEP + ((s.samples + i) % EEG_KEEP)] = src[i]!;
    }
    s.samples += DUET_BLOCK_SAMPLES;
    s.tracker.push(this.block);
    s.engine.setControls(s.mapper.update(s.tracker.indices, DUET_BLOCK_SECONDS));
    s.block++;
    s.blockMs = now() - started;
  }

  private writeState(time: number, index: number): Float32Array {
    const s = this.state;
    const d = s.engine.state;
    const c = d.controls;
    const x = s.tracker.indices;
    const o = this.out;
    o[L.TIME] = time;
    o[L.BEAT] = d.beatPosition;
    o[L.DRUMMER_PHASE] = d.drummerPhase;
    o[L.DRUMMER_HZ] = d.drummerHz;
    o[L.DRUMMER_AMPLITUDE] = d.drummerAmplitude;
    o[L.LISTENER_HZ] = d.listenerStrongestHz;
    o[L.LISTENER_PHASE] = d.listenerPhase;
    o[L.LISTENER_PLV] = d.listenerPlv;
    o[L.LORENZ_X] = d.lorenzX;
    o[L.LORENZ_Y] = d.lorenzY;
    o[L.LORENZ_Z] = d.lorenzZ;
    o[L.LAMBDA2] = c.lambda2;
    o[L.RHO] = c.rho;
    o[L.TEMPO] = c.tempoScale;
    o[L.DENSITY] = c.density;
    o[L.STRESS] = x.stress;
    o[L.ATTENTION] = x.attention;
    o[L.ENGAGEMENT] = x.engagement;
    o[L.RELAXATION] = x.relaxation;
    o[L.READY] = s.tracker.windows > 0 ? 1 : 0;
    o[L.TWIN_STATE] = this.twinStateIndex();
    o[L.INPUT_ENVELOPE] = d.inputEnvelope;
    o[L.BLOCK_MS] = s.blockMs;
    o[L.MOTION_FRAME] = s.motionFrame;
    o[L.MOTION_ENERGY] = s.motionEnergy;
    o[L.MOTION_Y] = s.motionHeight;
    o[L.MOTION_SINCE] = s.motionSince;
    const first = (index - EEG_DELAY_STATES) * DUET_STATE_SAMPLES;
    o[L.EEG_FIRST] = first;
    for (let c = 0; c < DUET_CHANNELS; c++) {
      for (let j = 0; j < DUET_STATE_SAMPLES; j++) {
        const n = first + j;
        o[L.EEG + c * DUET_STATE_SAMPLES + j] = n >= 0 && n < s.samples && n >= s.samples - EEG_KEEP ? s.recent[c * EEG_KEEP + (n % EEG_KEEP)]! : NaN;
      }
    }
    return o;
  }
}

/** Milliseconds from the host's clock (for the block timing shown; never part of the run's results). */
function now(): number {
  return globalThis.performance?.now() ?? 0;
}
