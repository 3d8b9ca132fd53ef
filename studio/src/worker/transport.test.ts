import { describe, expect, it } from 'vitest';
import { Transport, midiChannelOf, type TransportOutput } from './transport.js';
import { ScoreEngine } from '../engines/score/score-engine.js';
import type { EngineReply } from './live-engine.js';
import type { Anchor } from '../timeline.js';
import { PACKED_NOTE_FIELDS } from 'neuromusic/synth';
import { MIDI_NOTE_FIELDS } from '../protocol.js';
import type { LiveEngine } from './live-engine.js';

const SR = 1000; // one frame per millisecond keeps the hand computations readable

/** Records everything the transport sends. */
function recorder() {
  const notes: number[][] = [];
  const stops: number[] = [];
  const anchors: Anchor[] = [];
  let ended = 0;
  const releases: number[][] = [];
  const pageNotes: number[][] = [];
  const out: TransportOutput = {
    notes(forWorklet, forPage) {
      for (let k = 0; k < forWorklet.length; k += PACKED_NOTE_FIELDS) notes.push([...forWorklet.subarray(k, k + 3)]);
      for (let k = 0; k < forPage.length; k += MIDI_NOTE_FIELDS) pageNotes.push([...forPage.subarray(k, k + MIDI_NOTE_FIELDS)]);
    },
    releases(forWorklet, forPage) {
      for (let k = 0; k < forWorklet.length; k += 2) releases.push([...forWorklet.subarray(k, k + 2), ...forPage.subarray((k / 2) * 3, (k / 2) * 3 + 3)]);
    },
    stop: (frame) => stops.push(frame),
    anchor: (a) => anchors.push(a),
    state: () => undefined,
    ended: () => ended++,
  };
  return { out, notes, pageNotes, releases, stops, anchors, ended: () => ended };
}

const reply: EngineReply = { event: () => undefined, userError: (m) => { throw new Error(m); } };

/** A score engine holding four notes at 120 bpm: onsets 0, 0.1, 0.5 and 1.0 s, 50 ms each. */
function engine(): ScoreEngine {
  const e = new ScoreEngine();
  const notes = [0, 0.1, 0.5, 1.0].map((onset, i) => ({ onset, duration: 0.05, pitch: 60 + i, velocity: 0.5, voice: 0 }));
  const bytes = new TextEncoder().encode(JSON.stringify({ notes, tempos: [{ time: 0, bpm: 120 }] }));
  expect(e.command({ kind: 'load', name: 'four.json', bytes }, reply)).toBe('replaced');
  return e;
}

/** A transport with the four-note engine, clock at frame 1000, play pressed then (lookahead 0.2 s, start delay 0.06 s). */
function playingFrom1000(e: ScoreEngine = engine()) {
  const r = recorder();
  const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.06 });
  t.setEngine(e, 0);
  t.clock(1000, 0);
  t.play(0);
  return { r, t };
}

