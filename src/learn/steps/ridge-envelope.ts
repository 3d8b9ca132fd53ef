/**
 * Step 3 of the progression: ridge (Tikhonov) regression from the worm's neural activity to the piece's onset
 * envelope, with λ chosen by generalised cross-validation (Golub, Heath & Wahba 1979) over a log grid — PyANNOW's
 * `RidgeComposer(alpha=None)`. Ridge shrinks the fit along each singular direction of the activity by
 * σ²/(σ² + λ): the weak, noisy neural modes are damped most.
 *
 * GCV treats frames as independent; neighbouring 20 ms frames are not, so it tends to pick a small λ. The protocol's
 * held-out split is the honest check of that choice.
 */
import { onsetEnvelope } from '../../analysis/onset-targets.js';
import { ridgeGcv } from '../../math/ridge.js';
import type { FittedLearner, Learner } from '../evaluation.js';
import { selectGroups } from '../feature-matrix.js';

/** Options of {@link ridgeEnvelopeLearner}. */
export interface RidgeEnvelopeOptions {
  /** Input feature groups (default ['neural']). */
  groups?: string[];
  /** Width of the Gaussian onset envelope fitted (default 0.02 s). */
  targetWidthSeconds?: number;
  /** 'gcv' (default) or 'loo' (exact leave-one-out). */
  criterion?: 'gcv' | 'loo';
  name?: string;
}

/**
 * Step 3: ridge regression onto `onsetEnvelope(train.onsets, train.grid)`, λ by cross-validation; the prediction is
 * the onset activation.
 * @example
 * const heard = hearPiece('prelude', score);
 * const piece = learningPiece(heard, fitNeuralBasis(heard));
 * const r = await evaluateLearner(ridgeEnvelopeLearner(), piece, { rng: random, control: { groups: ['neural'] } });
 * r.info.lambda; r.info.degreesOfFreedom;
 */
export function ridgeEnvelopeLearner(options: RidgeEnvelopeOptions = {}): Learner {
  const groups = options.groups ?? ['neural'];
  const width = options.targetWidthSeconds ?? 0.02;
  return {
    name: options.name ?? 'ridge regression, λ by cross-validation',
    fit(train, { onProgress }): FittedLearner {
      const x = selectGroups(train.features, groups);
      const y = onsetEnvelope(train.onsets, train.grid, width);
      const fit = ridgeGcv(x, y, { criterion: options.criterion ?? 'gcv' });
      onProgress?.(1);
      const predictRows = (features: typeof x): Float64Array => {
        const out = new Float64Array(features.rows);
        for (let r = 0; r < features.rows; r++) {
          let v = fit.intercept[0]!;
          for (let c = 0; c < features.cols; c++) v += features.data[r * features.cols + c]! * fit.coefficients.data[c]!;
          out[r] = v;
        }
        return out;
      };
      const fitted = predictRows(x);
      let rss = 0;
      let tss = 0;
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      for (let r = 0; r < y.length; r++) {
        rss += (y[r]! - fitted[r]!) ** 2;
        tss += (y[r]! - mean) ** 2;
      }
      return {
        info: {
          lambda: fit.lambda,
          criterion: fit.criterion,
          degreesOfFreedom: fit.degreesOfFreedom,
          conditionNumber: fit.conditionNumber,
          trainingR2: tss > 0 ? 1 - rss / tss : 0,
        },
        predict: (span) => ({ activation: predictRows(selectGroups(span.features, groups)) }),
      };
    },
  };
}
