/**
 * MIDI encoding: `writeMidi`'s own SMF encoder against @tonejs/midi's `toArray()` on the same `Midi` object (the same
 * bytes, checked here), for one track of 2,000 to 16,000 notes, in this process.
 */
import * as tonejsMidi from '@tonejs/midi';
import type { Midi as MidiType } from '@tonejs/midi';
import { encodeSmf } from '../src/formats/smf-encode.js';
import { namedExport } from '../src/math/interop.js';
import { table, type BenchSection } from './lib.js';

const Midi = namedExport<typeof MidiType>(tonejsMidi, 'Midi');

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

export const midiSection: BenchSection = {
  id: 'midi',
  title: 'MIDI encoding: one track of n notes, neuromusic (encodeSmf) vs @tonejs/midi toArray()',
  run() {
    const rows: Array<Array<string | number>> = [];
    for (const n of [2000, 4000, 8000, 16000]) {
      const midi = new Midi();
      const track = midi.addTrack();
      // Notes a sixteenth apart at 480 ticks a beat (120 ticks: single-byte deltas) and every fourth after a rest.
      for (let i = 0, ticks = 0; i < n; i++, ticks += i % 4 === 0 ? 600 : 120) track.addNote({ midi: 48 + ((i * 7) % 36), ticks, durationTicks: 110, velocity: 0.7 });
      const ours = timed(() => encodeSmf(midi));
      const theirs = timed(() => midi.toArray());
      const same = ours.value.length === theirs.value.length && ours.value.every((b, i) => b === theirs.value[i]);
      rows.push([n, ours.seconds * 1000, theirs.seconds * 1000, theirs.seconds / ours.seconds, same ? 'yes' : 'NO']);
    }
    return table(['notes', 'encode ms (ours)', 'encode ms (@tonejs/midi)', 'ratio', 'same bytes'], rows);
  },
};
