/**
 * `neuromusic sweep` and `neuromusic worker` as a user runs them: locally on worker threads, and through BullMQ on
 * a private redis-server — with a worker SIGKILLed mid-job and the coordinator killed and restarted, with Redis
 * unreachable, and with Redis lost during a run and a resume that finishes the work. Every evaluation must appear
 * exactly once in the results file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { freePort, hasRedisServer, startRedis } from './helpers/redis.js';
import { projectRoot } from './helpers/shared.js';

const { dir, cleanup } = scratchDir('neuromusic-sweep-');
afterAll(cleanup);

function resultLines(path: string): Array<{ key: string; params: Record<string, number>; metrics: Record<string, number>; error?: string }> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as never);
}

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEUROMUSIC_DEBUG: '' } });
}

function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

async function until(what: () => boolean, timeoutMs: number, label: string): Promise<void> {
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function spec(name: string, evaluations: number, workMs: number): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, objective: 'sphere', options: { workMs }, parameters: { x1: { min: -1, max: 1 }, x2: { min: -1, max: 1 } }, strategy: { kind: 'latin-hypercube', evaluations }, seed: 5 }));
  return path;
}

function expectExactlyOnce(path: string, count: number): void {
  const lines = resultLines(path);
  expect(lines).toHaveLength(count);
  expect(new Set(lines.map((l) => l.key)).size).toBe(count);
  expect(lines.every((l) => l.error === undefined && Math.abs(l.metrics['loss']! - (l.params['x1']! ** 2 + l.params['x2']! ** 2)) < 1e-12)).toBe(true);
}

describe('neuromusic sweep on this machine', () => {
  it('runs the smoke example on worker threads, writes the results and the report, and resumes without repeating', () => {
    const out = join(dir, 'smoke.jsonl');
    const report = join(dir, 'smoke.html');
    const r = runCli(['sweep', 'examples/sweep-smoke.json', '--workers', '2', '--out', out, '--report', report, '--json', join(dir, 'smoke.json'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(resultLines(out)).toHaveLength(36);
    expect(new Set(resultLines(out).map((l) => l.key)).size).toBe(36);
    const html = readFileSync(report, 'utf8');
    for (const heading of ['Best points', 'Convergence', 'The objective against each parameter', 'Heat map']) expect(html).toContain(heading);
    const summary = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8')) as { evaluated: number; best: { metrics: Record<string, number> } };
    expect(summary.evaluated).toBe(36);
    expect(summary.best.metrics['water_hz']).toBeGreaterThan(0.3);
    const again = runCli(['sweep', 'examples/sweep-smoke.json', '--out', out, '--resume', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ evaluated: 0, reused: 36 });
    expect(resultLines(out)).toHaveLength(36);
  }, 180_000);

  it('refuses to overwrite a record without --resume', () => {
    const out = join(dir, 'smoke.jsonl');
    const r = runCli(['sweep', 'examples/sweep-smoke.json', '--out', out]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--out .*smoke\.jsonl already holds 36 evaluations: pass --resume/);
  });

  it('names the file and the field of a bad spec', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ objective: 'worm-gait', parameters: { 'body.maxContraction': { min: 0.9, max: 0.2 } }, strategy: { kind: 'grid' } }));
    let r = runCli(['sweep', bad]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /bad\.json: parameters\.body\.maxContraction\.max: must be greater than min/);
    writeFileSync(bad, JSON.stringify({ objective: 'worm-gait', options: { seconds: 'long' }, parameters: { x: { min: 0, max: 1 } }, strategy: { kind: 'grid' } }));
    r = runCli(['sweep', bad]);
    expectOneLineError(r.stderr, /bad\.json: options\.seconds: must be 2–600 s/);
    writeFileSync(bad, '{ "objective": ');
    r = runCli(['sweep', bad]);
    expectOneLineError(r.stderr, /bad\.json: not valid JSON/);
  });

  it('stops cleanly on SIGINT, keeping what was recorded, and a resume finishes the work exactly once', async () => {
    const path = spec('interrupted', 40, 100);
    const out = join(dir, 'interrupted.jsonl');
    const child = cli(['sweep', path, '--workers', '2', '--out', out, '-q']);
    const ended = exited(child, 60_000);
    await until(() => resultLines(out).length >= 4, 60_000, 'four results');
    child.kill('SIGINT');
    const r = await ended;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted: stopped; \d+ evaluations are recorded in .*interrupted\.jsonl — rerun with --resume/);
    const kept = resultLines(out).length;
    expect(kept).toBeLessThan(40);
    const resumed = runCli(['sweep', path, '--out', out, '--resume', '--json'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reused: kept, evaluated: 40 - kept });
    expectExactlyOnce(out, 40);
  }, 120_000);

  it('says clearly when Redis cannot be reached', () => {
    const r = runCli(['sweep', spec('unreachable', 4, 0), '--redis', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    const w = runCli(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(w.code).toBe(2);
    expectOneLineError(w.stderr, /cannot reach Redis/);
  });
});

describe.skipIf(!hasRedisServer)('neuromusic sweep through BullMQ on Redis', () => {
  let redis: { url: string; stop: () => void };
  let port: number;
  const children: ChildProcess[] = [];
  const start = (args: string[]): ChildProcess => {
    const c = cli(args);
    children.push(c);
    return c;
  };
  beforeAll(async () => {
    port = await freePort();
    redis = startRedis(port);
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    redis?.stop();
  });

  it('survives a worker SIGKILLed mid-job and a coordinator killed and restarted: every evaluation exactly once', async () => {
    const path = spec('kill', 30, 150);
    const out = join(dir, 'kill.jsonl');
    const coordinator = start(['sweep', path, '--redis', redis.url, '--queue', 'kill', '--out', out, '-q']);
    const workerA = start(['worker', '--redis', redis.url, '--queue', 'kill', '--lock-seconds', '2', '-q']);
    await until(() => resultLines(out).length >= 6, 60_000, 'six results');
    workerA.kill('SIGKILL'); // mid-job: evaluations take 150 ms back to back
    coordinator.kill('SIGKILL');
    const before = resultLines(out).length;
    expect(before).toBeLessThan(30);
    const workerB = start(['worker', '--redis', redis.url, '--queue', 'kill', '--lock-seconds', '2', '-q']);
    const restarted = await exited(start(['sweep', path, '--redis', redis.url, '--queue', 'kill', '--out', out, '--resume', '--json']), 90_000);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toMatchObject({ evaluations: 30 });
    expectExactlyOnce(out, 30);
    workerB.kill('SIGTERM');
    expect((await exited(workerB, 20_000)).code).toBe(0); // clean shutdown after the job in hand
  }, 180_000);

  it('fails clearly when Redis is lost mid-run, and a resume after Redis returns finishes the work', async () => {
    const path = spec('lost', 40, 100);
    const out = join(dir, 'lost.jsonl');
    const worker = start(['worker', '--redis', redis.url, '--queue', 'lost', '--lock-seconds', '2', '-q']);
    const coordinator = start(['sweep', path, '--redis', redis.url, '--queue', 'lost', '--out', out, '-q']);
    const ended = exited(coordinator, 90_000);
    await until(() => resultLines(out).length >= 5, 60_000, 'five results');
    redis.stop();
    const r = await ended;
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ .*rerun with --resume/);
    redis = startRedis(port); // a fresh, empty Redis: the queue is gone, the record is not
    const resumed = await exited(start(['sweep', path, '--redis', redis.url, '--queue', 'lost', '--out', out, '--resume', '-q']), 90_000);
    expect(resumed.code, resumed.stderr).toBe(0);
    expectExactlyOnce(out, 40);
    worker.kill('SIGTERM');
    await exited(worker, 20_000);
  }, 180_000);
});

const ciRedis = process.env['NEUROMUSIC_TEST_REDIS_URL'];

describe.skipIf(!ciRedis)('the smoke example through the Redis CI started (NEUROMUSIC_TEST_REDIS_URL)', () => {
  it('gives the same results through BullMQ as on worker threads', async () => {
    const out = join(dir, 'smoke-redis.jsonl');
    const worker = cli(['worker', '--redis', ciRedis!, '--queue', 'smoke-ci', '-q']);
    const workerDone = exited(worker, 180_000);
    const r = await exited(cli(['sweep', join(projectRoot, 'examples', 'sweep-smoke.json'), '--redis', ciRedis!, '--queue', 'smoke-ci', '--out', out, '-q']), 170_000);
    worker.kill('SIGTERM');
    await workerDone;
    expect(r.code, r.stderr).toBe(0);
    const local = new Map(resultLines(join(dir, 'smoke.jsonl')).map((l) => [l.key, l.metrics['loss']]));
    const viaRedis = resultLines(out);
    expect(viaRedis).toHaveLength(36);
    if (local.size) for (const l of viaRedis) expect(l.metrics['loss']).toBe(local.get(l.key));
  }, 180_000);
});
