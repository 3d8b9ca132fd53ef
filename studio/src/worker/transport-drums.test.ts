import { describe, expect, it } from 'vitest';
import { Transport, type TransportOutput } from './transport.js';
import { PACKED_NOTE_FIELDS } from 'neuromusic/synth';
import type { NoteEvent, Score } from 'neuromusic/score';
import { MIDI_NOTE_FIELDS, type EngineInfo } from '../protocol.js';
import { PACKED_HIT_FIELDS } from '../audio/live-drums.js';
import type { EngineSink, LiveEngine } from './live-engine.js';

const SR = 1000; // one frame per millisecond

/** An engine of fixed notes, with an optional lookahead of its own. */
function fixedEngine(notes: NoteEvent[], lookaheadSeconds?: number): LiveEngine {
  return {
    id: 'fixed',
    info: (): EngineInfo => ({ title: 'fixed', duration: Infinity, nativeBpm: 60, seeded: false, exports: [], ...(lookaheadSeconds ? { lookaheadSeconds } : {}) }),
    rate: () => 1,
    setSeed: () => undefined,
    seek: () => undefined,
    advance: (from: number, to: number, sink: EngineSink) => {
      for (const n of notes) if (n.onset >= from && n.onset < to) sink.note(n);
    },
    command: () => 'none',
    describe: () => undefined,
    performance: (): Score => ({ notes, tempos: [], timeSignatures: [], meta: {} }) as unknown as Score,
  };
}

function recorder(withDrums: boolean) {
  const piano: number[][] = [];
  const drums: number[][] = [];
  const page: number[][] = [];
  const out: TransportOutput = {
    notes(forWorklet, forPage) {
      for (let k = 0; k < forWorklet.length; k += PACKED_NOTE_FIELDS) piano.push([...forWorklet.subarray(k, k + 3)]);
      for (let k = 0; k < forPage.length; k += MIDI_NOTE_FIELDS) page.push([forPage[k]!, forPage[k + 2]!, forPage[k + 4]!]);
    },
    releases: () => undefined,
    stop: () => undefined,
    anchor: () => undefined,
    state: () => undefined,
    ended: () => undefined,
    ...(withDrums ? { drums: (hits: Float64Array) => { for (let k = 0; k < hits.length; k += PACKED_HIT_FIELDS) drums.push([...hits.subarray(k, k + 3)]); } } : {}),
  };
  return { out, piano, drums, page };
}

const NOTES: NoteEvent[] = [
  { onset: 0, duration: 0.1, pitch: 36, velocity: 0.9, voice: 1, channel: 9 }, // kick: the kit
  { onset: 0.02, duration: 0.2, pitch: 62, velocity: 0.5, voice: 0 }, // melody: the piano
  { onset: 0.05, duration: 0.1, pitch: 49, velocity: 0.7, voice: 1, channel: 9 }, // crash cymbal: not in the kit, the piano
  { onset: 0.08, duration: 0.1, pitch: 42, velocity: 0.4, voice: 1, channel: 9 }, // closed hi-hat: the kit
];

describe('Transport: drums and an engine’s own lookahead', () => {
  it('sends the kit’s strokes on channel 10 to the drums at their frames, the rest to the piano, all to the page', () => {
    const r = recorder(true);
    const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.06 });
    t.setEngine(fixedEngine(NOTES), 0);
    t.clock(1000, 0);
    t.play(0); // starts at frame 1060
    expect(r.drums).toEqual([[1060, 36, 0.9], [1140, 42, 0.4]]);
    expect(r.piano).toEqual([[1080, 1280, 62], [1110, 1210, 49]]);
    expect(r.page.map((p) => p[1])).toEqual([36, 62, 49, 42]);
    expect(r.page[0]![2]).toBe(9);
  });

  it('without a drum output, strokes play the piano as before', () => {
    const r = recorder(false);
    const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.06 });
    t.setEngine(fixedEngine(NOTES), 0);
    t.clock(1000, 0);
    t.play(0);
    expect(r.piano.map((p) => p[2])).toEqual([36, 62, 49, 42]);
  });

  it('schedules an engine that asks for a shorter lookahead only that far past the clock', () => {
    const notes = [0, 0.03, 0.06, 0.09].map((onset) => ({ onset, duration: 0.01, pitch: 60, velocity: 0.5, voice: 0 }));
    const r = recorder(true);
    const t = new Transport(SR, r.out, { lookaheadSeconds: 0.2, startDelaySeconds: 0.02 });
    t.setEngine(fixedEngine(notes, 0.05), 0);
    t.clock(1000, 0);
    t.play(0); // starts at frame 1020; horizon 1050 → engine time 0.03: only the note at 0
    expect(r.piano.map((p) => p[0])).toEqual([1020]);
    t.clock(1023, 23); // horizon 1073 → 0.053: the note at 0.03
    expect(r.piano.map((p) => p[0])).toEqual([1020, 1050]);
  });
});
