/**
 * SoundFont playback: any SF2 (or SF3, DLS) sound bank renders any Score, through spessasynth_core — a maintained,
 * dependency-free TypeScript SoundFont 2 synthesiser (full generator and modulator support) that runs unchanged in
 * Node and in the browser. Each voice plays on its MIDI channel (the note's `channel`, else the MIDI writer's
 * channel for the voice) with its General MIDI program (`meta.programs`, or one program for every melodic channel);
 * notes on channel 10 play the bank's drum kit. Slides (`slideFrom`) are pitch-wheel ramps with a ±12-semitone bend
 * range, as in the MIDI files the project writes. docs/instruments.md compares the candidate libraries.
 */
import { SoundBankLoader, SpessaLog, SpessaSynthProcessor, type BasicSoundBank } from 'spessasynth_core';
import { trackChannel } from '../formats/midi.js';
import type { Score } from '../score/types.js';
import { slideSeconds } from './organ.js';

/** A parsed sound bank, reusable across renders. */
export type SoundBank = BasicSoundBank;

/**
 * Parses SF2 / SF3 / DLS bytes. Throws a RangeError when they are not a sound bank.
 * @example
 * // const bank = loadSoundBank(bytes); // bytes of an .sf2 file
 */
export function loadSoundBank(bytes: Uint8Array): SoundBank {
  SpessaLog.setLogLevel(false, false, false);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return SoundBankLoader.fromArrayBuffer(buffer);
  } catch (err) {
    throw new RangeError(`not a SoundFont (SF2/SF3) or DLS sound bank: ${(err as Error).message}`);
  }
}

/** Options of {@link renderSoundFont}. */
export interface SoundFontRenderOptions {
  sampleRate?: number;
  /** 1 (left and right summed) or 2 (default). */
  channels?: 1 | 2;
  /** One General MIDI program (0–127) for every melodic channel, overriding `meta.programs`. */
  program?: number;
  /** Peak level in dBFS after normalisation (default −1); null keeps the synthesiser's level. */
  normalizeDbfs?: number | null;
  /** Seconds of tail after the last note-off (default 1.5: release and reverb). */
  tailSeconds?: number;
  /** Reverb and chorus of the synthesiser (default off, for a dry render comparable with others). */
  effects?: boolean;
}

const BLOCK = 128;

interface MidiEvent {
  frame: number;
  /** Order within a frame: 0 controllers/program, 1 note-off, 2 pitch wheel, 3 note-on. */
  order: number;
  apply: (synth: SpessaSynthProcessor) => void;
}

/**
 * Renders a score with a sound bank.
 * @example
 * // const audio = renderSoundFont(score, loadSoundBank(bytes), { program: 19 }); // a church organ
 */
export function renderSoundFont(score: Pick<Score, 'notes' | 'meta'>, bank: SoundBank, options: SoundFontRenderOptions = {}): { sampleRate: number; channels: Float32Array[]; rawPeak: number; gain: number } {
  const sr = options.sampleRate ?? 44100;
  if (options.program !== undefined && !(Number.isInteger(options.program) && options.program >= 0 && options.program <= 127)) {
    throw new RangeError(`a General MIDI program is a whole number 0–127, got ${options.program}`);
  }
  const synth = new SpessaSynthProcessor(sr, { effectsEnabled: options.effects ?? false, maxBufferSize: BLOCK });
  synth.soundBankManager.addSoundBank(bank, 'bank');
  const events: MidiEvent[] = [];
  const channelOf = (voice: number, channel: number | undefined): number => channel ?? trackChannel(voice);
  const programOf = new Map<number, number>();
  let end = 0;
  const slideChannels = new Set<number>();
  for (const n of score.notes) {
    const ch = channelOf(n.voice, n.channel);
    if (ch !== 9 && !programOf.has(ch)) programOf.set(ch, options.program ?? score.meta.programs?.[n.voice] ?? 0);
    const on = Math.round(n.onset * sr);
    const off = Math.max(on + 1, Math.round((n.onset + n.duration) * sr));
    end = Math.max(end, off);
    const velocity = Math.max(1, Math.min(127, Math.round(n.velocity * 127)));
    events.push({ frame: on, order: 3, apply: (s) => s.noteOn(ch, n.pitch, velocity) });
    events.push({ frame: off, order: 1, apply: (s) => s.noteOff(ch, n.pitch) });
    if (n.slideFrom !== undefined && ch !== 9) {
      slideChannels.add(ch);
      const semitones = Math.max(-12, Math.min(12, n.slideFrom - n.pitch));
      const glide = slideSeconds(n) * sr;
      for (let k = 0; k <= 8; k++) {
        const value = Math.max(0, Math.min(16383, 8192 + Math.round((semitones * (1 - k / 8) * 8192) / 12)));
        events.push({ frame: on + Math.round((glide * k) / 8), order: 2, apply: (s) => s.pitchWheel(ch, value) });
      }
    }
  }
  for (const [ch, program] of programOf) events.push({ frame: 0, order: 0, apply: (s) => s.programChange(ch, program) });
  for (const ch of slideChannels) {
    // RPN 0 (pitch-bend sensitivity) = 12 semitones.
    events.push({ frame: 0, order: 0, apply: (s) => (s.controllerChange(ch, 101, 0), s.controllerChange(ch, 100, 0), s.controllerChange(ch, 6, 12), s.controllerChange(ch, 38, 0)) });
  }
  events.sort((a, b) => a.frame - b.frame || a.order - b.order);
  const frames = end + Math.round((options.tailSeconds ?? 1.5) * sr);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  let at = 0;
  let e = 0;
  while (at < frames) {
    while (e < events.length && events[e]!.frame <= at) events[e++]!.apply(synth);
    const next = e < events.length ? Math.min(events[e]!.frame, frames) : frames;
    const n = Math.max(1, Math.min(BLOCK, next - at));
    synth.process(left, right, at, n);
    at += n;
  }
  const stereo = (options.channels ?? 2) === 2;
  const out = stereo ? [left, right] : [left.map((x, i) => 0.5 * (x + right[i]!))];
  let peak = 0;
  for (const c of out) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]!));
  const level = options.normalizeDbfs === undefined ? -1 : options.normalizeDbfs;
  const gain = level === null || peak === 0 ? 1 : 10 ** (level / 20) / peak;
  if (gain !== 1) for (const c of out) for (let i = 0; i < c.length; i++) c[i] = c[i]! * gain;
  return { sampleRate: sr, channels: out, rawPeak: peak, gain };
}
