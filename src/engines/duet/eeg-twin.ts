/**
 * The EEG twin: a deterministic stand-in for a 14-channel Emotiv EPOC X at 128 samples/s, in µV, that moves
 * through mental states on a script ("neutral 10s, relaxed 30s, stressed 30s") with smooth transitions.
 *
 * The model, per sample:
 *
 *   x_e(t) = Σ_s L_es · [ A_ap · ap_s(t) + Σ_r g_r(state) · T_rs · A_r · osc_rs(t) ] + emg_e(t) + blink_e(t)
 *
 * - 14 independent cortical sources, one under each electrode, mixed by a smooth lead field
 *   L_es ∝ exp(−d²_es / 2σ²) (σ = 0.3 head radii on a flat projection of the 10–20 positions; rows of unit
 *   norm), so neighbouring electrodes correlate (AF3–F3 ≈ 0.6) and distant ones do not — volume conduction
 *   (Nunez & Srinivasan 2006, *Electric Fields of the Brain*, ch. 4).
 * - ap_s: the aperiodic 1/f^χ background that dominates EEG spectra (Donoghue et al. 2020, Nat. Neurosci.
 *   23:1655), built as a sum of 14 Ornstein–Uhlenbeck (AR(1)) processes with corner frequencies spaced
 *   logarithmically over 0.1–50 Hz and variances ∝ f_c^{1−χ}: a sum of Lorentzians with that weighting follows
 *   f^{−χ} between the corners for 0 < χ < 2. χ is 1.3 (stressed, more excitation: Gao, Peterson & Voytek 2017,
 *   NeuroImage 158:70) to 1.7 (relaxed). It streams, so a block at a time costs what a sample at a time does.
 * - osc_rs: narrow-band rhythms, each a noise-driven resonator (AR(2), unit variance) per source, with a
 *   topography T_r and a state gain g_r: posterior alpha near the individual alpha frequency (9.5–10.5 Hz,
 *   drawn from the seed; Klimesch 1999, Brain Res. Rev. 29:169) at O1 O2 P7 P8, strong when relaxed; frontal
 *   low beta (16 Hz) strong when focused and high beta (24 Hz) strong when stressed, at AF3 F3 F4 AF4 (weaker
 *   F7 F8 FC5 FC6); frontal-midline theta (6 Hz) at AF3 AF4 F3 F4, strong in meditation (Lomas, Ivtzan & Fu
 *   2015, Neurosci. Biobehav. Rev. 57:401; Fz itself is not on the headset).
 * - emg_e: muscle noise from the temporalis, broadband above 20 Hz (second difference of white noise, power
 *   ∝ sin⁴(πf/fs)), at T7/T8 (0.35 at F7/F8, 0.2 at FC5/FC6); strong under stress (Goncharova et al. 2003,
 *   Clin. Neurophysiol. 114:1580).
 * - blink_e: eye blinks, a sin² pulse of 100–200 µV lasting 200–400 ms at AF3/AF4 (0.5 at F7/F8, 0.4 at F3/F4,
 *   0.1 at FC5/FC6, nothing posterior), as a Poisson process of a state-dependent rate: about 12 a minute at
 *   rest, 5 when focused as in reading (Bentivoglio et al. 1997, Mov. Disord. 12:1028).
 *
 * Every random number comes from one seeded stream, drawn sample by sample in a fixed order, so any split into
 * blocks gives the same signal. The state profiles ({@link TWIN_STATE_PROFILES}) are the twin's own choices
 * inside the ranges the sources report, not measurements of a person.
 */
import { createRandom, type Random } from '../../math/random.js';
import { EPOC_CHANNELS, type EegRecording } from '../../analysis/eeg/types.js';

/** The twin's mental states. */
export const TWIN_STATES = ['neutral', 'stressed', 'focused', 'relaxed', 'meditative'] as const;
export type TwinState = (typeof TWIN_STATES)[number];

