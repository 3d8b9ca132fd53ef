import { describe, expect, it } from 'vitest';
import { neuralScores } from './neural-scores.js';
import { flatMatrix } from '../../../math/flat-matrix.js';
import { pca } from '../../../math/pca.js';
import { createRandom } from '../../../math/random.js';

describe('Z_worm by the covariance eigendecomposition', () => {
  it('agrees with the SVD-based PCA on the leading components', () => {
    const rng = createRandom(3);
    const n = 2000;
    const p = 24;
    const x = flatMatrix(n, p);
    // Three latent rhythms mixed into 24 "neurons", plus noise: well-separated leading components.
    const mix = Array.from({ length: 3 * p }, () => rng.normal());
    for (let i = 0; i < n; i++) {
      const latent = [3 * Math.sin(i / 13), 2 * Math.cos(i / 7), Math.sin(i / 29)];
      for (let j = 0; j < p; j++) x.data[i * p + j] = latent.reduce((s, l, c) => s + l * mix[c * p + j]!, 0.5) + 0.1 * rng.normal();
    }
    const ours = neuralScores(x, 3);
    const oracle = pca(x, { components: 3 });
    for (let c = 0; c < 3; c++) expect(ours.varianceRatio[c]).toBeCloseTo(oracle.explainedVarianceRatio[c]!, 10);
    for (let i = 0; i < ours.scores.data.length; i++) expect(ours.scores.data[i]).toBeCloseTo(oracle.scores.data[i]!, 7);
  });

  it('refuses impossible requests', () => {
    expect(() => neuralScores(flatMatrix(1, 3), 1)).toThrow(/at least 2 frames/);
    expect(() => neuralScores(flatMatrix(10, 3), 4)).toThrow(/1…3/);
  });
});
