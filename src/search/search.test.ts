import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../math/random.js';
import { localExecutor } from './local-executor.js';
import { rosenbrock, sphere } from './objectives/test-functions.js';
import { formatResultLine, parseResultLines, ResultsFileError, type EvaluationTask, type ResultLine } from './results.js';
import { runSearch, type SearchExecutor } from './runner.js';
import { canonicalJson, evaluationKey, ParameterSpace } from './space.js';
import { parseSearchSpec, SearchSpecError } from './spec.js';
import { cmaes, defaultPopulationSize } from './strategies/cmaes.js';
import { gridPoints } from './strategies/grid.js';
import { nelderMead } from './strategies/nelder-mead.js';
import { latinHypercube } from './strategies/sampling.js';
import type { SearchStrategy } from './strategies/strategy.js';

function drive(s: SearchStrategy, f: (u: Float64Array) => number, budget: number): { n: number; best: number; reason: string | undefined } {
  let n = 0;
  let best = Infinity;
  for (;;) {
    const batch = s.ask();
    if (!batch || n >= budget) break;
    const values = batch.map(f);
    n += batch.length;
    best = Math.min(best, ...values);
    s.tell(values);
  }
  return { n, best, reason: s.stopReason };
}
const box = (u: Float64Array): number[] => Array.from(u, (v) => -2 + 4 * v);

describe('strategies on functions with known minima', () => {
  it('Nelder–Mead solves Rosenbrock from (−1.2, 1), the classic start, to 1e-12 within 400 evaluations', () => {
    // Lagarias et al. 1998 report ~ 160 iterations (~ 300 evaluations) for fminsearch from this start.
    const r = drive(nelderMead({ start: [(-1.2 + 2) / 4, (1 + 2) / 4], initialStep: 0.05, tolerance: 1e-10 }), (u) => rosenbrock(box(u)), 400);
    expect(r.best).toBeLessThan(1e-12);
    expect(r.reason).toMatch(/converged/);
  });

  it('CMA-ES reaches 1e-10 on the 5-D sphere, 4-D Rosenbrock and a 6-D ellipsoid of condition 10⁶', () => {
    expect(drive(cmaes({ start: [0.1, 0.2, 0.3, 0.4, 0.9], rng: createRandom(1) }), (u) => sphere(box(u)), 4000).best).toBeLessThan(1e-10);
    expect(drive(cmaes({ start: [0.5, 0.5, 0.5, 0.5], rng: createRandom(1) }), (u) => rosenbrock(box(u)), 8000).best).toBeLessThan(1e-10);
    // The ellipsoid needs a learnt covariance: an isotropic (1+1) step would need ~10⁶ times more evaluations.
    const ellipsoid = (u: Float64Array): number => box(u).reduce((s, x, i) => s + 10 ** ((6 * i) / 5) * (x - 0.3) ** 2, 0);
    const r = drive(cmaes({ start: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], rng: createRandom(2) }), ellipsoid, 8000);
    expect(r.best).toBeLessThan(1e-10);
  });

  it('uses the tutorial’s default population size 4 + ⌊3 ln n⌋', () => {
    expect([2, 5, 10, 20].map(defaultPopulationSize)).toEqual([6, 8, 10, 12]);
  });

  it('is deterministic given the seed', () => {
    const a = cmaes({ start: [0.5, 0.5], rng: createRandom(7) }).ask()!;
    const b = cmaes({ start: [0.5, 0.5], rng: createRandom(7) }).ask()!;
    expect(a).toEqual(b);
  });

  it('Latin hypercube puts exactly one point in each stratum of every axis', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1e6 }), (n, d, seed) => {
      const pts = latinHypercube(n, d, createRandom(seed));
      for (let j = 0; j < d; j++) expect(pts.map((p) => Math.floor(p[j]! * n)).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, k) => k));
    }));
  });

  it('the grid visits every combination once', () => {
    expect(gridPoints([[1, 2, 3], ['a', 'b']])).toHaveLength(6);
    expect(new Set(gridPoints([[1, 2, 3], [4, 5], [6, 7]]).map((p) => p.join())).size).toBe(12);
  });
});

