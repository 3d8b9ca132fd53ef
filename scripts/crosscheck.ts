/**
 * `npm run crosscheck [-- --quick]`: neuromusic's pattern analysis against the references, piece by piece, for every
 * MIDI file in ../shared/data/midi:
 *   - P, T and density equal those of ../shared/reference/v2_patterns.py, and the piano rolls agree cell by cell;
 *   - the singular values agree with a full SVD (numpy LAPACK) to 1e-6 relative, and k is the same;
 *   - k equals the reference's own k (its scikit-learn run; skipped with --quick, which saves ~1 min);
 *   - for our labels, the silhouette equals an independent exact computation (scipy, all pairs) to 1e-9.
 * Exits 1 when a check fails, 0 when all pass; says so and exits 0 when python3 with numpy and scipy is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { crosscheckPiece, maxAbsolute, maxRelative, oraclePython, projectRoot, referenceDir } from './crosscheck-lib.js';

const quick = process.argv.includes('--quick');
const midiDir = resolve(projectRoot, '..', 'shared', 'data', 'midi');
if (!existsSync(midiDir)) {
  console.log(`crosscheck: ${midiDir} not found; nothing to compare.`);
  process.exit(0);
}
const python = oraclePython();
if (!python) {
  console.log('crosscheck: no python3 with numpy and scipy (Debian: apt-get install python3-numpy python3-scipy); skipped.');
  process.exit(0);
}

interface Reference {
  backend: string;
  P: number;
  T: number;
  density: number;
  k: number;
  sigma: number[];
  Kstar: number;
  sweep: Array<{ K: number; silhouette: number }>;
  seconds_total: number;
}

let failures = 0;
const check = (ok: boolean, what: string): string => {
  if (!ok) failures++;
  return `${ok ? 'ok  ' : 'FAIL'} ${what}`;
};

for (const file of readdirSync(midiDir).filter((f) => f.endsWith('.mid')).sort()) {
  const piece = resolve(midiDir, file);
  const t0 = performance.now();
  const { ours, oracle } = crosscheckPiece(python, piece);
  const lines: string[] = [];
  lines.push(check(ours.P === oracle.P && ours.T === oracle.T, `P × T = ${ours.P} × ${ours.T} (reference ${oracle.P} × ${oracle.T})`));
  lines.push(check(ours.density === oracle.density, `density ${ours.density} (reference ${oracle.density})`));
  lines.push(check(oracle.cellsDiffering === 0, `piano rolls differ in ${oracle.cellsDiffering} cells`));
  const sigmaRel = maxRelative(ours.sigma, oracle.sigmaFull, ours.k);
  lines.push(check(sigmaRel <= 1e-6, `σ1…σ${ours.k} vs numpy's full SVD: max relative difference ${sigmaRel.toExponential(2)} (≤ 1e-6)`));
  lines.push(check(ours.k === oracle.kFull, `k = ${ours.k} (full SVD gives ${oracle.kFull})`));
  const silAbs = maxAbsolute(ours.sweep.map((e) => e.silhouette), oracle.silhouetteExact);
  lines.push(check(silAbs <= 1e-9, `silhouette of our labels, K = ${ours.sweep[0]!.K}…${ours.sweep.at(-1)!.K}, vs exact all-pairs (scipy): max |Δ| ${silAbs.toExponential(2)} (≤ 1e-9)`));
  if (oracle.silhouetteSklearn) {
    const sk = maxAbsolute(ours.sweep.map((e) => e.silhouette), oracle.silhouetteSklearn);
    lines.push(`info scikit-learn's silhouette_score of the same labels: max |Δ| ${sk.toExponential(2)} (its ‖x‖² + ‖y‖² − 2x·y distances put duplicate frames up to ~1e-9 apart instead of 0)`);
  }
  if (!quick) {
    const out = execFileSync(python, [resolve(referenceDir, 'v2_patterns.py'), piece], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const ref = JSON.parse(out) as Reference;
    lines.push(check(ref.P === ours.P && ref.T === ours.T && ref.density === ours.density, `reference run (${ref.backend}): P ${ref.P}, T ${ref.T}, density ${ref.density}`));
    lines.push(check(ref.k === ours.k, `k = ${ours.k}, reference ${ref.k}`));
    const refSigma = maxRelative(ours.sigma, ref.sigma, ours.k);
    lines.push(check(refSigma <= 1e-6, `σ vs the reference's randomized SVD: max relative difference ${refSigma.toExponential(2)}`));
    lines.push(`info K* = ${ours.Kstar} (reference ${ref.Kstar}); silhouettes ours ${ours.sweep.map((e) => e.silhouette.toFixed(3)).join(' ')}`);
    lines.push(`info                            reference ${ref.sweep.map((e) => e.silhouette.toFixed(3)).join(' ')} (different K-means runs: differences are local optima, not errors)`);
    lines.push(`info time: ours ${ours.seconds.total.toFixed(2)} s, reference ${ref.seconds_total.toFixed(2)} s`);
  }
  console.log(`${file} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n  ${lines.join('\n  ')}`);
}
console.log(failures ? `crosscheck: ${failures} check(s) FAILED` : 'crosscheck: all checks passed');
process.exit(failures ? 1 : 0);
