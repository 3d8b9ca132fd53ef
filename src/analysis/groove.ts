/**
 * Groove extraction: kick, snare and hi-hat events from band-limited onsets, and a drum track locked to the
 * tracked beat.
 *
 * The spectral flux is split into three bands — low (30–150 Hz: kick drums, bass notes), mid (150–2,500 Hz:
 * snare bodies, most melodic onsets) and high (5–16 kHz: hi-hats, cymbals, the noise of attacks) — after the
 * band-wise onset detection of drum transcription (Klapuri 1999; FitzGerald 2004). Each band's flux is
 * peak-picked with an adaptive threshold (local mean + δ·local deviation, a minimum gap between events). The
 * drum track then plays each event quantised to the nearest sixteenth of the tracked beat, plus a soft closed
 * hi-hat on every beat so the pulse stays audible where a band is silent.
 */
import type { AudioBuffers } from '../formats/wav.js';
import { renderDrums, type DrumHit, type DrumName } from '../synth/drums.js';
import { mixToMono, spectralFlux } from './beats/onset-strength.js';
import { trackBeats, type BeatTrack, type BeatTrackerOptions } from './beats/tracker.js';

/** The three drum bands, Hz. */
export const GROOVE_BANDS: Record<'kick' | 'snare' | 'hihat', [number, number]> = {
  kick: [30, 150],
  snare: [150, 2500],
  hihat: [5000, 16000],
};

/** One detected drum-band event. */
export interface GrooveEvent {
  time: number;
  instrument: 'kick' | 'snare' | 'hihat';
  /** Peak flux relative to the band's largest peak, 0–1. */
  strength: number;
}

/** The result of {@link extractGroove}. */
export interface Groove {
  track: BeatTrack;
  events: GrooveEvent[];
  /** Band onset-strength signals at the beat track's frame rate. */
  bandOnsets: Record<'kick' | 'snare' | 'hihat', Float64Array>;
  /** The drum strokes of the synthesised track (quantised to the beat). */
  hits: DrumHit[];
}

/** Options of {@link extractGroove}. */
export interface GrooveOptions {
  beats?: BeatTrackerOptions;
  /** Peak threshold: local mean + delta × local standard deviation (default 1.5). */
  delta?: number;
  /** Minimum gap between two events of one band, seconds (default 0.07). */
  minGapSeconds?: number;
}

/**
 * Peaks of an onset signal: local maxima above mean + δ·sd over ±0.5 s, at least `minGap` frames apart
 * (the stronger wins).
 * @example
 * pickPeaks(Float64Array.from({ length: 100 }, (_, i) => (i % 25 === 10 ? 1 : 0)), 100, 0.5, 7); // → [10, 35, 60, 85]
 */
export function pickPeaks(x: Float64Array, fps: number, delta: number, minGap: number): number[] {
  const n = x.length;
  const half = Math.max(1, Math.round(0.5 * fps));
  const prefix = new Float64Array(n + 1);
  const prefix2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    prefix[i + 1] = prefix[i]! + x[i]!;
    prefix2[i + 1] = prefix2[i]! + x[i]! * x[i]!;
  }
  let globalMax = 0;
  for (let i = 0; i < n; i++) globalMax = Math.max(globalMax, x[i]!);
  const floor = 0.02 * globalMax;
  const candidates: number[] = [];
  for (let i = 1; i + 1 < n; i++) {
    if (!(x[i]! > x[i - 1]! && x[i]! >= x[i + 1]!) || x[i]! <= floor) continue;
    const a = Math.max(0, i - half);
    const b = Math.min(n, i + half + 1);
    const m = (prefix[b]! - prefix[a]!) / (b - a);
    const v = Math.max(0, (prefix2[b]! - prefix2[a]!) / (b - a) - m * m);
    if (x[i]! > m + delta * Math.sqrt(v)) candidates.push(i);
  }
  // enforce the minimum gap, strongest first
  const order = [...candidates].sort((p, q) => x[q]! - x[p]!);
  const taken = new Uint8Array(n);
  const kept: number[] = [];
  for (const i of order) {
    let clear = true;
    for (let j = Math.max(0, i - minGap + 1); j < Math.min(n, i + minGap) && clear; j++) if (taken[j]) clear = false;
    if (clear) {
      taken[i] = 1;
      kept.push(i);
    }
  }
  return kept.sort((p, q) => p - q);
}

/**
 * Time of the nearest sixteenth of the beat grid (beats subdivided in four by linear interpolation; before the
 * first and after the last beat the neighbouring interval is extended).
 * @example
 * quantizeToBeat(0.26, [0, 1, 2]); // → 0.25
 */
export function quantizeToBeat(time: number, beats: readonly number[], subdivisions = 4): number {
  if (beats.length < 2) return time;
  let i = 0;
  while (i + 2 < beats.length && beats[i + 1]! <= time) i++;
  const a = beats[i]!;
  const b = beats[i + 1]!;
  const step = (b - a) / subdivisions;
  return a + Math.round((time - a) / step) * step;
}

