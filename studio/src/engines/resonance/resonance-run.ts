/**
 * The resonance engine's dynamics, block by block (1/RESONANCE_STATE_RATE s), a function of its inputs from time 0:
 *
 * - A **metronome** whose tempo follows a schedule of changes; its phase is the integral of its frequency, so a
 *   change takes effect without a jump. Each click is a closed hi-hat.
 * - **ASHLE** (Roman, Roman, Kim & Large 2023) driven by the metronome as the paper models it, the unit complex
 *   sinusoid e^{i2πφ(t)}: neuromusic/dynamics' `simulateAshle`, continued block to block from its last state. A tap
 *   (a side stick) sounds where the motor oscillator's phase arg z_m crosses 0, found to the 1-ms RK4 step and
 *   interpolated; its asynchrony is the tap time minus the nearest click.
 * - A **GrFNN** bank (Large, Almonte & Velasco 2010; neuromusic/dynamics' `GrfnnBank`) hearing a WAV file's onset
 *   envelope (spectral flux at 100 frames a second, neuromusic/duet's `envelopeFromAudio`), stepped causally. The
 *   pulse is the oscillator of greatest harmonic salience Σ_h A(h·f)/√h over the amplitudes averaged over the last
 *   second (as the `detect` experiment reads its bank's mean amplitudes); a beat (a kick) sounds at each of the
 *   online beat tracker's beats when the input brings them (the engine computes them at load), else where that
 *   oscillator's phase crosses 0.
 */
import { GrfnnBank, simulateAshle, DEFAULT_ASHLE, type AshleParams } from 'neuromusic/dynamics';
import type { NoteEvent } from 'neuromusic/score';
import {
  RESONANCE_BANK, RESONANCE_STATE_LENGTH, RESONANCE_STATE_RATE, ResonanceStateLayout as L,
} from './messages.js';

const TWO_PI = 2 * Math.PI;
/** One block of dynamics (s). */
export const BLOCK_SECONDS = 1 / RESONANCE_STATE_RATE;
/** ASHLE's RK4 step (s): the taps are found to this resolution, then interpolated. */
const ASHLE_STEP = 0.001;
const ASHLE_STEPS = Math.round(BLOCK_SECONDS / ASHLE_STEP);
/** The onset envelope's frame rate, and the bank's RK4 step (one per frame). */
export const ENVELOPE_RATE = 100;
/** Asynchronies kept for the running mean and spread. */
const ASYNCHRONY_WINDOW = 8;

/** General MIDI percussion (channel 10): the metronome's click, ASHLE's tap, the bank's beat. */
export const RESONANCE_KEYS = { click: 42, tap: 37, beat: 36 } as const;
export const RESONANCE_VOICES = { metronome: 0, ashle: 1, bank: 2 } as const;
export const RESONANCE_VOICE_NAMES = ['metronome', 'taps (ASHLE)', 'beats (GrFNN)'];
const PERCUSSION_CHANNEL = 9;
const HIT_SECONDS = 0.1;

/** The metronome's tempo over time: from `time` on, `bpm` (0 = off). Sorted by time; the first at 0. */
export type TempoSchedule = ReadonlyArray<{ time: number; bpm: number }>;

/** What the bank hears: an onset envelope at ENVELOPE_RATE frames a second, from time 0. */
export interface BankInput {
  envelope: Float64Array;
  /**
   * The beats to sound (s, increasing): the online beat tracker's on the file (each decided from the audio before
   * it). Without them a beat sounds where the bank's pulse oscillator's phase crosses 0.
   */
  beats?: readonly number[];
}

/** Where a run puts its notes and states. */
export interface RunSink {
  note(note: NoteEvent): void;
  state(time: number, state: Float32Array): void;
}

/** Time constant (s) of the alpha-function pulse each onset becomes (as the duet's listener hears its input). */
export const PULSE_SECONDS = 0.04;
/** Time constant (s) of the running mean amplitude the pulse and the peak are read from. */
const MEAN_SECONDS = 1;

