import { describe, expect, it } from 'vitest';
import { WormLiveEngine } from './worm-engine.js';
import { WormRun, type WormOutput } from './worm-run.js';
import { WormControls } from './controls.js';
import { performanceRecording, performanceScore, performanceWcon } from './worm-export.js';
import { simulateWorm, parseCommandScript } from 'neuromusic/worm';
import { ACTION_ORDER, BEHAVIOUR_ORDER, WormStateLayout, type WormEvent } from './messages.js';
import { captureState, restoreState } from '../../worker/snapshot.js';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import type { NoteEvent } from 'neuromusic/score';
import { readWcon } from 'neuromusic/formats';
import { hasShared } from '../../../../test/helpers/shared.js';
import { wconSchemaValidator } from '../../../../test/helpers/wcon-schema.js';

/** What a listener would hear: open notes closed by their releases; a stop cuts what sounds. */
class Listener implements EngineSink {
  readonly notes: NoteEvent[] = [];
  readonly states: Array<{ time: number; data: Float32Array }> = [];
  private readonly open = new Map<number, NoteEvent>();
  private nextId = 1;

  note(n: NoteEvent): number {
    const note = { ...n, duration: Infinity };
    this.notes.push(note);
    this.open.set(this.nextId, note);
    return this.nextId++;
  }

  release(time: number, id: number): void {
    const note = this.open.get(id);
    if (!note) return;
    this.open.delete(id);
    note.duration = time - note.onset;
  }

  state(time: number, data: unknown): void {
    this.states.push({ time, data: Float32Array.from(data as Float32Array) });
  }

  /** A pause or seek at engine time `time`: later notes are forgotten, sounding ones end there. */
  cut(time: number): void {
    for (let i = this.notes.length - 1; i >= 0 && this.notes[i]!.onset >= time; i--) this.notes.pop();
    for (const note of this.open.values()) if (note.onset < time) note.duration = time - note.onset;
    this.open.clear();
    while (this.states.length > 0 && this.states[this.states.length - 1]!.time >= time) this.states.pop();
  }
}

const reply: EngineReply = { event: () => undefined, userError: (m) => { throw new Error(m); } };

/** Plays an engine from `from` to `to` in slices of `tick` seconds, as the transport does on each clock tick. */
function play(engine: WormLiveEngine, listener: EngineSink, from: number, to: number, tick = 0.0232): void {
  for (let t = from; t < to; t = Math.min(to, t + tick)) engine.advance(t, Math.min(to, t + tick), listener);
}

const key = (n: NoteEvent): string => `${n.onset.toFixed(6)}:${n.pitch}:${n.velocity.toFixed(6)}:${n.duration.toFixed(6)}`;

