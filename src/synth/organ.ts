/**
 * The additive organ: "combining sine waves … the basic principle of the Hammond organ". Each key sounds nine sine
 * partials at the drawbar footages 16′ 5⅓′ 8′ 4′ 2⅔′ 2′ 1⅗′ 1⅓′ 1′ (frequency ratios ½, 1½, 1, 2, 3, 4, 5, 6, 8 of
 * the 8′ fundamental), each drawbar 0–8 with 3 dB per step (8 = 0 dB). Partials below the tone-wheel generator's
 * lowest wheel (C1, 32.7 Hz) fold up an octave and those above its highest (F#8, 5.92 kHz) fold down, as the tone
 * wheels do. Key click: the nine key contacts close a fraction of a millisecond apart and a short decaying noise
 * burst sounds at each key-down. Percussion: the 2nd (4′) or 3rd (2⅔′) harmonic with a fast or slow exponential
 * decay, single-triggered (only a key struck when no other key is held retriggers it), the 1′ drawbar cancelled while
 * it is on, as on the B-3. Vibrato and chorus: the scanner vibrato as a delay line swept at 6.88 Hz (V1–V3), and the
 * chorus as that signal mixed with the dry one (C1–C3). The organ ignores velocity, like its model.
 *
 * Pure DSP with no allocation after construction: {@link OrganSynth} runs in Node and in an audio worklet; the
 * offline {@link renderOrgan} drives it from a Score.
 */
import type { NoteEvent, Score } from '../score/types.js';
import { DEFAULT_ORGAN, DRAWBAR_RATIOS, TONEWHEEL_RANGE_HZ, VIBRATO_HZ, type OrganSettings } from './organ-settings.js';

export { DRAWBAR_FOOTAGES, DRAWBAR_RATIOS, TONEWHEEL_RANGE_HZ, VIBRATO_HZ, DEFAULT_ORGAN, parseRegistration, parseOrganSettings, type OrganSettings } from './organ-settings.js';

/** Gain of a drawbar position: 0 off, 8 = 1, 3 dB per step. */
export function drawbarGain(position: number): number {
  return position <= 0 ? 0 : 10 ** ((-3 * (8 - position)) / 20);
}

/** Frequency of a partial after tone-wheel foldback (octaves up below C1, down above F#8). */
export function foldback(hz: number): number {
  let f = hz;
  while (f < TONEWHEEL_RANGE_HZ[0] - 1e-9) f *= 2;
  while (f > TONEWHEEL_RANGE_HZ[1] + 1e-9) f /= 2;
  return f;
}

const TABLE_SIZE = 4096;
const SINE = Float32Array.from({ length: TABLE_SIZE + 1 }, (_, i) => Math.sin((2 * Math.PI * i) / TABLE_SIZE));
const PARTIALS = 9;
const ATTACK_S = 0.002;
const RELEASE_S = 0.012;
const CLICK_S = 0.004;
/** Percussion decay to −60 dB: fast and slow, seconds. */
export const PERCUSSION_T60: Readonly<Record<'fast' | 'slow', number>> = { fast: 0.3, slow: 1.2 };
const VIBRATO_DEPTH_S: Readonly<Record<string, number>> = { v1: 0.00018, v2: 0.00032, v3: 0.00048, c1: 0.00018, c2: 0.00032, c3: 0.00048 };

/** A polyphonic additive organ (mono output). */
export class OrganSynth {
  readonly sampleRate: number;
  private settings: OrganSettings;
  private readonly gains = new Float64Array(PARTIALS);
  private readonly increments = new Float64Array(PARTIALS);
  private readonly maxVoices: number;
  private readonly pitch: Float64Array;
  private readonly fromPitch: Float64Array;
  private readonly glideLeft: Float64Array;
  private readonly glideTotal: Float64Array;
  private readonly held: Int32Array;
  private readonly env: Float64Array;
  private readonly releasing: Uint8Array;
  private readonly active: Uint8Array;
  private readonly phase: Float64Array;
  private readonly contactDelay: Float64Array;
  private readonly age: Float64Array;
  private readonly percEnv: Float64Array;
  private readonly clickEnv: Float64Array;
  private noise = 0x2545f491;
  private clickState = 0;
  private readonly delay: Float32Array;
  private delayWrite = 0;
  private lfoPhase = 0;

