import { describe, expect, it } from 'vitest';
import { WormStudioEngine } from './worm-modes.js';
import { DanceStateLayout, WormStateLayout, type DanceDescription, type WormDescription, type WormEvent } from './messages.js';
import { EngineUserError, type EngineHost, type EngineSink } from '../../worker/live-engine.js';
import { computeDance, WorkerDanceComputer, type DanceComputer, type DanceJob, type DanceJobListener, type DanceWorkerHandle, type FromDanceWorker, type ToDanceWorker } from './dance-computer.js';
import { bachPreludeInC } from 'neuromusic';
import { sliceScore, type NoteEvent } from 'neuromusic/score';
import { readMidi, writeMidi } from 'neuromusic/formats';
import { danceToPiece, danceTimeline, danceWcon, DANCE_BEHAVIOURS } from 'neuromusic/worm';

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

function recorder(): EngineHost & { events: WormEvent[]; errors: string[]; changes: number } {
  const events: WormEvent[] = [];
  const errors: string[] = [];
  const r = {
    events, errors, changes: 0,
    event: (e: unknown) => void events.push(e as WormEvent),
    userError: (m: string) => void errors.push(m),
    changed: () => void r.changes++,
  };
  return r;
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

/** A computer that answers when the test says so, as a worker would later: the dance itself is computed for real. */
class DeferredComputer implements DanceComputer {
  readonly jobs: Array<{ job: DanceJob; listener: DanceJobListener; abandoned: boolean }> = [];
  start(job: DanceJob, listener: DanceJobListener): () => void {
    const entry = { job, listener, abandoned: false };
    this.jobs.push(entry);
    return () => void (entry.abandoned = true);
  }
  finish(i: number): void {
    const { job, listener, abandoned } = this.jobs[i]!;
    if (abandoned) return;
    const outcome = computeDance(job, (f, stage) => listener.progress(f, stage));
    if ('dance' in outcome) listener.done(outcome.dance);
    else listener.failed(outcome.error, true);
  }
}

const SHORT = writeMidi(sliceScore(bachPreludeInC(), 0, 8));

/** An engine whose dances a DeferredComputer computes, loaded with `name` and seeked to 0 (the dance's job started). */
function loadedDeferred(name: string, bytes: Uint8Array) {
  const host = recorder();
  const computer = new DeferredComputer();
  const engine = new WormStudioEngine(host, computer);
  engine.command({ kind: 'load', name, bytes }, recorder());
  engine.seek(0);
  return { host, computer, engine };
}

describe('the worm dances while its dance is computed elsewhere', () => {
  it('plays the notes at once, the body once the dance arrives; a new piece abandons the old computation', () => {
    const { host, computer, engine } = loadedDeferred(FILE, BYTES.slice());
    expect(engine.dances.computing).toBe(true);
    expect(engine.currentState()).toBeUndefined();
    const early = new Collector();
    play(engine, early, 0, 2);
    expect(early.notes.length).toBeGreaterThan(0);
    expect(early.states).toHaveLength(0);
    expect(() => engine.exportFile('wcon', 120, () => undefined)).toThrow(EngineUserError);

    // Another file while the first is computed: the first is abandoned, the second computed at the next seek.
    engine.command({ kind: 'load', name: 'short.mid', bytes: SHORT.slice() }, recorder());
    engine.seek(0);
    expect(computer.jobs).toHaveLength(2);
    expect(computer.jobs[0]!.abandoned).toBe(true);
    computer.finish(0);
    expect(host.changes).toBe(0);
    computer.finish(1);
    expect(host.changes).toBe(1);
    expect(engine.dances.ready).toBe(true);
    const description = host.events.filter((e): e is DanceDescription => e.kind === 'dance');
    expect(description.map((d) => d.fileName)).toEqual(['short.mid']);
    // What the transport does on `changed`: seek where scheduling stands; the states follow from there.
    engine.seek(1);
    const later = new Collector();
    play(engine, later, 1, 3);
    expect(later.states[0]!.time).toBeCloseTo(1, 9);
    expect(later.states.length).toBe(100);
    expect(computer.jobs).toHaveLength(2);
  }, 60_000);

  it('keeps a dance that arrives while the worm plays, and says so only when it dances again', () => {
    const { host, computer, engine } = loadedDeferred('short.mid', SHORT.slice());
    engine.command({ kind: 'mode', value: 'plays' }, recorder());
    computer.finish(0);
    expect(host.changes).toBe(0);
    expect(engine.dances.ready).toBe(true);
    const back = recorder();
    engine.command({ kind: 'mode', value: 'dances' }, back);
    expect(back.events.map((e) => e.kind)).toEqual(['mode', 'dance']);
    engine.seek(0);
    expect(computer.jobs).toHaveLength(1);
    // A new seed: a new computation, and the old dance is gone.
    engine.setSeed(5);
    expect(engine.dances.ready).toBe(false);
    engine.seek(0);
    expect(computer.jobs.map((j) => j.job.seed)).toEqual([0, 5]);
  }, 60_000);
});

describe('the environment the worm dances in', () => {
  it('is its own: a change computes the dance again (water: a faster wave), the notes go on, "plays" keeps its own', () => {
    const { host, computer, engine } = loadedDeferred('short.mid', SHORT.slice());
    computer.finish(0);
    expect(computer.jobs[0]!.job.medium).toBe(1);
    expect(engine.command({ kind: 'environment', medium: 0 }, recorder())).toBe('changed');
    expect(engine.command({ kind: 'environment', medium: 0 }, recorder())).toBe('none');
    expect(engine.dances.ready).toBe(false);
    engine.seek(1); // what the transport does on 'changed'
    const meanwhile = new Collector();
    play(engine, meanwhile, 1, 3);
    expect(meanwhile.notes.length).toBeGreaterThan(0);
    expect(meanwhile.states).toHaveLength(0);
    expect(computer.jobs[1]!.job.medium).toBe(0);
    computer.finish(1);
    const [agar, water] = host.events.filter((e): e is DanceDescription => e.kind === 'dance');
    expect([agar!.medium, water!.medium]).toEqual([1, 0]);
    expect(water!.undulationHz).toBeGreaterThan(agar!.undulationHz);
    // "The worm plays" has its own environment; the dance's stays.
    engine.command({ kind: 'mode', value: 'plays' }, recorder());
    expect(engine.command({ kind: 'environment', medium: 0.5 }, recorder())).toBe('changed');
    engine.command({ kind: 'mode', value: 'dances' }, recorder());
    engine.seek(0);
    expect(engine.dances.ready).toBe(true);
    expect(computer.jobs).toHaveLength(2);
    expect(() => engine.command({ kind: 'environment', medium: 2 }, recorder())).toThrow(/medium must lie in \[0, 1\]/);
  }, 60_000);
});

describe('a piece the worm cannot dance to', () => {
  it('says why once (to the view and the page), plays its notes, and tries again only for another piece', () => {
    // One pitch, struck eight times: its piano roll has rank 1, so there are no patterns to dance.
    const onePitch = writeMidi({ ...bachPreludeInC(), notes: Array.from({ length: 8 }, (_, i) => ({ onset: i * 0.5, duration: 0.4, pitch: 60, velocity: 0.8, voice: 0 })) });
    const { host, computer, engine } = loadedDeferred('one-pitch.mid', onePitch);
    computer.finish(0);
    const failed = host.events.filter((e) => e.kind === 'dance-failed');
    expect(failed).toEqual([{ kind: 'dance-failed', fileName: 'one-pitch.mid', message: expect.stringMatching(/one pitch only/) }]);
    expect(host.errors).toEqual([expect.stringMatching(/^one-pitch\.mid: the worm cannot dance to it: /)]);
    expect(host.changes).toBe(0);
    const sink = new Collector();
    engine.seek(0);
    play(engine, sink, 0, 4);
    expect(sink.notes).toHaveLength(8);
    expect(sink.states).toHaveLength(0);
    expect(computer.jobs).toHaveLength(1); // not computed again at every seek
    expect(() => engine.exportFile('wcon', 120, () => undefined)).toThrow(/one-pitch\.mid: no dance to export/);
    engine.command({ kind: 'built-in' }, recorder());
    engine.seek(0);
    expect(computer.jobs).toHaveLength(2);
  }, 60_000);
});

/** A stand-in for a Worker: runs the job when the test delivers it, posting what dance-worker.ts posts. */
class FakeWorker implements DanceWorkerHandle {
  onmessage: ((event: MessageEvent<FromDanceWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly inbox: ToDanceWorker[] = [];
  postMessage(message: ToDanceWorker): void {
    this.inbox.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  deliver(): void {
    for (const { id, job } of this.inbox.splice(0)) {
      const send = (m: FromDanceWorker): void => this.onmessage?.({ data: m } as MessageEvent<FromDanceWorker>);
      const outcome = computeDance(job, (fraction, stage) => send({ type: 'progress', id, fraction, stage }));
      send('dance' in outcome ? { type: 'done', id, dance: outcome.dance } : { type: 'failed', id, message: outcome.error, userError: true });
    }
  }
}

describe('WorkerDanceComputer', () => {
  it('runs one job at a time: a new job ends the worker of the old one, whose late answers are dropped', () => {
    const workers: FakeWorker[] = [];
    const computer = new WorkerDanceComputer(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const heard: string[] = [];
    const listener = (name: string): DanceJobListener => ({
      progress: () => void (heard.at(-1) !== `${name} progress` && heard.push(`${name} progress`)),
      done: (d) => void heard.push(`${name} done ${d.frames}`),
      failed: (m) => void heard.push(`${name} failed ${m}`),
    });
    const score = readMidi(SHORT, 'short.mid');
    computer.start({ score, seed: 0, medium: 1 }, listener('a'));
    computer.start({ score, seed: 1, medium: 1 }, listener('b'));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    workers[0]!.deliver();
    expect(heard).toEqual([]);
    workers[1]!.deliver();
    expect(heard[0]).toBe('b progress');
    expect(heard[1]).toMatch(/^b done \d+$/);
    // The next job reuses the live worker; abandoning it ends that worker too.
    const abandon = computer.start({ score, seed: 2, medium: 1 }, listener('c'));
    expect(workers).toHaveLength(2);
    abandon();
    expect(workers[1]!.terminated).toBe(true);
    workers[1]!.deliver();
    expect(heard).toHaveLength(2);
    // A worker that dies says so as a failure (a bug, not the user's).
    computer.start({ score, seed: 3, medium: 1 }, listener('d'));
    let prevented = false;
    workers[2]!.onerror!({ message: 'out of memory', preventDefault: () => void (prevented = true) } as ErrorEvent);
    expect(prevented).toBe(true);
    expect(heard.at(-1)).toBe('d failed dance worker: out of memory');
  }, 60_000);
});
