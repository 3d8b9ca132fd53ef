/**
 * The Neural Duet as a live engine: three coupled dynamical systems stepped together on one fixed grid of
 * h = 1/dynamicsHz seconds (docs/design/duet.md has the equations and their sources).
 *
 * - The **listener**, a GrFNN bank (Large, Almonte & Velasco 2010, Physica D 239:905; Large, Herrera & Velasco
 *   2015, Front Syst Neurosci 9:159), hears an envelope e(t): the outside input when there is one, otherwise the
 *   drummer's own strokes. Its output is the amplitude-weighted mean field y = Σ|z_k|⁴ z_k / Σ|z_k|⁴, whose phase
 *   follows its strongest resonance.
 * - The **drummer** is ASHLE (Roman, Roman, Kim & Large 2023, PLoS Comput Biol 19:e1011154) with stimulus
 *   x = F·y/(|y| + r½): it entrains to what the listener hears. One cycle of its motor oscillator is one beat; the
 *   unwrapped phase Φ gives the beat position B = Φ/2π, and the drum pattern's sixteenths fire as B crosses them.
 *   Its spontaneous rate is f0·tempoScale and its elasticity λ2, both from the controls.
 * - The **melodist** is the Lorenz system (Lorenz 1963, J Atmos Sci 20:130), ρ from the controls, stepped by dt
 *   `stepsPerBeat` times a beat (its clock is the drummer's). On each melodic slot of the beat it plays with
 *   probability density·w(slot)·(1 + a·cos arg y) (the listener's pulse accents the slots it hears as strong);
 *   x picks the scale degree, z the velocity; an optional register series (0..1, e.g. the height of the motion in a
 *   video) pulls the scale position toward its own.
 *
 * Determinism and chunking: the grid is fixed and every step's work depends only on the state, so `advanceTo(t)`
 * in any chunking visits exactly the states and emits exactly the notes of an offline run; onsets are the crossing
 * times, interpolated linearly between grid points. Allocation happens in the constructor only (aubio's rule).
 */
import { GrfnnBank } from '../../dynamics/grfnn.js';
import { createRandom, type Random } from '../../math/random.js';
import { parseKey, scalePitches } from '../../score/scales.js';
import type { NoteEvent } from '../../score/types.js';
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';
import { controlsAt, keyframeIndex, validateControlTrack, type ControlTrack } from './control-track.js';
import { inputOnGrid, type DuetInput, type GridInput } from './input.js';
import { DRUM_PATTERNS, GM_DRUM_KEYS, parseDuetParams, type DuetParams, type DuetParamsInput } from './params.js';
import { registerOnGrid, type DuetRegisterInput } from './register.js';

const TWO_PI = 2 * Math.PI;

/** The voice (MIDI track) of each part; drums go to MIDI channel 10 (index 9). */
export const DUET_VOICES = { melody: 0, drums: 1 } as const;
export const DUET_VOICE_NAMES = ['melody (Lorenz)', 'drums (ASHLE)'];
/** MIDI channel index of General MIDI percussion (channel 10). */
export const GM_PERCUSSION_CHANNEL = 9;

const DRUM_ORDER = ['kick', 'snare', 'hihat', 'openhat'] as const;
/** Stroke velocity at motor amplitude 1, per instrument. */
const DRUM_LEVEL = { kick: 0.9, snare: 0.8, hihat: 0.5, openhat: 0.55 } as const;
/** Listener half-saturation amplitude r½ of the drummer's stimulus F·y/(|y| + r½). */
const STIMULUS_HALF_AMPLITUDE = 0.05;
/** The motor oscillator's amplitude when driven by its sensory partner (|z_m| ≈ 1.3): strokes at it get their level. */
const NOMINAL_MOTOR_AMPLITUDE = 1.3;
/** Time constant (s) of the slow mean removed from what the listener hears. */
const HEARD_MEAN_SECONDS = 1;

/** Where an engine receives what it plays. */
export interface DuetSink {
  note(n: NoteEvent): void;
  /** A beat began (B crossed an integer) at `timeSeconds`. */
  beat?(timeSeconds: number, beatIndex: number): void;
}

