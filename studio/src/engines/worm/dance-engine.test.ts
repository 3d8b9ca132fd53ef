import { describe, expect, it } from 'vitest';
import { WormStudioEngine } from './worm-modes.js';
import { DanceStateLayout, WormStateLayout, type DanceDescription, type WormDescription, type WormEvent } from './messages.js';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import { bachPreludeInC } from '../../../../src/pieces/bach-prelude-c-major.js';
import { sliceScore } from '../../../../src/score/ops.js';
import { readMidi, writeMidi } from '../../../../src/formats/midi.js';
import { danceToPiece } from '../../../../src/engines/worm/dance/dance.js';
import { danceTimeline } from '../../../../src/engines/worm/dance/dance-timeline.js';
import { danceWcon } from '../../../../src/engines/worm/dance/dance-wcon.js';
import { DANCE_BEHAVIOURS } from '../../../../src/engines/worm/dance/body-wave.js';
import type { NoteEvent } from '../../../../src/score/types.js';

/** The first 16 s of the prelude as a MIDI file: what a user drops on the page. */
const FILE = 'prelude-16s.mid';
const BYTES = writeMidi(sliceScore(bachPreludeInC(), 0, 16));

class Collector implements EngineSink {
  readonly notes: NoteEvent[] = [];
  readonly states: Array<{ time: number; data: Float32Array }> = [];
  note(n: NoteEvent): number {
    this.notes.push(n);
    return this.notes.length;
  }
  release(): void {}
  state(time: number, data: unknown): void {
    this.states.push({ time, data: Float32Array.from(data as Float32Array) });
  }
}

function recorder(): EngineReply & { events: WormEvent[]; errors: string[] } {
  const events: WormEvent[] = [];
  const errors: string[] = [];
  return { events, errors, event: (e) => void events.push(e as WormEvent), userError: (m) => void errors.push(m) };
}

/** Plays an engine from `from` to `to` in the transport's slices. */
function play(engine: WormStudioEngine, sink: EngineSink, from: number, to: number, tick = 1024 / 44100): void {
  for (let t = from; t < to; t = Math.min(to, t + tick)) engine.advance(t, Math.min(to, t + tick), sink);
}

/** An engine dancing to the 16-s file with `seed`, as the worker drives it: the command, then the transport's seek. */
function dancing(seed: number): { engine: WormStudioEngine; host: ReturnType<typeof recorder> } {
  const host = recorder();
  const engine = new WormStudioEngine(host);
  engine.setSeed(seed);
  expect(engine.command({ kind: 'load', name: FILE, bytes: BYTES.slice() }, recorder())).toBe('replaced');
  // The command only parses: the dance is computed at the seek that follows it, once the transport has stopped.
  expect(engine.dances.ready).toBe(false);
  engine.seek(0);
  expect(engine.dances.ready).toBe(true);
  return { engine, host };
}

