import { describe, expect, it } from 'vitest';
import { parseKernSubtoken, parseKernToken, recipQuarters } from './token.js';
import { toNumber } from './rational.js';

const q = (recip: string): number | undefined => {
  const r = recipQuarters(recip);
  return r === undefined ? undefined : toNumber(r);
};

describe('recip durations (Humdrum **recip / **kern)', () => {
  it('reads plain reciprocals: 1 whole = 4 quarters, 4 = 1, 2048 = 1/512', () => {
    expect(q('1')).toBe(4);
    expect(q('2')).toBe(2);
    expect(q('4')).toBe(1);
    expect(q('8')).toBe(0.5);
    expect(q('16')).toBe(0.25);
    expect(q('2048')).toBe(4 / 2048);
  });

  it('reads the long values: 0 breve, 00 long, 000 maxima, each twice the one before', () => {
    expect(q('0')).toBe(8);
    expect(q('00')).toBe(16);
    expect(q('000')).toBe(32);
    expect(q('00000000')).toBe(4 * 2 ** 8);
  });

  it('reads tuplets and rational recips exactly: 3 = a third of a whole, 12 = a triplet eighth, 3%2 = 2/3 whole', () => {
    expect(recipQuarters('3')).toEqual({ n: 4, d: 3 });
    expect(recipQuarters('6')).toEqual({ n: 2, d: 3 });
    expect(recipQuarters('12')).toEqual({ n: 1, d: 3 });
    expect(recipQuarters('3%2')).toEqual({ n: 8, d: 3 });
    expect(recipQuarters('20')).toEqual({ n: 1, d: 5 });
  });

  it('adds dots: each dot half of the one before', () => {
    expect(q('4.')).toBe(1.5);
    expect(q('4..')).toBe(1.75);
    expect(q('8...')).toBe(0.5 * (15 / 8));
    expect(q('0.')).toBe(12);
    expect(recipQuarters('12.')).toEqual({ n: 1, d: 2 });
  });

  it('refuses what is not a recip', () => {
    expect(recipQuarters('')).toBeUndefined();
    expect(recipQuarters('4x')).toBeUndefined();
    expect(recipQuarters('3%0')).toBeUndefined();
    expect(recipQuarters('0%2')).toBeUndefined();
  });
});

describe('**kern pitches', () => {
  it('reads the octave from letter case and repetition: c = C4 = 60, cc = 72, C = 48, CC = 36', () => {
    expect(parseKernSubtoken('4c').pitch).toBe(60);
    expect(parseKernSubtoken('4cc').pitch).toBe(72);
    expect(parseKernSubtoken('4ccc').pitch).toBe(84);
    expect(parseKernSubtoken('4C').pitch).toBe(48);
    expect(parseKernSubtoken('4CC').pitch).toBe(36);
    expect(parseKernSubtoken('4a').pitch).toBe(69);
    expect(parseKernSubtoken('4B').pitch).toBe(59);
  });

  it('applies sharps, flats and naturals, doubled too', () => {
    expect(parseKernSubtoken('4f#').pitch).toBe(66);
    expect(parseKernSubtoken('4f##').pitch).toBe(67);
    expect(parseKernSubtoken('4b-').pitch).toBe(70);
    expect(parseKernSubtoken('4B--').pitch).toBe(57);
    expect(parseKernSubtoken('4bn').pitch).toBe(71);
    expect(parseKernSubtoken('4cc-').pitch).toBe(71);
  });

  it('ignores the signifiers around the pitch: beams, slurs, articulations, stems, editorial marks', () => {
    const s = parseKernSubtoken("(8.ee-L'/");
    expect(s.pitch).toBe(75);
    expect(toNumber(s.duration!)).toBe(0.75);
    expect(parseKernSubtoken('{16G#JJ)}').pitch).toBe(56);
  });

  it('reads ties, rests and grace notes', () => {
    expect(parseKernSubtoken('[4c').tie).toBe('start');
    expect(parseKernSubtoken('4c_').tie).toBe('middle');
    expect(parseKernSubtoken('4c]').tie).toBe('end');
    expect(parseKernSubtoken('4r').rest).toBe(true);
    expect(parseKernSubtoken('2.ryy').rest).toBe(true);
    expect(parseKernSubtoken('4ccr').rest).toBe(true); // a rest placed at the height of cc
    const grace = parseKernSubtoken('8bq');
    expect(grace.grace && grace.pitch === 71).toBe(true);
  });

  it('reads chords: every note, the first duration for the spine', () => {
    const t = parseKernToken('4C 4E 8G');
    expect(t.subtokens.map((s) => s.pitch)).toEqual([48, 52, 55]);
    expect(toNumber(t.duration)).toBe(1);
    expect(toNumber(parseKernToken('cq 4e').duration)).toBe(1);
    expect(toNumber(parseKernToken('16ccq').duration)).toBe(0);
  });

  it('refuses broken tokens with what is wrong', () => {
    expect(() => parseKernSubtoken('4cd')).toThrow(/two pitches/);
    expect(() => parseKernSubtoken('4c8')).toThrow(/two durations/);
    expect(() => parseKernSubtoken('4')).toThrow(/neither a pitch nor a rest/);
    expect(() => parseKernSubtoken('4CCCCCCC')).toThrow(/outside the MIDI range/);
    expect(() => parseKernToken('c')).toThrow(/no duration/);
  });
});
