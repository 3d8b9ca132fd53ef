import { describe, expect, it } from 'vitest';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { findKey, keyFifths } from './key.js';

const scale = (tonic: number, steps: number[]) => steps.map((s, i) => ({ pitch: 60 + tonic + s, duration: i === 0 || i === 4 ? 2 : 1 }));
const MAJOR = [0, 2, 4, 5, 7, 9, 11, 12, 7, 4, 0];
const HARMONIC_MINOR = [0, 2, 3, 5, 7, 8, 11, 12, 7, 3, 0];

describe('Krumhansl–Schmuckler key finding', () => {
  it('finds every major and harmonic-minor scale', () => {
    for (let t = 0; t < 12; t++) {
      expect(findKey(scale(t, MAJOR))).toMatchObject({ tonic: t, mode: 'major' });
      expect(findKey(scale(t, HARMONIC_MINOR))).toMatchObject({ tonic: t, mode: 'minor' });
    }
  });

  it('finds C major in the C major prelude, with a high correlation', () => {
    const k = findKey(bachPreludeInC().notes);
    expect(k).toMatchObject({ tonic: 0, mode: 'major' });
    expect(k.correlation).toBeGreaterThan(0.8);
  });

  it('gives the conventional key signatures', () => {
    expect(keyFifths({ tonic: 1, mode: 'major' })).toBe(-5); // D♭ major
    expect(keyFifths({ tonic: 1, mode: 'minor' })).toBe(4); // C♯ minor
    expect(keyFifths({ tonic: 6, mode: 'major' })).toBe(6); // F♯ major
    expect(keyFifths({ tonic: 9, mode: 'minor' })).toBe(0); // A minor
    expect(keyFifths({ tonic: 10, mode: 'minor' })).toBe(-5); // B♭ minor
    expect(keyFifths({ tonic: 5, mode: 'major' })).toBe(-1); // F major
  });
});