  constructor(sampleRate: number, settings: OrganSettings = DEFAULT_ORGAN, maxVoices = 64) {
    this.sampleRate = sampleRate;
    this.maxVoices = maxVoices;
    this.pitch = new Float64Array(maxVoices);
    this.fromPitch = new Float64Array(maxVoices);
    this.glideLeft = new Float64Array(maxVoices);
    this.glideTotal = new Float64Array(maxVoices);
    this.held = new Int32Array(maxVoices);
    this.env = new Float64Array(maxVoices);
    this.releasing = new Uint8Array(maxVoices);
    this.active = new Uint8Array(maxVoices);
    this.phase = new Float64Array(maxVoices * PARTIALS);
    this.contactDelay = new Float64Array(maxVoices * PARTIALS);
    this.age = new Float64Array(maxVoices);
    this.percEnv = new Float64Array(maxVoices);
    this.clickEnv = new Float64Array(maxVoices);
    this.delay = new Float32Array(Math.ceil(sampleRate * 0.004) + 4);
    this.settings = settings;
    this.configure(settings);
  }

  /** Changes the registration and options (takes effect at once, as pulling a drawbar does). */
  configure(settings: OrganSettings): void {
    if (settings.drawbars.length !== PARTIALS) throw new RangeError(`an organ has nine drawbars, got ${settings.drawbars.length}`);
    this.settings = settings;
    for (let k = 0; k < PARTIALS; k++) this.gains[k] = drawbarGain(settings.drawbars[k]!);
    // With percussion on, the 1′ drawbar is cancelled (its contact carries the percussion trigger on the B-3).
    if (settings.percussion !== 'off') this.gains[8] = 0;
  }

  /** Number of keys sounding (held or releasing). */
  get voicesActive(): number {
    let n = 0;
    for (let v = 0; v < this.maxVoices; v++) n += this.active[v]!;
    return n;
  }

  /** A key goes down; `slideFrom` makes it glide from that pitch over `glideSeconds`. */
  noteOn(pitch: number, slideFrom?: number, glideSeconds = 0.1): void {
    let anyHeld = false;
    for (let v = 0; v < this.maxVoices; v++) if (this.active[v] && this.held[v]! > 0) anyHeld = true;
    let voice = -1;
    for (let v = 0; v < this.maxVoices; v++) if (this.active[v] && this.pitch[v] === pitch) voice = v;
    if (voice >= 0 && this.held[voice]! > 0) {
      this.held[voice]!++;
      return;
    }
    if (voice < 0) for (let v = 0; v < this.maxVoices && voice < 0; v++) if (!this.active[v]) voice = v;
    if (voice < 0) {
      // Steal the voice that has been released longest, else the oldest.
      let best = 0;
      for (let v = 1; v < this.maxVoices; v++) if (this.releasing[v]! > this.releasing[best]! || (this.releasing[v] === this.releasing[best] && this.age[v]! > this.age[best]!)) best = v;
      voice = best;
    }
    const fresh = !this.active[voice];
    this.active[voice] = 1;
    this.releasing[voice] = 0;
    this.held[voice] = 1;
    this.pitch[voice] = pitch;
    this.fromPitch[voice] = slideFrom ?? pitch;
    this.glideTotal[voice] = slideFrom !== undefined ? Math.max(1, glideSeconds * this.sampleRate) : 0;
    this.glideLeft[voice] = this.glideTotal[voice]!;
    this.age[voice] = 0;
    if (fresh) {
      this.env[voice] = 0;
      for (let k = 0; k < PARTIALS; k++) {
        // The contacts close up to 1.5 ms apart: deterministic per key and drawbar.
        this.phase[voice * PARTIALS + k] = 0;
        this.contactDelay[voice * PARTIALS + k] = (((pitch * 7919 + k * 104729) % 1000) / 1000) * 0.0015 * this.sampleRate;
      }
    }
    this.clickEnv[voice] = this.settings.keyClick;
    if (this.settings.percussion !== 'off' && !anyHeld) this.percEnv[voice] = this.settings.percussionSoft ? 0.5 : 1;
    else this.percEnv[voice] = 0;
  }

