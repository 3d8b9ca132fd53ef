import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInCorpusScores, prepareCorpus } from '../../../analysis/corpus/index.js';
import { readMidi } from '../../../formats/midi.js';
import { createRandom } from '../../../math/random.js';
import { hasShared, sharedData } from '../../../../test/helpers/shared.js';
import { recombine, segmentCorpus, type Segment } from './recombine.js';

const metre = { numerator: 4, denominator: 4 };
const major = prepareCorpus(builtInCorpusScores()).melodies.filter((m) => m.mode === 'major');

function checkChain(segments: readonly Segment[], seed: number, n: number): void {
  const r = recombine(segments, createRandom(seed), { segments: n, metre });
  expect(r.joins).toHaveLength(n);
  expect(r.joins[0]!.segment.opening).toBe(true);
  expect(r.joins.at(-1)!.segment.closing).toBe(true);
  expect(new Set(r.joins.map((j) => j.segment)).size).toBe(n);
  for (let i = 1; i < n; i++) {
    const prev = r.joins[i - 1]!.segment;
    const next = r.joins[i]!.segment;
    const dest = prev.destination ?? prev.pitches.at(-1)!;
    expect(Math.abs(next.pitches[0]! - dest)).toBeLessThanOrEqual(4);
    expect(next.contentKey).not.toBe(prev.nextKey);
  }
  // The melody is the segments laid end to end, whole bars.
  expect(r.melody.pitches).toEqual(r.joins.flatMap((j) => j.segment.pitches));
  expect(r.melody.durations.reduce((a, b) => a + b, 0)).toBeCloseTo(4 * n, 9);
}

describe('recombination', () => {
  it('cuts whole bars and remembers what followed each', () => {
    const segments = segmentCorpus(major, metre);
    const twinkle = segments.filter((s) => s.title?.startsWith('Ah! vous'));
    expect(twinkle[0]!.pitches).toEqual([60, 60, 67, 67]);
    expect(twinkle[0]!.destination).toBe(69);
    expect(twinkle.every((s) => Math.abs(s.durations.reduce((a, b) => a + b, 0) - 4) < 1e-9)).toBe(true);
  });
  it('chains segments by the documented matching, for several seeds', () => {
    const segments = segmentCorpus(major, metre);
    for (const seed of [1, 2, 3, 4]) checkChain(segments, seed, 8);
  });
  it('says clearly when a corpus cannot make the chain', () => {
    const one = segmentCorpus(major.slice(0, 1), metre);
    expect(() => recombine(one, createRandom(1), { segments: 40, metre })).toThrow(/no chain of 40 segments/);
  });
});

describe.skipIf(!hasShared)('recombining the Swedish dances (../shared/data/corpus)', () => {
  it('joins 16 bars of 3/4 with every source listed', () => {
    const dir = sharedData('corpus');
    const corpus = prepareCorpus(readdirSync(dir).map((f) => readMidi(readFileSync(`${dir}/${f}`), f)));
    const segments = segmentCorpus(corpus.melodies.filter((m) => m.mode === 'minor'), { numerator: 3, denominator: 4 });
    const r = recombine(segments, createRandom(7), { segments: 16, metre: { numerator: 3, denominator: 4 } });
    expect(r.joins.every((j) => j.segment.source.endsWith('.mid'))).toBe(true);
    expect(new Set(r.joins.map((j) => j.segment.source)).size).toBeGreaterThan(3);
  });
});
