/**
 * Test functions with known minima, for checking strategies and executors: the sphere Σx², Rosenbrock's valley
 * Σ 100(x_{i+1} − x_i²)² + (1 − x_i)² (minimum 0 at x = 1) and Rastrigin's 10n + Σ(x² − 10 cos 2πx) (minimum 0 at 0),
 * over every numeric parameter whose name starts with "x" (x1, x2, …, in name order). The option `workMs` keeps the
 * thread busy that long per evaluation, standing in for an engine of known cost in executor tests and benchmarks.
 */
import type { Params } from '../space.js';
import type { Metrics, Objective } from './objective.js';

function coordinates(params: Params): number[] {
  const names = Object.keys(params).filter((k) => /^x/.test(k) && typeof params[k] === 'number').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0) throw new RangeError('a test function needs numeric parameters named x1, x2, …');
  return names.map((k) => params[k] as number);
}

function busy(options: Record<string, unknown>): void {
  const ms = Number(options['workMs'] ?? 0);
  if (!(ms > 0)) return;
  const until = performance.now() + ms;
  // A spin, not a sleep: the stand-in must occupy a core as an engine run does.
  while (performance.now() < until) {
    /* spin */
  }
}

function checkWork(options: Record<string, unknown>): void {
  for (const key of Object.keys(options)) if (key !== 'workMs') throw new RangeError(`options.${key}: unknown option (a test function takes workMs)`);
  const ms = options['workMs'];
  if (ms !== undefined && !(typeof ms === 'number' && ms >= 0 && ms <= 600_000)) throw new RangeError(`options.workMs: must be a number of milliseconds in [0, 600000], got ${String(ms)}`);
}

/** Σ x_i². */
export function sphere(x: readonly number[]): number {
  return x.reduce((s, v) => s + v * v, 0);
}

/** Rosenbrock's function; minimum 0 at (1, …, 1). */
export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
}

/** Rastrigin's function; minimum 0 at 0, with a local minimum near every integer point. */
export function rastrigin(x: readonly number[]): number {
  return 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0);
}

function objective(name: string, f: (x: readonly number[]) => number): Objective {
  return {
    description: `${name} test function over x1, x2, … (known minimum 0)`,
    metrics: ['loss'],
    checkOptions: checkWork,
    evaluate(params: Params, options: Record<string, unknown>): Metrics {
      busy(options);
      return { loss: f(coordinates(params)) };
    },
  };
}

export const sphereObjective = objective('sphere', sphere);
export const rosenbrockObjective = objective('Rosenbrock', rosenbrock);
export const rastriginObjective = objective('Rastrigin', rastrigin);