  /** A key comes up. */
  noteOff(pitch: number): void {
    for (let v = 0; v < this.maxVoices; v++) {
      if (this.active[v] && this.pitch[v] === pitch && this.held[v]! > 0) {
        this.held[v]!--;
        if (this.held[v] === 0) this.releasing[v] = 1;
        return;
      }
    }
  }

  /** Releases every key at once. */
  allOff(): void {
    for (let v = 0; v < this.maxVoices; v++) {
      this.held[v] = 0;
      if (this.active[v]) this.releasing[v] = 1;
    }
  }

  /** Adds `n` samples of the organ into `out` from `start` (mono; caller clears it). */
  process(out: Float32Array, start: number, n: number): void {
    const sr = this.sampleRate;
    const attackStep = 1 / (ATTACK_S * sr);
    const releaseStep = 1 / (RELEASE_S * sr);
    const percDecay = Math.exp(-6.9078 / (PERCUSSION_T60[this.settings.percussionDecay] * sr));
    const clickDecay = Math.exp(-1 / (CLICK_S * sr * 0.25));
    const percIndex = this.settings.percussion === 'second' ? 3 : this.settings.percussion === 'third' ? 4 : -1;
    const nyquist = 0.45 * sr;
    for (let v = 0; v < this.maxVoices; v++) {
      if (!this.active[v]) continue;
      let env = this.env[v]!;
      let perc = this.percEnv[v]!;
      let click = this.clickEnv[v]!;
      let glideLeft = this.glideLeft[v]!;
      const glideTotal = this.glideTotal[v]!;
      const target = this.pitch[v]!;
      const from = this.fromPitch[v]!;
      let age = this.age[v]!;
      const base = v * PARTIALS;
      const inc = this.increments;
      let stale = true;
      for (let i = start; i < start + n; i++) {
        // Glide: the pitch moves linearly in semitones (exponentially in frequency); phase increments are
        // recomputed only while it moves.
        if (glideLeft > 0 || stale) {
          const p = glideLeft > 0 ? target + (from - target) * (glideLeft / glideTotal) : target;
          if (glideLeft > 0) glideLeft--;
          const f0 = 440 * 2 ** ((p - 69) / 12);
          for (let k = 0; k < PARTIALS; k++) {
            const hz = foldback(f0 * DRAWBAR_RATIOS[k]!);
            inc[k] = hz >= nyquist ? -1 : hz / sr;
          }
          stale = false;
        }
        if (this.releasing[v]) env -= releaseStep;
        else if (env < 1) env = Math.min(1, env + attackStep);
        if (env <= 0) {
          env = 0;
          this.active[v] = 0;
          break;
        }
        let s = 0;
        for (let k = 0; k < PARTIALS; k++) {
          const g = this.gains[k]!;
          const isPerc = k === percIndex;
          if ((g === 0 && !(isPerc && perc > 1e-5)) || age < this.contactDelay[base + k]!) continue;
          if (inc[k]! < 0) continue;
          let ph = this.phase[base + k]! + inc[k]!;
          ph -= Math.floor(ph);
          this.phase[base + k] = ph;
          const x = ph * TABLE_SIZE;
          const j = x | 0;
          const sine = SINE[j]! + (x - j) * (SINE[j + 1]! - SINE[j]!);
          s += (g + (isPerc ? perc : 0)) * sine;
        }
        perc *= percDecay;
        let c = 0;
        if (click > 1e-4) {
          // Key click: white noise through a one-pole high-pass, decaying in a few milliseconds.
          this.noise ^= this.noise << 13;
          this.noise ^= this.noise >>> 17;
          this.noise ^= this.noise << 5;
          const white = (this.noise | 0) / 2147483648;
          this.clickState = 0.6 * this.clickState + 0.4 * white;
          c = (white - this.clickState) * click * 0.6;
          click *= clickDecay;
        }
        out[i] = out[i]! + (s * 0.25 + c) * env;
        age++;
      }
      this.env[v] = env;
      this.percEnv[v] = perc;
      this.clickEnv[v] = click;
      this.glideLeft[v] = glideLeft;
      this.age[v] = age;
    }
    const vib = this.settings.vibrato;
    if (vib !== 'off') {
      const depth = VIBRATO_DEPTH_S[vib]! * sr;
      const centre = depth + 2;
      const len = this.delay.length;
      const step = VIBRATO_HZ / sr;
      const chorus = vib[0] === 'c';
      for (let i = start; i < start + n; i++) {
        this.delay[this.delayWrite] = out[i]!;
        const d = centre + depth * Math.sin(2 * Math.PI * this.lfoPhase);
        this.lfoPhase += step;
        if (this.lfoPhase >= 1) this.lfoPhase -= 1;
        let r = this.delayWrite - d;
        if (r < 0) r += len;
        const j = Math.floor(r);
        const frac = r - j;
        const wet = this.delay[j]! + frac * (this.delay[(j + 1) % len]! - this.delay[j]!);
        out[i] = chorus ? 0.5 * (out[i]! + wet) : wet;
        this.delayWrite = (this.delayWrite + 1) % len;
      }
    }
  }
}

