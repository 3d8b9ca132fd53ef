import { describe, expect, it } from 'vitest';
import { DuetLiveEngine, edfStream } from './duet-engine.js';
import { TwinSchedule } from './duet-run.js';
import { DUET_BLOCK_SECONDS, DUET_TWIN_STATES, DuetStateLayout as L, type DuetEvent } from './messages.js';
import { DuetEngine, eegTwinRecording, GM_PERCUSSION_CHANNEL, TWIN_STATES } from 'neuromusic/duet';
import { encodeWav, writeEdf } from 'neuromusic/formats';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import type { NoteEvent } from 'neuromusic/score';

/** What a listener hears and sees; a cut (pause, seek) forgets notes and states from then on. */
class Listener implements EngineSink {
  readonly notes: NoteEvent[] = [];
  readonly states: Array<{ time: number; data: Float32Array }> = [];
  note(n: NoteEvent): number {
    this.notes.push(n);
    return 0;
  }
  release(): void {}
  state(time: number, data: unknown): void {
    this.states.push({ time, data: Float32Array.from(data as Float32Array) });
  }
  cut(time: number): void {
    while (this.notes.length > 0 && this.notes[this.notes.length - 1]!.onset >= time) this.notes.pop();
    while (this.states.length > 0 && this.states[this.states.length - 1]!.time >= time) this.states.pop();
  }
}

/** Advances in transport-like ticks (23.2 ms, as the worklet's clock). */
function play(engine: DuetLiveEngine, listener: EngineSink, from: number, to: number, tick = 0.0232): void {
  for (let t = from; t < to; t = Math.min(to, t + tick)) engine.advance(t, Math.min(to, t + tick), listener);
}

function replies(): EngineReply & { events: DuetEvent[]; errors: string[] } {
  const events: DuetEvent[] = [];
  const errors: string[] = [];
  return { events, errors, event: (e) => void events.push(e as DuetEvent), userError: (m) => void errors.push(m) };
}

const key = (n: NoteEvent): string => `${n.onset.toFixed(9)}:${n.pitch}:${n.velocity.toFixed(6)}:${n.duration.toFixed(6)}:${n.channel ?? -1}`;
const keys = (notes: readonly NoteEvent[]): string[] => notes.map(key).sort();
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** A state field averaged over [from, to) engine seconds. */
const field = (l: Listener, at: number, from: number, to: number): number => mean(l.states.filter((s) => s.time >= from && s.time < to).map((s) => s.data[at]!));