/**
 * The bank's stimulus, one envelope frame at a time: the envelope over a reference level (so one loud hit does not
 * shrink the rest), clipped at 2, each frame made an alpha-function pulse of time constant PULSE_SECONDS (two
 * one-pole stages: a click is a smooth bump, not a spike whose harmonics drive the fast oscillators as hard as the
 * pulse), and causally mean-removed (a 1-s running mean). The reference is fixed (a file: its 99th percentile) or,
 * live, a running peak that decays over LIVE_PEAK_SECONDS and never falls below a floor (a microphone: the past only).
 */
export class BankStimulus {
  private readonly a = Math.exp(-1 / ENVELOPE_RATE);
  private readonly d = Math.exp(-1 / ENVELOPE_RATE / PULSE_SECONDS);
  private readonly peakDecay = Math.exp(-1 / (LIVE_PEAK_SECONDS * ENVELOPE_RATE));
  private mean = 0;
  private stageA = 0;
  private stageB = 0;
  private peak: number;

  /** `reference`: a fixed level; undefined: the running peak (at least `floor`). */
  constructor(private readonly reference?: number, private readonly floor = 1) {
    this.peak = floor;
  }

  /** The stimulus for the next envelope frame. */
  push(envelope: number): number {
    let ref = this.reference;
    if (ref === undefined) {
      this.peak = Math.max(envelope, this.floor, this.peak * this.peakDecay);
      ref = this.peak;
    }
    const h = 1 / ENVELOPE_RATE;
    this.stageA += Math.min(envelope / ref, 2);
    this.stageB = this.d * this.stageB + Math.E * (h / PULSE_SECONDS) * this.stageA;
    this.stageA *= this.d;
    this.mean = this.a * this.mean + (1 - this.a) * this.stageB;
    return this.stageB - this.mean;
  }
}

/** Time constant (s) of the running peak a live input's envelope is divided by. */
export const LIVE_PEAK_SECONDS = 8;

/** The bank's stimulus for a whole envelope (a file), its reference the envelope's 99th percentile. */
export function bankStimulus(envelope: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(envelope).sort();
  const ref = sorted[Math.floor(0.99 * (sorted.length - 1))]! || sorted[sorted.length - 1]! || 1;
  const filter = new BankStimulus(ref);
  const out = new Float64Array(envelope.length);
  for (let i = 0; i < envelope.length; i++) out[i] = filter.push(envelope[i]!);
  return out;
}

/** The metronome frequency (Hz) at `time` under the schedule. */
export function metronomeHz(schedule: TempoSchedule, time: number): number {
  let bpm = schedule[0]?.bpm ?? 0;
  for (const c of schedule) if (c.time <= time + 1e-9) bpm = c.bpm;
  return bpm / 60;
}

export class ResonanceRun {
  /** Engine seconds reached (a whole number of blocks). */
  time = 0;
  private block = 0;
  private readonly ashle: AshleParams;
  private y = { zs: [0.01, 0] as [number, number], zm: [0.01, 0] as [number, number], fs: 0, fm: 0 };
  /** The metronome's unwrapped phase (cycles) and its last click. */
  private phase = 0;
  private lastClick = -Infinity;
  private lastTap = -Infinity;
  private lastBeat = -Infinity;
  private readonly asynchronies: number[] = [];
  /** The bank that hears the file (the microphone's listener on the page steps the same class). */
  readonly listener = new BankListener();
  private readonly stimulus: Float64Array | null;
  private readonly trackedBeats: readonly number[] | undefined;
  private nextTracked = 0;
  private frame = 0;

  constructor(private readonly schedule: TempoSchedule, input: BankInput | null) {
    this.ashle = DEFAULT_ASHLE;
    this.y.fs = this.ashle.spontaneousHz;
    this.y.fm = this.ashle.spontaneousHz;
    this.stimulus = input ? bankStimulus(input.envelope) : null;
    this.trackedBeats = input?.beats;
  }

  /** Runs whole blocks until `to` (engine seconds), sending notes and states to the sink (none to a null sink). */
  runTo(to: number, sink: RunSink | null): void {
    while ((this.block + 1) * BLOCK_SECONDS <= to + 1e-9) this.step(sink);
  }

