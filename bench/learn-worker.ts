/**
 * One measurement of the learning toolkit in a fresh process (so each backend starts cold and tfjs memory does not
 * carry over). `node --import tsx bench/learn-worker.ts TASK [BACKEND] [ARG]`; prints one JSON line.
 */
import { writeFileSync } from 'node:fs';
import { selectBackend, measureBackend, setMatMulGradient, tf, type BackendName } from '../src/learn/backend.js';
import { trainMlp } from '../src/learn/train-mlp.js';
import { flatObjective, initParameters, layersOf, lossTensor, mlpForward, mlpLayout } from '../src/learn/mlp.js';
import { trainPinn } from '../src/learn/pinn.js';
import { timeInputs, timeInputValues, type TimeBlock } from '../src/learn/pinn-inputs.js';
import { fitRandomForest } from '../src/learn/random-forest.js';
import { selectGroups, sliceRows } from '../src/learn/feature-matrix.js';
import { surrogateColumns } from '../src/learn/surrogates.js';
import { fourierTimeFeatures } from '../src/learn/time-features.js';
import { evaluateLearner, type ProtocolScores } from '../src/learn/evaluation.js';
import { forestLearner, mlpLearner, pinnLearner } from '../src/learn/learners.js';
import { fitOnsetThreshold } from '../src/analysis/onset-picking.js';
import { frameTimes, onsetEnvelope, onsetLabels } from '../src/analysis/onset-targets.js';
import { onsetF1 } from '../src/analysis/onsets-f1.js';
import { createRandom } from '../src/math/random.js';
import { RAINDROP, SECOND, benchPiece } from './learn-data.js';

const [task, backendArg, arg] = process.argv.slice(2);
const piece = benchPiece(RAINDROP);
const rows = piece.grid.count;
const times = frameTimes(piece.grid);
const envelope = onsetEnvelope(piece.onsets, piece.grid, 0.02);
const labels = onsetLabels(piece.onsets, piece.grid);
const out: Record<string, unknown> = { task, rows, features: piece.features.cols, onsets: piece.onsets.length, notes: piece.notes };

async function useBackend(): Promise<void> {
  const b = (backendArg ?? 'wasm') as BackendName;
  await selectBackend(b);
  out.backend = tf.getBackend();
}

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

