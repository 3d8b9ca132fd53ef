import { describe, expect, it } from 'vitest';
import { createScore } from '../score/ops.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { lilyNoteName, toLilyPond } from './lilypond.js';

describe('LilyPond writer', () => {
  it('names notes in LilyPond’s Dutch names', () => {
    expect([['C', 1], ['D', -1], ['E', -1], ['A', -1], ['A', -2], ['B', -1], ['F', 2], ['G', 0]].map(([s, a]) => lilyNoteName(s as string, a as number))).toEqual(['cis', 'des', 'es', 'as', 'ases', 'bes', 'fisis', 'g']);
  });

  it('writes key, time, tempo, absolute pitches, ties, triplets and bar checks', () => {
    const s = createScore(
      [
        { onset: 0, duration: 1 / 6, pitch: 61, velocity: 0.7, voice: 0 },
        { onset: 1 / 6, duration: 1 / 6, pitch: 65, velocity: 0.7, voice: 0 },
        { onset: 2 / 6, duration: 1 / 6, pitch: 68, velocity: 0.7, voice: 0 },
        { onset: 1, duration: 2, pitch: 73, velocity: 0.7, voice: 0 },
      ],
      { tempos: [{ time: 0, bpm: 120 }], timeSignatures: [{ time: 0, numerator: 3, denominator: 4 }], meta: { key: 'Db major', title: 'A "test"' } },
    );
    const ly = toLilyPond(s);
    expect(ly).toContain('title = "A \\"test\\""');
    expect(ly).toContain('\\key des \\major');
    expect(ly).toContain('\\time 3/4');
    expect(ly).toContain('\\tempo 4 = 120');
    expect(ly).toMatch(/\\tuplet 3\/2 \{ des'8 f'8 as'8 \}/);
    expect(ly).toMatch(/as'8 \} r4 des''4~ \| % 1\n\s+des''2\. \| % 2/);
    expect(ly).not.toContain('instrumentName'); // one part with no name of its own
  });

  it('is deterministic and has one bar check per measure and voice', () => {
    const ly = toLilyPond(bachPreludeInC());
    expect(toLilyPond(bachPreludeInC())).toBe(ly);
    const bars = ly.match(/\| % \d+/g)!.length;
    expect(bars % 35).toBe(0);
  });
});
