import { describe, expect, it } from 'vitest';
import { hzToPitch, pitchClass, pitchFromName, pitchName, pitchToHz } from './pitch.js';

describe('pitch names and frequencies', () => {
  it('names MIDI notes in scientific pitch notation', () => {
    expect(pitchName(60)).toBe('C4');
    expect(pitchName(21)).toBe('A0');
    expect(pitchName(108)).toBe('C8');
    expect(pitchName(61)).toBe('C#4');
    expect(pitchName(61, { flats: true })).toBe('Db4');
    expect(pitchName(0)).toBe('C-1');
  });

  it('parses note names, including enharmonics across the octave line', () => {
    expect(pitchFromName('A4')).toBe(69);
    expect(pitchFromName('Bb2')).toBe(46);
    expect(pitchFromName('F#3')).toBe(54);
    expect(pitchFromName('B#3')).toBe(60);
    expect(pitchFromName('Cb4')).toBe(59);
    expect(pitchClass('Ebb')).toBe(2);
    expect(() => pitchFromName('H2')).toThrow(/not a note name/);
    expect(() => pitchFromName('C10')).toThrow(/outside MIDI/);
  });

  it('round-trips every MIDI pitch through its name', () => {
    for (let p = 0; p <= 127; p++) {
      expect(pitchFromName(pitchName(p))).toBe(p);
      expect(pitchFromName(pitchName(p, { flats: true }))).toBe(p);
    }
  });

  it('converts to and from Hz with A4 = 440', () => {
    expect(pitchToHz(69)).toBe(440);
    expect(pitchToHz(57)).toBeCloseTo(220, 10);
    expect(pitchToHz(60)).toBeCloseTo(261.6255653, 6);
    expect(hzToPitch(880)).toBeCloseTo(81, 10);
  });
});