  private step(sink: RunSink | null): void {
    const started = sink ? performance.now() : 0;
    const t0 = this.block * BLOCK_SECONDS;
    const hz = metronomeHz(this.schedule, t0);
    const p0 = this.phase;
    // Clicks at every whole cycle in [p0, p0 + hz·dt).
    const p1 = p0 + hz * BLOCK_SECONDS;
    for (let n = Math.ceil(p0 - 1e-12); n < p1 - 1e-12; n++) {
      const t = t0 + (n - p0) / hz;
      this.lastClick = t;
      sink?.note({ onset: t, duration: HIT_SECONDS, pitch: RESONANCE_KEYS.click, velocity: n % 4 === 0 ? 0.9 : 0.65, voice: RESONANCE_VOICES.metronome, channel: PERCUSSION_CHANNEL });
    }
    this.ashleBlock(t0, hz, p0, sink);
    this.phase = hz > 0 ? p1 : 0;
    if (this.stimulus) this.bankBlock(t0, sink);
    this.block++;
    this.time = this.block * BLOCK_SECONDS;
    if (sink) sink.state(this.time, this.state(this.time, hz, performance.now() - started));
  }

  private ashleBlock(t0: number, hz: number, p0: number, sink: RunSink | null): void {
    const trace = simulateAshle({
      params: this.ashle,
      stimulus: (t, out) => {
        if (hz <= 0) {
          out[0] = 0;
          out[1] = 0;
          return;
        }
        const a = TWO_PI * (p0 + hz * t);
        out[0] = Math.cos(a);
        out[1] = Math.sin(a);
      },
      durationSeconds: BLOCK_SECONDS,
      stepSeconds: ASHLE_STEP,
      every: 1,
      initial: this.y,
    });
    const m = trace.motor;
    for (let j = 1; j <= ASHLE_STEPS; j++) {
      const a = Math.atan2(m.im[j - 1]!, m.re[j - 1]!);
      const b = Math.atan2(m.im[j]!, m.re[j]!);
      // Upward through 0 (not the wrap at ±π).
      if (a < 0 && b >= 0 && b - a < Math.PI) {
        const t = t0 + (j - 1 + -a / (b - a)) * ASHLE_STEP;
        this.tap(t, hz, p0 + hz * (t - t0), sink);
      }
    }
    this.y = {
      zs: [trace.sensory.re[ASHLE_STEPS]!, trace.sensory.im[ASHLE_STEPS]!],
      zm: [m.re[ASHLE_STEPS]!, m.im[ASHLE_STEPS]!],
      fs: trace.sensory.frequencyHz[ASHLE_STEPS]!,
      fm: m.frequencyHz[ASHLE_STEPS]!,
    };
  }

  private tap(t: number, hz: number, phase: number, sink: RunSink | null): void {
    this.lastTap = t;
    sink?.note({ onset: t, duration: HIT_SECONDS, pitch: RESONANCE_KEYS.tap, velocity: 0.8, voice: RESONANCE_VOICES.ashle, channel: PERCUSSION_CHANNEL });
    if (hz <= 0 || this.lastClick === -Infinity) return;
    // The nearest click: the last one heard, or the next one due.
    const next = t + (Math.ceil(phase - 1e-12) - phase) / hz;
    const asynchrony = t - this.lastClick <= next - t ? t - this.lastClick : t - next;
    this.asynchronies.push(1000 * asynchrony);
    if (this.asynchronies.length > ASYNCHRONY_WINDOW) this.asynchronies.shift();
  }

  /** The bank's bank of oscillators (its natural frequencies are what the view draws the spectrum over). */
  get bank(): GrfnnBank {
    return this.listener.bank;
  }