/**
 * A stand-in for the ASHLE drummer (e.g. a trained surrogate network): stepped on the engine's grid with the same
 * stimulus x the ASHLE drummer would get, it reports the motor oscillator's state. The engine keeps the beat
 * position, the drums and everything else; only the motor oscillator's integration is replaced.
 */
export interface DuetDrummerModel {
  /** A label for reports, e.g. "TCN surrogate". */
  readonly label: string;
  /** Back to the start of a run, with the spontaneous rate f0 (Hz): phase 0, amplitude 1, frequency f0. */
  reset(f0Hz: number): void;
  /** Advances by h seconds hearing x = xr + i·xi, with the spontaneous rate f0 (Hz) of now. */
  step(h: number, xr: number, xi: number, f0Hz: number): void;
  /** The motor state after the last step: phase (rad), amplitude |z_m| and learned frequency f_m (Hz). */
  readonly phase: number;
  readonly amplitude: number;
  readonly frequencyHz: number;
}

/** Options of {@link DuetEngine}. */
export interface DuetEngineOptions extends DuetParamsInput {
  /** Replaces the ASHLE drummer's motor oscillator (default: ASHLE itself). */
  drummerModel?: DuetDrummerModel;
  /** What the listener hears; without it, the drummer's own strokes. */
  input?: DuetInput;
  /** Controls over time (keyframes, interpolated); without it, {@link DEFAULT_DUET_CONTROLS}. */
  controls?: ControlTrack;
  /**
   * The melodist's register over time, 0..1 (e.g. the height of the motion in a video): the scale position becomes
   * (1 − w)·u_x + w·r, w = `melodist.registerWeight`. Without it, x alone picks the pitch.
   */
  register?: DuetRegisterInput;
}

/** What the engine shows after each step (updated in place). */
export interface DuetState {
  timeSeconds: number;
  controls: DuetControls;
  /** The drummer's motor phase arg z_m (rad), its amplitude |z_m|, its learned frequency f_m (Hz). */
  drummerPhase: number;
  drummerAmplitude: number;
  drummerLearnedHz: number;
  /** The drummer's instantaneous frequency dΦ/dt / 2π over the last step (Hz): its tempo in beats per second. */
  drummerHz: number;
  /** Beat position B = Φ/2π (beats since the start). */
  beatPosition: number;
  /** The envelope the listener hears now. */
  inputEnvelope: number;
  /** Natural frequency (Hz) of the listener's strongest oscillator, and the phase of its mean field. */
  listenerStrongestHz: number;
  listenerPhase: number;
  /** Running phase-locking value (time constant `plvSeconds`) of the listener's phase with the input's. */
  listenerPlv: number;
  lorenzX: number;
  lorenzY: number;
  lorenzZ: number;
}

/**
 * The duet, stepped live (`step`, `advanceTo`) or run offline by {@link composeDuet}.
 * @example
 * const duet = new DuetEngine({ seed: 7 });
 * const notes: NoteEvent[] = [];
 * for (let k = 0; k < 120; k++) duet.step(1 / 60, { note: (n) => notes.push(n) }); // 2 s in 60 Hz frames
 * notes.some((n) => n.voice === DUET_VOICES.drums && n.pitch === 36); // → true — the kick on beat 1
 */
export class DuetEngine {
  readonly params: DuetParams;
  readonly stepSeconds: number;
  /** Grid steps done. */
  steps = 0;
  /** The time asked for so far by `step` (s). */
  requestedSeconds = 0;
  readonly state: DuetState;

