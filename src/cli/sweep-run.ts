/** `neuromusic sweep SPEC.json`: a parameter search on every core, or on a BullMQ/Redis cluster. */
import { basename, extname, join } from 'node:path';
import { availableParallelism, hostname } from 'node:os';
import type { SweepCliOptions } from './sweep-options.js';
import { FormatError } from '../formats/errors.js';
import { prepareOutput } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { readJsonFile } from '../node/read-json.js';
import { openResultsWriter, readResultsFile } from '../node/search-results.js';
import { checkObjective, runSearch, searchBudget, type SearchExecutor, type SearchResult } from '../search/runner.js';
import { searchFingerprint } from '../search/space.js';
import { parseSearchSpec, SearchSpecError, type SearchSpec } from '../search/spec.js';
import { DEFAULT_OUT_DIR, jsonTarget } from './common-options.js';
import { Failure, UsageError } from './errors.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';

function readSpec(path: string): SearchSpec {
  try {
    return parseSearchSpec(readJsonFile(path));
  } catch (err) {
    if (err instanceof SearchSpecError) throw new FormatError(path, err.message);
    throw err;
  }
}

/** Runs `neuromusic sweep`. */
export async function runSweep(specPath: string, opts: SweepCliOptions): Promise<void> {
  const spec = readSpec(specPath);
  try {
    await checkObjective(spec);
  } catch (err) {
    if (err instanceof SearchSpecError) throw new FormatError(specPath, err.message);
    throw err;
  }
  const out = opts.out ?? join(DEFAULT_OUT_DIR, `${basename(specPath, extname(specPath))}.results.jsonl`);
  // The results file is appended to as evaluations finish (so that --resume can continue a stopped search): it is
  // the one output written during the work. The report and the JSON are published together at the end.
  prepareOutput(out);
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const previous = readResultsFile(out);
  if (previous.lines.length > 0 && !opts.resume) throw new UsageError(`--out ${out} already holds ${previous.lines.length} evaluations: pass --resume to continue that search, or choose another --out`);
  const fingerprint = searchFingerprint(spec);
  const foreign = previous.lines.find((l) => l.search !== fingerprint);
  if (foreign) throw new UsageError(`--out ${out} holds evaluations of another search (its lines were made by a different spec): choose another --out`);
  const quietText = jsonTarget(opts.json) === 'stdout';

  let executor: SearchExecutor & { close(): Promise<void> };
  let where: string;
  if (opts.redis) {
    const { checkRedis, redisExecutor, RedisUnavailableError } = await import('../node/search-redis.js');
    try {
      await checkRedis(opts.redis);
    } catch (err) {
      if (err instanceof RedisUnavailableError) throw new Failure(err.message);
      throw err;
    }
    const redis = redisExecutor({ url: opts.redis, queue: opts.queue, jobPrefix: fingerprint });
    executor = redis;
    const connected = await redis.workers().catch(() => 0);
    where = `BullMQ queue "${opts.queue}" at ${opts.redis} (${connected} worker${connected === 1 ? '' : 's'} connected now; more may join)`;
  } else {
    const { poolExecutor } = await import('../node/search-pool.js');
    const pool = poolExecutor({ threads: opts.workers ?? availableParallelism() });
    executor = pool;
    where = `${pool.threads} worker thread${pool.threads === 1 ? '' : 's'} on ${hostname()}`;
  }
  const writer = openResultsWriter(out);
  let recorded = previous.lines.length;
  const budget = searchBudget(spec);
  if (!quietText) say(`sweep ${spec.name}: ${spec.objective}, ${spec.strategy.kind}, up to ${budget} evaluations on ${where}${previous.lines.length ? `; ${previous.lines.length} already in ${out}` : ''}`);
  const bar = createProgress(`sweep`, opts.quiet || quietText);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(130);
    stopping = true;
    bar.stop();
    writer.close();
    process.stderr.write(`neuromusic: ${signal}: stopped; ${recorded} evaluations are recorded in ${out} — rerun with --resume to continue\n`);
    void executor.close().finally(() => process.exit(130));
  };
  const onInt = (): void => stop('interrupted');
  const onTerm = (): void => stop('terminated');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const t0 = performance.now();
  let result: SearchResult;
  try {
    result = await runSearch(spec, executor, {
      previous: previous.lines,
      onLine: (line) => {
        if (stopping) return; // the file is closed; this evaluation will be redone on resume
        writer.append(line);
        recorded++;
      },
      onProgress: (p) => bar.update(p.done / p.budget),
    });
  } catch (err) {
    // Stopping by signal ends the pool's pending work with errors: the exit on its way is the answer.
    if (stopping) await new Promise<never>(() => undefined);
    const { RedisUnavailableError } = await import('../node/search-redis.js');
    if (err instanceof RedisUnavailableError) throw new Failure(err.message);
    throw err;
  } finally {
    bar.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (!stopping) {
      writer.close();
      await executor.close();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const best = result.best;
  if (opts.report) {
    const { searchReportHtml } = await import('../search/report.js');
    outputs.file(opts.report, await searchReportHtml({ spec, lines: result.lines, stopReason: result.stopReason, footer: `neuromusic ${packageInfo().version} · sweep ${basename(specPath)} · seed ${spec.seed}` }));
  }
  const summary = {
    search: spec.name,
    objective: spec.objective,
    strategy: spec.strategy.kind,
    results: out,
    evaluations: result.lines.length,
    evaluated: result.evaluated,
    reused: result.reused,
    failed: result.lines.filter((l) => l.error !== undefined).length,
    workers: new Set(result.lines.map((l) => `${l.host} ${l.worker}`)).size,
    stopReason: result.stopReason,
    seconds,
    evaluationsPerSecond: result.evaluated / seconds,
    best: best ? { value: best.value, params: best.params, metrics: best.metrics, penalty: best.penalty } : null,
  };
  if (jsonTarget(opts.json) !== 'none') emitJson(opts.json, summary, outputs);
  await outputs.publish();
  if (!quietText) {
    say(
      `${result.evaluated} evaluated, ${result.reused} found in ${out}, ${summary.failed} failed, by ${summary.workers} worker${summary.workers === 1 ? '' : 's'}, in ${seconds.toFixed(1)} s (${summary.evaluationsPerSecond.toFixed(1)}/s); ${result.stopReason}`,
      best ? `best ${spec.minimize} ${best.value.toPrecision(5)} at ${Object.entries(best.params).map(([k, v]) => `${k} = ${typeof v === 'number' ? Number(v.toPrecision(5)) : String(v)}`).join(', ')}` : 'no evaluation succeeded',
      ...(opts.report ? [`report: ${opts.report}`] : []),
    );
  }
}
