/**
 * Section `search`: the sweep executors. Local speed-up of the worker-thread pool against one worker, side by side
 * on the same spec; the per-job overhead of piscina and of BullMQ on Redis for tiny jobs; BullMQ throughput with
 * 1, 2 and 4 worker processes on this machine; and, from the measured per-evaluation cost of the worm's gait, what
 * a 10,000-evaluation study costs on N cores, on paper. Runs the built modules (dist/): `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatNumber, projectRoot, table, type BenchSection } from './lib.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the built modules are loaded by path */
const dist = (p: string): Promise<any> => import(pathToFileURL(resolve(projectRoot, 'dist', p)).href);

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function sphereSpec(parse: (x: unknown) => unknown, evaluations: number, workMs: number, seed: number): unknown {
  return parse({ objective: 'sphere', options: { workMs }, parameters: { x1: { min: -1, max: 1 }, x2: { min: -1, max: 1 } }, strategy: { kind: 'random', evaluations }, seed });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export const searchSection: BenchSection = {
  id: 'search',
  title: 'Parameter search: worker threads and BullMQ on Redis',
  async run() {
    if (!existsSync(resolve(projectRoot, 'dist', 'node', 'search-pool.js'))) return '_Skipped: build first (`npm run build`)._';
    const { parseSearchSpec } = await dist('search/spec.js');
    const { runSearch } = await dist('search/runner.js');
    const { poolExecutor } = await dist('node/search-pool.js');
    const { redisExecutor } = await dist('node/search-redis.js');
    const cores = availableParallelism();
    const out: string[] = [];

    // 1. Local speed-up, side by side: the same spec with 1 thread and with every core.
    const rows: Array<Array<string | number>> = [];
    const local = async (label: string, spec: unknown): Promise<void> => {
      const times: number[] = [];
      for (const threads of [1, cores]) {
        const pool = poolExecutor({ threads });
        await runSearch(sphereSpec(parseSearchSpec, threads, 0, 99), pool); // warm the threads
        times.push(await timed(() => runSearch(spec, pool)));
        await pool.close();
      }
      rows.push([label, formatNumber(times[0]!), formatNumber(times[1]!), `${(times[0]! / times[1]!).toFixed(2)}×`, `${cores}`]);
    };
    await local('sphere, 60 × 50 ms spin', sphereSpec(parseSearchSpec, 60, 50, 1));
    const gait = parseSearchSpec({ objective: 'worm-gait', options: { seconds: 4, settleSeconds: 1 }, parameters: { 'body.maxContraction': { min: 0.45, max: 0.85 }, 'neural.stretchGain': { min: 0.4, max: 0.9 } }, strategy: { kind: 'latin-hypercube', evaluations: 16 }, seed: 2 });
    await local('worm-gait, 16 × (4 s water + 4 s agar)', gait);
    out.push(table(['workload', '1 thread (s)', `${cores} threads (s)`, 'speed-up', 'cores'], rows));
    out.push('', `The 50 ms spin holds a thread for 50 ms of wall time whatever else runs, so its row measures the pool's concurrency; the worm rows measure compute, which needs a free core: the load average when the section started was ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1 / 5 / 15 min) on ${cores} cores, shared with other sessions.`);

    // Per-evaluation cost of the calibration's objective (8 s + 8 s), one thread.
    const one = poolExecutor({ threads: 1 });
    const cal = parseSearchSpec({ objective: 'worm-gait', options: { seconds: 8, settleSeconds: 3 }, parameters: { 'body.maxContraction': { min: 0.45, max: 0.85 } }, strategy: { kind: 'random', evaluations: 6 }, seed: 3 });
    const calSeconds = (await timed(() => runSearch(cal, one))) / 6;

    // 2. Per-job overhead of piscina on tiny jobs.
    const tinyCount = 2000;
    const piscinaMs = ((await timed(() => runSearch(sphereSpec(parseSearchSpec, tinyCount, 0, 4), one))) / tinyCount) * 1000;
    await one.close();

    // 3. BullMQ on a private redis-server.
    const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
    let bullRows: Array<Array<string | number>> = [];
    let bullTinyMs = NaN;
    if (hasRedis) {
      const port = await freePort();
      spawnSync('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--daemonize', 'yes']);
      const url = `redis://127.0.0.1:${port}`;
      for (let i = 0; i < 50 && spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) spawnSync('sleep', ['0.1']);
      const workers = (n: number, queue: string): ChildProcess[] => Array.from({ length: n }, () => spawn(process.execPath, [resolve(projectRoot, 'dist/cli/main.js'), 'worker', '--redis', url, '--queue', queue, '-q'], { stdio: 'ignore' }));
      const stop = async (ws: ChildProcess[]): Promise<void> => {
        await Promise.all(ws.map((w) => new Promise((r) => { w.on('exit', r); w.kill('SIGTERM'); })));
      };
      try {
        const q0 = 'bench-tiny';
        const w0 = workers(1, q0);
        const ex0 = redisExecutor({ url, queue: q0, jobPrefix: 'tiny' });
        await runSearch(sphereSpec(parseSearchSpec, 20, 0, 5), ex0); // warm-up: the worker is up
        const n = 500;
        bullTinyMs = ((await timed(() => runSearch(sphereSpec(parseSearchSpec, n, 0, 6), ex0))) / n) * 1000;
        await ex0.close();
        await stop(w0);
        bullRows = [];
        for (const k of [1, 2, 4]) {
          const q = `bench-${k}`;
          const ws = workers(k, q);
          const ex = redisExecutor({ url, queue: q, jobPrefix: `t${k}` });
          await runSearch(sphereSpec(parseSearchSpec, 2 * k, 0, 10 + k), ex);
          const jobs = 60;
          const s = await timed(() => runSearch(sphereSpec(parseSearchSpec, jobs, 50, 20 + k), ex));
          bullRows.push([k, jobs, formatNumber(s), formatNumber(jobs / s)]);
          await ex.close();
          await stop(ws);
        }
      } finally {
        spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
      }
    }
    out.push('', `Per-job overhead on tiny jobs (sphere, no work): piscina ${formatNumber(piscinaMs)} ms per job (${tinyCount} jobs, 1 thread); ` +
      (hasRedis ? `BullMQ on a local Redis ${formatNumber(bullTinyMs)} ms per job (500 jobs, 1 worker process), ${formatNumber(bullTinyMs / piscinaMs)}× piscina's.` : 'BullMQ skipped: redis-server not installed.'));
    if (hasRedis) out.push('', 'BullMQ throughput, 50 ms jobs (a spin), worker processes on this machine:', '', table(['workers', 'jobs', 'seconds', 'jobs/s'], bullRows));

    // 4. On paper: 10,000 evaluations of the calibration objective.
    const overhead = Math.max(piscinaMs, Number.isFinite(bullTinyMs) ? bullTinyMs : 0) / 1000;
    const paper = [1, 2, 16, 64, 256].map((n) => {
      const hours = (10_000 * (calSeconds + overhead)) / n / 3600;
      return [n, hours >= 1 ? `${hours.toFixed(1)} h` : `${(hours * 60).toFixed(0)} min`];
    });
    out.push('', `A 10,000-evaluation study on paper: one worm-gait evaluation (8 s water + 8 s agar) took ${formatNumber(calSeconds)} s on one thread here; with the larger per-job overhead (${formatNumber(overhead * 1000)} ms) added, at perfect scaling over N cores:`, '', table(['cores', 'wall time'], paper),
      '', 'Nelder–Mead is sequential and cannot use more than one core after its first simplex; CMA-ES uses λ cores per generation (4 + ⌊3 ln n⌋, raise `populationSize` for more); random, Latin hypercube and grid use them all. The machine is shared by other sessions: a 2-core speed-up well below 2× says as much about the load as about the pool.');
    return out.join('\n');
  },
};
