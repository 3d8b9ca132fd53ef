import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { IncrementalOnsetMatcher, matchOnsets, onsetF1, onsetF1ManyToMany } from './onsets-f1.js';
import { createRandom } from '../math/random.js';

/** Maximum matching by exhaustive search: the oracle for small random instances. */
function bruteForceMatching(targets: number[], predicted: number[], w: number): number {
  const used = new Array<boolean>(targets.length).fill(false);
  const go = (i: number): number => {
    if (i === predicted.length) return 0;
    let best = go(i + 1); // leave prediction i unmatched
    for (let j = 0; j < targets.length; j++) {
      if (!used[j] && Math.abs(predicted[i]! - targets[j]!) <= w) {
        used[j] = true;
        best = Math.max(best, 1 + go(i + 1));
        used[j] = false;
      }
    }
    return best;
  };
  return go(0);
}

const mirEval = spawnSync('/usr/bin/python3', ['-c', 'import mir_eval'], { encoding: 'utf8' }).status === 0;
if (!mirEval) console.warn('[neuromusic tests] python3-mir-eval missing: the mir_eval comparison is skipped (.ci/run installs it).');

describe('one-to-one onset F1 (mir_eval convention)', () => {
  it('scores hand-made lists', () => {
    // Two targets hit, one extra prediction: P = 2/3, R = 1, F = 0.8.
    expect(onsetF1([0.51, 1.0, 1.02], [0.5, 1.0]).f1).toBeCloseTo(0.8, 12);
    // Perfect.
    expect(onsetF1([0, 1, 2], [0.04, 1.04, 1.96])).toMatchObject({ precision: 1, recall: 1, f1: 1, matched: 3 });
    // Just outside the window (60 ms) misses.
    expect(onsetF1([1.06], [1.0]).f1).toBe(0);
    // One of three targets found, one of one prediction right: P = 1, R = 1/3, F = 0.5.
    expect(onsetF1([2.0], [1, 2, 3]).f1).toBeCloseTo(0.5, 12);
    // Empty lists score 0, as in mir_eval.
    expect(onsetF1([], [1]).f1).toBe(0);
    expect(onsetF1([1], []).f1).toBe(0);
  });

  it('counts a target once even when several predictions are near it', () => {
    const s = onsetF1([1.0, 1.01, 1.02, 1.03], [1.0]);
    expect(s.matched).toBe(1);
    expect(s.precision).toBe(0.25);
    expect(s.recall).toBe(1);
  });

  it('finds the maximum matching where a greedy nearest-first pass does not', () => {
    // Greedy (each prediction in time order takes its nearest free target): 1.02 → 1.03, then 1.06 finds nothing.
    // The maximum matching pairs 1.02 ↔ 1.00 and 1.06 ↔ 1.03.
    const pairs = matchOnsets([1.0, 1.03], [1.02, 1.06]);
    expect(pairs).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(onsetF1([1.02, 1.06], [1.0, 1.03]).f1).toBe(1);
  });

  it('equals an exhaustive maximum matching on random small instances', () => {
    const rng = createRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const nt = rng.int(7);
      const np = rng.int(7);
      const targets = Array.from({ length: nt }, () => Math.round(rng.uniform(0, 0.4) * 100) / 100);
      const predicted = Array.from({ length: np }, () => Math.round(rng.uniform(0, 0.4) * 100) / 100);
      const expected = bruteForceMatching(targets, predicted, 0.05 + 1e-12);
      expect(matchOnsets(targets, predicted, { windowSeconds: 0.05 + 1e-12 }).length).toBe(expected);
    }
  });

  it('incremental matching scores every prefix like a fresh maximum matching', () => {
    const rng = createRandom(5);
    const targets = Array.from({ length: 60 }, () => rng.uniform(0, 5));
    const predicted = Array.from({ length: 80 }, () => rng.uniform(0, 5));
    const inc = new IncrementalOnsetMatcher(targets);
    for (let k = 1; k <= predicted.length; k++) {
      inc.add(predicted[k - 1]!);
      expect(inc.matched).toBe(matchOnsets(targets, predicted.slice(0, k)).length);
    }
  });

  it.skipIf(!mirEval)('agrees with mir_eval.onset.f_measure on random onset lists', () => {
    const rng = createRandom(3);
    const cases = Array.from({ length: 25 }, () => {
      const targets = Array.from({ length: 5 + rng.int(60) }, () => rng.uniform(0, 10));
      const predicted = Array.from({ length: 5 + rng.int(60) }, () => rng.uniform(0, 10));
      return { targets, predicted };
    });
    const script = [
      'import json, sys, numpy as np, mir_eval',
      'cases = json.load(sys.stdin)',
      'out = [mir_eval.onset.f_measure(np.sort(np.array(c["targets"])), np.sort(np.array(c["predicted"])), window=0.05) for c in cases]',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const theirs = JSON.parse(r.stdout) as Array<[number, number, number]>;
    cases.forEach((c, i) => {
      const ours = onsetF1(c.predicted, c.targets);
      expect(ours.f1).toBeCloseTo(theirs[i]![0], 12);
      expect(ours.precision).toBeCloseTo(theirs[i]![1], 12);
      expect(ours.recall).toBeCloseTo(theirs[i]![2], 12);
    });
  });
});

describe("PyANNOW's many-to-many F1", () => {
  it('lets one prediction find several targets and several predictions share one target', () => {
    // Three predictions within 40 ms of one target: all "correct", the target found → F = 1 (one-to-one: 0.5).
    expect(onsetF1ManyToMany([1.0, 1.02, 1.04], [1.0]).f1).toBe(1);
    expect(onsetF1([1.0, 1.02, 1.04], [1.0]).f1).toBeCloseTo(0.5, 12);
    // One prediction between two targets 80 ms apart finds both: P = 1, R = 1.
    const s = onsetF1ManyToMany([1.04], [1.0, 1.08]);
    expect(s).toMatchObject({ precision: 1, recall: 1, matched: 1, targetsFound: 2 });
  });

  it('is never below the one-to-one score', () => {
    const rng = createRandom(8);
    for (let trial = 0; trial < 50; trial++) {
      const t = Array.from({ length: 1 + rng.int(30) }, () => rng.uniform(0, 3));
      const p = Array.from({ length: 1 + rng.int(30) }, () => rng.uniform(0, 3));
      expect(onsetF1ManyToMany(p, t).f1).toBeGreaterThanOrEqual(onsetF1(p, t).f1 - 1e-15);
    }
  });

  it('rewards a dense regular grid that the one-to-one score exposes', () => {
    // Targets every 0.5 s; a "prediction" every 50 ms, 10 ms late: each target has two predictions within 50 ms
    // (+10 ms and −40 ms) except the first (at 0 s: only +10 ms), so many-to-many precision is 39/200, while
    // one-to-one precision is 20/200.
    const targets = Array.from({ length: 20 }, (_, i) => 0.5 * i);
    const predicted = Array.from({ length: 200 }, (_, i) => 0.05 * i + 0.01);
    const loose = onsetF1ManyToMany(predicted, targets);
    const strict = onsetF1(predicted, targets);
    expect(loose.recall).toBe(1);
    expect(strict.recall).toBe(1);
    expect(strict.precision).toBeCloseTo(20 / 200, 12);
    expect(loose.precision).toBeCloseTo(39 / 200, 12);
  });

  it('refuses non-finite times and bad windows', () => {
    expect(() => onsetF1([NaN], [1])).toThrow(/predicted\[0\]/);
    expect(() => onsetF1([1], [1], { windowSeconds: -1 })).toThrow(/windowSeconds/);
  });
});
