import { describe, expect, it } from 'vitest';
import { midiMessages } from './midi-output.js';

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