if (task === 'probe') {
  for (const b of ['wasm', 'cpu'] as const) out[b] = await measureBackend(b, 8);
} else if (task === 'mlp') {
  await useBackend();
  const epochs = Number(arg ?? 2);
  const iters = 10;
  const net = await trainMlp(piece.features, envelope, createRandom(0), { loss: 'bce', hidden: [64, 32], epochs, batchSize: 256, lbfgsIterations: iters });
  out.msPerEpoch = (1000 * net.seconds.adam) / epochs;
  out.lbfgsIterations = net.curves[1]!.loss.length - 1;
  out.msPerLbfgsIteration = (1000 * net.seconds.lbfgs) / Math.max(1, net.curves[1]!.loss.length - 1);
} else if (task === 'matmul-grad') {
  // One MLP objective + gradient, the two gradient forms alternating in one process (min of 15 each), so that a
  // change of machine load hits both alike.
  await useBackend();
  const layout = mlpLayout([16, 64, 32, 1]);
  const theta = initParameters(layout, createRandom(0));
  const grad = new Float64Array(theta.length);
  for (const batch of [256, rows]) {
    const x = tf.tensor2d(Float32Array.from(piece.features.data.subarray(0, batch * 16)), [batch, 16]);
    const y = tf.tensor2d(Float32Array.from(envelope.subarray(0, batch)), [batch, 1]);
    const f = flatObjective((p) => lossTensor(mlpForward(layersOf(p, layout), layout, x), y, 'bce'), layout);
    const bestMs: Record<string, number> = { explicit: Infinity, flags: Infinity };
    for (let i = 0; i < 17; i++) {
      for (const mode of ['explicit', 'flags'] as const) {
        setMatMulGradient(mode);
        const t0 = performance.now();
        f(theta, grad);
        if (i >= 2) bestMs[mode] = Math.min(bestMs[mode]!, performance.now() - t0);
      }
    }
    out[`rows${batch}`] = bestMs;
    tf.dispose([x, y]);
  }
} else if (task === 'pinn-ode' || task === 'pinn-pde') {
  await useBackend();
  const pde = task === 'pinn-pde';
  const worm = selectGroups(piece.features, ['worm']);
  const blocks: TimeBlock[] = [{ kind: 'sampled', values: worm, hopSeconds: piece.grid.hopSeconds }, { kind: 'fourier', spanSeconds: rows * 0.02, harmonics: 4 }];
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const rng = createRandom(1);
  const m = 1024;
  const frames = Int32Array.from({ length: m }, () => rng.int(rows));
  const xs = pde ? Float64Array.from({ length: m }, () => rng.next()) : undefined;
  const steps = Number(arg ?? 40);
  const iters = 5;
  const pinn = await trainPinn(createRandom(2), {
    equation: pde ? { kind: 'pde', rho: 1, mu: 1, gamma: 1, trainable: true } : { kind: 'ode', omega: 2 * Math.PI * 4, gamma: 6, trainable: true },
    data: { inputs: timeInputValues(blocks, times, all, pde ? new Float64Array(rows) : undefined), target: envelope },
    collocation: { ...timeInputs(blocks, times, frames, xs), forcing: Float64Array.from(frames, (f) => worm.data[f * worm.cols]!) },
    adamSteps: steps,
    lbfgsIterations: iters,
    recordEvery: 1000,
  });
  out.inputs = pde ? 1 + 4 + 9 : 4 + 9;
  out.msPerAdamStep = (1000 * pinn.seconds.adam) / steps;
  out.msPerLbfgsIteration = (1000 * pinn.seconds.lbfgs) / iters;
} else if (task === 'forest') {
  const X = selectGroups(piece.features, ['worm', 'beat']);
  const trees = Number(arg ?? 100);
  const t0 = performance.now();
  const forest = fitRandomForest(X, labels, createRandom(3), { trees, maxDepth: 12 });
  out.fitSeconds = seconds(t0);
  out.oobScore = forest.oobScore;
  out.cols = X.cols;
  const t1 = performance.now();
  forest.predictProba(X);
  out.predictSeconds = seconds(t1);
} else if (task === 'forest-small' || task === 'ml-forest-small') {
  // Both forests on the first N rows, 10 trees of depth 12, sqrt features, bootstrap.
  const n = Number(arg ?? 1000);
  const X = sliceRows(selectGroups(piece.features, ['worm', 'beat']), 0, n);
  const y = Array.from(labels.subarray(0, n));
  const t0 = performance.now();
  if (task === 'forest-small') {
    const f = fitRandomForest(X, y, createRandom(3), { trees: 10, maxDepth: 12 });
    out.oobScore = f.oobScore;
  } else {
    const { RandomForestClassifier } = await import('ml-random-forest');
    const rows2d = Array.from({ length: n }, (_, r) => Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)));
    // noOOB: its out-of-bag collection throws (ml-array-mode: 'input must not be empty') when a row is in every
    // bootstrap, which 10 trees make likely; ours computes OOB within the timed fit, so this favours ml-random-forest.
    // maxFeatures 0.29 of 7 columns = 2, as our 'sqrt' — but drawn once per tree (random subspaces), where ours and
    // scikit-learn draw per split (Breiman 2001).
    const rf = new RandomForestClassifier({ nEstimators: 10, maxFeatures: 0.29, replacement: false, noOOB: true, seed: 3, treeOptions: { maxDepth: 12 } });
    rf.train(rows2d, y);
  }
  out.fitSeconds = seconds(t0);
  out.n = n;
} else if (task === 'export-forest-data') {
  const X = selectGroups(piece.features, ['worm', 'beat']);
  writeFileSync(arg!, JSON.stringify({ rows: X.rows, cols: X.cols, data: Array.from(X.data), labels: Array.from(labels) }));
} else if (task === 'toolkit') {
  // Threshold fitting on a whole-piece activation, F1, surrogates, Fourier features.
  const rng = createRandom(4);
  const act = Float64Array.from(envelope, (v) => v + 0.3 * rng.next());
  let t0 = performance.now();
  const fit = fitOnsetThreshold(act, piece.grid, piece.onsets);
  out.thresholdFitMs = 1000 * seconds(t0);
  out.candidatePeaks = fit.curve.threshold.length;
  const predicted = Float64Array.from({ length: 3000 }, () => rng.uniform(0, rows * 0.02));
  t0 = performance.now();
  for (let i = 0; i < 10; i++) onsetF1(predicted, piece.onsets);
  out.f1Ms = (1000 * seconds(t0)) / 10;
  t0 = performance.now();
  surrogateColumns(piece.features, ['worm', 'beat', 'time'], createRandom(5));
  out.surrogates16Ms = 1000 * seconds(t0);
  t0 = performance.now();
  fourierTimeFeatures(times, { spanSeconds: rows * 0.02, harmonics: 12 });
  out.fourier25Ms = 1000 * seconds(t0);
} else if (task === 'evaluate') {
  // The whole protocol for one learner: in-sample, held-out, control (1 surrogate), second piece.
  await useBackend();
  const second = benchPiece(SECOND, 2);
  const which = arg ?? 'mlp';
  const learner =
    which === 'mlp'
      ? mlpLearner({ epochs: 20, lbfgsIterations: 50 })
      : which === 'forest'
        ? forestLearner({ trees: 100, maxDepth: 12, groups: ['worm', 'beat'] })
        : pinnLearner({ equation: which === 'pde' ? 'pde' : 'ode', forcingColumns: ['worm_pc1', 'worm_pc2'], groups: ['worm', 'time'], adamSteps: 300, lbfgsIterations: 30 });
  const t0 = performance.now();
  const r = await evaluateLearner(learner, piece, { rng: createRandom(6), secondPiece: second });
  out.learner = r.learner;
  out.totalSeconds = seconds(t0);
  out.seconds = r.seconds;
  const scores = (v: ProtocolScores) => ({
    inSample: v.inSample.f1,
    heldOut: v.heldOut.f1,
    heldOutByRate: v.heldOut.otherRule?.f1,
    control: v.control?.heldOutF1,
    secondPiece: v.secondPiece?.f1,
  });
  out.f1 = scores(r);
  out.variants = Object.fromEntries(Object.entries(r.variants ?? {}).map(([name, v]) => [name, scores(v)]));
} else {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