/** Options of {@link renderOrgan}. */
export interface OrganRenderOptions {
  sampleRate?: number;
  /** Output channels (the same signal in each; default 2). */
  channels?: number;
  settings?: OrganSettings;
  /** Peak level in dBFS after normalisation (default −1); null keeps the raw level. */
  normalizeDbfs?: number | null;
}

/** Glide time of a slide: a third of the note, at most 0.15 s (as the MIDI writer's pitch-bend ramp). */
export function slideSeconds(note: Pick<NoteEvent, 'duration'>): number {
  return Math.min(0.15, note.duration / 3);
}

/**
 * Renders a score with the organ. Notes on MIDI channel 10 (percussion) are left out: an organ has no drums.
 * @example
 * const audio = renderOrgan({ notes: [{ onset: 0, duration: 0.5, pitch: 60, velocity: 1, voice: 0 }] }, { settings: parseOrganSettings('888000000') });
 * audio.channels.length; // → 2
 */
export function renderOrgan(score: Pick<Score, 'notes'>, options: OrganRenderOptions = {}): { sampleRate: number; channels: Float32Array[]; rawPeak: number; gain: number } {
  const sr = options.sampleRate ?? 44100;
  const organ = new OrganSynth(sr, options.settings ?? DEFAULT_ORGAN);
  const notes = score.notes.filter((n) => n.channel !== 9);
  let end = 0;
  for (const n of notes) end = Math.max(end, n.onset + n.duration);
  const frames = Math.ceil((end + RELEASE_S + 0.05) * sr);
  const events: Array<{ frame: number; on: boolean; note: NoteEvent }> = [];
  for (const n of notes) {
    events.push({ frame: Math.round(n.onset * sr), on: true, note: n });
    events.push({ frame: Math.max(Math.round(n.onset * sr) + 1, Math.round((n.onset + n.duration) * sr)), on: false, note: n });
  }
  // Offs before ons at the same frame: a repeated key is lifted and struck again.
  events.sort((a, b) => a.frame - b.frame || Number(a.on) - Number(b.on));
  const mono = new Float32Array(frames);
  let at = 0;
  for (const e of events) {
    if (e.frame > at) {
      organ.process(mono, at, Math.min(frames, e.frame) - at);
      at = Math.min(frames, e.frame);
    }
    if (e.on) organ.noteOn(e.note.pitch, e.note.slideFrom, slideSeconds(e.note));
    else organ.noteOff(e.note.pitch);
  }
  if (at < frames) organ.process(mono, at, frames - at);
  let peak = 0;
  for (let i = 0; i < frames; i++) peak = Math.max(peak, Math.abs(mono[i]!));
  const level = options.normalizeDbfs === undefined ? -1 : options.normalizeDbfs;
  const gain = level === null || peak === 0 ? 1 : 10 ** (level / 20) / peak;
  if (gain !== 1) for (let i = 0; i < frames; i++) mono[i] = mono[i]! * gain;
  const channels = Array.from({ length: options.channels ?? 2 }, (_, c) => (c === 0 ? mono : mono.slice()));
  return { sampleRate: sr, channels, rawPeak: peak, gain };
}
