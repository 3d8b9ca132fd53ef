import { describe, expect, it } from 'vitest';
import { midiMessages, midiReleaseMessages } from './midi-output.js';

describe('midiMessages', () => {
  it('turns packed notes into timed note-on / note-off messages (MIDI 1.0: 0x9n / 0x8n)', () => {
    const notes = new Float64Array([441, 882, 60, 1, 0, 1000, 1100, 72, 0.5, 10, 0, 10, 61, 0, 15]);
    expect(midiMessages(notes, (frame) => 1000 + frame / 44.1)).toEqual([
      { data: [0x90, 60, 127], time: 1010 },
      { data: [0x80, 60, 0], time: 1020 },
      { data: [0x9a, 72, 64], time: 1000 + 1000 / 44.1 },
      { data: [0x8a, 72, 0], time: 1000 + 1100 / 44.1 },
      // A velocity that rounds to 0 is sent as 1: a note-on with velocity 0 means note-off.
      { data: [0x9f, 61, 1], time: 1000 },
      { data: [0x8f, 61, 0], time: 1000 + 10 / 44.1 },
    ]);
  });
});

describe('open notes', () => {
  it('sends an open note’s note-on now and its note-off when the release comes', () => {
    const open = new Float64Array([441, Infinity, 64, 1, 3]);
    expect(midiMessages(open, (frame) => frame / 44.1)).toEqual([{ data: [0x93, 64, 127], time: 10 }]);
    expect(midiReleaseMessages(new Float64Array([4410, 64, 3]), (frame) => frame / 44.1)).toEqual([{ data: [0x83, 64, 0], time: 100 }]);
  });
});
