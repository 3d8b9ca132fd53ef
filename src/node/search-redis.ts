/**
 * Cluster execution on BullMQ (a job queue on Redis): the coordinator (`neuromusic sweep --redis URL`) enqueues one
 * job per evaluation and gathers the results; workers (`neuromusic worker --redis URL`, on any number of machines)
 * take jobs and evaluate them. BullMQ delivers at least once — a worker killed mid-job leaves a stalled job that
 * another worker's stalled-job check moves back to the queue — so exactly-once results come from the evaluation
 * key: the job id is the search's fingerprint and the key, so re-enqueueing after a coordinator restart adds
 * nothing twice, and the coordinator keeps the first result of a key and drops any later delivery. Nothing here is
 * a protocol of our own: jobs, locks, retries and events are BullMQ's.
 */
import { hostname } from 'node:os';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { evaluateTask } from '../search/evaluate.js';
import type { EvaluationOutcome, EvaluationTask } from '../search/results.js';
import type { SearchExecutor } from '../search/runner.js';

/** The queue's name unless --queue says otherwise. */
export const DEFAULT_QUEUE = 'neuromusic-sweep';
/** Attempts per job: a job whose objective throws is recorded as failed, so retries only cover lost workers. */
const ATTEMPTS = 3;

/** Redis could not be reached or was lost: the message says what to do. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}

/** A connection for BullMQ (which needs `maxRetriesPerRequest: null`). */
function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: (times) => Math.min(1000, 100 * times) });
}

/**
 * Checks that Redis answers at `url` within `timeoutMs`; throws a {@link RedisUnavailableError} naming the URL.
 * @example
 * const message = await checkRedis('redis://127.0.0.1:1').then(() => 'reached', (e: Error) => e.message);
 * message.startsWith('cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED)'); // → true
 */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUnavailableError(`--redis ${url}: not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new RedisUnavailableError(`--redis ${url}: expected a redis:// or rediss:// URL`);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let first: unknown;
  client.on('error', (err) => {
    first ??= err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new RedisUnavailableError(`cannot reach Redis at ${url} (${describe(first ?? err)}): start redis-server there or check --redis`);
  } finally {
    client.disconnect();
  }
}

/** A Redis executor: `close` ends its connections (the jobs stay in Redis). */
export interface RedisExecutor extends SearchExecutor {
  close(): Promise<void>;
  /** Workers now connected to the queue. */
  workers(): Promise<number>;
}

/** Options of {@link redisExecutor}. */
export interface RedisExecutorOptions {
  url: string;
  queue?: string;
  /** Prefix of job ids (the search's fingerprint), so that two searches on one queue never share a job. */
  jobPrefix: string;
  /** How long Redis may stay unreachable before the run fails (default 10 s). */
  lostAfterMs?: number;
  /** How often pending jobs are checked directly, besides the completion events (default 2 s). */
  pollMs?: number;
}

function outcomeOf(value: unknown): EvaluationOutcome | null {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return v !== null && typeof v === 'object' && typeof (v as EvaluationOutcome).key === 'string' ? (v as EvaluationOutcome) : null;
}

/**
 * The coordinator's side: evaluates batches by enqueueing them and waiting for the workers' results.
 * @example
 * // not run: needs a Redis and `neuromusic worker` processes (test/sweep-cli.test.ts runs them)
 * const executor = redisExecutor({ url: 'redis://127.0.0.1:6379', jobPrefix: searchFingerprint(spec) });
 * await runSearch(spec, executor); await executor.close();
 */
export function redisExecutor(options: RedisExecutorOptions): RedisExecutor {
  const name = options.queue ?? DEFAULT_QUEUE;
  const connection = connect(options.url);
  const eventsConnection = connect(options.url);
  const queue = new Queue<EvaluationTask, EvaluationOutcome>(name, { connection });
  const events = new QueueEvents(name, { connection: eventsConnection });
  const lostAfter = options.lostAfterMs ?? 10_000;
  const pollMs = options.pollMs ?? 2000;
  let downSince: number | undefined;
  let lastError = '';
  const watch = (c: Redis): void => {
    c.on('error', (err) => {
      lastError = describe(err);
    });
    c.on('close', () => {
      downSince ??= Date.now();
    });
    c.on('ready', () => {
      downSince = undefined;
    });
  };
  watch(connection);
  watch(eventsConnection);
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const jobId = (key: string): string => `${options.jobPrefix}-${key}`;
  const keyOf = (id: string): string => id.slice(options.jobPrefix.length + 1);

  return {
    async run(tasks, onOutcome) {
      const pending = new Map(tasks.map((t) => [t.key, t]));
      let settle: (() => void) | undefined;
      let fail: ((err: Error) => void) | undefined;
      const done = new Promise<void>((resolve, reject) => {
        settle = resolve;
        fail = reject;
      });
      const deliver = async (key: string, outcome: EvaluationOutcome | null): Promise<void> => {
        // A job read just before it completed has no return value yet: the event or the next look brings it.
        if (!pending.has(key) || !outcome || outcome.key !== key) return;
        pending.delete(key);
        onOutcome(outcome);
        // The result is on disk: the job is no longer needed (best effort — a locked duplicate may still run).
        await queue.remove(jobId(key)).catch(() => undefined);
        if (pending.size === 0) settle!();
      };
      const inspect = async (key: string): Promise<void> => {
        const job = await Job.fromId<EvaluationTask, EvaluationOutcome>(queue, jobId(key));
        if (!job) return;
        const state = await job.getState();
        if (state === 'completed') await deliver(key, outcomeOf(job.returnvalue));
        else if (state === 'failed' && job.attemptsMade >= ATTEMPTS) await deliver(key, failedOutcome(key, job.failedReason));
      };
      const onCompleted = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }): void => {
        const key = keyOf(id);
        if (pending.has(key)) void deliver(key, outcomeOf(returnvalue)).catch((err: Error) => fail!(err));
      };
      const onFailed = ({ jobId: id }: { jobId: string }): void => {
        const key = keyOf(id);
        if (pending.has(key)) void inspect(key).catch(() => undefined);
      };
      events.on('completed', onCompleted);
      events.on('failed', onFailed);
      const timer = setInterval(() => {
        if (downSince !== undefined && Date.now() - downSince > lostAfter) {
          fail!(new RedisUnavailableError(`lost the connection to Redis at ${options.url} for ${Math.round(lostAfter / 1000)} s (${lastError || 'closed'}): the results so far are kept; start Redis again and rerun with --resume`));
          return;
        }
        if (downSince !== undefined) return;
        // Events can be missed (a restart, a trimmed stream): look at a slice of the pending jobs directly.
        for (const key of [...pending.keys()].slice(0, 200)) void inspect(key).catch(() => undefined);
      }, Math.min(pollMs, 1000));
      try {
        await events.waitUntilReady();
        // Jobs already there (a restarted coordinator) are not added again; finished ones are collected.
        const fresh: EvaluationTask[] = [];
        for (const task of tasks) {
          const job = await Job.fromId<EvaluationTask, EvaluationOutcome>(queue, jobId(task.key));
          if (!job) fresh.push(task);
          else {
            const state = await job.getState();
            if (state === 'completed') await deliver(task.key, outcomeOf(job.returnvalue));
            else if (state === 'failed') await job.retry().catch(() => undefined);
          }
        }
        for (let i = 0; i < fresh.length; i += 500) {
          await queue.addBulk(fresh.slice(i, i + 500).map((task) => ({ name: 'evaluate', data: task, opts: { jobId: jobId(task.key), attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 500 }, removeOnFail: false, removeOnComplete: false } })));
        }
        if (pending.size === 0) settle!();
        await done;
      } catch (err) {
        if (err instanceof RedisUnavailableError) throw err;
        throw downSince !== undefined || /ECONNREFUSED|Connection is closed|ECONNRESET/.test(String((err as Error).message))
          ? new RedisUnavailableError(`lost the connection to Redis at ${options.url} (${describe(err)}): the results so far are kept; start Redis again and rerun with --resume`)
          : err;
      } finally {
        clearInterval(timer);
        events.off('completed', onCompleted);
        events.off('failed', onFailed);
      }
    },
    async workers() {
      return (await queue.getWorkers()).length;
    },
    async close() {
      await Promise.allSettled([events.close(), queue.close()]);
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}

