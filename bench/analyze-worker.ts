/**
 * One measured run of the pattern analysis under the reference's contract (../shared/reference/v2_patterns.py):
 * read the MIDI file, piano roll, randomized SVD (p = 10, q = 2) with k at 90 % energy, K-means (k-means++, 10
 * restarts) for K = 2…12 with the exact silhouette, then Pearson excitability against a seeded synthetic Z_worm
 * (T × 4) and W = lstsq(Z_worm, V_mus) for a seeded synthetic V_mus (T × 96). Prints JSON with each stage's time.
 *
 * usage: analyze-worker.ts PIECE [--all-frames]
 *        analyze-worker.ts PIECE --kmeans-compare   (Lloyd vs Hamerly on all frames, CPU seconds, in one process)
 */
import { readFileSync } from 'node:fs';
import { readMidi } from '../src/formats/midi.js';
import { pianoRoll } from '../src/analysis/piano-roll.js';
import { analyzePatterns } from '../src/analysis/patterns.js';
import { flatMatrix } from '../src/math/flat-matrix.js';
import { crossCorrelation } from '../src/math/correlation.js';
import { kmeans } from '../src/math/kmeans.js';
import { lstsq } from '../src/math/least-squares.js';
import { createRandom } from '../src/math/random.js';

const [piece, ...flags] = process.argv.slice(2);
const allFrames = flags.includes('--all-frames');
const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;

if (flags.includes('--kmeans-compare')) {
  // The sweep K = 2…12 on every frame's V_k row, alternating the two algorithms twice; least CPU time of each.
  const score = readMidi(new Uint8Array(readFileSync(piece!)), piece);
  const a = analyzePatterns(score, { kMax: 2, restarts: 1 });
  const x = flatMatrix(a.T, a.k);
  a.patterns.forEach((p, j) => p.envelope.forEach((v, t) => (x.data[t * a.k + j] = v)));
  const best: Record<string, number> = { lloyd: Infinity, hamerly: Infinity };
  let iterations = 0;
  for (let rep = 0; rep < 2; rep++) {
    for (const algorithm of ['lloyd', 'hamerly'] as const) {
      const c0 = process.cpuUsage();
      iterations = 0;
      for (let K = 2; K <= 12; K++) iterations += kmeans(x, K, createRandom(K), { restarts: 10, algorithm }).iterations;
      best[algorithm] = Math.min(best[algorithm]!, cpuSeconds(process.cpuUsage(c0)));
    }
  }
  console.log(JSON.stringify({ lloyd: best['lloyd'], hamerly: best['hamerly'], iterations }));
  process.exit(0);
}

const t0 = performance.now();
const score = readMidi(new Uint8Array(readFileSync(piece!)), piece);
const tRead = performance.now();
const roll = pianoRoll(score);
const a = analyzePatterns(roll, { dedupe: !allFrames });
const tAnalysis = performance.now();
// The reference's last stage, same shapes: Pearson of V_k's columns with Z_worm's, and lstsq to 96 muscles.
const rng = createRandom(0);
const z = flatMatrix(a.T, 4);
rng.fillNormal(z.data);
const vk = flatMatrix(a.T, a.k);
a.patterns.forEach((p, j) => p.envelope.forEach((v, t) => (vk.data[t * a.k + j] = v)));
const r = crossCorrelation(vk, z);
const excitability = Array.from({ length: a.k }, (_, i) => Math.max(...Array.from(r.data.subarray(i * 4, i * 4 + 4), Math.abs)));
const vmus = flatMatrix(a.T, 96);
rng.fillNormal(vmus.data);
const w = lstsq(z, vmus).solution;
const tEnd = performance.now();

console.log(JSON.stringify({
  P: a.P,
  T: a.T,
  k: a.k,
  Kstar: a.Kstar,
  distinctFrames: a.distinctFrames,
  excitabilityMax: Math.max(...excitability),
  wShape: [w.rows, w.cols],
  seconds: {
    read: (tRead - t0) / 1000,
    roll: a.seconds.roll,
    svd: a.seconds.svd,
    kmeans: a.seconds.kmeans,
    silhouette: a.seconds.silhouette,
    pearsonLstsq: (tEnd - tAnalysis) / 1000,
    total: (tEnd - t0) / 1000,
  },
  cpuSeconds: cpuSeconds(process.cpuUsage()),
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
