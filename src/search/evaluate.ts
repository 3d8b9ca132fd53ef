/**
 * One evaluation, as every executor runs it: load the objective, run it, time it, and turn a throw into an outcome
 * with an error (a failed evaluation is a result too: it is recorded and never retried on resume).
 */
import { loadObjective } from './objectives/index.js';
import type { EvaluationOutcome, EvaluationTask } from './results.js';

/**
 * Evaluates a task where it is called.
 * @example
 * const o = await evaluateTask({ key: 'k', objective: 'sphere', options: {}, params: { x1: 2 }, seed: 1 }, { host: 'here', worker: 'main' });
 * o.metrics.loss; // → 4
 */
export async function evaluateTask(task: EvaluationTask, where: { host: string; worker: string }): Promise<EvaluationOutcome> {
  const t0 = performance.now();
  try {
    const objective = await loadObjective(task.objective);
    const metrics = await objective.evaluate(task.params, task.options, task.seed);
    return { key: task.key, metrics, seconds: (performance.now() - t0) / 1000, ...where };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { key: task.key, metrics: {}, error: message.replace(/\s*\n\s*/g, ' '), seconds: (performance.now() - t0) / 1000, ...where };
  }
}