/** How a state sets the generators (gains are relative to neutral). */
export interface TwinStateProfile {
  /** Aperiodic exponent χ. */
  exponent: number;
  /** Gains of the rhythms. */
  theta: number;
  alpha: number;
  lowBeta: number;
  highBeta: number;
  /** Gain of the temporal muscle noise. */
  muscle: number;
  /** Mean eye blinks per minute. */
  blinksPerMinute: number;
}

/**
 * The five states.
 *
 * @example
 * TWIN_STATE_PROFILES.relaxed.alpha > TWIN_STATE_PROFILES.neutral.alpha; // → true
 */
export const TWIN_STATE_PROFILES: Readonly<Record<TwinState, Readonly<TwinStateProfile>>> = Object.freeze({
  neutral: { exponent: 1.5, theta: 1, alpha: 1, lowBeta: 1, highBeta: 1, muscle: 1, blinksPerMinute: 12 },
  stressed: { exponent: 1.3, theta: 0.9, alpha: 0.45, lowBeta: 1.4, highBeta: 2.8, muscle: 7, blinksPerMinute: 18 },
  focused: { exponent: 1.4, theta: 0.8, alpha: 0.6, lowBeta: 2.4, highBeta: 1.4, muscle: 1.5, blinksPerMinute: 5 },
  relaxed: { exponent: 1.7, theta: 1.2, alpha: 3.2, lowBeta: 0.7, highBeta: 0.6, muscle: 0.5, blinksPerMinute: 8 },
  meditative: { exponent: 1.7, theta: 3, alpha: 2, lowBeta: 0.6, highBeta: 0.5, muscle: 0.5, blinksPerMinute: 3 },
});

/** One entry of a state script. */
export interface TwinSegment {
  state: TwinState;
  seconds: number;
}

/**
 * Parses a state script: entries separated by commas (or semicolons), each a state and a duration in seconds
 * (`30s`, `30 s`, `1.5s`) or minutes (`2min`, `2m`). Throws naming the entry that is wrong.
 *
 * @example
 * parseStateScript('neutral 10s, relaxed 1.5min'); // → [{ state: 'neutral', seconds: 10 }, { state: 'relaxed', seconds: 90 }]
 */
