/**
 * The simplest executor: evaluates each task in turn in the calling thread. Works everywhere (the browser too);
 * the Node executors in src/node/ spread the work over threads and machines.
 */
import { evaluateTask } from './evaluate.js';
import type { SearchExecutor } from './runner.js';

/**
 * An executor that evaluates in this thread, one task at a time.
 * @example
 * import { runSearch } from './runner.js';
 * import { parseSearchSpec } from './spec.js';
 * const spec = parseSearchSpec({ objective: 'sphere', parameters: { x1: { min: -1, max: 1 } }, strategy: { kind: 'grid', points: 3 } });
 * (await runSearch(spec, localExecutor())).best?.params; // → { x1: 0 }
 */
export function localExecutor(where: { host: string; worker: string } = { host: 'local', worker: 'main' }): SearchExecutor {
  return {
    async run(tasks, onOutcome) {
      for (const task of tasks) onOutcome(await evaluateTask(task, where));
    },
  };
}
