/**
 * The local executor on every core: a pool of worker threads (piscina) evaluates the tasks of a batch in parallel,
 * each thread loading the objective's engine once. The default executor of `neuromusic sweep`.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { EvaluationOutcome, EvaluationTask } from '../search/results.js';
import type { SearchExecutor } from '../search/runner.js';

/** A pool executor; `close` ends its threads. */
export interface PoolExecutor extends SearchExecutor {
  readonly threads: number;
  close(): Promise<void>;
}

/** The worker file beside this module (.js when built; .ts when run from source under tsx). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/search-pool\.(js|ts)$/, (_m, ext: string) => `search-pool-worker.${ext}`);
}

/**
 * A pool of `threads` worker threads (default: every core).
 * @example
 * // not run: the worker threads load the built dist/node/search-pool-worker.js (bench/search.ts and the CLI tests run it)
 * const pool = poolExecutor({ threads: 2 });
 * const spec = parseSearchSpec({ objective: 'sphere', parameters: { x1: { min: -1, max: 1 } }, strategy: { kind: 'random', evaluations: 8 } });
 * await runSearch(spec, pool); await pool.close();
 */
export function poolExecutor(options: { threads?: number } = {}): PoolExecutor {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const pool = new Piscina<EvaluationTask, EvaluationOutcome>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  return {
    threads,
    async run(tasks, onOutcome) {
      await Promise.all(tasks.map(async (task) => onOutcome(await pool.run(task))));
    },
    close: () => pool.destroy(),
  };
}