  private readonly track: ControlTrack;
  private trackHint = 0;
  private readonly grid: GridInput | null;
  private readonly registerGrid: Float64Array | null;
  private readonly listener: GrfnnBank;
  private random: Random;
  private readonly pitches: readonly number[];
  private readonly slotWeights: Float64Array;
  /** ASHLE state [z_s re, z_s im, f_s, z_m re, z_m im, f_m] and RK4 stages. */
  private readonly ashle = new Float64Array(6);
  private readonly k1 = new Float64Array(6);
  private readonly k2 = new Float64Array(6);
  private readonly k3 = new Float64Array(6);
  private readonly k4 = new Float64Array(6);
  private readonly tmp = new Float64Array(6);
  private readonly lorenz = new Float64Array(3);
  private readonly lorenzStart = new Float64Array(3);
  /** Manual controls (`setControls`) override the track while `manual` is on. */
  private manual = false;
  private readonly manualControls: DuetControls = { ...DEFAULT_DUET_CONTROLS };
  /** Unwrapped motor phase Φ and the last slot indices processed (drum sixteenths, melodic slots, Lorenz ticks). */
  private phi = 0;
  private lastSixteenth = -1;
  private lastMelodySlot = -1;
  private lastLorenzTick = 0;
  /** The drummer's strokes as the listener hears them: alpha-function stages. */
  private pulseA = 0;
  private pulseB = 0;
  /** Slow mean of the heard envelope, removed before the bank (a one-pole high-pass). */
  private heardMean = 0;
  private plvRe = 0;
  private plvIm = 0;
  /** Live input (`setLiveInput`): what the listener hears and the melodist's register; NaN while there is none. */
  private liveEnvelope = NaN;
  private liveRegister = NaN;
  private readonly drummerModel: DuetDrummerModel | undefined;
  /** A periodic input's cycle (`input.cycle`): its frequency (Hz) and its phase on the grid; null without one. */
  private readonly cycleHz: number;
  private readonly cycleGrid: Float64Array | null;

  constructor(options: DuetEngineOptions = {}) {
    const { input, controls, drummerModel, ...rest } = options;
    this.drummerModel = drummerModel;
    this.params = parseDuetParams(rest);
    const p = this.params;
    this.stepSeconds = 1 / p.dynamicsHz;
    this.cycleHz = input?.cycle?.frequencyHz ?? NaN;
    this.cycleGrid = input?.cycle && this.cycleHz > 0 ? cycleOnGrid(input.cycle.phase, input.sampleRateHz, p.dynamicsHz) : null;
    this.track = validateControlTrack(controls ?? []);
    if (input) {
      // On the grid for the input's own length (the same whatever the run's length, so that live and offline runs
      // of any length hear the same); silence after it.
      const seconds = input.envelope.length / input.sampleRateHz;
      this.grid = inputOnGrid(input, p.dynamicsHz, Math.ceil(seconds * p.dynamicsHz) + 1, p.listener.pulseSeconds);
    } else {
      this.grid = null;
    }
    // The register on the grid for its own length, as the input (the last value holds after it).
    this.registerGrid = options.register
      ? registerOnGrid(options.register, p.dynamicsHz, Math.ceil((options.register.values.length / options.register.sampleRateHz) * p.dynamicsHz) + 1)
      : null;
    const l = p.listener;
    this.listener = new GrfnnBank({
      lowHz: l.lowHz,
      highHz: l.highHz,
      count: l.count,
      params: { alpha: l.alpha, beta1: l.beta1, beta2: 0, delta1: 0, delta2: 0, epsilon: 0 },
      coupling: 'linear',
      inputGain: l.inputGain,
    });
    const m = p.melodist;
    this.pitches = scalePitches(parseKey(m.key), m.lowPitch, m.highPitch);
    if (this.pitches.length === 0) throw new RangeError(`no pitch of ${m.key} lies in ${m.lowPitch}–${m.highPitch}`);
    // Slot weights: the beat strongest, then the half beat, then the rest (mean about 1).
    const S = m.slotsPerBeat;
    this.slotWeights = Float64Array.from({ length: S }, (_, s) => (s === 0 ? 1.6 : 2 * s === S ? 1.1 : 0.65));
    this.random = createRandom(p.seed);
    this.state = {
      timeSeconds: 0,
      controls: { ...DEFAULT_DUET_CONTROLS },
      drummerPhase: 0,
      drummerAmplitude: 1,
      drummerLearnedHz: p.drummer.f0Hz,
      drummerHz: p.drummer.f0Hz,
      beatPosition: 0,
      inputEnvelope: 0,
      listenerStrongestHz: NaN,
      listenerPhase: 0,
      listenerPlv: 0,
      lorenzX: 0,
      lorenzY: 0,
      lorenzZ: 0,
    };
    // The melodist's starting point, drawn once from the seed, so that reset replays it.
    const r = createRandom(p.seed ^ 0x5eed);
    this.lorenzStart[0] = r.uniform(-10, 10);
    this.lorenzStart[1] = r.uniform(-10, 10);
    this.lorenzStart[2] = r.uniform(10, 35);
    this.reset();
  }

