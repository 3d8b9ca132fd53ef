/**
 * The seed's ion-channel search: the worm, with Hodgkin–Huxley body-wall muscles (Boyle & Cohen 2008), listens to a
 * piece (the learning progression's `hearPiece`); the progression's step-3 learner — ridge regression from the
 * muscle features (muscle_all, bend_1 … bend_12) onto the onset envelope, λ by GCV — is fitted on the first 70 % and
 * predicts the onsets of the last 30 %. loss = 1 − held-out F1 (mir_eval's one-to-one onset F1, ±50 ms): the
 * progression's loss on the frames the fit never saw. The channel parameters are paths into the worm's parameters,
 * e.g. `muscles.hh.gCaPerF` (g_EGL19), `muscles.hh.halfMV.e` (V½ of EGL-19 activation), `muscles.hh.tauCaMs`
 * (τ_Ca) and `muscles.hh.gKfPerF` (the fast K⁺ current, EXP-2-like).
 */
import { bachPreludeInC } from '../../pieces/bach-prelude-c-major.js';
import { createRandom } from '../../math/random.js';
import { evaluateLearner } from '../../learn/evaluation.js';
import { ridgeEnvelopeLearner } from '../../learn/steps/ridge-envelope.js';
import { fitNeuralBasis, hearPiece, learningPiece } from '../../learn/progression/worm-piece.js';
import type { Params } from '../space.js';
import type { Metrics, Objective } from './objective.js';
import { wormParamsAt } from './worm-params.js';

interface IonOptions {
  bars: number;
  bpm: number;
  environment: 'water' | 'agar';
}

function ionOptions(options: Record<string, unknown>): IonOptions {
  for (const key of Object.keys(options)) if (!['bars', 'bpm', 'environment'].includes(key)) throw new RangeError(`options.${key}: unknown option (worm-ion-channels takes bars, bpm, environment)`);
  const bars = options['bars'] ?? 8;
  const bpm = options['bpm'] ?? 66;
  const environment = options['environment'] ?? 'water';
  if (typeof bars !== 'number' || !Number.isInteger(bars) || bars < 2 || bars > 35) throw new RangeError(`options.bars: must be a whole number of bars of the prelude, 2–35, got ${String(bars)}`);
  if (typeof bpm !== 'number' || !(bpm >= 20 && bpm <= 240)) throw new RangeError(`options.bpm: must be 20–240, got ${String(bpm)}`);
  if (environment !== 'water' && environment !== 'agar') throw new RangeError(`options.environment: must be "water" or "agar", got ${String(environment)}`);
  return { bars, bpm, environment };
}

export const wormIonChannelsObjective: Objective = {
  description: "the HH-muscle worm hears the C major prelude; loss = 1 − held-out onset F1 of the progression's ridge step on muscle features",
  metrics: ['loss', 'f1_held_out', 'f1_in_sample', 'predicted_onsets', 'target_onsets'],
  checkOptions: (options) => void ionOptions(options),
  async evaluate(params: Params, options: Record<string, unknown>, seed: number): Promise<Metrics> {
    const o = ionOptions(options);
    const score = bachPreludeInC({ bars: o.bars, bpm: o.bpm });
    const worm = wormParamsAt(params, { 'muscles.model': 'hh', 'environment.medium': o.environment === 'water' ? 0 : 1, seed });
    const heard = hearPiece('prelude', score, { params: worm });
    const basis = fitNeuralBasis(heard, { untilSeconds: heard.endSeconds * 0.7 });
    const piece = learningPiece(heard, basis);
    const r = await evaluateLearner(ridgeEnvelopeLearner({ groups: ['muscle'] }), piece, { rng: createRandom(seed), trainFraction: 0.7, control: false });
    return {
      loss: 1 - r.heldOut.f1,
      f1_held_out: r.heldOut.f1,
      f1_in_sample: r.inSample.f1,
      predicted_onsets: r.heldOut.predicted.length,
      target_onsets: r.heldOut.testSpan.targets,
    };
  },
};
