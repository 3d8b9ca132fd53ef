import { describe, expect, it } from 'vitest';
import { inverse, Matrix } from 'ml-matrix';
import { frameGrid, frameTimes, onsetEnvelope, onsetLabels, type FrameGrid } from '../../analysis/onset-targets.js';
import { onsetF1 } from '../../analysis/onsets-f1.js';
import { createRandom } from '../../math/random.js';
import type { FittedLearner, Prediction, TrainingSpan } from '../evaluation.js';
import { featureMatrix, sliceRows, type FeatureMatrix } from '../feature-matrix.js';
import { labelTransitions, motorPrimitivesLearner } from './motor-primitives.js';
import { ridgeEnvelopeLearner } from './ridge-envelope.js';
import { svdProcrustesLearner } from './svd-procrustes.js';

/** A training span over the given rows, as the protocol hands it to a learner. */
function spanOf(features: FeatureMatrix, grid: FrameGrid, onsets: Float64Array): TrainingSpan {
  return { piece: 'test', grid, times: frameTimes(grid), features, rawFeatures: features, onsets, labels: onsetLabels(onsets, grid) };
}

function activationOf(p: Prediction): Float64Array {
  if (!('activation' in p)) throw new Error('expected an activation');
  return p.activation;
}

function irregularOnsets(seed: number, seconds: number): Float64Array {
  const rng = createRandom(seed);
  const out: number[] = [];
  for (let t = 0.4; t < seconds - 0.3; t += rng.uniform(0.2, 0.9)) out.push(Math.round(t / 0.02) * 0.02);
  return Float64Array.from(out);
}

describe('step 1: randomized SVD + orthogonal Procrustes', () => {
  const scales = [0.02, 0.05, 0.1, 0.25];
  const seconds = 40;
  const grid = frameGrid(0, seconds);
  const onsets = irregularOnsets(3, seconds);
  const envelopes = scales.map((w) => onsetEnvelope(onsets, grid, w));

  it('recovers the rotation between a linear image of the piece space and the piece: residual 0, envelope reproduced', async () => {
    // "Neural activity": 8 columns, each a fixed random mix of the four onset envelopes plus an offset. Any such
    // full-rank image, whitened, differs from the whitened piece space by a rotation only; Procrustes must find it.
    const rng = createRandom(7);
    const mix = Array.from({ length: 4 * 8 }, () => rng.normal());
    const columns = Array.from({ length: 8 }, (_, j) => ({
      name: `n${j}`,
      group: 'neural',
      values: Float64Array.from({ length: grid.count }, (_, r) => 0.3 * j + envelopes.reduce((s, e, i) => s + e[r]! * mix[i * 8 + j]!, 0)),
    }));
    const features = featureMatrix(columns);
    const fitted = (await svdProcrustesLearner({ scalesSeconds: scales }).fit(spanOf(features, grid, onsets), { rng: createRandom(1) })) as FittedLearner;
    expect(fitted.info!.residualAfter).toBeLessThan(1e-10);
    expect(fitted.info!.residualBefore).toBeGreaterThan(0.5);
    expect(fitted.info!.varianceKept).toBeCloseTo(1, 10);
    const act = activationOf(await fitted.predict({ piece: 'test', grid, times: frameTimes(grid), features, rawFeatures: features }));
    for (let r = 0; r < grid.count; r++) expect(act[r]).toBeCloseTo(envelopes[0]![r]!, 8);
  });

  it('carries the alignment to frames it was not fitted on', async () => {
    const rng = createRandom(8);
    const mix = Array.from({ length: 4 * 6 }, () => rng.normal());
    const features = featureMatrix(
      Array.from({ length: 6 }, (_, j) => ({
        name: `n${j}`,
        group: 'neural',
        values: Float64Array.from({ length: grid.count }, (_, r) => envelopes.reduce((s, e, i) => s + e[r]! * mix[i * 6 + j]!, 0)),
      })),
    );
    const half = Math.floor(grid.count / 2);
    const first = { ...grid, count: half };
    const second = { ...grid, count: grid.count - half, startSeconds: half * grid.hopSeconds };
    const fitted = (await svdProcrustesLearner({ scalesSeconds: scales }).fit(
      spanOf(sliceRows(features, 0, half), first, onsets.filter((t) => t < half * grid.hopSeconds)),
      { rng: createRandom(2) },
    )) as FittedLearner;
    const rest = sliceRows(features, half, grid.count);
    const act = activationOf(await fitted.predict({ piece: 'test', grid: second, times: frameTimes(second), features: rest, rawFeatures: rest }));
    for (let r = 0; r < second.count; r++) expect(act[r]).toBeCloseTo(envelopes[0]![half + r]!, 6);
  });

  it('refuses fewer neural columns than the rank', () => {
    const features = featureMatrix([{ name: 'a', group: 'neural', values: new Float64Array(grid.count) }]);
    expect(() => svdProcrustesLearner().fit(spanOf(features, grid, onsets), { rng: createRandom(0) })).toThrow(/at least 4 neural columns/);
  });
});

