import { describe, expect, it } from 'vitest';
import { beatFMeasure, spectralFlux, trackBeats } from 'neuromusic/analysis';
import { MicListener, StreamingFlux, WINDOW_SECONDS } from './mic-listener.js';
import { ResonanceStateLayout as L } from '../../engines/resonance/messages.js';

const RATE = 48000;

/** A click track: 10-ms decaying 1-kHz bursts at `hz` from 0.25 s, with a little noise under it. */
function clicks(hz: number, seconds: number, rate = RATE): Float32Array {
  const x = new Float32Array(Math.round(seconds * rate));
  let seed = 1;
  for (let i = 0; i < x.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = 0.002 * (seed / 2 ** 32 - 0.5);
  }
  const n = Math.round(0.01 * rate);
  for (let t = 0.25; t < seconds; t += 1 / hz) {
    const i = Math.round(t * rate);
    for (let j = 0; j < n && i + j < x.length; j++) x[i + j] = x[i + j]! + 0.8 * Math.sin((2 * Math.PI * 1000 * j) / rate) * (1 - j / n);
  }
  return x;
}

/** Splits a signal into chunks of the given lengths, cycling. */
function* chunks(x: Float32Array, sizes: number[]): Generator<Float32Array> {
  let i = 0;
  for (let k = 0; i < x.length; k++) {
    const n = sizes[k % sizes.length]!;
    yield x.slice(i, Math.min(x.length, i + n));
    i += n;
  }
}

describe('the microphone listener', () => {
  it('streams the core spectral flux frame by frame, equal to the whole-signal flux', () => {
    const x = clicks(2, 3);
    const whole = spectralFlux(x, RATE, { framesPerSecond: 100 }).bands[0]!;
    const s = new StreamingFlux(RATE, 100, 1);
    const frames: number[] = [];
    // Uneven chunks, some smaller than a hop, one longer than the window.
    for (const c of chunks(x, [480, 7, 1000, 128, 5000, 333])) frames.push(...s.push(c));
    // The stream has the frames whose windows have ended; spectralFlux pads the last partial hop.
    expect(frames.length).toBe(Math.floor(x.length / s.hop) + 1);
    expect(Float64Array.from(frames.slice(0, whole.length))).toEqual(whole);
    // In groups of four frames, the same numbers.
    const grouped = new StreamingFlux(RATE);
    const g: number[] = [];
    for (const c of chunks(x, [480])) g.push(...grouped.push(c));
    expect(g).toEqual(frames.slice(0, g.length));
    expect(g.length).toBeGreaterThan(frames.length - 4);
  });

  it('a 2-Hz click track in 10-ms chunks: the bank’s pulse and peak at 2 Hz, the online tracker’s beats every half second', () => {
    const seconds = 16;
    const x = clicks(2, seconds);
    const mic = new MicListener(RATE);
    const states: Float32Array[] = [];
    const beats: number[] = [];
    const decidedAfter: number[] = [];
    for (const c of chunks(x, [480])) {
      const out = mic.push(c);
      states.push(...out.states);
      if (out.tracker) {
        beats.push(...out.tracker.beats);
        for (const b of out.tracker.beats) decidedAfter.push(out.tracker.heardTo - b);
      }
    }
    // Frames 0 … 1600 (the last ends with the last sample), computed four at a time.
    expect(mic.frames).toBeGreaterThan(seconds * 100 - 4);
    // 50 states a second.
    expect(states.length).toBe(Math.floor(mic.frames / 2));
    for (const s of states.filter((st) => st[L.TIME]! >= 4)) {
      expect(Math.abs(s[L.PULSE_HZ]! - 2)).toBeLessThan(0.1);
      expect(Math.abs(s[L.PEAK_HZ]! - 2)).toBeLessThan(0.1);
    }
    // The tracker's beats: one a click, on the clicks.
    const truth = Array.from({ length: 2 * seconds }, (_, k) => 0.25 + k / 2).filter((t) => t < seconds);
    const late = beats.filter((t) => t > 3);
    const gaps = late.slice(1).map((b, i) => b - late[i]!);
    for (const g of gaps) expect(Math.abs(g - 0.5)).toBeLessThan(0.03);
    expect(beatFMeasure(truth.filter((t) => t > 3), late).fMeasure).toBeGreaterThan(0.95);
    // Over the first window the adapter is the command's online run on the audio so far.
    const cli = trackBeats({ sampleRate: RATE, channels: [x.subarray(0, WINDOW_SECONDS * RATE)] }, { online: true }).beats;
    const ours = beats.filter((t) => t < WINDOW_SECONDS - 0.6);
    expect(ours.length).toBeGreaterThan(10);
    for (const b of ours) expect(Math.min(...cli.map((c) => Math.abs(c - b)))).toBeLessThan(1e-6);
    // Each beat is reported within a hop (and a run) of being decided.
    decidedAfter.sort((a, b) => a - b);
    expect(decidedAfter[decidedAfter.length >> 1]!).toBeLessThan(1);
    console.info(`[mic-listener] ${beats.length} beats; reported a median ${(1000 * decidedAfter[decidedAfter.length >> 1]!).toFixed(0)} ms after the beat (hop ≥ 0.5 s); tracker run ${mic.tracker.lastRunMs.toFixed(0)} ms on ${WINDOW_SECONDS} s; bank ${(mic.bankMs / mic.frames).toFixed(3)} ms a frame`);
  });
});
