import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateLearner, onlyGroups, withoutGroups, type Learner, type LearningPiece } from './evaluation.js';
import { applyStandardizer, column, featureMatrix, fitStandardizer, hstack, sliceRows } from './feature-matrix.js';
import { fourierTimeFeatures } from './time-features.js';
import { forestLearner, mlpLearner, pinnLearner, randomOnsetLearner } from './learners.js';
import { selectBackend } from './backend.js';
import { fitOnsetThreshold } from '../analysis/onset-picking.js';
import { frameGrid, frameTimes, onsetEnvelope, onsetsBetween } from '../analysis/onset-targets.js';
import { createRandom } from '../math/random.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

/**
 * A synthetic piece whose onsets are known: irregular onsets (gaps 0.25–0.7 s) over `seconds`, Fourier time
 * features, and three 'worm' columns — one carries the onsets (a bump at each onset plus noise) when
 * `informative`, the others are unrelated oscillations with noise.
 */
function syntheticPiece(seed: number, seconds: number, informative: boolean, name = `synthetic ${seed}`): LearningPiece {
  const rng = createRandom(seed);
  const grid = frameGrid(0, seconds);
  const onsets: number[] = [];
  for (let t = 0.5; t < seconds - 0.3; t += rng.uniform(0.25, 0.7)) onsets.push(t);
  const o = Float64Array.from(onsets);
  const bump = onsetEnvelope(o, grid, 0.03);
  const times = frameTimes(grid);
  const carrier = Float64Array.from(bump, (v) => (informative ? v : 0) + 0.15 * rng.normal());
  const osc1 = Float64Array.from(times, (t) => Math.sin(2 * Math.PI * 0.7 * t) + 0.2 * rng.normal());
  const osc2 = Float64Array.from(times, (t) => Math.cos(2 * Math.PI * 1.3 * t + 0.4) + 0.2 * rng.normal());
  const worm = featureMatrix([
    { name: 'worm0', group: 'worm', values: carrier },
    { name: 'worm1', group: 'worm', values: osc1 },
    { name: 'worm2', group: 'worm', values: osc2 },
  ]);
  return { name, grid, onsets: o, features: hstack(worm, fourierTimeFeatures(times, { spanSeconds: seconds, harmonics: 3 })) };
}

/** A learner with no parameters: the activation is the standardised column `name`. */
function columnLearner(name: string): Learner {
  return {
    name: `column ${name}`,
    fit(train) {
      expect(train.labels.length).toBe(train.grid.count);
      return {
        predict(span) {
          // The protocol never hands targets to predict.
          expect('onsets' in span).toBe(false);
          expect('labels' in span).toBe(false);
          return { activation: column(span.features, span.features.names.indexOf(name)) };
        },
      };
    },
  };
}

