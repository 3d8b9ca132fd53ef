/**
 * The search loop: the strategy proposes points, the executor evaluates those not yet in the record, each finished
 * evaluation becomes a results line the moment it arrives, and the values go back to the strategy. The executor is
 * anything that evaluates a batch of tasks — in this thread, a pool of worker threads on every core
 * (node/search-pool.ts), or a BullMQ queue served by workers on many machines (node/search-redis.ts).
 *
 * Resuming is replaying: strategies are deterministic given their seed and the values they are told, so running the
 * same spec against the lines already written proposes the same points in the same order; those found by their
 * evaluation key are told from the record, and only the rest are evaluated.
 */
import { createRandom } from '../math/random.js';
import { loadObjective } from './objectives/index.js';
import type { Objective } from './objectives/objective.js';
import type { EvaluationOutcome, EvaluationTask, ResultLine } from './results.js';
import { evaluationKey, searchFingerprint, specSpace, type ParameterSpace, type Params } from './space.js';
import { SearchSpecError, type SearchSpec } from './spec.js';
import { cmaes } from './strategies/cmaes.js';
import { gridPoints } from './strategies/grid.js';
import { nelderMead } from './strategies/nelder-mead.js';
import { designStrategy, latinHypercube, uniformSamples } from './strategies/sampling.js';
import type { SearchStrategy } from './strategies/strategy.js';

/** Evaluates batches of tasks: calls `onOutcome` as each finishes, in any order, and resolves when all have. */
export interface SearchExecutor {
  run(tasks: readonly EvaluationTask[], onOutcome: (outcome: EvaluationOutcome) => void): Promise<void>;
}

/** Progress of a search. */
export interface SearchProgress {
  /** Evaluations settled (done now or found in the record). */
  done: number;
  /** The budget (the grid's size for a grid). */
  budget: number;
  /** Evaluated in this run, and found in the record. */
  evaluated: number;
  reused: number;
  best: number;
}

/** Options of {@link runSearch}. */
export interface RunSearchOptions {
  /** Lines already in the results file (resume). */
  previous?: readonly ResultLine[];
  /** Each new line, as soon as its evaluation finishes: append it to the file here. */
  onLine?: (line: ResultLine) => void;
  onProgress?: (progress: SearchProgress) => void;
  /** The host's name for lines of evaluations done in this process (executors report their own). */
  now?: () => Date;
}

/** A finished search. */
export interface SearchResult {
  spec: SearchSpec;
  fingerprint: string;
  /** Every evaluation of this run's path through the space, in the order asked (reused ones included). */
  lines: ResultLine[];
  best: ResultLine | undefined;
  evaluated: number;
  reused: number;
  stopReason: string;
}

/** The budget: the grid's size, or the strategy's evaluations. */
export function searchBudget(spec: SearchSpec, space: ParameterSpace = specSpace(spec)): number {
  if (spec.strategy.kind === 'grid') return space.gridAxes(spec.strategy.points).reduce((n, a) => n * a.length, 1);
  return spec.strategy.evaluations;
}

interface ParamStrategy {
  ask(): Params[] | undefined;
  tell(values: readonly number[]): void;
  readonly stopReason?: string;
}

function overUnit(strategy: SearchStrategy, space: ParameterSpace): ParamStrategy {
  return {
    ask: () => strategy.ask()?.map((u) => space.toParams(u)),
    tell: (v) => strategy.tell(v),
    get stopReason() {
      return strategy.stopReason;
    },
  };
}

/** The strategy of a spec, proposing parameter sets. */
export function createStrategy(spec: SearchSpec, space: ParameterSpace = specSpace(spec)): ParamStrategy {
  const rng = createRandom(spec.seed).fork(`search strategy ${spec.strategy.kind}`);
  const s = spec.strategy;
  const n = space.dimension;
  switch (s.kind) {
    case 'grid': {
      const names = space.names;
      const points = gridPoints(space.gridAxes(s.points)).map((values) => ({ ...Object.fromEntries(values.map((v, i) => [names[i]!, v])), ...space.fixed }));
      let given = false;
      return {
        ask: () => {
          if (given) return undefined;
          given = true;
          return points;
        },
        tell: () => undefined,
        get stopReason() {
          return given ? 'grid complete' : undefined;
        },
      };
    }
    case 'random':
      return overUnit(designStrategy(uniformSamples(s.evaluations, n, rng)), space);
    case 'latin-hypercube':
      return overUnit(designStrategy(latinHypercube(s.evaluations, n, rng)), space);
    case 'nelder-mead':
      return overUnit(nelderMead({ start: space.startPoint(), initialStep: s.initialStep, tolerance: s.tolerance }), space);
    case 'cmaes':
      return overUnit(cmaes({ start: space.startPoint(), sigma: s.sigma, tolerance: s.tolerance, rng, ...(s.populationSize ? { populationSize: s.populationSize } : {}) }), space);
  }
}

