import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from 'neuromusic/formats';
import { trackBeats } from 'neuromusic/analysis';
import type { NoteEvent } from 'neuromusic/score';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import { ResonanceLiveEngine } from './resonance-engine.js';
import { RESONANCE_KEYS, RESONANCE_VOICES } from './resonance-run.js';
import { ResonanceStateLayout as L, type ResonanceEvent } from './messages.js';

class Reply implements EngineReply {
  readonly events: ResonanceEvent[] = [];
  readonly errors: string[] = [];
  event(e: unknown): void {
    this.events.push(e as ResonanceEvent);
  }
  userError(m: string): void {
    this.errors.push(m);
  }
}

class Sink implements EngineSink {
  readonly notes: NoteEvent[] = [];
  readonly states: Float32Array[] = [];
  note(n: NoteEvent): number {
    this.notes.push(n);
    return this.notes.length;
  }
  release(): void {}
  state(_t: number, s: unknown): void {
    this.states.push(s as Float32Array);
  }
}

describe('the resonance engine', () => {
  it('changes the metronome where it is scheduling, without touching what was played', () => {
    const e = new ResonanceLiveEngine();
    const sink = new Sink();
    e.advance(0, 2, sink);
    expect(e.command({ kind: 'tempo', bpm: 90 }, new Reply())).toBe('changed');
    e.seek(2); // what the worker does after 'changed': a no-op where the run stands
    e.advance(2, 4, sink);
    const clicks = sink.notes.filter((n) => n.pitch === RESONANCE_KEYS.click).map((n) => n.onset);
    [0, 0.5, 1, 1.5, 2].forEach((t, k) => expect(clicks[k]).toBeCloseTo(t, 9));
    expect(clicks[5]! - clicks[4]!).toBeCloseTo(60 / 90, 9);
    // The export replays the same performance.
    const perf = e.performance(120).notes.filter((n) => n.voice === RESONANCE_VOICES.metronome).map((n) => n.onset);
    expect(perf.slice(0, clicks.length)).toEqual(clicks);
    // A seek back re-runs the same notes.
    e.seek(0);
    const again = new Sink();
    e.advance(0, 4, again);
    expect(again.notes.map((n) => n.onset)).toEqual(sink.notes.map((n) => n.onset));
  });

  it('sounds the online beat tracker’s beats on a loaded WAV (what `beats --online` finds), one a click', () => {
    const e = new ResonanceLiveEngine();
    const rate = 16000;
    const x = new Float32Array(rate * 10);
    for (let t = 0.25; t < 10; t += 0.5) for (let j = 0; j < 160; j++) x[Math.round(t * rate) + j] = 0.8 * Math.sin((2 * Math.PI * 1000 * j) / rate) * (1 - j / 160);
    const wav = { sampleRate: rate, channels: [x] };
    e.command({ kind: 'load-audio', name: 'clicks.wav', bytes: encodeWav(wav) }, new Reply());
    e.command({ kind: 'metronome', on: false }, new Reply());
    const sink = new Sink();
    e.advance(0, 10, sink);
    const beats = sink.notes.filter((n) => n.pitch === RESONANCE_KEYS.beat).map((n) => n.onset);
    // The tracker's beats on the same samples as the WAV carries them (16-bit).
    const expected = trackBeats(decodeWav(encodeWav(wav), 'clicks.wav'), { online: true }).beats.filter((t) => t < 10);
    expect(beats).toEqual(expected);
    const late = beats.filter((t) => t > 4);
    expect(late.length).toBeGreaterThanOrEqual(10);
    for (const [i, t] of late.slice(1).entries()) expect(Math.abs(t - late[i]! - 0.5)).toBeLessThan(0.03);
  });

  it('turns the metronome off and on; refuses a tempo out of range in one line', () => {
    const e = new ResonanceLiveEngine();
    const r = new Reply();
    e.command({ kind: 'metronome', on: false }, r);
    const sink = new Sink();
    e.advance(0, 2, sink);
    expect(sink.notes.filter((n) => n.voice === RESONANCE_VOICES.metronome)).toEqual([]);
    expect(sink.states.at(-1)![L.METRONOME_HZ]).toBe(0);
    expect(e.command({ kind: 'tempo', bpm: 400 }, r)).toBe('none');
    expect(r.errors).toEqual(["the metronome's tempo must be 60–180 bpm, got 400"]);
  });

  it('loads a WAV (a new performance, the bank’s frequencies sent) and says what is wrong with a broken one', () => {
    const e = new ResonanceLiveEngine();
    const r = new Reply();
    const rate = 8000;
    const x = new Float32Array(rate * 4);
    for (let k = 0; k < 8; k++) x.fill(0.8, k * 4000, k * 4000 + 40);
    expect(e.command({ kind: 'load-audio', name: 'clicks.wav', bytes: encodeWav({ sampleRate: rate, channels: [x] }) }, r)).toBe('replaced');
    expect(r.events[0]).toMatchObject({ kind: 'setup', audioName: 'clicks.wav', audioSeconds: 4 });
    expect(r.events[0]!.frequenciesHz).toHaveLength(48);
    expect(e.info().title).toMatch(/clicks\.wav/);
    expect(e.command({ kind: 'load-audio', name: 'broken.wav', bytes: new Uint8Array([1, 2, 3]) }, r)).toBe('none');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^broken\.wav: /);
    expect(r.errors[0]).not.toContain('\n');
    expect(e.command({ kind: 'audio-off' }, r)).toBe('replaced');
    expect(e.info().title).not.toMatch(/clicks/);
  });
});