  /** Back to time 0: oscillators at their starting states, the random stream reseeded, manual controls off. */
  reset(): void {
    const p = this.params;
    this.steps = 0;
    this.requestedSeconds = 0;
    this.trackHint = 0;
    this.manual = false;
    Object.assign(this.manualControls, DEFAULT_DUET_CONTROLS);
    this.random = createRandom(p.seed);
    controlsAt(this.track, 0, this.state.controls);
    const f0 = p.drummer.f0Hz * this.state.controls.tempoScale;
    // Both ASHLE oscillators start on their limit cycle (|z| = 1), phase 0: the first beat is at t = 0.
    this.ashle.set([1, 0, f0, 1, 0, f0]);
    this.drummerModel?.reset(f0);
    this.lorenz.set(this.lorenzStart);
    this.listener.reset();
    this.phi = 0;
    this.lastSixteenth = -1;
    this.lastMelodySlot = -1;
    this.lastLorenzTick = 0;
    this.pulseA = 0;
    this.pulseB = 0;
    this.heardMean = 0;
    this.plvRe = 0;
    this.plvIm = 0;
    this.liveEnvelope = NaN;
    this.liveRegister = NaN;
    this.observe(0, f0);
  }

  /** The time the engine stands at (s): the last grid point reached. */
  get timeSeconds(): number {
    return this.steps * this.stepSeconds;
  }

  /** Replaces the control track by fixed controls from the next step on (live use: a slider, a biomarker). */
  setControls(controls: Partial<DuetControls>): void {
    const c = { ...(this.manual ? this.manualControls : this.state.controls), ...controls };
    validateControlTrack([{ timeSeconds: 0, controls: c }]);
    Object.assign(this.manualControls, c);
    this.manual = true;
  }

  /**
   * Live input (a camera): from the next step on, the listener hears `envelope` (≥ 0, held until the next call) in
   * place of the drummer's strokes or the `input` option, and the running PLV compares its phase with the drummer's;
   * `register` (0..1, NaN for none) stands in for the `register` option. `setLiveInput(NaN)` ends it. The caller
   * scales the envelope (about 0..1, as `input` is normalised); the run stays a function of the calls and the steps
   * they fall on, so a recorded sequence of calls replays exactly.
   */
  setLiveInput(envelope: number, register = NaN): void {
    if (envelope < 0 || register < 0 || register > 1) throw new RangeError(`live input needs an envelope ≥ 0 and a register in 0..1, got ${envelope} and ${register}`);
    this.liveEnvelope = envelope;
    this.liveRegister = register;
  }

  /** Advances by `seconds`: every grid step up to the total time asked for so far. */
  step(seconds: number, sink: DuetSink): DuetState {
    if (!(seconds >= 0)) throw new RangeError(`step needs seconds ≥ 0, got ${seconds}`);
    return this.advanceTo(this.requestedSeconds + seconds, sink);
  }

  /** Advances to `timeSeconds`: every grid step k with k·h ≤ timeSeconds (to within 10⁻⁹ of a step). */
  advanceTo(timeSeconds: number, sink: DuetSink): DuetState {
    this.requestedSeconds = Math.max(this.requestedSeconds, timeSeconds);
    const target = Math.floor(this.requestedSeconds / this.stepSeconds + 1e-9);
    while (this.steps < target) this.advanceOne(sink);
    return this.state;
  }

  /** Advances exactly `count` grid steps (offline runs). */
  advanceSteps(count: number, sink: DuetSink): DuetState {
    for (let k = 0; k < count; k++) this.advanceOne(sink);
    this.requestedSeconds = Math.max(this.requestedSeconds, this.timeSeconds);
    return this.state;
  }

  /** The listener's amplitudes |z_k| into `out` (one per oscillator, low to high). */
  listenerAmplitudes(out: Float64Array | Float32Array): void {
    const z = this.listener.z;
    for (let k = 0; k < z.re.length; k++) out[k] = Math.hypot(z.re[k]!, z.im[k]!);
  }