describe('step 2: motor primitives', () => {
  it('keeps only changes that last the dwell time', () => {
    expect(labelTransitions([0, 0, 1, 0, 0, 2, 2, 2], 2)).toEqual([{ frame: 5, from: 0, to: 2 }]);
    expect(labelTransitions([0, 1, 1, 2], 1)).toEqual([
      { frame: 1, from: 0, to: 1 },
      { frame: 3, from: 1, to: 2 },
    ]);
    expect(labelTransitions([], 2)).toEqual([]);
  });

  it('finds three primitives and learns that only entries into one of them are onsets', async () => {
    // The "worm" cycles through three well-separated states for 10–25 frames each; the piece's onsets fall exactly
    // where it enters state 1.
    const rng = createRandom(11);
    const centres = [
      [0, 0, 0, 0, 0, 0],
      [6, 0, 0, 3, 0, 0],
      [0, 6, 0, 0, -3, 0],
    ];
    const states: number[] = [];
    for (let s = 0; states.length < 3000; s = (s + 1) % 3) {
      const n = 10 + rng.int(16);
      for (let i = 0; i < n; i++) states.push(s);
    }
    const grid = frameGrid(0, states.length * 0.02);
    const onsets = Float64Array.from(
      states.flatMap((s, f) => (f > 0 && s === 1 && states[f - 1] !== 1 ? [f * 0.02] : [])),
    );
    const features = featureMatrix(
      Array.from({ length: 6 }, (_, j) => ({
        name: `n${j}`,
        group: 'neural',
        values: Float64Array.from(states, (s) => centres[s]![j]! + 0.2 * rng.normal()),
      })),
    );
    const half = 1500;
    const train = { ...grid, count: half };
    const test = { ...grid, count: grid.count - half, startSeconds: half * 0.02 };
    const fitted = (await motorPrimitivesLearner({ kMin: 2, kMax: 5 }).fit(
      spanOf(sliceRows(features, 0, half), train, onsets.filter((t) => t < half * 0.02)),
      { rng: createRandom(0) },
    )) as FittedLearner;
    expect(fitted.info!.clusters).toBe(3);
    expect(fitted.info!.typesKept).toBe(1);
    expect(fitted.info!.trainingF1).toBe(1);
    const rest = sliceRows(features, half, grid.count);
    const p = await fitted.predict({ piece: 'test', grid: test, times: frameTimes(test), features: rest, rawFeatures: rest });
    if (!('onsets' in p)) throw new Error('expected onsets');
    expect(onsetF1(p.onsets, onsets.filter((t) => t >= half * 0.02)).f1).toBe(1);
  });
});

describe('step 3: ridge onto the onset envelope', () => {
  it('matches the closed form (XcᵀXc + λI)⁻¹Xcᵀyc with the intercept ȳ − x̄ᵀw, at the λ it chose', async () => {
    const rng = createRandom(5);
    const grid = frameGrid(0, 12);
    const onsets = irregularOnsets(9, 12);
    const y = onsetEnvelope(onsets, grid, 0.02);
    const cols = 5;
    // Inputs that carry some of the envelope, plus noise, plus one nearly collinear pair (so λ matters).
    const base = Array.from({ length: cols }, (_, j) => Float64Array.from(y, (v) => (j < 2 ? (j + 1) * v : 0) + rng.normal()));
    base[4] = Float64Array.from(base[3]!, (v) => v + 1e-3 * rng.normal());
    const features = featureMatrix(base.map((values, j) => ({ name: `n${j}`, group: 'neural', values })));
    const fitted = (await ridgeEnvelopeLearner().fit(spanOf(features, grid, onsets), { rng: createRandom(0) })) as FittedLearner;
    const lambda = fitted.info!.lambda as number;
    expect(lambda).toBeGreaterThan(0);
    const n = grid.count;
    const X = new Matrix(n, cols);
    const xm = new Float64Array(cols);
    for (let j = 0; j < cols; j++) xm[j] = base[j]!.reduce((s, v) => s + v, 0) / n;
    const ym = y.reduce((s, v) => s + v, 0) / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) X.set(i, j, base[j]![i]! - xm[j]!);
    const yc = Matrix.columnVector(Array.from(y, (v) => v - ym));
    const w = inverse(X.transpose().mmul(X).add(Matrix.eye(cols).mul(lambda))).mmul(X.transpose()).mmul(yc);
    let b = ym;
    for (let j = 0; j < cols; j++) b -= xm[j]! * w.get(j, 0);
    const act = activationOf(await fitted.predict({ piece: 'test', grid, times: frameTimes(grid), features, rawFeatures: features }));
    for (let i = 0; i < n; i += 37) {
      let expected = b;
      for (let j = 0; j < cols; j++) expected += base[j]![i]! * w.get(j, 0);
      expect(act[i]).toBeCloseTo(expected, 8);
    }
  });
});
