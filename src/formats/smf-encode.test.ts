import { describe, expect, it } from 'vitest';
import * as tonejsMidi from '@tonejs/midi';
import type { Midi as MidiType } from '@tonejs/midi';
import { encodeSmf } from './smf-encode.js';
import { readMidi, writeMidi } from './midi.js';
import { namedExport } from '../math/interop.js';
import { createRandom } from '../math/random.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';

const Midi = namedExport<typeof MidiType>(tonejsMidi, 'Midi');

describe('the SMF encoder', () => {
  it('writes byte for byte what @tonejs/midi writes, for random files with every kind of event it encodes', () => {
    const rng = createRandom(11);
    for (let trial = 0; trial < 40; trial++) {
      const midi = new Midi();
      midi.header.fromJSON({ ...midi.header.toJSON(), ppq: [96, 480, 960][trial % 3]! });
      midi.header.name = trial % 2 ? `trial ${trial} — Prélude` : '';
      midi.header.tempos.push({ ticks: 0, bpm: 60 + 100 * rng.next() }, { ticks: 3000, bpm: 90 });
      midi.header.timeSignatures.push({ ticks: 0, timeSignature: [3, 4] }, { ticks: 1920, timeSignature: [6, 8] });
      if (trial % 5 === 0) midi.header.keySignatures.push({ ticks: 0, key: 'Eb', scale: 'minor' });
      if (trial % 7 === 0) midi.header.meta.push({ ticks: 10, type: 'marker', text: 'A' });
      midi.header.update();
      for (let t = 0; t < 1 + (trial % 4); t++) {
        const track = midi.addTrack();
        track.name = `voice ${t + 1}`;
        track.channel = t === 2 ? 9 : t;
        track.instrument.number = (trial * 7 + t) % 128;
        for (let i = 0; i < 60; i++) {
          const ticks = Math.floor(rng.next() * 20000);
          track.addNote({ midi: 21 + Math.floor(rng.next() * 88), ticks, durationTicks: 1 + Math.floor(rng.next() * 2000), velocity: rng.next(), noteOffVelocity: rng.next() });
        }
        if (trial % 3 === 0) for (let i = 0; i < 10; i++) track.addPitchBend({ ticks: i * 200, value: Math.round(rng.next() * 8000 - 4000) });
        if (trial % 4 === 0) track.addCC({ number: 64, ticks: 500, value: 1 });
      }
      const ours = encodeSmf(midi);
      const theirs = midi.toArray();
      expect(Array.from(ours), `trial ${trial}`).toEqual(Array.from(theirs));
    }
  });

  it('is what writeMidi writes, and reads back', () => {
    const score = bachPreludeInC({ bars: 4 });
    const back = readMidi(writeMidi(score), 'prelude.mid');
    expect(back.notes.length).toBe(score.notes.length);
    expect(back.notes[5]!.pitch).toBe([...score.notes].sort((a, b) => a.onset - b.onset || a.pitch - b.pitch)[5]!.pitch);
  });
});