/** Loads the spec's objective and checks its options and minimised metric (errors name the spec field). */
export async function checkObjective(spec: SearchSpec): Promise<Objective> {
  let objective: Objective;
  try {
    objective = await loadObjective(spec.objective);
  } catch (err) {
    throw new SearchSpecError((err as Error).message);
  }
  try {
    objective.checkOptions?.(spec.options);
  } catch (err) {
    throw new SearchSpecError((err as Error).message);
  }
  if (!objective.metrics.includes(spec.minimize)) throw new SearchSpecError(`minimize: ${spec.objective} returns ${objective.metrics.join(', ')}, not "${spec.minimize}"`);
  return objective;
}

/**
 * Runs a search to its end (strategy finished or budget spent), evaluating through `executor`.
 * @example
 * import { localExecutor } from './local-executor.js';
 * import { parseSearchSpec } from './spec.js';
 * const spec = parseSearchSpec({ objective: 'sphere', parameters: { x1: { min: -1, max: 1 }, x2: { min: -1, max: 1 } }, strategy: { kind: 'cmaes', evaluations: 300 } });
 * const result = await runSearch(spec, localExecutor());
 * result.best!.value < 1e-4; // → true
 */
export async function runSearch(spec: SearchSpec, executor: SearchExecutor, options: RunSearchOptions = {}): Promise<SearchResult> {
  await checkObjective(spec);
  const space = specSpace(spec);
  const fingerprint = searchFingerprint(spec);
  const record = new Map<string, ResultLine>();
  for (const line of options.previous ?? []) {
    if (line.search !== fingerprint) throw new SearchSpecError(`the results hold evaluations of another search (fingerprint ${line.search}, this spec's is ${fingerprint}): write to another file or use the spec that made them`);
    if (!record.has(line.key)) record.set(line.key, line);
  }
  const seed = spec.evaluationSeed ?? spec.seed;
  const budget = searchBudget(spec, space);
  const strategy = createStrategy(spec, space);
  const now = options.now ?? (() => new Date());
  const lines: ResultLine[] = [];
  const seen = new Set<string>();
  let evaluated = 0;
  let reused = 0;
  let best = Infinity;
  let stopReason = '';
  const progress = (): void => options.onProgress?.({ done: lines.length, budget, evaluated, reused, best });
  progress();
  for (;;) {
    const batch = strategy.ask();
    if (!batch) {
      stopReason = strategy.stopReason ?? 'strategy finished';
      break;
    }
    if (lines.length >= budget) {
      stopReason = `budget of ${budget} evaluations spent`;
      break;
    }
    const take = batch.slice(0, budget - lines.length);
    const keys = take.map((params) => evaluationKey(spec.objective, spec.options, params, seed));
    const tasks: EvaluationTask[] = [];
    const indexOf = new Map<string, number>();
    take.forEach((params, i) => {
      const key = keys[i]!;
      if (!indexOf.has(key)) indexOf.set(key, lines.length + i);
      if (!record.has(key) && !tasks.some((t) => t.key === key)) tasks.push({ key, objective: spec.objective, options: spec.options, params, seed });
    });
    const paramsOf = new Map(tasks.map((t) => [t.key, t.params]));
    if (tasks.length > 0) {
      await executor.run(tasks, (outcome) => {
        if (record.has(outcome.key) || !paramsOf.has(outcome.key)) return; // a duplicate delivery: the first one counts
        const params = paramsOf.get(outcome.key)!;
        const penalty = space.priorPenalty(params);
        const metric = outcome.metrics[spec.minimize];
        const value = outcome.error !== undefined || metric === undefined || !Number.isFinite(metric) ? Infinity : metric + spec.priorWeight * penalty;
        const line: ResultLine = {
          key: outcome.key,
          search: fingerprint,
          name: spec.name,
          index: indexOf.get(outcome.key)!,
          params,
          seed,
          metrics: outcome.metrics,
          value,
          penalty,
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
          seconds: outcome.seconds,
          host: outcome.host,
          worker: outcome.worker,
          finishedAt: now().toISOString(),
        };
        record.set(outcome.key, line);
        evaluated++;
        options.onLine?.(line);
      });
      const missing = tasks.filter((t) => !record.has(t.key));
      if (missing.length) throw new Error(`the executor finished without ${missing.length} of ${tasks.length} evaluations`);
    }
    const values: number[] = [];
    take.forEach((_, i) => {
      const line = record.get(keys[i]!)!;
      if (!seen.has(line.key)) {
        seen.add(line.key);
        lines.push({ ...line, index: lines.length });
        if (!paramsOf.has(line.key)) reused++;
      } else {
        lines.push({ ...line, index: lines.length });
      }
      best = Math.min(best, line.value);
      values.push(line.value);
    });
    progress();
    if (take.length < batch.length) {
      stopReason = `budget of ${budget} evaluations spent`;
      break;
    }
    strategy.tell(values);
  }
  const finite = lines.filter((l) => Number.isFinite(l.value));
  const bestLine = finite.reduce<ResultLine | undefined>((b, l) => (!b || l.value < b.value ? l : b), undefined);
  return { spec, fingerprint, lines, best: bestLine, evaluated, reused, stopReason };
}
