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

  it('reads some columns of a wider table in place, as a copy of them would give', () => {
    const rng = createRandom(5);
    const wide = flatMatrix(400, 10);
    for (let i = 0; i < wide.data.length; i++) wide.data[i] = Math.sin(i / 17) + 0.3 * rng.normal();
    const columns = [7, 1, 4, 9];
    const copy = flatMatrix(400, columns.length);
    for (let i = 0; i < 400; i++) columns.forEach((c, j) => (copy.data[i * columns.length + j] = wide.data[i * 10 + c]!));
    const inPlace = neuralScores({ rows: 400, cols: 10, data: Float32Array.from(wide.data) }, 2, columns);
    const copied = neuralScores(flatMatrix(400, columns.length, Float64Array.from(Float32Array.from(copy.data))), 2);
    expect(Array.from(inPlace.scores.data)).toEqual(Array.from(copied.scores.data));
    expect(Array.from(inPlace.means)).toEqual(Array.from(copied.means));
    expect(() => neuralScores(wide, 1, [3, 10])).toThrow(/column 10 is outside the table's 10 columns/);
  });

  it('refuses impossible requests', () => {
    expect(() => neuralScores(flatMatrix(1, 3), 1)).toThrow(/at least 2 frames/);
    expect(() => neuralScores(flatMatrix(10, 3), 4)).toThrow(/1…3/);
  });
});
