/**
 * One measured run of the pattern analysis under the reference's contract (../shared/reference/v2_patterns.py):
 * read the MIDI file, piano roll, randomized SVD (p = 10, q = 2) with k at 90 % energy, K-means (k-means++, 10
 * restarts) for K = 2…12 with the exact silhouette, then Pearson excitability against a seeded synthetic Z_worm
 * (T × 4) and W = lstsq(Z_worm, V_mus) for a seeded synthetic V_mus (T × 96). Prints JSON with each stage's time.
 *
 * usage: analyze-worker.ts PIECE [--all-frames] [--lloyd] [--no-silhouette]
 */
import { readFileSync } from 'node:fs';
import { readMidi } from '../src/formats/midi.js';
import { pianoRoll } from '../src/analysis/piano-roll.js';
import { analyzePatterns } from '../src/analysis/patterns.js';
import { flatMatrix } from '../src/math/flat-matrix.js';
import { crossCorrelation } from '../src/math/correlation.js';
import { lstsq } from '../src/math/least-squares.js';
import { createRandom } from '../src/score/random.js';

const [piece, ...flags] = process.argv.slice(2);
const allFrames = flags.includes('--all-frames');
const lloyd = flags.includes('--lloyd');
const noSilhouette = flags.includes('--no-silhouette');

const t0 = performance.now();
const score = readMidi(new Uint8Array(readFileSync(piece!)), piece);
const tRead = performance.now();
const roll = pianoRoll(score);
const a = analyzePatterns(roll, {
  dedupe: !allFrames,
  algorithm: lloyd ? 'lloyd' : 'hamerly',
  // Without the silhouette the sweep still needs a score per K: a 10-frame sample costs nothing.
  ...(noSilhouette ? { silhouetteSample: 10 } : {}),
});
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
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