function failedOutcome(key: string, reason: string): EvaluationOutcome {
  return { key, metrics: {}, error: `the job failed ${ATTEMPTS} times: ${reason}`, seconds: 0, host: 'unknown', worker: 'unknown' };
}

/** Options of {@link startRedisWorker}. */
export interface RedisWorkerOptions {
  url: string;
  queue?: string;
  /**
   * How long a job's lock lasts without renewal, ms (default 60 s). Evaluations run in this thread, so the lock is
   * renewed between them: it must exceed the longest evaluation. A worker killed mid-job is noticed this long later.
   */
  lockMs?: number;
  onJob?: (outcome: EvaluationOutcome) => void;
}

/**
 * The worker's side: takes jobs from the queue and evaluates them, one at a time (run one worker per core).
 * @example
 * // not run: needs a Redis (test/sweep-cli.test.ts runs workers)
 * const worker = startRedisWorker({ url: 'redis://127.0.0.1:6379' });
 * process.on('SIGTERM', () => void worker.close()); // finishes the job in hand, then stops
 */
export function startRedisWorker(options: RedisWorkerOptions): { worker: Worker<EvaluationTask, EvaluationOutcome>; close(): Promise<void> } {
  const connection = connect(options.url);
  connection.on('error', () => undefined);
  const lockMs = options.lockMs ?? 60_000;
  const where = { host: hostname(), worker: `pid ${process.pid}` };
  const worker = new Worker<EvaluationTask, EvaluationOutcome>(
    options.queue ?? DEFAULT_QUEUE,
    async (job) => {
      const outcome = await evaluateTask(job.data, where);
      options.onJob?.(outcome);
      return outcome;
    },
    { connection, concurrency: 1, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: ATTEMPTS, autorun: true },
  );
  worker.on('error', () => undefined);
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