describe('evaluation protocol', () => {
  it('scores an informative worm feature high everywhere and its surrogates low', async () => {
    const piece = syntheticPiece(1, 60, true);
    const r = await evaluateLearner(columnLearner('worm0'), piece, { rng: createRandom(0), control: { surrogates: 3 } });
    expect(r.inSample.f1).toBeGreaterThan(0.9);
    expect(r.heldOut.f1).toBeGreaterThan(0.9);
    expect(r.control!.heldOutF1).toBeLessThan(0.5);
    expect(r.control!.advantage).toBeGreaterThan(0.4);
    expect(r.control!.pValue).toBe(0.25); // 1 / (1 + 3): no surrogate reached the real score
    // The held-out test span is the last 30 %, and its targets are exactly the onsets there.
    expect(r.heldOut.testSpan.startSeconds).toBeCloseTo(42, 9);
    expect(r.heldOut.testSpan.targets).toBe(onsetsBetween(piece.onsets, 42, Infinity).length);
    expect(r.heldOut.manyToMany.f1).toBeGreaterThanOrEqual(r.heldOut.f1);
  });

  it('fits the held-out threshold on the training frames only', async () => {
    const piece = syntheticPiece(2, 40, true);
    const r = await evaluateLearner(columnLearner('worm0'), piece, { rng: createRandom(0), control: false });
    // Recompute independently: standardise with the first 70 % and fit the threshold there.
    const split = Math.round(piece.grid.count * 0.7);
    const train = sliceRows(piece.features, 0, split);
    const x = column(applyStandardizer(train, fitStandardizer(train)), 0);
    const grid = { ...piece.grid, count: split };
    const expected = fitOnsetThreshold(x, grid, onsetsBetween(piece.onsets, -Infinity, split * 0.02)).threshold;
    expect(r.heldOut.threshold).toBeCloseTo(expected, 12);
  });

  it('fits in-sample thresholds on the model’s own predictions and out-of-sample ones on its honest activation', async () => {
    // A learner that memorises: its own predictions of the training frames are perfect bumps of height 10, while
    // its honest (out-of-bag-like) training activation is the noisy column — as a forest's in-bag vs OOB output.
    const piece = syntheticPiece(8, 40, true);
    const memoriser: Learner = {
      name: 'memoriser',
      fit(train) {
        const honest = column(train.features, 0);
        const perfect = Float64Array.from(onsetEnvelope(train.onsets, train.grid, 0.03), (v) => 10 * v);
        return {
          trainingActivation: honest,
          predict: (span) => ({ activation: span.grid.startSeconds === train.grid.startSeconds && span.grid.count === train.grid.count ? perfect : column(span.features, 0) }),
        };
      },
    };
    const r = await evaluateLearner(memoriser, piece, { rng: createRandom(0), control: false });
    expect(r.inSample.f1).toBe(1);
    expect(r.inSample.threshold!).toBeGreaterThan(3); // between the perfect bumps' heights
    expect(r.heldOut.threshold!).toBeLessThan(3); // on the scale of the honest activation
    expect(r.heldOut.f1).toBeGreaterThan(0.85);
  });

  it('can carry the training fit to new frames by onset rate instead of threshold value', async () => {
    // A learner whose activation on new frames is the training activation's scale × 5: a fixed threshold value
    // would accept every small bump; the rate rule is immune to the rescaling.
    const piece = syntheticPiece(9, 40, true);
    const drifting: Learner = {
      name: 'drifting scale',
      fit(train) {
        return {
          predict: (span) => {
            const x = column(span.features, 0);
            const scale = span.grid.startSeconds === train.grid.startSeconds ? 1 : 5;
            return { activation: x.map((v) => v * scale) };
          },
        };
      },
    };
    const byValue = await evaluateLearner(drifting, piece, { rng: createRandom(0), control: false });
    const byRate = await evaluateLearner(drifting, piece, { rng: createRandom(0), control: false, thresholdRule: 'rate' });
    expect(byRate.heldOut.rule).toBe('rate');
    expect(byRate.heldOut.f1).toBeGreaterThan(0.85);
    expect(byValue.heldOut.f1).toBeLessThan(byRate.heldOut.f1 - 0.2);
    // Each score also carries the other rule's F1 from the same activation.
    expect(byValue.heldOut.otherRule!.rule).toBe('rate');
    expect(byValue.heldOut.otherRule!.f1).toBeCloseTo(byRate.heldOut.f1, 12);
    expect(byValue.inSample.otherRule).toBeUndefined();
  });

  it('finds no advantage in an uninformative worm (real ≈ surrogates)', async () => {
    const piece = syntheticPiece(3, 60, false);
    const r = await evaluateLearner(columnLearner('worm0'), piece, { rng: createRandom(1), control: { surrogates: 3 } });
    expect(r.heldOut.f1).toBeLessThan(0.6);
    expect(Math.abs(r.control!.advantage)).toBeLessThan(0.15);
  });

  it('scores the random baseline near its expected F1 and checks second-piece columns', async () => {
    const piece = syntheticPiece(4, 120, true);
    const other = syntheticPiece(5, 60, true, 'other');
    const r = await evaluateLearner(randomOnsetLearner(), piece, { rng: createRandom(2), secondPiece: other, control: false });
    // Poisson onsets at the right rate hit a target within ±50 ms with probability ≈ 1 − e^{−0.1·rate}: F1 ≈ 0.2.
    expect(r.inSample.f1).toBeGreaterThan(0.1);
    expect(r.inSample.f1).toBeLessThan(0.35);
    expect(r.secondPiece!.piece).toBe('other');
    expect(r.secondPiece!.f1).toBeLessThan(0.35);
    const mismatched = { ...other, features: onlyGroups(other, ['worm']).features };
    await expect(evaluateLearner(randomOnsetLearner(), piece, { rng: createRandom(2), secondPiece: mismatched, control: false })).rejects.toThrow(
      /different feature columns/,
    );
  });

  it('runs the forest, MLP and PINN learners end to end on a short piece', async () => {
    const piece = syntheticPiece(6, 30, true);
    const rng = createRandom(3);
    const seen: number[] = [];
    const forest = await evaluateLearner(forestLearner({ trees: 20, maxDepth: 8 }), piece, { rng, control: false, onProgress: (_stage, f) => seen.push(f) });
    // Progress climbs tree by tree through both fits and ends at 1.
    expect(seen.length).toBeGreaterThan(40);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBe(1);
    expect(forest.heldOut.f1).toBeGreaterThan(0.8);
    expect(forest.info.oobScore).toBeGreaterThan(0.8);
    const timeOnly = await evaluateLearner(forestLearner({ trees: 20, maxDepth: 8 }), withoutGroups(piece, ['worm']), { rng, control: false });
    expect(timeOnly.heldOut.f1).toBeLessThan(forest.heldOut.f1 - 0.3);
    const mlp = await evaluateLearner(mlpLearner({ hidden: [16], epochs: 8, lbfgsIterations: 15 }), piece, { rng, control: false });
    expect(mlp.heldOut.f1).toBeGreaterThan(0.8);
    expect(mlp.curves.map((c) => c.label)).toEqual(['Adam (mean minibatch objective per epoch)', 'L-BFGS (full-batch objective per iteration)']);
    // Steps 4–6 from one run: the untrained network is scored too, and does far worse.
    expect(Object.keys(mlp.variants!)).toEqual(['initial weights', 'after Adam']);
    expect(mlp.variants!['initial weights']!.heldOut.f1).toBeLessThan(mlp.heldOut.f1);
    const ode = await evaluateLearner(
      pinnLearner({ equation: 'ode', forcingColumns: ['worm1'], groups: ['worm'], hidden: [16], adamSteps: 100, learningRate: 0.01, lbfgsIterations: 20, collocationPoints: 256 }),
      piece,
      { rng, control: false },
    );
    expect(ode.heldOut.f1).toBeGreaterThan(0.6);
    expect(typeof ode.info.omega).toBe('number');
    const pde = await evaluateLearner(
      pinnLearner({ equation: 'pde', forcingColumns: ['worm1', 'worm2'], groups: ['worm'], hidden: [16], adamSteps: 100, learningRate: 0.01, lbfgsIterations: 20, collocationPoints: 256 }),
      piece,
      { rng, control: false },
    );
    expect(pde.heldOut.f1).toBeGreaterThan(0.6);
    expect(typeof pde.info.mu).toBe('number');
  }, 120_000);

  it('refuses pieces whose rows do not match their frames', async () => {
    const piece = syntheticPiece(7, 10, true);
    await expect(evaluateLearner(columnLearner('worm0'), { ...piece, grid: { ...piece.grid, count: 3 } }, { rng: createRandom(0) })).rejects.toThrow(
      /feature rows/,
    );
    await expect(evaluateLearner(columnLearner('worm0'), piece, { rng: createRandom(0), trainFraction: 1 })).rejects.toThrow(/trainFraction/);
  });
});
