import { describe, expect, it } from 'vitest';
import { RingLiveEngine } from './ring-engine.js';
import { RingStateLayout, type RingEvent } from './messages.js';
import { LiveContour } from './live-contour.js';
import { composeNodal, nodalParams, pointContour } from 'neuromusic/nodal';
import type { EngineReply, EngineSink } from '../../worker/live-engine.js';
import type { NoteEvent } from 'neuromusic/score';

/** What a listener hears; a cut (pause, seek) forgets notes from then on. */
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

function play(engine: RingLiveEngine, listener: EngineSink, from: number, to: number, tick = 0.0232): void {
  for (let t = from; t < to; t = Math.min(to, t + tick)) engine.advance(t, Math.min(to, t + tick), listener);
}

const reply: EngineReply = { event: () => undefined, userError: (m) => { throw new Error(m); } };
const key = (n: NoteEvent): string => `${n.onset.toFixed(9)}:${n.pitch}:${n.velocity.toFixed(6)}:${n.speaker}:${n.channel}`;
/** Notes as sorted keys (a score orders simultaneous notes by pitch, the network by its event order). */
const keys = (notes: readonly NoteEvent[]): string[] => notes.map(key).sort();
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the ring engine (the nodal network live)', () => {
  it('plays the firings the CLI composes for the seed, each on its node’s speaker', () => {
    const engine = new RingLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 30);
    // The CLI's offline run with the same defaults: 32 nodes, 8 speakers, seed 0, the 60-s default contours.
    const cli = composeNodal({ params: nodalParams({ nodes: 32, speakers: 8 }), seed: 0, seconds: 60 }).score.notes.filter((n) => n.onset < 30);
    expect(listener.notes.length).toBeGreaterThan(100);
    expect(keys(listener.notes)).toEqual(keys(cli));
    expect(new Set(listener.notes.map((n) => n.speaker))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(engine.info()).toMatchObject({ ringSpeakers: 8, duration: Infinity, seeded: true });
  });

  it('goes back after a pause and plays on as if uninterrupted; its export is what was heard', () => {
    const straight = new Listener();
    play(new RingLiveEngine(), straight, 0, 12);
    const engine = new RingLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 6.2);
    listener.cut(6);
    engine.seek(6);
    play(engine, listener, 6, 12);
    expect(keys(listener.notes)).toEqual(keys(straight.notes));
    const exported = engine.performance(60).notes;
    expect(keys(exported)).toEqual(keys(listener.notes));
  });

  it('follows a contour drawn live: the pitch flock climbs to it, and the export has the same notes', () => {
    const engine = new RingLiveEngine();
    const events: RingEvent[] = [];
    const r: EngineReply = { event: (e) => events.push(e as RingEvent), userError: (m) => { throw new Error(m); } };
    const listener = new Listener();
    play(engine, listener, 0, 8);
    // Drawn from 7.5 s (already scheduled: it takes effect from 8 s, where scheduling stands) up to 90 and held.
    expect(engine.command({ kind: 'contour', which: 'pitch', points: [[7.5, 90], [12, 92]] }, r)).toBe('changed');
    engine.seek(8);
    play(engine, listener, 8, 16);
    const before = listener.notes.filter((n) => n.onset >= 4 && n.onset < 8).map((n) => n.pitch);
    const after = listener.notes.filter((n) => n.onset >= 12 && n.onset < 16).map((n) => n.pitch);
    // The default contour reads 55 + 24·t/36 there: about 60; the flock, pushed out of its zones, scatters round it.
    expect(mean(before)).toBeLessThan(68);
    expect(mean(after)).toBeGreaterThan(82);
    const L = new RingStateLayout(32);
    expect(listener.states.at(-1)!.data[RingStateLayout.PITCH_CONTOUR]).toBeCloseTo(92, 4);
    expect(mean(Array.from(listener.states.at(-1)!.data.subarray(L.pitches, L.pitches + 32)))).toBeGreaterThan(82);
    const contours = events.at(-1);
    expect(contours?.kind).toBe('contours');
    expect(keys(engine.performance(60).notes)).toEqual(keys(listener.notes));
  });

  it('fires a node stimulated by hand at that moment (an external firing)', () => {
    const engine = new RingLiveEngine();
    const listener = new Listener();
    play(engine, listener, 0, 5);
    engine.command({ kind: 'stimulate', node: 17 }, reply);
    engine.seek(5);
    play(engine, listener, 5, 6);
    const L = new RingStateLayout(32);
    const firings = listener.states.flatMap((s) => {
      const n = s.data[RingStateLayout.FIRINGS]!;
      return Array.from({ length: n }, (_, k) => Array.from(s.data.subarray(L.firings + 5 * k, L.firings + 5 * k + 5)));
    });
    // Node 17 fires at 5 s with no cause (−1) unless it was recovering then; either way the export agrees.
    const external = firings.filter(([node, cause, , , time]) => node === 17 && cause === -1 && Math.abs(time! - 5) < 1e-6);
    const recovering = listener.notes.some((n) => n.voice === 17 && n.onset > 4.9 && n.onset < 5);
    expect(external.length + (recovering ? 1 : 0)).toBeGreaterThanOrEqual(1);
    expect(keys(engine.performance(60).notes)).toEqual(keys(listener.notes));
  });

  it('builds a new network from new settings, and refuses impossible ones', () => {
    const engine = new RingLiveEngine();
    const problems: string[] = [];
    const r: EngineReply = { event: () => undefined, userError: (m) => problems.push(m) };
    expect(engine.command({ kind: 'network', settings: { nodes: 16, speakers: 4, scale: 'dorian', root: 2 } }, r)).toBe('replaced');
    expect(engine.info()).toMatchObject({ title: 'Nodal network · 16 nodes on 4 speakers', ringSpeakers: 4 });
    const listener = new Listener();
    play(engine, listener, 0, 10);
    const dorianOnD = new Set([2, 4, 5, 7, 9, 11, 0]);
    expect(listener.notes.every((n) => dorianOnD.has(n.pitch % 12))).toBe(true);
    expect(engine.command({ kind: 'network', settings: { nodes: 1, speakers: 4, scale: 'dorian', root: 2 } }, r)).toBe('none');
    expect(engine.command({ kind: 'network', settings: { nodes: 8, speakers: 4, scale: 'lydian-flat', root: 2 } }, r)).toBe('none');
    expect(problems).toEqual([expect.stringMatching(/nodes must be/), expect.stringMatching(/unknown scale "lydian-flat"/)]);
  });
});

describe('LiveContour', () => {
  it('keeps the past and replaces the future from the cut, leaping to the stroke', () => {
    const c = new LiveContour(pointContour([[0, 60], [10, 70]]));
    c.edit([[2, 80], [4, 90]], 3); // drawn from 2 s, but the network has read up to 3 s
    expect(c.points()).toEqual([[0, 60], [3, 63], [3, 85], [4, 90]]);
    expect(c.at(2)).toBeCloseTo(62, 12);
    expect(c.at(3.5)).toBeCloseTo(87.5, 12);
    expect(c.at(100)).toBe(90);
    expect(() => c.edit([[5, 1], [4, 2]], 3)).toThrow(/must not decrease/);
  });
});