describe('the parameter space', () => {
  const space = new ParameterSpace(parseSearchSpec({ objective: 'sphere', parameters: { a: { min: 1e-3, max: 10, scale: 'log', prior: { mean: 0.1, sd: 1 } }, n: { min: 1, max: 4, integer: true }, c: { values: ['x', 'y'] }, k: { value: 3 } }, strategy: { kind: 'grid' } }).parameters);

  it('maps the unit box onto ranges, log scales, integers and choices, and adds fixed values', () => {
    expect(space.toParams([0, 0, 0])).toEqual({ a: 1e-3, n: 1, c: 'x', k: 3 });
    expect(space.toParams([1, 1, 1])).toEqual({ a: 10, n: 4, c: 'y', k: 3 });
    expect(space.toParams([0.25, 0.5, 0.49]).a).toBeCloseTo(0.01, 12);
  });

  it('charges the prior as half a squared z in decades on a log scale', () => {
    expect(space.priorPenalty({ a: 10, n: 1, c: 'x' })).toBeCloseTo(2, 12); // two decades from 0.1 with sd 1 decade
  });

  it('gives equal keys for equal work only', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(evaluationKey('sphere', {}, { x1: 1, x2: 2 }, 1)).toBe(evaluationKey('sphere', {}, { x2: 2, x1: 1 }, 1));
    expect(evaluationKey('sphere', {}, { x1: 1 }, 1)).not.toBe(evaluationKey('sphere', {}, { x1: 1 }, 2));
    expect(evaluationKey('sphere', {}, { x1: 1 }, 1)).not.toBe(evaluationKey('sphere', { workMs: 1 }, { x1: 1 }, 1));
  });
});

describe('a bad spec names the field', () => {
  const good = { objective: 'sphere', parameters: { x1: { min: -1, max: 1 } }, strategy: { kind: 'random', evaluations: 4 } };
  const cases: Array<[unknown, RegExp]> = [
    [{ ...good, parameters: { x1: { min: 1, max: -1 } } }, /^parameters\.x1\.max: must be greater than min/],
    [{ ...good, parameters: { x1: { min: 0, max: 1, scale: 'log' } } }, /^parameters\.x1\.min: a log-scale range must be positive/],
    [{ ...good, parameters: { x1: { min: 0, max: 1, scale: 'cubic' } } }, /^parameters\.x1/],
    [{ ...good, strategy: { kind: 'simulated-annealing' } }, /^strategy\.kind/],
    [{ ...good, strategy: { kind: 'cmaes', evaluations: 0 } }, /^strategy\.evaluations/],
    [{ ...good, objective: undefined }, /^objective/],
    [{ ...good, parameters: {} }, /^parameters: needs at least one parameter/],
    [{ ...good, parameters: { x1: { value: 2 } } }, /^parameters: at least one parameter must be searched/],
    [{ ...good, extra: 1 }, /extra|Unrecognized/],
  ];
  for (const [spec, pattern] of cases) {
    it(`rejects ${JSON.stringify(spec).slice(0, 90)}`, () => {
      expect(() => parseSearchSpec(spec)).toThrow(SearchSpecError);
      expect(() => parseSearchSpec(spec)).toThrow(pattern);
    });
  }

  it('an unknown objective or metric is refused before any evaluation', async () => {
    await expect(runSearch(parseSearchSpec({ ...good, objective: 'nope' }), localExecutor())).rejects.toThrow(/unknown objective "nope"/);
    await expect(runSearch(parseSearchSpec({ ...good, minimize: 'f1' }), localExecutor())).rejects.toThrow(/^minimize: sphere returns loss/);
    await expect(runSearch(parseSearchSpec({ ...good, options: { speed: 1 } }), localExecutor())).rejects.toThrow(/options\.speed: unknown option/);
  });
});

