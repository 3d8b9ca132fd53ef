import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../math/random.js';
import { beatContinuity, beatInformationGain, beatVariations, evaluateBeats, type BeatMetrics } from './beats-eval.js';

const PYTHON = '/usr/bin/python3';
const hasMirEval = spawnSync(PYTHON, ['-c', 'import mir_eval.beat'], { encoding: 'utf8' }).status === 0;
if (!hasMirEval) console.warn('[neuromusic tests] mir_eval not found under /usr/bin/python3: the cross-check is skipped (Debian: python3-mir-eval).');

/** A beat list like a tracker's: a steady or drifting pulse, with jitter, dropouts, insertions, a phase or level error. */
function randomCase(rng: Random): { ref: number[]; est: number[] } {
  const period = rng.uniform(0.3, 1.2);
  const ref: number[] = [];
  let t = rng.uniform(0, 1);
  const drift = rng.uniform(-0.004, 0.004);
  for (let i = 0; t < 60; i++) {
    ref.push(+t.toFixed(4));
    t += period * (1 + drift * i * 0.1) + rng.normal(0, 0.01);
  }
  const kind = rng.int(6);
  const factor = kind === 1 ? 2 : kind === 2 ? 0.5 : kind === 5 ? 1.5 : 1;
  const offset = kind === 3 ? period / 2 : rng.normal(0, 0.03);
  const est: number[] = [];
  let s = ref[0]! + offset;
  while (s < 62) {
    if (!rng.bernoulli(0.08)) est.push(+(s + rng.normal(0, 0.03)).toFixed(4));
    if (rng.bernoulli(0.05)) est.push(+(s + rng.uniform(0, period)).toFixed(4));
    s += period / factor;
  }
  if (kind === 4) est.splice(rng.int(est.length >> 1), 10);
  return { ref, est: [...new Set(est)].filter((x) => x >= 0).sort((a, b) => a - b) };
}

describe('beat metrics (mir_eval definitions)', () => {
  it('a perfect track scores 1 on every metric', () => {
    const ref = Array.from({ length: 40 }, (_, i) => 5 + 0.5 * i);
    const m = evaluateBeats(ref, ref);
    for (const v of Object.values(m)) expect(v).toBeCloseTo(1, 12);
  });

  it('double tempo: CMLt 0.5-ish but AMLt 1; off-beat: F 0, AMLt 1', () => {
    const ref = Array.from({ length: 40 }, (_, i) => 5 + 0.6 * i);
    const double = beatVariations(ref)[2]!;
    const m = evaluateBeats(ref, double);
    expect(m.amlt).toBeCloseTo(1, 12);
    expect(m.cmlt).toBeLessThan(0.1);
    const off = ref.map((t) => t + 0.3);
    const o = evaluateBeats(ref, off);
    expect(o.fMeasure).toBe(0);
    expect(o.amlt).toBeGreaterThan(0.95);
    expect(beatContinuity(ref, off).cmlt).toBe(0);
  });

  it('random beats carry little information; a consistent offset carries much', () => {
    const rng = createRandom(3);
    const ref = Array.from({ length: 100 }, (_, i) => 0.5 * i);
    const random = Array.from({ length: 100 }, () => rng.uniform(0, 50)).sort((a, b) => a - b);
    expect(beatInformationGain(ref, random)).toBeLessThan(0.15);
    expect(beatInformationGain(ref, ref.map((t) => t + 0.1))).toBeGreaterThan(0.9);
  });

  it('rejects negative or non-finite times with a clear message', () => {
    expect(() => evaluateBeats([1, -2], [1])).toThrow(/reference beats must be finite non-negative/);
    expect(() => evaluateBeats([1], [NaN])).toThrow(/estimated beats/);
  });

  it.skipIf(!hasMirEval)('agrees with Debian python3-mir-eval on 60 random tracks, every metric to 1e-9', () => {
    const rng = createRandom(21);
    const cases = Array.from({ length: 60 }, () => randomCase(rng));
    const script = `
import json, sys, warnings
import numpy as np
import mir_eval.beat as b
warnings.simplefilter('ignore')
out = []
for c in json.load(sys.stdin):
    s = b.evaluate(np.array(c['ref']), np.array(c['est']))
    out.append([s['F-measure'], s['Cemgil'], s['Cemgil Best Metric Level'], s['P-score'],
                s['Correct Metric Level Continuous'], s['Correct Metric Level Total'],
                s['Any Metric Level Continuous'], s['Any Metric Level Total'], s['Information gain']])
print(json.dumps(out))
`;
    const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const theirs = JSON.parse(r.stdout) as number[][];
    const keys: Array<keyof BeatMetrics> = ['fMeasure', 'cemgil', 'cemgilBest', 'pScore', 'cmlc', 'cmlt', 'amlc', 'amlt', 'informationGain'];
    let spread = 0;
    cases.forEach((c, i) => {
      const ours = evaluateBeats(c.ref, c.est);
      keys.forEach((k, j) => {
        expect(ours[k], `case ${i}, ${k}`).toBeCloseTo(theirs[i]![j]!, 9);
      });
      spread += ours.fMeasure;
    });
    // the cases are not all perfect or all failures: the comparison exercises the whole range
    expect(spread / cases.length).toBeGreaterThan(0.2);
    expect(spread / cases.length).toBeLessThan(0.9);
  });
});
