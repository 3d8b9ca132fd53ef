/** A worker thread of the local search pool (search-pool.ts): evaluates one task per call. */
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { evaluateTask } from '../search/evaluate.js';
import type { EvaluationOutcome, EvaluationTask } from '../search/results.js';

const where = { host: hostname(), worker: `pid ${process.pid} thread ${threadId}` };

export default function evaluateInWorker(task: EvaluationTask): Promise<EvaluationOutcome> {
  return evaluateTask(task, where);
}
