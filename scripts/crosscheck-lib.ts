/**
 * Runs neuromusic's pattern analysis on a piece and the independent Python oracle (scripts/crosscheck-oracle.py:
 * the reference's own piano roll, numpy's full SVD, exact all-pairs silhouettes by scipy) on the same arrays, and
 * compares them. Shared by `npm run crosscheck` and the cross-check test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMidi } from '../src/formats/midi.js';
import { analyzePatterns, type PatternAnalysis, type PatternOptions } from '../src/analysis/patterns.js';

export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const referenceDir = resolve(projectRoot, '..', 'shared', 'reference');
export const oracleScript = resolve(projectRoot, 'scripts', 'crosscheck-oracle.py');

/** Debian's python3 (numpy, scipy, scikit-learn) or another with numpy and scipy; undefined when none. */
export function oraclePython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** What the oracle reports. */
export interface OracleResult {
  P: number;
  T: number;
  density: number;
  pitches: number[];
  cellsDiffering: number;
  sigmaFull: number[];
  kFull: number;
  silhouetteExact: number[];
  silhouetteSklearn: number[] | null;
}

/** Our analysis of a MIDI file and the oracle's view of the same results. */
export function crosscheckPiece(python: string, piece: string, options: PatternOptions = {}, withSklearn = true): { ours: PatternAnalysis; oracle: OracleResult } {
  const score = readMidi(new Uint8Array(readFileSync(piece)), piece);
  const ours = analyzePatterns(score, options);
  const dir = mkdtempSync(join(tmpdir(), 'nm-crosscheck-'));
  try {
    const { P, T, k } = ours;
    writeFileSync(join(dir, 'roll.u8'), ours.roll.active);
    const v = new Float64Array(T * k);
    ours.patterns.forEach((p, j) => p.envelope.forEach((x, t) => (v[t * k + j] = x)));
    writeFileSync(join(dir, 'v.f64'), new Uint8Array(v.buffer));
    const labels = new Int32Array(ours.sweepLabels.length * T);
    ours.sweepLabels.forEach((l, i) => labels.set(l, i * T));
    writeFileSync(join(dir, 'labels.i32'), new Uint8Array(labels.buffer));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ P, T, k, L: ours.sweepLabels.length }));
    const out = execFileSync(python, [oracleScript, piece, dir, String(ours.options.energy)], {
      encoding: 'utf8',
      env: { ...process.env, NEUROMUSIC_REFERENCE_DIR: referenceDir, NEUROMUSIC_ORACLE_SKLEARN: withSklearn ? '1' : '0' },
      maxBuffer: 64 << 20,
    });
    return { ours, oracle: JSON.parse(out) as OracleResult };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest relative difference of the first n values. */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return d;
}

/** Largest absolute difference of two equally long series. */
export function maxAbsolute(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
