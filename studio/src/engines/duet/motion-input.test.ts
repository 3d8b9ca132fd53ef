import { describe, expect, it } from 'vitest';
import { DuetLiveEngine } from './duet-engine.js';
import { MotionSchedule } from './motion-input.js';
import { DuetStateLayout as L, type DuetEvent } from './messages.js';
import { GM_PERCUSSION_CHANNEL } from 'neuromusic/duet';
import { encodeWav } from 'neuromusic/formats';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import type { NoteEvent } from 'neuromusic/score';

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
}

function replies(): EngineReply & { events: DuetEvent[] } {
  const events: DuetEvent[] = [];
  return { events, event: (e) => void events.push(e as DuetEvent), userError: (m) => { throw new Error(m); } };
}

const key = (n: NoteEvent): string => `${n.onset.toFixed(9)}:${n.pitch}:${n.velocity.toFixed(6)}:${n.duration.toFixed(6)}:${n.channel ?? -1}`;
const keys = (notes: readonly NoteEvent[]): string[] => notes.map(key).sort();
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Plays `seconds` in transport ticks (23.2 ms) while a camera at `fps` sends one sample per frame, each arriving
 * between two ticks, as messages reach the worker between clock ticks.
 */
function playWithCamera(engine: DuetLiveEngine, listener: EngineSink, seconds: number, sample: (frame: number, t: number) => [number, number, number], fps = 30): void {
  const tick = 0.0232;
  let frame = 0;
  for (let t = 0; t < seconds; t = Math.min(seconds, t + tick)) {
    while (frame / fps <= t) {
      const [energy, envelope, height] = sample(frame, frame / fps);
      engine.liveInput(Float64Array.of(frame, energy, envelope, height));
      frame++;
    }
    engine.advance(t, Math.min(seconds, t + tick), listener);
  }
}

/** A ball bouncing at `hz`: energy peaks twice a bounce cycle (fast at the bottom), the height a rectified sine. */
const bouncing = (hz: number) => (_frame: number, t: number): [number, number, number] => {
  const phase = 2 * Math.PI * hz * t;
  const envelope = Math.abs(Math.cos(phase)) ** 4;
  return [0.02 * envelope, envelope, Math.abs(Math.sin(phase))];
};

