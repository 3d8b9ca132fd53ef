import { describe, expect, it } from 'vitest';
import { LiveNotes } from './live-window.js';
import { toMusicXml } from 'neuromusic/notation';

const RATE = 48000;
const timeAt = (frame: number): number => frame / RATE;
/** Packs notes as the worker posts them: [onset s, end s or Infinity, pitch, velocity, channel]. */
const pack = (...notes: Array<[number, number, number, number, number]>): Float64Array =>
  Float64Array.from(notes.flatMap(([on, off, p, v, c]) => [on * RATE, Number.isFinite(off) ? off * RATE : Infinity, p, v, c]));

describe('LiveNotes', () => {
  it('cuts the last bars on the engine grid, from a bar line, with notes begun earlier cut at it', () => {
    const live = new LiveNotes();
    // 120 bpm, 4/4: a bar is 2 s. One quarter note per beat for 10 bars, the last bar is bar 10 (18–20 s).
    const quarters = Array.from({ length: 40 }, (_, i) => [i * 0.5, i * 0.5 + 0.5, 60 + (i % 12), 0.7, 0] as [number, number, number, number, number]);
    // A note on channel 5 held from 11 s to 13 s, across the window's first bar line (12 s).
    quarters.splice(22, 0, [11, 13, 48, 0.5, 5]);
    live.addNotes(pack(...quarters), timeAt);
    const w = live.window(120, 4)!;
    expect(w.firstBar).toBe(7);
    expect(w.lastBar).toBe(10);
    expect(w.start).toBe(12);
    expect(w.score.notes).toHaveLength(17);
    expect(w.score.notes[1]).toMatchObject({ onset: 0, duration: 0.5, pitch: 60, voice: 0 });
    expect(w.score.tempos).toEqual([{ time: 0, bpm: 120 }]);
    // The held note sounds from the bar line; its channel is the second voice.
    const held = w.score.notes.find((n) => n.pitch === 48)!;
    expect(held).toMatchObject({ onset: 0, duration: 1, voice: 1 });
    // The window quantises to whole bars of quarter notes as the notation core writes them.
    const xml = toMusicXml(live.window(120, 4)!.score, { tempo: 'given', timeSignature: [4, 4] });
    expect(xml.match(/<measure /g)).toHaveLength(4);
  });

  it('closes held notes by their releases and cuts them at a stop; drops cancelled notes', () => {
    const live = new LiveNotes();
    live.addNotes(pack([0, Infinity, 62, 0.8, 2], [0.5, Infinity, 62, 0.8, 3]), timeAt);
    live.addReleases(Float64Array.of(1.5 * RATE, 62, 2), timeAt);
    let notes = live.window(120, 8)!.score.notes;
    expect(notes.map((n) => [n.onset, n.duration, n.voice])).toEqual([[0, 1.5, 0], [0.5, 1, 1]]); // held: until the newest moment
    live.addNotes(pack([3, 3.5, 64, 0.8, 2]), timeAt);
    live.stop(2.75 * RATE, 2.75);
    notes = live.window(120, 8)!.score.notes;
    expect(notes.map((n) => [n.onset, n.duration])).toEqual([[0, 1.5], [0.5, 2.25]]);
  });

  it('starts afresh when engine time goes back (a seek back, another performance)', () => {
    const live = new LiveNotes();
    live.addNotes(pack([30, 31, 60, 0.8, 0]), timeAt);
    const r = live.revision;
    live.addNotes(pack([2, 3, 67, 0.8, 0]), timeAt);
    expect(live.revision).toBeGreaterThan(r);
    expect(live.size).toBe(1);
    expect(live.window(120, 12)!.firstBar).toBe(2);
    expect(new LiveNotes().window(120, 12)).toBeUndefined();
  });
});