  private bankBlock(t0: number, sink: RunSink | null): void {
    const x = this.stimulus!;
    const h = 1 / ENVELOPE_RATE;
    const until = Math.round((t0 + BLOCK_SECONDS) * ENVELOPE_RATE);
    const listener = this.listener;
    for (; this.frame < until; this.frame++) {
      const cross = listener.frame(x[this.frame] ?? 0, x[this.frame + 1] ?? 0);
      if (cross < 0 || this.trackedBeats) continue;
      const t = (this.frame + cross) * h;
      if (t - this.lastBeat > 0.6 / listener.pulseHz() && listener.amplitudes[listener.pulse]! > 1e-3) {
        this.lastBeat = t;
        sink?.note({ onset: Math.max(t, t0), duration: HIT_SECONDS, pitch: RESONANCE_KEYS.beat, velocity: 0.9, voice: RESONANCE_VOICES.bank, channel: PERCUSSION_CHANNEL });
      }
    }
    listener.choosePulse();
    // The tracker's beats in this block.
    const beats = this.trackedBeats;
    const t1 = t0 + BLOCK_SECONDS;
    while (beats && this.nextTracked < beats.length && beats[this.nextTracked]! < t1) {
      const t = beats[this.nextTracked++]!;
      this.lastBeat = t;
      if (t >= t0) sink?.note({ onset: t, duration: HIT_SECONDS, pitch: RESONANCE_KEYS.beat, velocity: 0.9, voice: RESONANCE_VOICES.bank, channel: PERCUSSION_CHANNEL });
    }
  }

  /** The state after the block ending at `time`. */
  private state(time: number, hz: number, blockMs: number): Float32Array {
    const s = new Float32Array(RESONANCE_STATE_LENGTH);
    s[L.TIME] = time;
    s[L.METRONOME_HZ] = hz;
    s[L.MOTOR_HZ] = this.y.fm;
    s[L.METRONOME_PHASE] = this.phase - Math.floor(this.phase);
    const motor = Math.atan2(this.y.zm[1], this.y.zm[0]) / TWO_PI;
    s[L.MOTOR_PHASE] = motor - Math.floor(motor);
    const a = this.asynchronies;
    if (a.length === 0) {
      s[L.ASYNCHRONY_MS] = s[L.MEAN_ASYNCHRONY_MS] = s[L.SD_ASYNCHRONY_MS] = NaN;
    } else {
      const mean = a.reduce((u, v) => u + v, 0) / a.length;
      s[L.ASYNCHRONY_MS] = a[a.length - 1]!;
      s[L.MEAN_ASYNCHRONY_MS] = mean;
      s[L.SD_ASYNCHRONY_MS] = Math.sqrt(a.reduce((u, v) => u + (v - mean) ** 2, 0) / a.length);
    }
    s[L.CLICK_AGE] = time - this.lastClick;
    s[L.TAP_AGE] = time - this.lastTap;
    s[L.BEAT_AGE] = time - this.lastBeat;
    if (this.stimulus) {
      this.listener.writeState(s);
    } else {
      s[L.PULSE_HZ] = s[L.PEAK_HZ] = NaN;
      s[L.AUDIO] = 0;
    }
    s[L.BLOCK_MS] = blockMs;
    return s;
  }
}

/**
 * The GrFNN bank that listens, one envelope frame (1/ENVELOPE_RATE s) at a time: the oscillators, their amplitudes
 * and running means, and the pulse (the oscillator of greatest harmonic salience over the means, re-chosen by
 * `choosePulse`). The engine feeds it a file's stimulus; the Resonance view's microphone listener feeds it the
 * microphone's, through the same class.
 */
export class BankListener {
  readonly bank: GrfnnBank;
  /** The index of the pulse oscillator (−1 before the first choice). */
  pulse = -1;
  private pulsePhase = 0;
  readonly amplitudes = new Float64Array(RESONANCE_BANK.count);
  /** Each oscillator's amplitude averaged over the last second or so (fast oscillators ring briefly after each onset). */
  readonly meanAmplitudes = new Float64Array(RESONANCE_BANK.count);
  private readonly salience = new Float64Array(RESONANCE_BANK.count);
  private readonly meanDecay = Math.exp(-1 / ENVELOPE_RATE / MEAN_SECONDS);