describe('the camera as the duet engine\'s live input', () => {
  it('records samples at the engine time they arrive; a seek back drops the later ones; a paused engine keeps the latest', () => {
    const m = new MotionSchedule();
    expect(m.add(0.5, Float64Array.of(0, 0.01, 0.5, 0.2), 0)).toBe(false);
    expect(m.add(0.6, Float64Array.of(1, 0.02, 1, 0.3, 2, 0.01, 0.5, 0.4), 1)).toBe(false);
    // Two samples in one message at one time: the later supersedes the earlier (not applied yet).
    expect(m.times).toEqual([0.5, 0.6]);
    expect(m.frames).toEqual([0, 2]);
    // Applied already: kept, the next sample at the same time follows it.
    m.add(0.6, Float64Array.of(3, 0, 0, 0.5), 2);
    expect(m.frames).toEqual([0, 2, 3]);
    expect(m.add(0.55, Float64Array.of(4, 0, 0, 0.5), 1)).toBe(true);
    expect(m.frames).toEqual([0, 4]);
    m.off(0.7);
    expect(m.frames).toEqual([0, 4, -1]);
    expect(Number.isNaN(m.envelope[2]!)).toBe(true);
    expect(() => m.add(1, Float64Array.of(5, 0, 1.5, 0.5), 3)).toThrow(RangeError);
    expect(() => m.add(1, Float64Array.of(5, 0, 1), 3)).toThrow(RangeError);
  });

  it('the listener hears the samples from where the engine was scheduling; the states carry the frame and its time', () => {
    const engine = new DuetLiveEngine();
    engine.seek(0);
    const r = replies();
    expect(engine.command({ kind: 'camera-on' }, r)).toBe('none');
    expect(r.events.at(-1)!.camera).toBe(true);
    expect(engine.info().title).toMatch(/hearing the camera/);
    const l = new Listener();
    engine.advance(0, 1, l);
    engine.liveInput(Float64Array.of(7, 0.03, 0.75, 0.9));
    engine.advance(1, 1.5, l);
    const after = l.states.filter((s) => s.time >= 1);
    expect(after.every((s) => s.data[L.MOTION_FRAME] === 7)).toBe(true);
    expect(after[0]!.data[L.MOTION_SINCE]).toBeCloseTo(1, 2);
    expect(after[0]!.data[L.MOTION_ENERGY]).toBeCloseTo(0.03, 6);
    expect(after[0]!.data[L.MOTION_Y]).toBeCloseTo(0.9, 6);
    // What the listener hears is the sample's envelope, held.
    // (The state at 1 s shows the step before it, still the drummer's strokes.)
    expect(after.slice(1).every((s) => Math.abs(s.data[L.INPUT_ENVELOPE]! - 0.75) < 1e-6)).toBe(true);
    expect(l.states.filter((s) => s.time < 1).every((s) => s.data[L.MOTION_FRAME] === -1)).toBe(true);
    // The camera off: the drummer's strokes again, from where the engine stands.
    expect(engine.command({ kind: 'audio-off' }, r)).toBe('none');
    expect(r.events.at(-1)!.camera).toBe(false);
    engine.liveInput(Float64Array.of(8, 0.03, 0.75, 0.9)); // ignored: the camera is off
    engine.advance(1.5, 3, l);
    const off = l.states.filter((s) => s.time > 1.6);
    expect(off.every((s) => s.data[L.MOTION_FRAME] === -1)).toBe(true);
    expect(new Set(off.map((s) => s.data[L.INPUT_ENVELOPE]!.toFixed(4))).size).toBeGreaterThan(5);
  });

  it('the camera replaces a WAV the listener heard (a new performance); camera-off leaves a WAV alone', () => {
    const engine = new DuetLiveEngine();
    engine.seek(0);
    const r = replies();
    const clicks = new Float32Array(8000);
    for (let k = 0; k < 4; k++) clicks.fill(0.8, k * 2000, k * 2000 + 40);
    const wav = encodeWav({ sampleRate: 8000, channels: [clicks] });
    expect(engine.command({ kind: 'load-audio', name: 'clicks.wav', bytes: wav }, r)).toBe('replaced');
    expect(engine.command({ kind: 'camera-off' }, r)).toBe('none');
    expect(engine.info().title).toMatch(/hearing clicks\.wav/);
    expect(engine.command({ kind: 'camera-on' }, r)).toBe('replaced');
    expect(r.events.at(-1)).toMatchObject({ camera: true, audioName: null });
    expect(engine.command({ kind: 'camera-on' }, r)).toBe('none');
    expect(engine.command({ kind: 'camera-off' }, r)).toBe('none');
    expect(r.events.at(-1)).toMatchObject({ camera: false, audioName: null });
  });

  it('exports exactly what it played with the camera, and replays it after a seek back', () => {
    const engine = new DuetLiveEngine();
    engine.setSeed(4);
    engine.seek(0);
    engine.command({ kind: 'camera-on' }, replies());
    const live = new Listener();
    playWithCamera(engine, live, 8, bouncing(1.25));
    expect(keys(engine.performance(120).notes)).toEqual(keys(live.notes));
    // Back to 3 s (a checkpoint and a re-run with the recorded samples), then on to 8 s again: the same notes.
    engine.seek(3);
    const again = new Listener();
    for (let t = 3; t < 8; t = Math.min(8, t + 0.05)) engine.advance(t, Math.min(8, t + 0.05), again);
    expect(keys(again.notes)).toEqual(keys(live.notes.filter((n) => n.onset >= 3)));
  });

  it('the drummer entrains to the motion it hears, and the height of the motion moves the melody', () => {
    // Motion pulses at 2.4 Hz (a ball bouncing at 1.2 Hz, fastest twice a cycle): the drummer, at 2 Hz alone, follows.
    const moved = new DuetLiveEngine();
    moved.seek(0);
    moved.command({ kind: 'camera-on' }, replies());
    const l = new Listener();
    playWithCamera(moved, l, 24, bouncing(1.2));
    const still = new DuetLiveEngine();
    still.seek(0);
    const s = new Listener();
    still.advance(0, 24, s);
    const hz = (x: Listener): number => mean(x.states.filter((st) => st.time >= 16).map((st) => st.data[L.DRUMMER_HZ]!));
    console.info(`drummer alone ${hz(s).toFixed(3)} Hz, hearing 2.4-Hz motion ${hz(l).toFixed(3)} Hz`);
    expect(Math.abs(hz(l) - 2.4)).toBeLessThan(Math.abs(hz(s) - 2.4) - 0.1);
    expect(l.notes.filter((n) => n.channel === GM_PERCUSSION_CHANNEL).length).toBeGreaterThan(40);
    // Motion high in the picture, then low: the melody's mean pitch follows (the register's weight 0.6).
    const melody = (height: number): number => {
      const e = new DuetLiveEngine();
      e.seek(0);
      e.command({ kind: 'camera-on' }, replies());
      const x = new Listener();
      playWithCamera(e, x, 12, () => [0.01, 0.5, height]);
      return mean(x.notes.filter((n) => n.channel !== GM_PERCUSSION_CHANNEL).map((n) => n.pitch));
    };
    expect(melody(0.95) - melody(0.05)).toBeGreaterThan(6);
  });
});