  /** The listener's natural frequencies (Hz), low to high. */
  get listenerFrequencies(): Float64Array {
    return this.listener.frequenciesHz;
  }

  private advanceOne(sink: DuetSink): void {
    const p = this.params;
    const h = this.stepSeconds;
    const k = this.steps;
    const t = k * h;
    const c = this.state.controls;
    if (this.manual) Object.assign(c, this.manualControls);
    else {
      this.trackHint = keyframeIndex(this.track, t, this.trackHint);
      controlsAt(this.track, t, c, this.trackHint);
    }
    const f0 = p.drummer.f0Hz * c.tempoScale;

    // The listener's mean field y (weights |z|⁴) and the ASHLE stimulus x = F·y/(|y| + r½).
    const z = this.listener.z;
    let yr = 0;
    let yi = 0;
    let wsum = 0;
    for (let j = 0; j < z.re.length; j++) {
      const a2 = z.re[j]! * z.re[j]! + z.im[j]! * z.im[j]!;
      const w = a2 * a2;
      yr += w * z.re[j]!;
      yi += w * z.im[j]!;
      wsum += w;
    }
    if (wsum > 0) {
      yr /= wsum;
      yi /= wsum;
    }
    const ya = Math.hypot(yr, yi);
    const gain = p.drummer.forcing / (ya + STIMULUS_HALF_AMPLITUDE);
    // Rotated back by the listener's mean lag behind what it hears (the phase of the running PLV), so that the
    // drummer follows the input's phase, not the listener's delay; listening to itself, it is not slowed by it.
    const lag = Math.hypot(this.plvRe, this.plvIm);
    const cr = lag > 0 ? this.plvRe / lag : 1;
    const ci = lag > 0 ? -this.plvIm / lag : 0;
    let xr = gain * (yr * cr - yi * ci);
    let xi = gain * (yr * ci + yi * cr);
    // A periodic input of known cycle far below the drummer's tempo (n = round(f0/f_c) ≥ 2): the drummer hears the
    // cycle's phase φ times n, at the strength the listener hears it — n:1 resonance, the monomial x^n of the
    // canonical model's multi-frequency coupling (Large, Almonte & Velasco 2010): n beats to each cycle.
    const cyc = this.cycleGrid;
    if (cyc && !(this.liveEnvelope >= 0) && k < cyc.length) {
      const n = Math.round(f0 / this.cycleHz);
      if (n >= 2) {
        const xa = gain * ya;
        const theta = n * cyc[k]!;
        xr = xa * Math.cos(theta);
        xi = xa * Math.sin(theta);
      }
    }
    if (this.drummerModel) {
      // A stand-in motor oscillator: its state in place of ASHLE's (the sensory oscillator stays unused).
      const dm = this.drummerModel;
      dm.step(h, xr, xi, f0);
      this.ashle[3] = dm.amplitude * Math.cos(dm.phase);
      this.ashle[4] = dm.amplitude * Math.sin(dm.phase);
      this.ashle[5] = dm.frequencyHz;
    } else this.stepAshle(h, xr, xi, f0, c.lambda2);

    // The listener hears the input (or the drummer's strokes) over [t, t + h].
    let e0: number;
    let e1: number;
    const live = this.liveEnvelope >= 0;
    if (live) {
      e0 = this.liveEnvelope;
      e1 = this.liveEnvelope;
    } else if (this.grid) {
      const g = this.grid.envelope;
      e0 = k < g.length ? g[k]! : 0;
      e1 = k + 1 < g.length ? g[k + 1]! : 0;
    } else {
      e0 = this.pulseB;
      e1 = this.pulseB;
    }
    // A pulse train's mean would drive the slowest oscillators hardest: remove it (time constant HEARD_MEAN_SECONDS).
    const mean0 = this.heardMean;
    this.heardMean += (h / HEARD_MEAN_SECONDS) * (0.5 * (e0 + e1) - this.heardMean);
    const m0 = e0 - mean0;
    const m1 = e1 - this.heardMean;
    this.listener.step(h, m0, 0, 0.5 * (m0 + m1), 0, m1, 0);

    // The beat position after the step, and the slots crossed on the way.
    const y = this.ashle;
    const phase = Math.atan2(y[4]!, y[3]!);
    let dphi = phase - (this.phi - TWO_PI * Math.round(this.phi / TWO_PI));
    dphi -= TWO_PI * Math.round(dphi / TWO_PI);
    const beat0 = this.phi / TWO_PI;
    this.phi += dphi;
    const beat1 = this.phi / TWO_PI;
    this.steps = k + 1;

    // Lorenz ticks, stepsPerBeat a beat, with the ρ of now.
    const m = p.melodist;
    const tick = Math.floor(beat1 * m.stepsPerBeat);
    while (this.lastLorenzTick < tick) {
      this.stepLorenz(m.dt, m.sigma, c.rho, m.beta);
      this.lastLorenzTick++;
    }

    const sixteenth = Math.floor(beat1 * 4);
    while (this.lastSixteenth < sixteenth) {
      const j = ++this.lastSixteenth;
      const time = crossingTime(t, h, beat0, beat1, j / 4);
      if (j % 4 === 0) sink.beat?.(time, j / 4);
      this.playDrums(j, time, sink);
    }

    const S = m.slotsPerBeat;
    const slot = Math.floor(beat1 * S);
    const listenerPhase = Math.atan2(yi, yr);
    while (this.lastMelodySlot < slot) {
      const j = ++this.lastMelodySlot;
      this.playMelody(j, crossingTime(t, h, beat0, beat1, j / S), c, listenerPhase, sink);
    }

    // The drummer's strokes, as the listener will hear them from the next step: alpha-function stages.
    const l = p.listener;
    const d = Math.exp(-h / l.pulseSeconds);
    this.pulseB = d * this.pulseB + Math.E * (h / l.pulseSeconds) * this.pulseA;
    this.pulseA = d * this.pulseA;

    // Running PLV of the listener with the input (the input's own phase, or, without one, the drummer's).
    const inPhase = this.grid && !live ? (k + 1 < this.grid.phase.length ? this.grid.phase[k + 1]! : 0) : phase;
    const decay = Math.exp(-h / l.plvSeconds);
    this.plvRe = decay * this.plvRe + (1 - decay) * Math.cos(listenerPhase - inPhase);
    this.plvIm = decay * this.plvIm + (1 - decay) * Math.sin(listenerPhase - inPhase);
    this.state.listenerPhase = listenerPhase;
    this.state.inputEnvelope = e1;
    this.observe(this.steps * h, dphi / (TWO_PI * h));
  }