describe('the worm dances in the studio', () => {
  it('plays the piece and the frames of the CLI’s dance: the same body, muscles, pattern and behaviour', () => {
    const seed = 3;
    const { engine, host } = dancing(seed);
    expect(engine.currentMode).toBe('dances');
    const sink = new Collector();
    play(engine, sink, 0, engine.info().duration);

    // The CLI's path for the same file and seed: readMidi → danceToPiece → danceTimeline at the 20-ms frame rate.
    const score = readMidi(BYTES, FILE);
    const d = danceToPiece(score, { seed });
    const timeline = danceTimeline(d, { title: 'x', source: FILE }, 50);
    expect(sink.states.length).toBe(d.frames);
    expect(timeline.frames.length).toBe(d.frames);
    const L = new DanceStateLayout(d.body!.rods, d.driven.neuronNames.length, 95);
    let worstMuscle = 0;
    let worstMidline = 0;
    sink.states.forEach(({ time, data }, f) => {
      const frame = timeline.frames[f]!;
      expect(time).toBeCloseTo(frame.t, 9);
      expect(data[L.pattern]).toBe(frame.pattern);
      expect(DANCE_BEHAVIOURS[data[L.behaviour]!]).toBe(frame.behaviour);
      for (let m = 0; m < 95; m++) worstMuscle = Math.max(worstMuscle, Math.abs(Math.min(1, Math.max(0, data[L.worm.muscles + m]!)) - frame.muscles[m]!));
      for (let i = 0; i < L.worm.rods; i++) {
        worstMidline = Math.max(worstMidline, Math.abs(data[L.worm.midlineX + i]! - frame.midline.x[i]!), Math.abs(data[L.worm.midlineY + i]! - frame.midline.y[i]!));
      }
    });
    // The timeline rounds muscles to 0.001 and midlines to 1 µm; the state carries float32.
    expect(worstMuscle).toBeLessThanOrEqual(0.0005 + 1e-6);
    expect(worstMidline).toBeLessThanOrEqual(0.0005 + 1e-5);
    // The notes are the piece's, each once, in order.
    expect(sink.notes.map((n) => [n.onset, n.pitch])).toEqual(score.notes.map((n) => [n.onset, n.pitch]));

    // The view was told about the dance: the patterns with their excitability, as the timeline lists them.
    const description = host.events.find((e): e is DanceDescription => e.kind === 'dance')!;
    expect(description.patterns).toEqual(timeline.patterns);
    expect([...description.labels]).toEqual(Array.from(d.analysis.frameLabels));
    expect(host.events.some((e) => e.kind === 'dance-progress' && e.stage === 'physical dance')).toBe(true);

    // Exports: the CLI's WCON and timeline of the same dance.
    const piece = { title: score.meta.title ?? FILE, source: FILE };
    const wcon = new TextDecoder().decode(engine.exportFile('wcon', 120, () => undefined).bytes);
    expect(wcon).toBe(danceWcon(d, piece, { name: 'neuromusic studio', version: '0' }, 25));
    const json = JSON.parse(new TextDecoder().decode(engine.exportFile('timeline', 120, () => undefined).bytes));
    expect(json).toEqual(JSON.parse(JSON.stringify(danceTimeline(d, piece, 25))));
    expect(engine.performance(engine.info().nativeBpm).notes).toEqual(score.notes);
  }, 60_000);

  it('seeks by index: after a seek it plays on exactly as an uninterrupted run, and the seed fixes the dance', () => {
    const a = dancing(0).engine;
    const whole = new Collector();
    play(a, whole, 0, 12);
    const b = dancing(0).engine;
    const parts = new Collector();
    play(b, parts, 0, 7.3);
    b.seek(2.5); // back …
    const again = new Collector();
    play(b, again, 2.5, 12);
    const after = (c: Collector, t: number): string[] => c.states.filter((s) => s.time >= t).map((s) => `${s.time}:${s.data.join(',')}`);
    expect(after(again, 2.5)).toEqual(after(whole, 2.5));
    expect(again.notes.map((n) => n.onset)).toEqual(whole.notes.filter((n) => n.onset >= 2.5).map((n) => n.onset));
    // A paused view shows the frame at the playhead.
    b.seek(5);
    const parked = b.currentState()!;
    expect(parked.time).toBeCloseTo(5, 9);
    expect(Array.from(parked.state as Float32Array).slice(0, WormStateLayout.HEADER)).toEqual(Array.from(whole.states.find((s) => Math.abs(s.time - 5) < 1e-9)!.data.slice(0, WormStateLayout.HEADER)).map((v, i) => (i === WormStateLayout.NOTE_COUNT ? 0 : v)));
  }, 60_000);

  it('fits the circuit the view lays out, switches modes, and says what is wrong with a bad file', () => {
    const host = recorder();
    const engine = new WormStudioEngine(host);
    const reply = recorder();
    engine.describe(reply);
    const circuit = reply.events.find((e): e is WormDescription => e.kind === 'circuit')!;
    expect(reply.events.at(-1)).toEqual({ kind: 'mode', mode: 'plays' });
    expect(engine.info().title).toMatch(/^The worm plays/);
    // A bad file: a user error, and the mode does not change.
    const bad = recorder();
    expect(engine.command({ kind: 'load', name: 'broken.mid', bytes: new Uint8Array([1, 2, 3]) }, bad)).toBe('none');
    expect(bad.errors[0]).toMatch(/^broken\.mid: /);
    expect(engine.currentMode).toBe('plays');
    // The built-in prelude by the mode switch; its states fit the layout the view builds from the circuit.
    const switched = recorder();
    expect(engine.command({ kind: 'mode', value: 'dances' }, switched)).toBe('replaced');
    expect(switched.events).toEqual([{ kind: 'mode', mode: 'dances' }]);
    expect(engine.info()).toMatchObject({ title: 'The worm dances · Johann Sebastian Bach — Prelude in C major, BWV 846', seeded: true, exports: ['midi', 'wav', 'wcon', 'timeline'] });
    engine.seek(0);
    const state = engine.currentState()!.state as Float32Array;
    expect(state.length).toBe(new DanceStateLayout(circuit.rods, circuit.neuronNames.length, circuit.muscleNames.length).length);
    expect(engine.dances.ready).toBe(true);
    // Back and forth: the computed dance is kept, and its description comes with the switch back.
    expect(engine.command({ kind: 'mode', value: 'plays' }, recorder())).toBe('replaced');
    const back = recorder();
    engine.command({ kind: 'mode', value: 'dances' }, back);
    expect(back.events.map((e) => e.kind)).toEqual(['mode', 'dance']);
  }, 60_000);
});