describe('the worm engine (the worm plays)', () => {
  it('plays notes whose ends are the muscles relaxing, exactly as its export writes them', () => {
    const engine = new WormLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 12);
    // Eight notes a second at most by default (four quadrant voices, each at most one note per 0.5 s).
    const inWindow = listener.notes.filter((n) => n.onset >= 2);
    expect(inWindow.length / 10).toBeGreaterThan(6);
    expect(inWindow.length / 10).toBeLessThanOrEqual(8.01);
    const score = performanceScore(0, new WormControls(0.002), 12, 120);
    // Notes still sounding at the end are ended there by the export and are still open live.
    const heard = listener.notes.map((n) => (n.duration === Infinity ? { ...n, duration: 12 - n.onset } : n));
    expect(heard.map(key).sort()).toEqual(score.notes.map(key).sort());
    expect(score.notes.every((n) => n.duration > 0)).toBe(true);
  });

  it('goes back to the playhead after a pause and plays on exactly as if it had not stopped', () => {
    const uninterrupted = new Listener();
    play(new WormLiveEngine(), uninterrupted, 0, 6);
    const engine = new WormLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 3.2); // scheduled to 3.2 s …
    listener.cut(3.0); // … paused at 3.0 s: the transport seeks the engine back there
    engine.seek(3.0);
    play(engine, listener, 3.0, 6);
    // Notes cut by the pause are restruck only if they begin after it; compare what began after the pause.
    const after = (l: Listener): string[] => l.notes.filter((n) => n.onset >= 3.0).map(key);
    expect(after(listener)).toEqual(after(uninterrupted));
    // And a seek back to the start replays the beginning.
    engine.seek(0);
    const again = new Listener();
    play(engine, again, 0, 2);
    expect(again.notes.map(key)).toEqual(uninterrupted.notes.filter((n) => n.onset < 2).map((n) => key(n.onset + n.duration > 2 ? { ...n, duration: Infinity } : n)));
  });

  it('turns round on "reverse": the wave runs the other way and the notes rise instead of falling', () => {
    const engine = new WormLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 8);
    expect(engine.command({ kind: 'command', action: 'reverse' }, reply)).toBe('changed');
    engine.seek(8); // the worker re-seeks to where scheduling stands: nothing to redo
    play(engine, listener, 8, 18);
    const L = WormStateLayout;
    const at = (t: number): Float32Array => listener.states.find((s) => s.time >= t)!.data;
    expect(at(7.9)[L.AXIAL_SPEED]).toBeGreaterThan(0.02); // head first, mm/s
    expect(BEHAVIOUR_ORDER[at(7.9)[L.BEHAVIOUR]!]).toBe('forward');
    expect(at(17.9)[L.AXIAL_SPEED]).toBeLessThan(-0.02); // tail first
    expect(BEHAVIOUR_ORDER[at(17.9)[L.BEHAVIOUR]!]).toBe('backward');
    expect(ACTION_ORDER[at(17.9)[L.ACTION]!]).toBe('reverse');
    // The body wave ran head → tail before the command and tail → head after it (on agar about 0.5 Hz).
    expect(at(7.9)[L.WAVE_HZ]).toBeGreaterThan(0.2);
    const flipped = listener.states.find((s) => s.time > 8 && s.data[L.WAVE_HZ]! < -0.2);
    expect(flipped!.time).toBeLessThan(11);
    expect(at(17.9)[L.WAVE_HZ]).toBeLessThan(-0.2);
    // Within each quadrant voice, consecutive notes step down the body forward (falling pitch: head plays the
    // top of the register) and up it in reverse: count the direction of steps between notes of one voice.
    const direction = (from: number, to: number): number => {
      let up = 0;
      let down = 0;
      for (let voice = 0; voice < 4; voice++) {
        const ps = listener.notes.filter((n) => n.voice === voice && n.onset >= from && n.onset < to).map((n) => n.pitch);
        for (let i = 1; i < ps.length; i++) {
          if (ps[i]! > ps[i - 1]!) up++;
          else if (ps[i]! < ps[i - 1]!) down++;
        }
      }
      return (up - down) / Math.max(1, up + down);
    };
    expect(direction(2, 8)).toBeLessThan(-0.3);
    expect(direction(12, 18)).toBeGreaterThan(0.3);
  });

  it('records commands: a restart of the playback replays them, and the export contains them', () => {
    const engine = new WormLiveEngine();
    const events: WormEvent[] = [];
    const r: EngineReply = { event: (e) => events.push(e as WormEvent), userError: (m) => { throw new Error(m); } };
    const first = new Listener();
    play(engine, first, 0, 4);
    engine.command({ kind: 'environment', medium: 0 }, r);
    play(engine, first, 4, 6);
    engine.command({ kind: 'script', text: 'turn-left 2s, reverse 1s, forward' }, r);
    play(engine, first, 6, 10);
    // A command applies from the first step not yet taken: the step from 5.998 s to 6 s ends at the horizon.
    expect(events.at(-1)).toMatchObject({ kind: 'controls', script: 'forward 5.998s, turn-left 2s, reverse 1s, forward', medium: 0, count: 4 });
    engine.seek(0);
    const second = new Listener();
    play(engine, second, 0, 10);
    expect(second.notes.map(key)).toEqual(first.notes.map(key));
    expect(second.states.map((s) => s.data[WormStateLayout.CENTROID_X])).toEqual(first.states.map((s) => s.data[WormStateLayout.CENTROID_X]));
    const exported = engine.performance(120).notes;
    expect(exported.length).toBe(first.notes.length);
  });

  it('refuses a bad script or key with a message for the user, and changes nothing', () => {
    const engine = new WormLiveEngine();
    const problems: string[] = [];
    const r: EngineReply = { event: () => undefined, userError: (m) => problems.push(m) };
    expect(engine.command({ kind: 'script', text: 'forward 2s, sideways 3s' }, r)).toBe('none');
    expect(engine.command({ kind: 'music', music: { key: 'H minor', notesPerSecond: 5 } }, r)).toBe('none');
    expect(problems[0]).toMatch(/unknown action "sideways"/);
    expect(problems[1]).toMatch(/"H minor" is not a key/);
    expect(engine.info().title).toBe('The worm plays · C# minor');
  });

  it('records the same track as the CLI’s simulateWorm for the same command script and medium, bit for bit', () => {
    const script = 'forward 1s, reverse 1s, turn-left';
    const controls = new WormControls(0.002);
    controls.recordScript(script, 0);
    const studio = performanceRecording(0, controls, 3);
    const cli = simulateWorm({ seconds: 3, params: { seed: 0, environment: { medium: 1 } }, command: parseCommandScript(script) });
    expect(studio.frames).toBe(cli.frames);
    expect(studio.midlineX).toEqual(cli.midlineX);
    expect(studio.midlineY).toEqual(cli.midlineY);
    expect(studio.neurons).toEqual(cli.neurons);
    expect(studio.behaviour).toEqual(cli.behaviour);
    expect(studio.commandText).toBe(script);
  });

  it.skipIf(!hasShared)('exports its track as WCON that the official schema accepts', () => {
    const controls = new WormControls(0.002);
    controls.record({ step: 1000, kind: 'medium', medium: 0.5 });
    controls.recordScript('reverse 1s, forward', 1500);
    const text = performanceWcon(0, controls, 4);
    const validate = wconSchemaValidator();
    const ok = validate(JSON.parse(text));
    expect(ok, JSON.stringify(validate.errors)).toBe(true);
    const doc = readWcon(text, 'studio.wcon');
    expect(doc.tracks[0]!.t.length).toBe(101); // 4 s at 25 frames a second, both ends
    expect(doc.tracks[0]!.x[0]!.length).toBe(49);
    expect(String(doc.metadata?.['media'])).toMatch(/0\.5 from 2\.000 s/);
    expect(JSON.stringify(doc.metadata?.['protocol'])).toContain('command: forward 3s, reverse 1s, forward');
  });
});

