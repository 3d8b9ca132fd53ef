/**
 * Shared pieces of the benchmark harness: child-process runs that report JSON (so each measurement gets a fresh
 * process and its own peak memory), a Python finder for the reference scripts, and markdown tables.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('.', import.meta.url));
export const projectRoot = resolve(benchDir, '..');
export const sharedDir = resolve(projectRoot, '..', 'shared');
export const hasShared = existsSync(resolve(sharedDir, 'data'));

/** One section of bench/RESULTS.md. */
export interface BenchSection {
  id: string;
  title: string;
  /** Markdown body (tables and notes). */
  run(): Promise<string> | string;
}

/** Runs `node --import tsx file args…` and parses the last stdout line as JSON. */
export function runTsWorker<T>(file: string, args: string[] = [], timeoutMs = 600_000): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(benchDir, file), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * A Python 3 that can import the given modules (Debian's /usr/bin/python3 first: CI installs numpy and
 * scikit-learn there), or undefined.
 */
export function findPython(modules: string[]): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', modules.map((m) => `import ${m}`).join('; ') || 'pass'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/**
 * Runs a Python script through runpy and returns its stdout with the child's peak RSS (MiB) appended as
 * `{"maxRssMiB": …}` on the last line.
 */
export function runPython(python: string, script: string, args: string[], timeoutMs = 900_000): { stdout: string; maxRssMiB: number; seconds: number } {
  const wrapper = [
    'import resource, runpy, sys, time',
    `sys.argv = ${JSON.stringify([script, ...args])}`,
    't0 = time.perf_counter()',
    `runpy.run_path(${JSON.stringify(script)}, run_name="__main__")`,
    'dt = time.perf_counter() - t0',
    'import json',
    'print(json.dumps({"maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "wall": dt}))',
  ].join('\n');
  const out = execFileSync(python, ['-c', wrapper], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, cwd: projectRoot });
  const lines = out.trim().split('\n');
  const tail = JSON.parse(lines.pop()!) as { maxRssMiB: number; wall: number };
  return { stdout: lines.join('\n'), maxRssMiB: tail.maxRssMiB, seconds: tail.wall };
}

/** A markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cell = (x: string | number): string => (typeof x === 'number' ? formatNumber(x) : x);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** The machine, for the results header. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let py = 'no python3';
  try {
    py = execFileSync(findPython(['numpy']) ?? 'python3', ['-c', 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as missing
  }
  return `${cpu}, ${cpus().length} cores; Node ${process.version}; Python ${py}`;
}

/** Minimum of `runs` calls of `fn` (seconds), the usual estimator of a noisy machine's true cost. */
export function bestOf<T extends { seconds: number }>(runs: number, fn: () => T): T {
  let best: T | undefined;
  for (let i = 0; i < runs; i++) {
    const r = fn();
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best!;
}
