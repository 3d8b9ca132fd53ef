import { describe, expect, it } from 'vitest';
import { NotationTimeline } from './notation-timeline.js';

// Two bars on two pages: a held bass (b1) under three melody notes, then a chord on page 2.
const moments = [
  { ms: 0, on: ['b1', 'm1'], off: [] },
  { ms: 500, on: ['m2'], off: ['m1'] },
  { ms: 1000, on: ['m3'], off: ['m2'] },
  { ms: 2000, on: ['c1', 'c2'], off: ['b1', 'm3'] },
  { ms: 4000, on: [], off: ['c1', 'c2'] },
];
const pages = { b1: 1, m1: 1, m2: 1, m3: 1, c1: 2, c2: 2 };

describe('NotationTimeline', () => {
  const t = new NotationTimeline(moments, pages);

  it('finds the moment at or before a time', () => {
    expect(t.at(-1)).toBe(-1);
    expect(t.at(0)).toBe(0);
    expect(t.at(499.9)).toBe(0);
    expect(t.at(500)).toBe(1);
    expect(t.at(1999)).toBe(2);
    expect(t.at(10_000)).toBe(4);
  });

  it('lists the notes sounding: held notes stay lit under the notes that come and go', () => {
    expect(t.soundingAt(-1)).toEqual([]);
    expect([...t.soundingAt(t.at(250))].sort()).toEqual(['b1', 'm1']);
    expect([...t.soundingAt(t.at(1500))].sort()).toEqual(['b1', 'm3']);
    expect([...t.soundingAt(t.at(2500))].sort()).toEqual(['c1', 'c2']);
    expect(t.soundingAt(t.at(4000))).toEqual([]);
  });

  it('turns the page when the notes starting are on the next one, and stays there after the end', () => {
    expect(t.pageAt(t.at(1999))).toBe(1);
    expect(t.pageAt(t.at(2000))).toBe(2);
    expect(t.pageAt(t.at(5000))).toBe(2);
    expect(t.firstMsOnPage(2)).toBe(2000);
    expect(t.onsetOf('m3')).toBe(1000);
  });
});