  constructor() {
    // Resonators just below the Hopf bifurcation (α = −1, β1 = −1): they ring down without input, so the spectrum
    // shows what the music drives now. Linear coupling of the real envelope, each oscillator in its own cycles.
    this.bank = new GrfnnBank({
      ...RESONANCE_BANK,
      params: { alpha: -1, beta1: -1, beta2: 0, delta1: 0, delta2: 0, epsilon: 0 },
      coupling: 'linear',
      inputGain: 1,
    });
    this.bank.reset(0);
  }

  /**
   * One frame of stimulus, from x0 to x1: steps the bank (RK4) and the running means. Returns where in the frame
   * (0–1) the pulse oscillator's phase crossed 0 upwards, or −1 when it did not (or there is no pulse yet).
   */
  frame(x0: number, x1: number): number {
    const h = 1 / ENVELOPE_RATE;
    const z = this.bank.z;
    const n = RESONANCE_BANK.count;
    const c = this.meanDecay;
    this.bank.step(h, x0, 0, 0.5 * (x0 + x1), 0, x1, 0);
    for (let k = 0; k < n; k++) this.meanAmplitudes[k] = c * this.meanAmplitudes[k]! + (1 - c) * Math.hypot(z.re[k]!, z.im[k]!);
    if (this.pulse < 0) return -1;
    const phase = Math.atan2(z.im[this.pulse]!, z.re[this.pulse]!);
    const before = this.pulsePhase;
    this.pulsePhase = phase;
    return before < 0 && phase >= 0 && phase - before < Math.PI ? -before / (phase - before) : -1;
  }

  /** The amplitudes now, and the pulse: greatest harmonic salience over the mean amplitudes, within 0.5–4 Hz (30–240 bpm). */
  choosePulse(): void {
    const z = this.bank.z;
    const n = RESONANCE_BANK.count;
    const f = this.bank.frequenciesHz;
    for (let k = 0; k < n; k++) this.amplitudes[k] = Math.hypot(z.re[k]!, z.im[k]!);
    let best = -1;
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let m = 1; m <= 4; m++) s += amplitudeAt(f, this.meanAmplitudes, m * f[k]!) / Math.sqrt(m);
      this.salience[k] = s;
      if (f[k]! <= 4 && (best < 0 || s > this.salience[best]!)) best = k;
    }
    if (best !== this.pulse) {
      this.pulse = best;
      this.pulsePhase = Math.atan2(z.im[best]!, z.re[best]!);
    }
  }

  /** The pulse oscillator's natural frequency (Hz; NaN before the first choice). */
  pulseHz(): number {
    return this.pulse >= 0 ? this.bank.frequenciesHz[this.pulse]! : NaN;
  }

  /** The natural frequency of the oscillator of largest mean amplitude (Hz). */
  peakHz(): number {
    let peak = 0;
    for (let k = 1; k < RESONANCE_BANK.count; k++) if (this.meanAmplitudes[k]! > this.meanAmplitudes[peak]!) peak = k;
    return this.bank.frequenciesHz[peak]!;
  }

  /** Writes the pulse, the peak, AUDIO = 1, the amplitudes and their means into a resonance state. */
  writeState(s: Float32Array): void {
    s[L.PULSE_HZ] = this.pulseHz();
    s[L.PEAK_HZ] = this.peakHz();
    s[L.AUDIO] = 1;
    s.set(this.amplitudes, L.HEADER);
    s.set(this.meanAmplitudes, L.HEADER + RESONANCE_BANK.count);
  }
}

/** The amplitude at frequency `hz` on the log-spaced bank (linear interpolation in log frequency; 0 outside). */
function amplitudeAt(f: Float64Array, a: Float64Array, hz: number): number {
  const n = f.length;
  if (hz < f[0]! || hz > f[n - 1]!) return 0;
  const x = ((n - 1) * Math.log(hz / f[0]!)) / Math.log(f[n - 1]! / f[0]!);
  const i = Math.min(n - 2, Math.floor(x));
  const w = x - i;
  return (1 - w) * a[i]! + w * a[i + 1]!;
}