describe('snapshots of a worm run', () => {
  it('restore the run bit for bit: the same notes and states as an uninterrupted run', () => {
    const record = (): { out: WormOutput; notes: string[]; states: number[][] } => {
      const notes: string[] = [];
      const states: number[][] = [];
      let id = 0;
      return {
        notes,
        states,
        out: {
          note: (n) => (notes.push(`on ${n.onset} ${n.pitch} ${n.velocity}`), ++id),
          release: (t, i) => void notes.push(`off ${t} ${i}`),
          state: (t, s) => void states.push([t, ...s]),
        },
      };
    };
    const controls = new WormControls(0.002);
    controls.record({ step: 1500, kind: 'drive', action: 'turn-right' });
    const run = new WormRun(0, controls);
    run.run(2, null);
    const snapshot = captureState(run.state);
    const a = record();
    run.run(5, a.out);
    restoreState(snapshot);
    run.restored();
    const b = record();
    run.run(5, b.out);
    expect(b.states).toEqual(a.states);
    expect(b.notes.filter((n) => n.startsWith('on'))).toEqual(a.notes.filter((n) => n.startsWith('on')));
    const fresh = new WormRun(0, controls);
    fresh.run(2, null);
    const c = record();
    fresh.run(5, c.out);
    expect(c.states).toEqual(a.states);
  });
});