describe('the search runner', () => {
  const spec = parseSearchSpec({ objective: 'rosenbrock', parameters: { x1: { min: -2, max: 2 }, x2: { min: -2, max: 2 } }, strategy: { kind: 'cmaes', evaluations: 120 }, seed: 3 });

  /** Counts what reaches the executor. */
  function counting(): SearchExecutor & { tasks: EvaluationTask[] } {
    const inner = localExecutor();
    const tasks: EvaluationTask[] = [];
    return { tasks, run: (t, on) => (tasks.push(...t), inner.run(t, on)) };
  }

  it('spends its budget, records every evaluation once, and finds the valley', async () => {
    const ex = counting();
    const lines: ResultLine[] = [];
    const r = await runSearch(spec, ex, { onLine: (l) => lines.push(l) });
    expect(r.lines).toHaveLength(120);
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
    expect(ex.tasks.length).toBe(lines.length);
    expect(r.best!.value).toBeLessThan(0.5);
  });

  it('resumes after a crash without repeating work, and ends where an uninterrupted run ends', async () => {
    const full = await runSearch(spec, localExecutor());
    // A crash after 50 evaluations: the record holds the first 50 lines that reached the file.
    const written: ResultLine[] = [];
    await runSearch(spec, { run: async (tasks, on) => { for (const t of tasks) { if (written.length >= 50) throw new Error('crash'); await localExecutor().run([t], (o) => on(o)); } } }, { onLine: (l) => written.push(l) }).catch(() => undefined);
    expect(written).toHaveLength(50);
    const text = written.map(formatResultLine).join('\n') + '\n{"key":"half a li'; // and a line cut short
    const { lines: previous, truncated } = parseResultLines(text);
    expect(truncated).toBe(true);
    const ex = counting();
    const resumed = await runSearch(spec, ex, { previous });
    expect(resumed.reused).toBe(50);
    expect(ex.tasks.every((t) => !previous.some((l) => l.key === t.key))).toBe(true);
    expect(resumed.lines.map((l) => l.key)).toEqual(full.lines.map((l) => l.key));
    expect(resumed.best!.value).toBe(full.best!.value);
  });

  it('refuses the lines of another search', async () => {
    const other = await runSearch(parseSearchSpec({ ...spec, seed: 4 }), localExecutor());
    await expect(runSearch(spec, localExecutor(), { previous: other.lines.slice(0, 3) })).rejects.toThrow(/another search/);
  });

  it('records a failing evaluation as a result with its error, valued +∞', async () => {
    const failing = parseSearchSpec({ objective: 'sphere', parameters: { y: { min: 0, max: 1 } }, strategy: { kind: 'random', evaluations: 2 } });
    const r = await runSearch(failing, localExecutor());
    expect(r.lines.every((l) => l.error?.includes('x1, x2') && l.value === Infinity)).toBe(true);
    expect(r.best).toBeUndefined();
  });
});

describe('the results file', () => {
  it('round-trips a line, infinities included', () => {
    const line: ResultLine = { key: 'k', search: 's', name: 'n', index: 0, params: { x: 1, c: 'a' }, seed: 1, metrics: { loss: Infinity, f: 2 }, value: Infinity, penalty: 0, error: 'bad', seconds: 0.5, host: 'h', worker: 'w', finishedAt: '2026-01-01T00:00:00.000Z' };
    expect(parseResultLines(formatResultLine(line) + '\n').lines[0]).toEqual(line);
  });

  it('names the line of a broken record', () => {
    const ok = '{"key":"a","search":"s","params":{},"metrics":{}}';
    expect(() => parseResultLines(`${ok}\nnot json\n${ok}\n`)).toThrow(new ResultsFileError('line 2: not JSON'));
    expect(() => parseResultLines(`${ok}\n{"key":"b","search":"s","metrics":{}}\n`)).toThrow(/line 2: field params missing/);
    expect(() => parseResultLines('[1,2]\n')).toThrow(/line 1: field key missing/);
  });
});
