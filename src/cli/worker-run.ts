/** `neuromusic worker --redis URL`: evaluates the jobs a `neuromusic sweep --redis` enqueues, until stopped. */
import type { WorkerCliOptions } from './sweep-options.js';
import { checkRedis, RedisUnavailableError, startRedisWorker } from '../node/search-redis.js';
import { Failure } from './errors.js';

/** Runs `neuromusic worker`; resolves when SIGINT or SIGTERM has stopped it (after the job in hand). */
export async function runWorker(opts: WorkerCliOptions): Promise<void> {
  try {
    await checkRedis(opts.redis);
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw new Failure(err.message);
    throw err;
  }
  const log = (text: string): void => {
    if (!opts.quiet) process.stderr.write(`${text}\n`);
  };
  let jobs = 0;
  const worker = startRedisWorker({
    url: opts.redis,
    queue: opts.queue,
    lockMs: opts.lockSeconds * 1000,
    onJob: (o) => {
      jobs++;
      log(`worker ${process.pid}: ${o.key} ${o.error ? `failed: ${o.error}` : `done in ${o.seconds.toFixed(2)} s`}`);
    },
  });
  log(`worker ${process.pid}: waiting for jobs on queue "${opts.queue}" at ${opts.redis} (SIGINT or SIGTERM stops it after the job in hand)`);
  await new Promise<void>((resolve) => {
    let closing = false;
    const stop = (): void => {
      if (closing) process.exit(130);
      closing = true;
      log(`worker ${process.pid}: stopping after ${jobs} jobs`);
      void worker.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