describe('the duet engine (the Neural Duet live, steered by EEG)', () => {
  it('plays, in any chunking, exactly what it exports; drums on channel 10, the melody on the piano', () => {
    const a = new DuetLiveEngine();
    a.setSeed(3);
    a.seek(0);
    const ticks = new Listener();
    play(a, ticks, 0, 6);
    const b = new DuetLiveEngine();
    b.setSeed(3);
    b.seek(0);
    const once = new Listener();
    b.advance(0, 6, once);
    expect(keys(ticks.notes)).toEqual(keys(once.notes));
    expect(keys(a.performance(120).notes)).toEqual(keys(ticks.notes));
    const drums = ticks.notes.filter((n) => n.channel === GM_PERCUSSION_CHANNEL);
    expect(drums.length).toBeGreaterThan(20);
    expect(new Set(drums.map((n) => n.pitch))).toEqual(new Set([36, 38, 42]));
    expect(ticks.notes.length - drums.length).toBeGreaterThan(10);
    // States 64 times a second, each with its time.
    expect(ticks.states.length).toBe(6 * 64);
    expect(ticks.states[100]!.data[L.TIME]).toBeCloseTo(100 / 64, 9);
  });

  it('with controls held at their defaults it is the core DuetEngine, note for note', () => {
    // The twin at rest: the controls follow the biomarkers of the baseline's own signal, so they stay near the
    // defaults but are not held exactly. Here the first 2 s (no full window yet) must be the core engine's.
    const live = new DuetLiveEngine();
    live.setSeed(5);
    live.seek(0);
    const l = new Listener();
    play(live, l, 0, 2);
    const core = new DuetEngine({ seed: 5 });
    const notes: NoteEvent[] = [];
    core.advanceTo(2, { note: (n) => void notes.push(n) });
    expect(keys(l.notes)).toEqual(keys(notes));
  });

  it('goes back to a checkpoint and re-runs bit for bit, state commands included', () => {
    const straight = new DuetLiveEngine();
    straight.setSeed(2);
    straight.seek(0);
    const s = new Listener();
    play(straight, s, 0, 3);
    straight.command({ kind: 'twin-state', state: 'stressed' }, replies());
    play(straight, s, 3, 7);

    const back = new DuetLiveEngine();
    back.setSeed(2);
    back.seek(0);
    const b = new Listener();
    play(back, b, 0, 3);
    back.command({ kind: 'twin-state', state: 'stressed' }, replies());
    play(back, b, 3, 6.3);
    back.seek(4.1); // a pause at 4.1 s: restore the checkpoint before it and re-run
    b.cut(4.1);
    play(back, b, 4.1, 7);
    expect(keys(b.notes)).toEqual(keys(s.notes));
    expect(b.states.map((x) => Array.from(x.data.subarray(0, L.BLOCK_MS)))).toEqual(s.states.map((x) => Array.from(x.data.subarray(0, L.BLOCK_MS))));
  });

  it('stressed raises ρ and λ2, relaxed lowers them (the mapping table’s directions)', () => {
    const run = (state: 'stressed' | 'relaxed'): Listener => {
      const e = new DuetLiveEngine();
      e.setSeed(1);
      e.seek(0);
      const l = new Listener();
      play(e, l, 0, 2);
      e.command({ kind: 'twin-state', state }, replies());
      play(e, l, 2, 10);
      return l;
    };
    const stressed = run('stressed');
    const relaxed = run('relaxed');
    // By 8–10 s the twin has crossed over (2 s), the 2-s windows hold the new state and the mapper (τ = 2 s) follows.
    expect(field(stressed, L.RHO, 8, 10)).toBeGreaterThan(34);
    expect(field(relaxed, L.RHO, 8, 10)).toBeLessThan(26);
    expect(field(stressed, L.LAMBDA2, 8, 10)).toBeGreaterThan(2.2);
    expect(field(relaxed, L.LAMBDA2, 8, 10)).toBeLessThan(1.5);
    expect(field(stressed, L.STRESS, 8, 10)).toBeGreaterThan(1);
    expect(field(relaxed, L.RELAXATION, 8, 10)).toBeGreaterThan(1);
    expect(stressed.states.at(-1)!.data[L.TWIN_STATE]).toBe(1);
  });

  it('carries the EEG samples in its states, each once, a block after they arrive', () => {
    const e = new DuetLiveEngine();
    e.seek(0);
    const l = new Listener();
    play(e, l, 0, 2);
    const firsts = l.states.map((s) => s.data[L.EEG_FIRST]!);
    // State i carries samples 2(i − 9) and 2(i − 9) + 1: consecutive, none skipped.
    firsts.forEach((f, i) => expect(f).toBe(2 * (i - 9)));
    const carried = l.states.filter((s) => s.data[L.EEG_FIRST]! >= 0).map((s) => s.data[L.EEG]!);
    expect(carried.every(Number.isFinite)).toBe(true);
    expect(carried.length).toBe(2 * 64 - 9);
  });

  it('streams an EDF recording: the 14 positions by their labels, resampled to 128 Hz, baseline from its start', () => {
    const rec = eegTwinRecording({ seed: 4, script: 'neutral 10s, stressed 10s', sampleRate: 256 });
    // Clinical-style labels and the older names T3/T4/T5/T6 for T7/T8/P7/P8.
    const old: Record<string, string> = { T7: 'T3', T8: 'T4', P7: 'T5', P8: 'T6' };
    const bytes = writeEdf({ sampleRate: 256, signals: rec.labels.map((label, c) => ({ label: `EEG ${old[label] ?? label}-REF`, physicalDimension: 'uV', data: rec.data[c]! })) });
    const stream = edfStream('twin.edf', bytes);
    expect(stream.data.length).toBe(14);
    expect(stream.data[0]!.length).toBe(20 * 128);
    expect(stream.baselineSeconds).toBe(10);
    // T3 is the older name of T7: the site itself.
    expect(stream.channels).toEqual(['AF3', 'F7', 'F3', 'FC5', 'T7', 'P7', 'O1', 'O2', 'P8', 'T8', 'FC6', 'F4', 'F8', 'AF4']);
    // Without AF3 and AF4 (a 10-20 cap), the nearest electrodes stand in.
    const cap = rec.labels.map((label, c) => ({ label: label === 'AF3' ? 'Fp1' : label === 'AF4' ? 'Fp2' : label, physicalDimension: 'uV', data: rec.data[c]! }));
    expect(edfStream('cap.edf', writeEdf({ sampleRate: 256, signals: cap })).channels[0]).toBe('AF3←Fp1');

    const e = new DuetLiveEngine();
    e.seek(0);
    const r = replies();
    expect(e.command({ kind: 'load-edf', name: 'twin.edf', bytes }, r)).toBe('replaced');
    expect(r.events[0]).toMatchObject({ eeg: 'edf', edfName: 'twin.edf', edfSeconds: 20 });
    e.seek(0);
    const l = new Listener();
    play(e, l, 0, 18);
    expect(l.notes.length).toBeGreaterThan(50);
    // The recording turns stressed at 10 s: by 16–18 s ρ is above its value at rest.
    expect(field(l, L.RHO, 16, 18)).toBeGreaterThan(field(l, L.RHO, 6, 8) + 4);
    expect(l.states.at(-1)!.data[L.TWIN_STATE]).toBe(-1);
    expect(e.info().title).toContain('twin.edf');
    // Back to the twin by choosing a state: a new performance with the twin in that state from the start.
    const back = replies();
    expect(e.command({ kind: 'twin-state', state: 'relaxed' }, back)).toBe('replaced');
    expect(back.events[0]).toMatchObject({ eeg: 'twin', twinState: 'relaxed', twinSince: 0.125 });
    e.seek(0);
    const relaxed = new Listener();
    play(e, relaxed, 0, 1);
    expect(relaxed.states.at(-1)!.data[L.TWIN_STATE]).toBe(3);
    const bad = replies();
    expect(e.command({ kind: 'load-edf', name: 'bad.edf', bytes: new Uint8Array(10) }, bad)).toBe('none');
    expect(bad.errors[0]).toMatch(/bad\.edf/);
  });

  it('lets the listener hear a WAV file’s envelope instead of the drummer', () => {
    const rate = 8000;
    const clicks = new Float32Array(rate * 6);
    for (let k = 0; k < 15; k++) clicks.fill(0.8, k * 3200, k * 3200 + 40); // 2.5 Hz clicks
    const bytes = encodeWav({ sampleRate: rate, channels: [clicks] }, 'pcm16');
    const e = new DuetLiveEngine();
    e.seek(0);
    const r = replies();
    expect(e.command({ kind: 'load-audio', name: 'clicks.wav', bytes }, r)).toBe('replaced');
    expect(r.events[0]).toMatchObject({ audioName: 'clicks.wav' });
    e.seek(0);
    const l = new Listener();
    play(e, l, 0, 6);
    expect(Math.max(...l.states.map((s) => s.data[L.INPUT_ENVELOPE]!))).toBeGreaterThan(0.5);
    expect(e.command({ kind: 'audio-off' }, replies())).toBe('replaced');
  });

  it('keeps the state commands from where they take effect, replacing later ones', () => {
    const s = new TwinSchedule();
    s.set(8, 'stressed');
    s.set(40, 'relaxed');
    s.set(20, 'focused');
    expect(s.blocks).toEqual([8, 20]);
    expect(s.stateAt(7)).toBe('neutral');
    expect(s.stateAt(30)).toBe('focused');
    expect(DUET_BLOCK_SECONDS).toBe(0.125);
    // The view's list of states (kept in messages.ts, so the page does not load the twin) is the twin's.
    expect([...DUET_TWIN_STATES]).toEqual([...TWIN_STATES]);
  });
});
