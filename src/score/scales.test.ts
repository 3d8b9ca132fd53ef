import { describe, expect, it } from 'vitest';
import { inKey, parseKey, scalePitches } from './scales.js';

describe('keys and scales', () => {
  it('parses tonic and scale names', () => {
    expect(parseKey('C# minor')).toMatchObject({ tonic: 1, scale: 'minor', name: 'C# minor' });
    expect(parseKey('Eb major').name).toBe('Eb major');
    expect(parseKey('g')).toMatchObject({ tonic: 7, scale: 'major' });
    expect(parseKey('A  minor   pentatonic').intervals).toEqual([0, 3, 5, 7, 10]);
    expect(parseKey('chromatic').intervals).toHaveLength(12);
    expect(() => parseKey('H major')).toThrow(/not a key/);
    expect(() => parseKey('C funky')).toThrow(/scales: major/);
  });

  it('lists the pitches of a key in a range', () => {
    expect(scalePitches(parseKey('C major'), 60, 72)).toEqual([60, 62, 64, 65, 67, 69, 71, 72]);
    // C# minor (natural): C# D# E F# G# A B.
    expect(scalePitches(parseKey('C# minor'), 61, 73)).toEqual([61, 63, 64, 66, 68, 69, 71, 73]);
    expect(scalePitches(parseKey('chromatic'), 21, 108)).toHaveLength(88);
    expect(inKey(66, parseKey('D major'))).toBe(true);
    expect(inKey(65, parseKey('D major'))).toBe(false);
  });
});
