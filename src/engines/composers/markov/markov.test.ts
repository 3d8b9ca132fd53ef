import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { melodyFrom } from '../../../analysis/corpus/melody.js';
import { builtInCorpusScores, prepareCorpus } from '../../../analysis/corpus/index.js';
import { createRandom } from '../../../math/random.js';
import { evaluateOrders, longestCopiedRun, splitByPiece } from './evaluate.js';
import { generateMarkov } from './generate.js';
import { logLikelihood, nextDistribution, pairCount, tokenProbability, trainMarkov } from './model.js';

const tune = melodyFrom([60, 62, 64, 62, 60, 62, 64, 64, 62, 60], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], { source: 'a' });

describe('Witten–Bell Markov model', () => {
  it('matches a hand computation at order 0 and order 1', () => {
    // Tokens: C×3, D×4, E×3 (all quarter notes); V = 3, uniform base 1/4.
    const m0 = trainMarkov([tune], { order: 0 });
    const c = m0.vocabulary.indexOf('60:1');
    // P(C) = (3 + 3·¼) / (10 + 3)
    expect(tokenProbability(m0, [], c)).toBeCloseTo((3 + 3 / 4) / 13, 12);
    const m1 = trainMarkov([tune], { order: 1 });
    const d = m1.vocabulary.indexOf('62:1');
    const e = m1.vocabulary.indexOf('64:1');
    // After E: D twice, E once (types 2, total 3); lower order P(D) = (4 + 3·¼)/13.
    const pD0 = (4 + 3 / 4) / 13;
    expect(tokenProbability(m1, [e], d)).toBeCloseTo((2 + 2 * pD0) / (3 + 2), 12);
    // The counts themselves: D after E twice, E after E once, C after E never.
    expect([pairCount(m1, [e], 1, d), pairCount(m1, [e], 1, e), pairCount(m1, [e], 1, m1.vocabulary.indexOf('60:1'))]).toEqual([2, 1, 0]);
  });
  it('gives a proper distribution: the vocabulary plus the unseen token sum to 1', () => {
    const corpus = prepareCorpus(builtInCorpusScores()).melodies;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: -2, max: 200 }), { maxLength: 4 }), (order, history) => {
        const model = trainMarkov(corpus, { order });
        const h = history.map((x) => (x >= model.vocabulary.length ? -2 : x));
        const dist = nextDistribution(model, h);
        const total = dist.reduce((a, b) => a + b, 0) + tokenProbability(model, h, -1);
        return Math.abs(total - 1) < 1e-9;
      }),
      { numRuns: 40 },
    );
  });
  it('fits its training data better at higher order', () => {
    const bits = [0, 1, 2].map((order) => logLikelihood(trainMarkov([tune], { order }), [tune]).bitsPerNote);
    expect(bits[1]).toBeGreaterThan(bits[0]!);
    expect(bits[2]).toBeGreaterThan(bits[1]!);
  });
  it('refuses orders outside 0–4', () => {
    expect(() => trainMarkov([tune], { order: 5 })).toThrow(/orders 0–4/);
  });
});

describe('generation under constraints', () => {
  const corpus = prepareCorpus(builtInCorpusScores()).melodies.filter((m) => m.mode === 'major');
  for (const order of [0, 2, 4]) {
    it(`order ${order}: fills the bars, stays in key and range, ends on the tonic`, () => {
      const g = generateMarkov(trainMarkov(corpus, { order }), createRandom(order + 5), { bars: 8, metre: { numerator: 4, denominator: 4 }, tonic: 0, mode: 'major', range: [57, 79], temperature: 1.2 });
      const m = g.melody;
      expect(m.durations.reduce((a, b) => a + b, 0)).toBeCloseTo(32, 9);
      expect(m.pitches.every((p) => p >= 57 && p <= 79 && [0, 2, 4, 5, 7, 9, 11].includes(p % 12))).toBe(true);
      expect(m.pitches.at(-1)! % 12).toBe(0);
      // No note crosses a bar line.
      m.onsets.forEach((o, i) => expect(Math.floor(o / 4 + 1e-9)).toBe(Math.floor((o + m.durations[i]! - 1e-9) / 4)));
    });
  }
  it('is deterministic for a seed', () => {
    const model = trainMarkov(corpus, { order: 2 });
    const a = generateMarkov(model, createRandom(9), { bars: 4, metre: { numerator: 4, denominator: 4 }, tonic: 0, mode: 'major' });
    const b = generateMarkov(model, createRandom(9), { bars: 4, metre: { numerator: 4, denominator: 4 }, tonic: 0, mode: 'major' });
    expect(a.melody.pitches).toEqual(b.melody.pitches);
  });
  it('sharpens with a low temperature: higher likelihood than at a high one', () => {
    const model = trainMarkov(corpus, { order: 1 });
    const mean = (t: number): number => {
      let s = 0;
      for (let seed = 0; seed < 6; seed++) s += generateMarkov(model, createRandom(seed), { bars: 8, metre: { numerator: 4, denominator: 4 }, tonic: 0, mode: 'major', temperature: t }).bitsPerNote;
      return s / 6;
    };
    expect(mean(0.3)).toBeGreaterThan(mean(3));
  });
});

describe('evaluation', () => {
  it('finds the longest verbatim run', () => {
    const copy = longestCopiedRun(melodyFrom([67, 60, 62, 64, 62, 65], [1, 1, 1, 1, 1, 1]), [tune]);
    expect(copy).toEqual({ notes: 4, at: 1, source: 'a', sourceAt: 0 });
    // A duration differing breaks the run.
    expect(longestCopiedRun(melodyFrom([60, 62], [1, 2]), [tune]).notes).toBe(1);
  });
  it('splits by piece with the seed and scores every order', () => {
    const corpus = prepareCorpus(builtInCorpusScores()).melodies;
    const { train, test } = splitByPiece(corpus, createRandom(1), 0.25);
    expect(train.length + test.length).toBe(corpus.length);
    expect(test.length).toBe(3);
    expect(new Set([...train, ...test]).size).toBe(corpus.length);
    const rows = evaluateOrders(train, test);
    expect(rows.map((r) => r.order)).toEqual([0, 1, 2, 3, 4]);
    expect(rows[0]!.gainOverOrder0).toBe(0);
    // In-sample fit rises with the order.
    for (let k = 1; k < rows.length; k++) expect(rows[k]!.trainBits).toBeGreaterThan(rows[k - 1]!.trainBits);
  });
});
