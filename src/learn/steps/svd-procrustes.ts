/**
 * Step 1 of the progression: compress the worm's neural activity with a randomized SVD (k = 4; Halko, Martinsson &
 * Tropp 2011) and rotate it onto the piece's feature space by orthogonal Procrustes with a scale (Schönemann 1966;
 * Gower 1975) — PyANNOW's `rsvd` + `procrustes_align(Z_worm, C_chopin, standardize=True)`.
 *
 * The piece's feature space is built from the training onsets alone (a learner never sees more): the onset
 * envelope at k time scales (default 20, 50, 100 and 250 ms: the single onset, the ±50 ms F1 window, a beat's
 * neighbourhood, the local density of onsets), z-scored and turned into its k principal components (PyANNOW's
 * `build_chopin_features`, a PCA of the piece's features). Both clouds — the worm's k SVD scores and the piece's k
 * components — are z-scored column by column (PyANNOW's `standardize=True`), so each is white and a rotation is
 * exactly what can carry one onto the other. The residual is the disparity ‖aligned − P‖²_F / ‖P − P̄‖²_F, before
 * the alignment (the two clouds taken as they are) and after it. On new frames the aligned worm is carried back from
 * the piece's components to its envelopes, and the finest envelope is the onset activation.
 *
 * A rotation and one scale are all the freedom Procrustes has: four worm modes can only be turned, never bent, onto
 * the piece. The step shows how far that goes.
 */
import { onsetEnvelope } from '../../analysis/onset-targets.js';
import { centerColumns } from '../../math/correlation.js';
import { flatMatrix, matMul, type FlatMatrix } from '../../math/flat-matrix.js';
import { pca } from '../../math/pca.js';
import { procrustesAlign } from '../../math/procrustes.js';
import { randomizedSvd } from '../../math/randomized-svd.js';
import type { FittedLearner, Learner } from '../evaluation.js';
import { applyStandardizer, fitStandardizer, selectGroups, type FeatureMatrix } from '../feature-matrix.js';

/** Options of {@link svdProcrustesLearner}. */
export interface SvdProcrustesOptions {
  /** Feature groups holding the neural activity (default ['neural']). */
  groups?: string[];
  /**
   * Widths (s) of the onset envelopes that make the piece's feature space; their number is the rank k of the SVD
   * (default [0.02, 0.05, 0.1, 0.25]: k = 4, PyANNOW's).
   */
  scalesSeconds?: number[];
  name?: string;
}

/** A plain matrix as unnamed feature columns, to reuse the protocol's standardiser. */
function unnamed(x: FlatMatrix): FeatureMatrix {
  return { rows: x.rows, cols: x.cols, data: x.data, names: Array.from({ length: x.cols }, (_, c) => `c${c}`), groups: new Array<string>(x.cols).fill('') };
}

function centeredBy(x: FlatMatrix, mean: Float64Array): FlatMatrix {
  const out = flatMatrix(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out.data[i * x.cols + j] = x.data[i * x.cols + j]! - mean[j]!;
  return out;
}

/**
 * ‖A − B‖²_F / ‖B − B̄‖²_F: 0 when A matches B, 1 when A does no better than B's column means.
 * @example
 * disparity(matrixFromRows([[1, 0], [0, 1]]), matrixFromRows([[1, 0], [0, 1]])); // → 0 — the residual before any rotation
 */
export function disparity(a: FlatMatrix, b: FlatMatrix): number {
  const { centered } = centerColumns(b);
  let err = 0;
  let norm = 0;
  for (let i = 0; i < a.data.length; i++) {
    err += (a.data[i]! - b.data[i]!) ** 2;
    norm += centered.data[i]! ** 2;
  }
  return norm > 0 ? err / norm : 0;
}

/**
 * Step 1: randomized SVD of the neural activity + orthogonal Procrustes onto the piece's onset envelopes.
 * `info` holds the residual before and after the alignment, the scale, and the share of the activity's variance
 * the k modes keep.
 * @example
 * const heard = hearPiece('prelude', score);
 * const piece = learningPiece(heard, fitNeuralBasis(heard));
 * const r = await evaluateLearner(svdProcrustesLearner(), piece, { rng: random, control: { groups: ['worm', 'neural'] } });
 * r.info.residualBefore; r.info.residualAfter;
 */
export function svdProcrustesLearner(options: SvdProcrustesOptions = {}): Learner {
  const groups = options.groups ?? ['neural'];
  const scales = options.scalesSeconds ?? [0.02, 0.05, 0.1, 0.25];
  const k = scales.length;
  if (k < 1) throw new RangeError('the piece feature space needs at least one envelope scale');
  return {
    name: options.name ?? `randomized SVD (k = ${k}) + orthogonal Procrustes`,
    fit(train, { rng, onProgress }): FittedLearner {
      const neural = selectGroups(train.features, groups);
      if (neural.cols < k) throw new RangeError(`the SVD needs at least ${k} neural columns, got ${neural.cols}`);
      const { centered, means } = centerColumns(neural);
      const svd = randomizedSvd(centered, k, rng.fork('rsvd'));
      onProgress?.(0.5);
      let total = 0;
      for (const v of centered.data) total += v * v;
      const kept = svd.s.reduce((s, x) => s + x * x, 0);
      const scores = matMul(centered, svd.v); // = U_k Σ_k
      const target = flatMatrix(train.grid.count, k);
      scales.forEach((w, c) => {
        const env = onsetEnvelope(train.onsets, train.grid, w);
        for (let r = 0; r < env.length; r++) target.data[r * k + c] = env[r]!;
      });
      const envStats = fitStandardizer(unnamed(target));
      const space = pca(applyStandardizer(unnamed(target), envStats), { components: k });
      const pieceStats = fitStandardizer(unnamed(space.scores));
      const p = applyStandardizer(unnamed(space.scores), pieceStats);
      const zStats = fitStandardizer(unnamed(scores));
      const z = applyStandardizer(unnamed(scores), zStats);
      const alignment = procrustesAlign(z, p);
      onProgress?.(1);
      const info: Record<string, number> = {
        rank: k,
        varianceKept: total > 0 ? kept / total : 0,
        residualBefore: disparity(z, p),
        residualAfter: alignment.disparity,
        scale: alignment.scale,
      };
      // Envelope 0 from aligned piece coordinates a: C₀ = mean₀ + sd₀ · (pcaMean₀ + Σⱼ (m_j + s_j a_j) · W₀ⱼ).
      const back = Float64Array.from({ length: k }, (_, j) => space.components.data[j]! * pieceStats.std[j]!);
      let offset = space.mean[0]!;
      for (let j = 0; j < k; j++) offset += pieceStats.mean[j]! * space.components.data[j]!;
      return {
        info,
        predict(span) {
          const x = selectGroups(span.features, groups);
          const zs = applyStandardizer(unnamed(matMul(centeredBy(x, means), svd.v)), zStats);
          const rotated = matMul(centeredBy(zs, alignment.sourceMean), alignment.rotation);
          const activation = new Float64Array(x.rows);
          for (let r = 0; r < x.rows; r++) {
            let c0 = offset;
            for (let j = 0; j < k; j++) c0 += back[j]! * (alignment.scale * rotated.data[r * k + j]! + alignment.targetMean[j]!);
            activation[r] = envStats.mean[0]! + envStats.std[0]! * c0;
          }
          return { activation };
        },
      };
    },
  };
}