  /** Writes the observation after a step. */
  private observe(time: number, drummerHz: number): void {
    const s = this.state;
    const y = this.ashle;
    s.timeSeconds = time;
    s.drummerPhase = Math.atan2(y[4]!, y[3]!);
    s.drummerAmplitude = Math.hypot(y[3]!, y[4]!);
    s.drummerLearnedHz = y[5]!;
    s.drummerHz = drummerHz;
    s.beatPosition = this.phi / TWO_PI;
    const z = this.listener.z;
    let best = 0;
    let bestA = -1;
    for (let j = 0; j < z.re.length; j++) {
      const a2 = z.re[j]! * z.re[j]! + z.im[j]! * z.im[j]!;
      if (a2 > bestA) {
        bestA = a2;
        best = j;
      }
    }
    // Hearing nothing (every |z| below 10⁻³), the listener has no strongest resonance.
    s.listenerStrongestHz = bestA >= 1e-6 ? this.listener.frequenciesHz[best]! : NaN;
    s.listenerPlv = Math.hypot(this.plvRe, this.plvIm);
    s.lorenzX = this.lorenz[0]!;
    s.lorenzY = this.lorenz[1]!;
    s.lorenzZ = this.lorenz[2]!;
  }

  /** The drums of the pattern on sixteenth j (global index); velocity from the motor amplitude. */
  private playDrums(j: number, time: number, sink: DuetSink): void {
    const p = this.params;
    const pattern = DRUM_PATTERNS[p.drummer.pattern];
    const inBar = j % 16;
    const amplitude = Math.hypot(this.ashle[3]!, this.ashle[4]!);
    const weights = p.listener.drumWeights;
    for (let i = 0; i < DRUM_ORDER.length; i++) {
      const drum = DRUM_ORDER[i]!;
      if (!(pattern[drum] as readonly number[]).includes(inBar)) continue;
      // Hi-hats: accented on the beat.
      const accent = drum === 'hihat' || drum === 'openhat' ? (inBar % 4 === 0 ? 1.15 : 0.85) : 1;
      const velocity = Math.min(1, Math.max(0.05, (DRUM_LEVEL[drum] * accent * amplitude) / NOMINAL_MOTOR_AMPLITUDE));
      sink.note({ onset: time, duration: p.drummer.noteSeconds, pitch: GM_DRUM_KEYS[drum], velocity, voice: DUET_VOICES.drums, channel: GM_PERCUSSION_CHANNEL });
      if (!this.grid) this.pulseA += velocity * weights[Math.min(i, 2)]!;
    }
  }

