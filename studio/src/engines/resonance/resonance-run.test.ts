import { describe, expect, it } from 'vitest';
import { envelopeFromAudio } from 'neuromusic/duet';
import type { NoteEvent } from 'neuromusic/score';
import { ResonanceRun, RESONANCE_VOICES, metronomeHz, type RunSink } from './resonance-run.js';
import { ResonanceStateLayout as L } from './messages.js';

class Collect implements RunSink {
  readonly notes: NoteEvent[] = [];
  last: Float32Array = new Float32Array(0);
  note(n: NoteEvent): void {
    this.notes.push(n);
  }
  state(_t: number, s: Float32Array): void {
    this.last = s;
  }
}

/** A click track: 10-ms noise-free bursts at `hz`, for `seconds`. */
function clicks(hz: number, seconds: number, rate = 16000): Float32Array {
  const x = new Float32Array(seconds * rate);
  for (let t = 0.25; t < seconds; t += 1 / hz) {
    const i = Math.round(t * rate);
    for (let j = 0; j < 160 && i + j < x.length; j++) x[i + j] = 0.8 * Math.sin(2 * Math.PI * 1000 * (j / rate)) * (1 - j / 160);
  }
  return x;
}

describe('the resonance run', () => {
  it('clicks the metronome on time and follows tempo changes without a jump in phase', () => {
    const sink = new Collect();
    const run = new ResonanceRun([{ time: 0, bpm: 120 }, { time: 4, bpm: 90 }], null);
    run.runTo(8, sink);
    const onsets = sink.notes.filter((n) => n.voice === RESONANCE_VOICES.metronome).map((n) => n.onset);
    expect(onsets.slice(0, 3).map((t) => t.toFixed(6))).toEqual(['0.000000', '0.500000', '1.000000']);
    // 8 clicks in the first 4 s, then one every 2/3 s.
    expect(onsets[8]).toBeCloseTo(4, 9);
    expect(onsets[9]! - onsets[8]!).toBeCloseTo(60 / 90, 9);
    expect(metronomeHz([{ time: 0, bpm: 120 }, { time: 4, bpm: 90 }], 5)).toBe(1.5);
  });

  it('ASHLE locks to the metronome: the asynchrony settles to a steady value, also after a tempo change', () => {
    const sink = new Collect();
    const run = new ResonanceRun([{ time: 0, bpm: 120 }, { time: 20, bpm: 100 }], null);
    run.runTo(20, sink);
    const at20 = sink.last;
    expect(at20[L.SD_ASYNCHRONY_MS]!).toBeLessThan(5);
    run.runTo(60, sink);
    const s = sink.last;
    expect(s[L.SD_ASYNCHRONY_MS]!).toBeLessThan(5);
    // One tap per click (the motor oscillator runs at the metronome's rate) ...
    const taps = sink.notes.filter((n) => n.voice === RESONANCE_VOICES.ashle && n.onset > 40).map((n) => n.onset);
    expect((taps.at(-1)! - taps[0]!) / (taps.length - 1)).toBeCloseTo(0.6, 3);
    // ... while the learned frequency stays between the metronome's and the spontaneous 2 Hz (the elastic pull λ2),
    // so the taps lead the clicks: a negative mean asynchrony, as people tapping show.
    expect(s[L.MOTOR_HZ]!).toBeGreaterThan(100 / 60);
    expect(s[L.MOTOR_HZ]!).toBeLessThan(2);
    expect(s[L.MEAN_ASYNCHRONY_MS]!).toBeLessThan(-10);
  });

  it.each([1.5, 2, 2.5])('the bank hearing a %s-Hz click track: pulse and spectral peak there from 3 s on, one beat a click', (hz) => {
    const env = envelopeFromAudio({ sampleRate: 16000, channels: [clicks(hz, 16)] });
    const states: Float32Array[] = [];
    const beats: number[] = [];
    const run = new ResonanceRun([{ time: 0, bpm: 0 }], { envelope: Float64Array.from(env.envelope) });
    run.runTo(16, {
      note: (n) => void (n.voice === RESONANCE_VOICES.bank && beats.push(n.onset)),
      state: (t, s) => void (t >= 3 && states.push(s)),
    });
    // The bank's oscillators nearest the rate are 0.06 Hz apart around 2 Hz.
    for (const s of states) {
      expect(Math.abs(s[L.PULSE_HZ]! - hz)).toBeLessThan(0.1);
      expect(Math.abs(s[L.PEAK_HZ]! - hz)).toBeLessThan(0.1);
    }
    const late = beats.filter((t) => t > 6);
    const gaps = late.slice(1).map((b, i) => b - late[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(Math.floor(9 * hz));
    for (const g of gaps) expect(Math.abs(g - 1 / hz)).toBeLessThan(0.05);
  });
});