/**
 * Tracks the beat and extracts kick / snare / hi-hat events and a beat-locked drum part from a recording.
 * @example
 * const groove = extractGroove(renderScore(score, { sampleRate: 22050 }));
 * groove.events.filter((e) => e.instrument === 'kick').length;
 */
export function extractGroove(audio: AudioBuffers, options: GrooveOptions = {}): Groove {
  const mono = mixToMono(audio);
  const bands: Array<[number, number]> = [GROOVE_BANDS.kick, GROOVE_BANDS.snare, [GROOVE_BANDS.hihat[0], Math.min(GROOVE_BANDS.hihat[1], audio.sampleRate / 2)]];
  // the same beat track as `beats`; the drum bands at the full rate (hi-hats live above 5 kHz)
  const track = trackBeats(audio, options.beats);
  const onset = spectralFlux(mono, audio.sampleRate, { bandsHz: bands });
  const fps = onset.framesPerSecond;
  const delta = options.delta ?? 1.5;
  const minGap = Math.max(1, Math.round((options.minGapSeconds ?? 0.07) * fps));
  const names = ['kick', 'snare', 'hihat'] as const;
  const events: GrooveEvent[] = [];
  names.forEach((instrument, b) => {
    const x = onset.bands[b]!;
    const peaks = pickPeaks(x, fps, delta, minGap);
    let max = 0;
    for (const p of peaks) max = Math.max(max, x[p]!);
    for (const p of peaks) events.push({ time: p / fps, instrument, strength: max > 0 ? x[p]! / max : 0 });
  });
  events.sort((a, b) => a.time - b.time || a.instrument.localeCompare(b.instrument));
  return {
    track,
    events,
    bandOnsets: { kick: onset.bands[0]!, snare: onset.bands[1]!, hihat: onset.bands[2]! },
    hits: drumPart(events, track.beats),
  };
}

/**
 * The drum part: every event quantised to the nearest sixteenth of the beat (one stroke per instrument and
 * grid slot, the strongest), plus a soft closed hi-hat on each beat that has none.
 */
export function drumPart(events: readonly GrooveEvent[], beats: readonly number[]): DrumHit[] {
  const slots = new Map<string, DrumHit>();
  for (const e of events) {
    const time = beats.length >= 2 ? quantizeToBeat(e.time, beats) : e.time;
    if (time < 0) continue;
    const drum: DrumName = e.instrument;
    const key = `${drum}@${time.toFixed(4)}`;
    const velocity = 0.35 + 0.65 * e.strength;
    const prev = slots.get(key);
    if (!prev || prev.velocity < velocity) slots.set(key, { time, drum, velocity });
  }
  for (const t of beats) {
    const key = `hihat@${t.toFixed(4)}`;
    if (!slots.has(key)) slots.set(key, { time: t, drum: 'hihat', velocity: 0.3 });
  }
  return [...slots.values()].sort((a, b) => a.time - b.time);
}

/**
 * Renders the drum part at the recording's rate and mixes it with the original: the drums are scaled to half the
 * music's RMS, and the mix is scaled down (never up) so its peak stays at or below −1 dBFS.
 * @example
 * const audio = renderScore(score, { sampleRate: 22050 });
 * const { drums, mix } = renderGrooveAudio(audio, extractGroove(audio).hits);
 */
export function renderGrooveAudio(audio: AudioBuffers, hits: readonly DrumHit[], seed = 0): { drums: AudioBuffers; mix: AudioBuffers } {
  const n = audio.channels[0]!.length;
  const sr = audio.sampleRate;
  const drums = renderDrums(hits, { sampleRate: sr, durationSeconds: n / sr, seed });
  const rms = (x: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return Math.sqrt(s / Math.max(1, x.length));
  };
  const music = rms(mixToMono(audio));
  const drumRms = rms(drums);
  const gain = drumRms > 0 && music > 0 ? (0.5 * music) / drumRms : 1;
  const mixChannels = audio.channels.map((c) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i]! + gain * drums[i]!;
    return out;
  });
  let peak = 0;
  for (const c of mixChannels) for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(c[i]!));
  const ceiling = 10 ** (-1 / 20);
  if (peak > ceiling) for (const c of mixChannels) for (let i = 0; i < n; i++) c[i] = (c[i]! * ceiling) / peak;
  let dpeak = 0;
  for (let i = 0; i < n; i++) dpeak = Math.max(dpeak, Math.abs(drums[i]!));
  if (dpeak > ceiling) for (let i = 0; i < n; i++) drums[i] = (drums[i]! * ceiling) / dpeak;
  return { drums: { sampleRate: sr, channels: [drums] }, mix: { sampleRate: sr, channels: mixChannels } };
}
