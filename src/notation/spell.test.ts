import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spellPitches, spellWith, spelledToMidi, tonalPitchClass } from './spell.js';

const name = (pitch: number, tpc: number): string => {
  const s = spellWith(pitch, tpc);
  return `${s.step}${s.alter > 0 ? '#'.repeat(s.alter) : 'b'.repeat(-s.alter)}${s.octave}`;
};
const spell = (pitches: number[], fifths: number): string[] => {
  const tpcs = spellPitches(pitches.map((pitch, i) => ({ onset: i, duration: 1, pitch })), { fifths });
  return pitches.map((p, i) => name(p, tpcs[i]!));
};

describe('line-of-fifths pitch spelling', () => {
  it('spells any pitch with any candidate back to the same MIDI pitch (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 12, max: 115 }), fc.integer({ min: -1, max: 1 }), (pitch, k) => {
        const tpc = ((pitch % 12) * 7) % 12 + 12 * k;
        const s = spellWith(pitch, tpc);
        expect(spelledToMidi(s)).toBe(pitch);
        expect(tonalPitchClass(s.step, s.alter)).toBe(tpc);
      }),
    );
  });

  it('octaves follow the letter: B#3 and Cb4', () => {
    expect(name(60, 12)).toBe('B#3');
    expect(name(59, -7)).toBe('Cb4');
  });

  it('spells scales in their keys', () => {
    expect(spell([61, 63, 65, 66, 68, 70, 72], -5)).toEqual(['Db4', 'Eb4', 'F4', 'Gb4', 'Ab4', 'Bb4', 'C5']);
    expect(spell([66, 68, 70, 71, 73, 75, 77], 6)).toEqual(['F#4', 'G#4', 'A#4', 'B4', 'C#5', 'D#5', 'E#5']);
    expect(spell([62, 64, 66, 67, 69, 71, 73], 2)).toEqual(['D4', 'E4', 'F#4', 'G4', 'A4', 'B4', 'C#5']);
  });

  it('follows the context: the same pitch class is A# among sharps and Bb among flats, in C major', () => {
    expect(spell([66, 61, 68, 70], 0).at(-1)).toBe('A#4');
    expect(spell([63, 68, 61, 70], 0).at(-1)).toBe('Bb4');
  });
});