  /** The melodist on slot j: a note with probability density·w·(1 + a·cos arg y); pitch from x, velocity from z. */
  private playMelody(j: number, time: number, c: DuetControls, listenerPhase: number, sink: DuetSink): void {
    const m = this.params.melodist;
    const S = m.slotsPerBeat;
    const accent = 1 + m.listenerAccent * Math.cos(listenerPhase);
    const chance = Math.min(1, Math.max(0, c.density) * this.slotWeights[j % S]! * accent);
    // One draw per slot, played or not, so that the stream does not depend on the controls' history.
    const u = this.random.next();
    if (!(u < chance)) return;
    const [x0, x1] = m.xRange;
    const n = this.pitches.length;
    let u01 = Math.min(1, Math.max(0, (this.lorenz[0]! - x0) / (x1 - x0)));
    const rg = this.registerGrid;
    const live = this.liveRegister;
    if (rg || live >= 0) {
      // The register at the slot's grid step (the step just done), or the live one: high motion, high notes.
      const r = live >= 0 ? live : rg![Math.min(rg!.length - 1, this.steps)]!;
      u01 = (1 - m.registerWeight) * u01 + m.registerWeight * r;
    }
    const pitch = this.pitches[Math.round(u01 * (n - 1))]!;
    const zNorm = Math.min(1, Math.max(0, this.lorenz[2]! / (1.6 * Math.max(1, c.rho - 1))));
    const velocity = 0.3 + 0.6 * zNorm;
    const beatHz = Math.max(0.25, this.state.drummerHz > 0 ? this.state.drummerHz : this.ashle[5]!);
    const slotSeconds = 1 / (S * beatHz);
    const duration = m.legato * slotSeconds * Math.min(4, 1 / Math.max(0.25, c.density));
    sink.note({ onset: time, duration, pitch, velocity, voice: DUET_VOICES.melody });
  }