describe('Transport', () => {
  it('schedules notes at anchor frame + onset, up to the lookahead past each clock tick', () => {
    const { r, t } = playingFrom1000();
    // Starts 60 ms after the clock (frame 1060); the horizon 1200 covers onsets 0 and 0.1.
    expect(r.anchors.at(-1)).toEqual({ frame: 1060, time: 0, rate: 1, playing: true });
    expect(r.notes).toEqual([[1060, 1110, 60], [1160, 1210, 61]]);
    t.clock(1100, 100); // horizon 1300 → 0.24 s: nothing new
    expect(r.notes.length).toBe(2);
    t.clock(1400, 400); // horizon 1600 → 0.54 s: the note at 0.5
    expect(r.notes.at(-1)).toEqual([1560, 1610, 62]);
  });

  it('skips what fell due while the worker was busy, instead of sending it all at once', () => {
    const { r, t } = playingFrom1000();
    expect(r.notes.length).toBe(2); // scheduled to 0.14 s (frame 1200)
    // The worker was busy for 1 s: the clock's next tick finds it at frame 2000, i.e. 0.94 s of the piece.
    t.clock(2000, 1000);
    expect(r.stops).toEqual([2000]); // what sounded ends now …
    // … the note at 0.5 s, due at frame 1560, is not sent late; the one at 1.0 s comes on time (frame 2060).
    expect(r.notes.slice(2)).toEqual([[2060, 2110, 63]]);
    expect(t.position(1000)).toBeCloseTo(0.94, 9); // the playhead did not jump
    // A short delay (0.3 s behind) is caught up as before.
    const again = playingFrom1000();
    again.t.clock(1500, 500);
    expect(again.r.stops).toEqual([]);
    expect(again.r.notes.at(-1)).toEqual([1560, 1610, 62]);
  });

  it('changes tempo without a gap or a repeat: the new rate starts where scheduling stood', () => {
    const { r, t } = playingFrom1000();
    t.clock(1400, 400); // scheduled to 0.54 s, which is frame 1600
    t.setTempo(240, 400); // twice the score's 120
    expect(r.anchors.at(-1)).toEqual({ frame: 1600, time: 0.54, rate: 2, playing: true });
    t.clock(1800, 800); // horizon 2000 → 0.54 + 0.4·2 = 1.34 s: the note at 1.0 s, at 1600 + 0.46/2 s
    expect(r.notes.at(-1)).toEqual([1830, 1855, 63]);
    expect(r.notes.length).toBe(4);
  });

  it('parks at the end once the last note is over, without cutting its release', () => {
    const r = recorder();
    const t = new Transport(SR, r.out);
    t.setEngine(engine(), 0);
    t.clock(0, 0);
    t.play(0);
    for (let f = 100; f <= 1200; f += 100) t.clock(f, f);
    expect(r.ended()).toBe(1);
    // Started at frame 100 (the default start delay, 0.1 s), the last note over 1.05 s of music later.
    expect(r.anchors.at(-1)).toEqual({ frame: 1150, time: 1.05, rate: 1, playing: false });
    expect(r.stops).toEqual([]);
    expect(r.notes.map((n) => n[2])).toEqual([60, 61, 62, 63]);
    // Play again from the end starts over.
    t.play(1200);
    expect(r.anchors.at(-1)!.time).toBe(0);
  });

  it('pause stops what is scheduled at the frame heard now; seek while playing restarts there', () => {
    const { r, t } = playingFrom1000();
    t.pause(50); // 50 ms after the tick at frame 1000: frame 1050, before the start at 1060
    expect(r.stops).toEqual([1050]);
    expect(r.anchors.at(-1)).toMatchObject({ frame: 1050, time: 0, playing: false });
    t.play(50);
    t.clock(1100, 100);
    t.seek(0.5, 120); // now = 1120; restart 60 ms later at 0.5 s
    expect(r.stops.at(-1)).toBe(1120);
    expect(r.anchors.at(-1)).toEqual({ frame: 1180, time: 0.5, rate: 1, playing: true });
    expect(r.notes.at(-1)).toEqual([1180, 1230, 62]);
  });

  it('waits for the audio clock when play comes before it', () => {
    const r = recorder();
    const t = new Transport(SR, r.out);
    t.setEngine(engine(), 0);
    t.play(0);
    expect(r.notes.length).toBe(0);
    expect(t.playing).toBe(true);
    t.clock(500, 10);
    expect(r.anchors.at(-1)).toMatchObject({ frame: 600, playing: true });
    expect(r.notes[0]).toEqual([600, 650, 60]);
  });

  it('after a setting changes mid-play, takes new notes from where scheduling stood: no repeats', () => {
    const e = engine();
    const { r, t } = playingFrom1000(e); // scheduled to 0.14 s: notes at 0 and 0.1
    t.engineChanged(e.command({ kind: 'humanize', timingSeconds: 0, velocity: 0.1 }, reply), 10);
    for (let f = 1100; f <= 2200; f += 100) t.clock(f, f - 1000);
    expect(r.notes.map((n) => n[2])).toEqual([60, 61, 62, 63]);
  });
});

/** An engine that holds a key from 0.05 s and lets it go at `releaseAt` (an open note, as the worm plays). */
function keyHolder(releaseAt: number): LiveEngine {
  let held = -1;
  return {
    id: 'key-holder',
    info: () => ({ title: 'key', duration: Infinity, nativeBpm: 120, seeded: false, exports: ['midi'] }),
    rate: (bpm) => bpm / 120,
    setSeed: () => undefined,
    seek: () => undefined,
    advance(from, to, sink) {
      if (from <= 0.05 && to > 0.05) held = sink.note({ onset: 0.05, duration: Infinity, pitch: 64, velocity: 0.5, voice: 2 });
      if (from <= releaseAt && to > releaseAt && held > 0) sink.release(releaseAt, held);
    },
    command: () => 'none',
    describe: () => undefined,
    performance: () => ({ notes: [], tempos: [], timeSignatures: [], meta: {} }) as never,
  };
}

describe('open notes', () => {
  it('sends an open note with its id in place of an off frame, and its release at the frame it ends', () => {
    const r = recorder();
    const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.06 });
    t.setEngine(keyHolder(0.3), 0);
    t.clock(1000, 0);
    t.play(0); // anchor: frame 1060 = 0 s
    expect(r.notes).toEqual([[1110, -1, 64]]);
    expect(r.pageNotes[0]).toEqual([1110, Infinity, 64, 0.5, 2]);
    t.clock(1100, 100); // horizon 1300 → 0.24 s: still held
    expect(r.releases).toEqual([]);
    t.clock(1200, 200); // horizon 1400 → 0.34 s: released at 0.3 s = frame 1360
    expect(r.releases).toEqual([[1360, 1, 1360, 64, 2]]);
  });

  it('forgets open notes cut by a pause: their releases are not sent', () => {
    const r = recorder();
    const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.06 });
    t.setEngine(keyHolder(0.3), 0);
    t.clock(1000, 0);
    t.play(0);
    t.clock(1100, 100);
    t.pause(150); // frame 1150 = 0.09 s: the key went down at 0.05 s and is cut here
    t.play(160);
    for (let f = 1200; f <= 1700; f += 100) t.clock(f, f - 1000);
    expect(r.stops).toEqual([1150]);
    expect(r.notes.length).toBe(1);
    expect(r.releases).toEqual([]); // the engine's release of the cut note (id 1) went nowhere
  });
});

describe('midiChannelOf', () => {
  it('keeps a note’s channel, else maps voice or speaker to 0–15 without the drum channel', () => {
    expect(midiChannelOf({ voice: 3, channel: 9 })).toBe(9);
    expect([0, 8, 9, 14, 15].map((voice) => midiChannelOf({ voice }))).toEqual([0, 8, 10, 15, 0]);
    expect(midiChannelOf({ voice: 0, speaker: 9 })).toBe(10);
  });
});
