/**
 * An objective turns one parameter set into numbers: any engine run, measured. Objectives are registered by name
 * (objectives/index.ts) so that a spec file can name one and a worker on another machine can load it; each is
 * loaded lazily, so a worker only loads the engine it evaluates.
 */
import type { Params } from '../space.js';

/** What an evaluation returns: named finite-or-not numbers ("loss" by convention the one to minimise). */
export type Metrics = Record<string, number>;

/** One objective. */
export interface Objective {
  /** One line for `--list-objectives`. */
  description: string;
  /** The metrics it returns, the minimised one first. */
  metrics: readonly string[];
  /** Checks the spec's options once, before any evaluation (throws a RangeError naming the option). */
  checkOptions?(options: Record<string, unknown>): void;
  /** Runs one evaluation. Deterministic given params, options and seed. */
  evaluate(params: Params, options: Record<string, unknown>, seed: number): Metrics | Promise<Metrics>;
}

/** A registry entry: a description and a loader, so that listing objectives loads no engine. */
export interface ObjectiveEntry {
  description: string;
  load(): Promise<Objective>;
}

/** A numeric parameter by name, or a clear error. */
export function numberParam(params: Params, name: string, fallback?: number): number {
  const v = params[name];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`parameter ${name} must be a finite number, got ${String(v)}`);
  return v;
}