export function parseStateScript(script: string): TwinSegment[] {
  const entries = script.split(/[,;]/).map((e) => e.trim());
  if (entries.every((e) => e === '')) throw new SyntaxError('state script: empty; write e.g. "neutral 10s, relaxed 30s"');
  return entries.map((entry, i) => {
    const where = `state script entry ${i + 1} "${entry}"`;
    if (entry === '') throw new SyntaxError(`${where}: empty (a stray comma?)`);
    const m = /^([A-Za-z]+)\s+([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(s|sec|m|min)?$/i.exec(entry);
    if (!m) throw new SyntaxError(`${where}: expected "<state> <duration>", e.g. "relaxed 30s"`);
    const state = m[1]!.toLowerCase();
    if (!(TWIN_STATES as readonly string[]).includes(state)) {
      throw new SyntaxError(`${where}: unknown state "${m[1]}"; known: ${TWIN_STATES.join(', ')}`);
    }
    const unit = (m[3] ?? 's').toLowerCase();
    const seconds = Number(m[2]) * (unit.startsWith('m') ? 60 : 1);
    if (!(seconds > 0 && Number.isFinite(seconds))) throw new SyntaxError(`${where}: the duration must be positive`);
    return { state: state as TwinState, seconds };
  });
}

/** Options of {@link EegTwin}. */
export interface EegTwinOptions {
  seed: number;
  /** A state script (text or parsed), default `"neutral 60s"`; after its end the last state holds. */
  script?: string | readonly TwinSegment[];
  /** Samples per second (default 128, the EPOC X's rate). */
  sampleRate?: number;
  /** Seconds a change of state takes (raised-cosine cross-fade at the start of the new segment; default 2). */
  transitionSeconds?: number;
}

// Flat projection of the 10–20 positions (x right, y front, head radius 1), in EPOC_CHANNELS order.
const POSITIONS: ReadonlyArray<readonly [number, number]> = [
  [-0.25, 0.8], [-0.7, 0.55], [-0.35, 0.5], [-0.6, 0.25], [-0.9, 0], [-0.7, -0.55], [-0.3, -0.9],
  [0.3, -0.9], [0.7, -0.55], [0.9, 0], [0.6, 0.25], [0.35, 0.5], [0.7, 0.55], [0.25, 0.8],
];
const LEAD_FIELD_SIGMA = 0.3;

/** Per-electrode weights in EPOC_CHANNELS order, from a map (others get `rest`). */
function topography(weights: Record<string, number>, rest: number): Float64Array {
  return Float64Array.from(EPOC_CHANNELS, (c) => weights[c] ?? rest);
}

const TOPO = {
  theta: topography({ AF3: 1, AF4: 1, F3: 1, F4: 1, F7: 0.4, F8: 0.4, FC5: 0.4, FC6: 0.4 }, 0.15),
  alpha: topography({ O1: 1, O2: 1, P7: 0.8, P8: 0.8, T7: 0.3, T8: 0.3, FC5: 0.25, FC6: 0.25 }, 0.15),
  beta: topography({ AF3: 1, AF4: 1, F3: 1, F4: 1, F7: 0.8, F8: 0.8, FC5: 0.7, FC6: 0.7, T7: 0.4, T8: 0.4 }, 0.3),
  blink: topography({ AF3: 1, AF4: 1, F7: 0.5, F8: 0.5, F3: 0.4, F4: 0.4, FC5: 0.1, FC6: 0.1 }, 0),
  emgLeft: topography({ T7: 1, F7: 0.35, FC5: 0.2 }, 0),
  emgRight: topography({ T8: 1, F8: 0.35, FC6: 0.2 }, 0),
};

/** RMS amplitudes (µV) at the sources in the neutral state. */
const AMPLITUDE = { aperiodic: 12, theta: 3, alpha: 4, lowBeta: 2, highBeta: 1.5, muscle: 1 };
const APERIODIC_CORNERS = 14;

/** AR(2) resonator coefficients at centre frequency and -3 dB bandwidth, scaled to unit variance. */
function resonator(centreHz: number, bandwidthHz: number, fs: number): { a1: number; a2: number; gain: number } {
  const r = Math.exp((-Math.PI * bandwidthHz) / fs);
  const a1 = 2 * r * Math.cos((2 * Math.PI * centreHz) / fs);
  const a2 = -r * r;
  // Stationary variance of y = a1 y₋₁ + a2 y₋₂ + e with unit-variance e.
  const variance = (1 - a2) / ((1 + a2) * ((1 - a2) ** 2 - a1 * a1));
  return { a1, a2, gain: 1 / Math.sqrt(variance) };
}

/**
 * The twin, generating block by block. Allocates on construction; {@link EegTwin.nextInto} allocates nothing.
 *
 * @example
 * const twin = new EegTwin({ seed: 7, script: 'neutral 5s, relaxed 5s' });
 * const block = twin.next(16); // 1/8 s: 14 channels × 16 samples, µV
 * block.length; // → 14
 * twin.timeSeconds; // → 0.125
 */
export class EegTwin {
  /** Channel labels (the EPOC positions). */
  readonly labels: string[] = [...EPOC_CHANNELS];
  readonly sampleRate: number;
  /** The individual alpha frequency (Hz) this seed drew. */
  readonly alphaHz: number;
  private readonly seed: number;
  private readonly transitionSeconds: number;
  private segments: Array<{ state: TwinState; start: number; end: number; from: TwinStateProfile | undefined }> = [];
  private readonly initialScript: readonly TwinSegment[];
  private rng: Random;
  private sample = 0;
  // Generators, one row per source.
  private readonly leadField: Float64Array; // 14 × 14, row-major [electrode][source]
  private readonly apState = new Float64Array(14 * APERIODIC_CORNERS);
  private readonly apCoef = new Float64Array(APERIODIC_CORNERS);
  private readonly apNoise = new Float64Array(APERIODIC_CORNERS);
  private readonly apCorner = new Float64Array(APERIODIC_CORNERS);
  private readonly apWeight = new Float64Array(APERIODIC_CORNERS);
  private readonly rhythms: Array<{ a1: number; a2: number; gain: number; topo: Float64Array; amp: number; key: 'theta' | 'alpha' | 'lowBeta' | 'highBeta' }>;
  private readonly y1: Float64Array; // rhythm states [rhythm][source]
  private readonly y2: Float64Array;
  private readonly source = new Float64Array(14);
  private readonly emgHistory = new Float64Array(4); // left e₋₁ e₋₂, right e₋₁ e₋₂
  private blinkLeft = 0; // samples left in the current blink
  private blinkLength = 0;
  private blinkAmplitude = 0;
  private readonly profile: TwinStateProfile = { ...TWIN_STATE_PROFILES.neutral };
  private profileExponent = Number.NaN;

  constructor(options: EegTwinOptions) {
    this.seed = options.seed;
    this.sampleRate = options.sampleRate ?? 128;
    if (!(this.sampleRate >= 100)) throw new RangeError(`EEG twin: the sample rate must be at least 100 Hz (for the 45 Hz band), got ${this.sampleRate}`);
    this.transitionSeconds = options.transitionSeconds ?? 2;
    if (!(this.transitionSeconds >= 0)) throw new RangeError(`EEG twin: transition seconds must be ≥ 0, got ${this.transitionSeconds}`);
    const script = options.script ?? 'neutral 60s';
    this.initialScript = typeof script === 'string' ? parseStateScript(script) : script.map((s) => ({ ...s }));
    for (const s of this.initialScript) {
      if (!TWIN_STATES.includes(s.state) || !(s.seconds > 0)) throw new RangeError(`EEG twin: bad script segment ${JSON.stringify(s)}`);
    }
    const fs = this.sampleRate;
    this.leadField = new Float64Array(14 * 14);
    for (let e = 0; e < 14; e++) {
      let norm = 0;
      for (let s = 0; s < 14; s++) {
        const d2 = (POSITIONS[e]![0] - POSITIONS[s]![0]) ** 2 + (POSITIONS[e]![1] - POSITIONS[s]![1]) ** 2;
        const w = Math.exp(-d2 / (2 * LEAD_FIELD_SIGMA ** 2));
        this.leadField[e * 14 + s] = w;
        norm += w * w;
      }
      for (let s = 0; s < 14; s++) this.leadField[e * 14 + s] /= Math.sqrt(norm);
    }
    for (let k = 0; k < APERIODIC_CORNERS; k++) {
      const fc = 0.1 * (50 / 0.1) ** (k / (APERIODIC_CORNERS - 1));
      this.apCorner[k] = fc;
      this.apCoef[k] = Math.exp((-2 * Math.PI * fc) / fs);
      this.apNoise[k] = Math.sqrt(1 - this.apCoef[k]! ** 2);
    }
    this.rng = createRandom(this.seed);
    this.alphaHz = 9.5 + this.rng.next();
    this.rhythms = [
      { ...resonator(6, 2, fs), topo: TOPO.theta, amp: AMPLITUDE.theta, key: 'theta' },
      { ...resonator(this.alphaHz, 1.5, fs), topo: TOPO.alpha, amp: AMPLITUDE.alpha, key: 'alpha' },
      { ...resonator(16, 4, fs), topo: TOPO.beta, amp: AMPLITUDE.lowBeta, key: 'lowBeta' },
      { ...resonator(24, 5, fs), topo: TOPO.beta, amp: AMPLITUDE.highBeta, key: 'highBeta' },
    ];
    this.y1 = new Float64Array(this.rhythms.length * 14);
    this.y2 = new Float64Array(this.rhythms.length * 14);
    this.start();
  }

  /** Seconds generated so far. */
  get timeSeconds(): number {
    return this.sample / this.sampleRate;
  }

  /** The state of the script at a time (the new one from the start of a transition). */
  stateAt(seconds: number): TwinState {
    for (const s of this.segments) if (seconds < s.end) return s.state;
    return this.segments[this.segments.length - 1]!.state;
  }

  /**
   * Switches to a state from now on, replacing the rest of the script; the change cross-fades from wherever the
   * twin is (even mid-transition) over the transition time.
   */
  setState(state: TwinState): void {
    if (!TWIN_STATES.includes(state)) throw new RangeError(`EEG twin: unknown state "${String(state)}"; known: ${TWIN_STATES.join(', ')}`);
    const now = this.timeSeconds;
    this.segments = this.segments.filter((s) => s.start < now);
    const last = this.segments[this.segments.length - 1];
    if (last) last.end = now;
    this.segments.push({ state, start: now, end: Infinity, from: last ? { ...this.profile } : undefined });
  }

  /** Back to time 0 with the initial script: the same signal again. */
  reset(): void {
    this.rng = createRandom(this.seed);
    this.rng.next(); // the individual alpha frequency's draw
    this.start();
  }

  /** The next `samples` samples of every channel (µV), in new arrays. */
  next(samples: number): Float64Array[] {
    const out = this.labels.map(() => new Float64Array(samples));
    this.nextInto(out, 0, samples);
    return out;
  }

  /** Writes the next `length` samples of every channel into `out[c][offset …]`. */
  nextInto(out: Float64Array[], offset = 0, length = (out[0]?.length ?? 0) - offset): void {
    if (out.length !== 14) throw new RangeError(`EEG twin: output needs 14 channels, got ${out.length}`);
    for (let i = 0; i < length; i++) this.step(out, offset + i);
  }

  private start(): void {
    let t = 0;
    this.segments = this.initialScript.map((s, i) => {
      // Each transition ends inside its segment, so the previous state's profile is where the twin is.
      const from = i > 0 ? TWIN_STATE_PROFILES[this.initialScript[i - 1]!.state] : undefined;
      const seg = { state: s.state, start: t, end: t + s.seconds, from };
      t += s.seconds;
      return seg;
    });
    this.segments[this.segments.length - 1]!.end = Infinity;
    this.sample = 0;
    this.apState.fill(0);
    this.y1.fill(0);
    this.y2.fill(0);
    this.emgHistory.fill(0);
    this.blinkLeft = 0;
    this.profileExponent = Number.NaN;
    // Start the aperiodic processes in their stationary distribution and let the resonators settle (4 s).
    for (let i = 0; i < this.apState.length; i++) this.apState[i] = this.rng.normal();
    const burnIn = Math.round(4 * this.sampleRate);
    const scratch = this.labels.map(() => new Float64Array(1));
    for (let i = 0; i < burnIn; i++) {
      this.step(scratch, 0);
      this.sample = 0;
    }
    this.blinkLeft = 0;
  }

  /** The state profile at the current sample (raised-cosine cross-fade at the start of each segment). */
  private updateProfile(): void {
    const t = this.sample / this.sampleRate;
    let i = this.segments.findIndex((s) => t < s.end);
    if (i < 0) i = this.segments.length - 1;
    const seg = this.segments[i]!;
    const to = TWIN_STATE_PROFILES[seg.state];
    const p = this.profile;
    const fade = Math.min(this.transitionSeconds, seg.end - seg.start);
    const from = seg.from;
    if (from && t - seg.start < fade) {
      const w = 0.5 - 0.5 * Math.cos((Math.PI * (t - seg.start)) / fade);
      for (const k of Object.keys(to) as Array<keyof TwinStateProfile>) p[k] = from[k] + w * (to[k] - from[k]);
    } else {
      Object.assign(p, to);
    }
    if (p.exponent !== this.profileExponent) {
      // Variances ∝ f_c^{1−χ}, normalised to sum 1, so the background's total power stays AMPLITUDE.aperiodic².
      let sum = 0;
      for (let k = 0; k < APERIODIC_CORNERS; k++) sum += (this.apWeight[k] = this.apCorner[k]! ** (1 - p.exponent));
      for (let k = 0; k < APERIODIC_CORNERS; k++) this.apWeight[k] = Math.sqrt(this.apWeight[k]! / sum);
      this.profileExponent = p.exponent;
    }
  }

  private step(out: Float64Array[], at: number): void {
    this.updateProfile();
    const rng = this.rng;
    const p = this.profile;
    const src = this.source;
    const nr = this.rhythms.length;
    for (let s = 0; s < 14; s++) {
      let ap = 0;
      const base = s * APERIODIC_CORNERS;
      for (let k = 0; k < APERIODIC_CORNERS; k++) {
        const y = this.apCoef[k]! * this.apState[base + k]! + this.apNoise[k]! * rng.normal();
        this.apState[base + k] = y;
        ap += this.apWeight[k]! * y;
      }
      let v = AMPLITUDE.aperiodic * ap;
      for (let r = 0; r < nr; r++) {
        const rh = this.rhythms[r]!;
        const j = r * 14 + s;
        const y = rh.a1 * this.y1[j]! + rh.a2 * this.y2[j]! + rng.normal();
        this.y2[j] = this.y1[j]!;
        this.y1[j] = y;
        v += p[rh.key] * rh.topo[s]! * rh.amp * rh.gain * y;
      }
      src[s] = v;
    }
    // Muscle: second difference of white noise (unit variance after dividing by √6), left and right.
    const eL = rng.normal();
    const eR = rng.normal();
    const h = this.emgHistory;
    const emgL = (eL - 2 * h[0]! + h[1]!) / Math.sqrt(6);
    const emgR = (eR - 2 * h[2]! + h[3]!) / Math.sqrt(6);
    h[1] = h[0]!;
    h[0] = eL;
    h[3] = h[2]!;
    h[2] = eR;
    const emgGain = p.muscle * AMPLITUDE.muscle;
    // Blinks: a Poisson process, one blink at a time.
    const u = rng.next();
    if (this.blinkLeft === 0 && u < p.blinksPerMinute / 60 / this.sampleRate) {
      this.blinkAmplitude = 100 + 100 * rng.next();
      this.blinkLength = Math.max(2, Math.round((0.2 + 0.2 * rng.next()) * this.sampleRate));
      this.blinkLeft = this.blinkLength;
    }
    let blink = 0;
    if (this.blinkLeft > 0) {
      const phase = (this.blinkLength - this.blinkLeft + 0.5) / this.blinkLength;
      blink = this.blinkAmplitude * Math.sin(Math.PI * phase) ** 2;
      this.blinkLeft--;
    }
    const lf = this.leadField;
    for (let e = 0; e < 14; e++) {
      let x = 0;
      for (let s = 0; s < 14; s++) x += lf[e * 14 + s]! * src[s]!;
      x += emgGain * (TOPO.emgLeft[e]! * emgL + TOPO.emgRight[e]! * emgR) + TOPO.blink[e]! * blink;
      out[e]![at] = x;
    }
    this.sample++;
  }
}

/** Options of {@link eegTwinRecording}. */
export interface EegTwinRecordingOptions extends EegTwinOptions {
  /** The script: the recording lasts its total duration. */
  script: string | readonly TwinSegment[];
}

/**
 * A whole recording from the twin: as long as its script, one annotation per state segment (text = the state).
 *
 * @example
 * const rec = eegTwinRecording({ seed: 1, script: 'neutral 2s, focused 3s' });
 * rec.data[0].length; // → 640
 * rec.annotations.map((a) => a.text); // → ['neutral', 'focused']
 */
export function eegTwinRecording(options: EegTwinRecordingOptions): EegRecording {
  const segments = typeof options.script === 'string' ? parseStateScript(options.script) : options.script;
  const twin = new EegTwin({ ...options, script: segments });
  const fs = twin.sampleRate;
  const annotations: EegRecording['annotations'] = [];
  let t = 0;
  for (const s of segments) {
    annotations.push({ onset: t, duration: s.seconds, text: s.state });
    t += s.seconds;
  }
  const data = twin.next(Math.round(t * fs));
  return { sampleRate: fs, labels: [...twin.labels], data, annotations };
}
