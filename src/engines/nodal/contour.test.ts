import { describe, expect, it } from 'vitest';
import { FormatError } from '../../formats/errors.js';
import { ContourReader, contourValue, parseContourFile, pointContour, scaleMask } from './contour.js';

describe('guiding contours', () => {
  it('interpolates linearly between points and holds the end values', () => {
    const c = pointContour([[0, 60], [10, 70], [20, 50]]);
    expect(contourValue(c, -5)).toBe(60);
    expect(contourValue(c, 2.5)).toBe(62.5);
    expect(contourValue(c, 15)).toBe(60);
    expect(contourValue(c, 99)).toBe(50);
  });

  it('reads forward and backward in time with the same answers (cursor)', () => {
    const c = pointContour([[0, 0], [1, 10], [2, 0], [3, 30]]);
    const r = new ContourReader(c);
    const times = [0.5, 1.5, 2.5, 0.25, 2.9, 1];
    const expected = [5, 5, 15, 2.5, 27, 10];
    times.forEach((t, i) => expect(r.at(t)).toBeCloseTo(expected[i]!, 12));
  });

  it('takes a jump as two points at the same time', () => {
    const c = pointContour([[0, 48], [30, 48], [30, 84], [60, 84]]);
    expect(contourValue(c, 29.999)).toBe(48);
    expect(contourValue(c, 30.001)).toBe(84);
  });

  it('accepts a function of time and refuses one that returns NaN', () => {
    expect(contourValue((t) => 60 + 12 * Math.sin(t), 0)).toBe(60);
    expect(() => new ContourReader(() => NaN).at(1)).toThrow(/returned NaN/);
  });

  it('builds pitch-class masks of scales on a root', () => {
    expect([...scaleMask('major', 0)]).toEqual([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]);
    expect([...scaleMask('pentatonic', 2)].flatMap((m, pc) => (m ? [pc] : []))).toEqual([2, 4, 6, 9, 11]); // D E F# A B
    expect([...scaleMask([0, 7])].filter(Boolean).length).toBe(2);
  });
});

describe('contour files', () => {
  it('reads a bare list of pairs as the pitch contour', () => {
    const f = parseContourFile([[0, 60], [10, 72]], 'c.json');
    expect([...f.pitch!.values]).toEqual([60, 72]);
    expect(f.velocity).toBeUndefined();
  });

  it('reads pitch, velocity (pairs or stepped values), scale and root', () => {
    const f = parseContourFile({ pitch: { values: [60, 64, 67], stepSeconds: 5 }, velocity: [[0, 50], [30, 110]], scale: 'dorian', root: 'D' }, 'c.json');
    expect([...f.pitch!.timesSeconds]).toEqual([0, 5, 10]);
    expect([...f.velocity!.values]).toEqual([50, 110]);
    expect(f.scale).toBe('dorian');
    expect(f.root).toBe(2);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a number', 42, /not a contour/],
    ['an empty list', [], /at least one/],
    ['a point with one number', [[0]], /not a contour/],
    ['decreasing times', { pitch: [[5, 60], [1, 62]] }, /pitch\[1\]: time 1 s comes before 5 s/],
    ['negative times', [[-1, 60]], /times must be ≥ 0 s/],
    ['an unknown scale', { pitch: [[0, 60]], scale: 'lydian-flat-13' }, /not a contour/],
    ['a bad root name', { pitch: [[0, 60]], root: 'H' }, /root: "H" is not a pitch-class name/],
    ['neither contour', { scale: 'major' }, /give "pitch" or "velocity"/],
    ['an unknown key', { pitch: [[0, 60]], tempo: 3 }, /not a contour/],
    ['a zero step', { pitch: { values: [60], stepSeconds: 0 } }, /not a contour/],
  ];
  for (const [what, data, message] of bad) {
    it(`refuses ${what} with one line naming the file`, () => {
      let caught: unknown;
      try {
        parseContourFile(data, 'c.json');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(FormatError);
      expect((caught as Error).message).toMatch(/^c\.json: /);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('\n');
    });
  }
});