  /** One RK4 step of ASHLE (Roman et al. 2023, eqs. 3a–3d) with the stimulus x held over the step. */
  private stepAshle(h: number, xr: number, xi: number, f0: number, lambda2: number): void {
    const { ashle: y, k1, k2, k3, k4, tmp } = this;
    const { lambda1: l1, gamma: g } = this.params.drummer;
    ashleRate(y, k1, xr, xi, f0, l1, lambda2, g);
    for (let i = 0; i < 6; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    ashleRate(tmp, k2, xr, xi, f0, l1, lambda2, g);
    for (let i = 0; i < 6; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    ashleRate(tmp, k3, xr, xi, f0, l1, lambda2, g);
    for (let i = 0; i < 6; i++) tmp[i] = y[i]! + h * k3[i]!;
    ashleRate(tmp, k4, xr, xi, f0, l1, lambda2, g);
    for (let i = 0; i < 6; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    if (!(y[2]! > 0) || !(y[5]! > 0) || !Number.isFinite(y[3]!)) {
      throw new RangeError(`the drummer diverged at t = ${this.timeSeconds.toFixed(3)} s: lower λ1 or the forcing`);
    }
  }

  /** One RK4 step of the Lorenz system. */
  private stepLorenz(dt: number, sigma: number, rho: number, beta: number): void {
    const s = this.lorenz;
    const { k1, k2, k3, k4, tmp } = this;
    lorenzRate(s, k1, sigma, rho, beta);
    for (let i = 0; i < 3; i++) tmp[i] = s[i]! + 0.5 * dt * k1[i]!;
    lorenzRate(tmp, k2, sigma, rho, beta);
    for (let i = 0; i < 3; i++) tmp[i] = s[i]! + 0.5 * dt * k2[i]!;
    lorenzRate(tmp, k3, sigma, rho, beta);
    for (let i = 0; i < 3; i++) tmp[i] = s[i]! + dt * k3[i]!;
    lorenzRate(tmp, k4, sigma, rho, beta);
    for (let i = 0; i < 3; i++) s[i] = s[i]! + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    if (!Number.isFinite(s[0]!)) throw new RangeError(`the melodist diverged (ρ = ${rho}): keep ρ within a few hundred`);
  }
}

/** An unwrapped phase series (rad, at `sampleRateHz`) on the dynamics grid, linearly interpolated, to its end. */
function cycleOnGrid(phase: ArrayLike<number>, sampleRateHz: number, rateHz: number): Float64Array {
  const n = phase.length;
  const steps = n > 0 ? Math.floor(((n - 1) / sampleRateHz) * rateHz) + 1 : 0;
  const out = new Float64Array(steps);
  for (let k = 0; k < steps; k++) {
    const u = (k / rateHz) * sampleRateHz;
    const i = Math.min(n - 1, Math.floor(u));
    out[k] = i + 1 < n ? phase[i]! + (u - i) * (phase[i + 1]! - phase[i]!) : phase[i]!;
  }
  return out;
}

/** When, in the step from t to t + h, the beat position passes b (linear between B(t) = beat0 and B(t + h) = beat1). */
function crossingTime(t: number, h: number, beat0: number, beat1: number, b: number): number {
  return Math.max(0, beat1 > beat0 ? t + (h * Math.max(0, b - beat0)) / (beat1 - beat0) : t + h);
}

/** The Lorenz system's right-hand side: ẋ = σ(y − x), ẏ = x(ρ − z) − y, ż = xy − βz. */
function lorenzRate(v: Float64Array, d: Float64Array, sigma: number, rho: number, beta: number): void {
  d[0] = sigma * (v[1]! - v[0]!);
  d[1] = v[0]! * (rho - v[2]!) - v[1]!;
  d[2] = v[0]! * v[1]! - beta * v[2]!;
}

/**
 * ASHLE's right-hand side (Roman et al. 2023, eqs. 3a–3d, α = 1, β = −1) with stimulus x = xr + i·xi:
 *   ż_s = f_s[z_s(1 + i2π − |z_s|²) + x],          ḟ_s = f_s[−λ1·Re(i·x·z̄_s/|z_s|) − γ(e^{(f_s − f_m)/f_m} − 1)]
 *   ż_m = f_m[z_m(1 + i2π − |z_m|²) + e^{i arg z_s}], ḟ_m = f_m[−λ1·Re(i·e^{i arg z_s}·z̄_m/|z_m|) − λ2(e^{(f_m − f0)/f0} − 1)]
 */
function ashleRate(y: Float64Array, d: Float64Array, xr: number, xi: number, f0: number, lambda1: number, lambda2: number, gamma: number): void {
  const sr = y[0]!;
  const si = y[1]!;
  const fs = y[2]!;
  const mr = y[3]!;
  const mi = y[4]!;
  const fm = y[5]!;
  const rs2 = sr * sr + si * si;
  const rs = Math.sqrt(rs2) || 1e-300;
  const gs = 1 - rs2;
  d[0] = fs * (sr * gs - si * TWO_PI + xr);
  d[1] = fs * (sr * TWO_PI + si * gs + xi);
  d[2] = fs * (lambda1 * ((xi * sr - xr * si) / rs) - gamma * (Math.exp((fs - fm) / fm) - 1));
  const ur = sr / rs;
  const ui = si / rs;
  const rm2 = mr * mr + mi * mi;
  const rm = Math.sqrt(rm2) || 1e-300;
  const gm = 1 - rm2;
  d[3] = fm * (mr * gm - mi * TWO_PI + ur);
  d[4] = fm * (mr * TWO_PI + mi * gm + ui);
  d[5] = fm * (lambda1 * ((ui * mr - ur * mi) / rm) - lambda2 * (Math.exp((fm - f0) / f0) - 1));
}
