/**
 * neuromusic/resonance — the neural-resonance experiments, one function each: `hopf` (the Hopf oscillator's limit
 * cycle and resonance curve), `metronome` (ASHLE synchronising to a tempo, mean asynchrony), `detect` (a GrFNN bank
 * finding the pulse), `consonance` (mode-locking of coupled pairs over the musical intervals) and `population`
 * (many oscillators). Each takes a seed and returns headline figures, findings in sentences, JSON data and
 * Vega-Lite plots ({@link ExperimentResult}).
 *
 * @example
 * ```ts
 * import { RESONANCE_EXPERIMENTS } from 'neuromusic/resonance';
 * const result = RESONANCE_EXPERIMENTS.hopf({ seed: 0 });
 * for (const f of result.figures) console.log(`${f.label}: ${f.value}`);
 * ```
 *
 * @module neuromusic/resonance
 */
export {
  RESONANCE_EXPERIMENTS,
  runHopfExperiment,
  runMetronomeExperiment,
  runDetectExperiment,
  runConsonanceExperiment,
  runPopulationExperiment,
  meanAsynchrony,
  coupledPair,
  INTERVALS,
  type ResonanceExperimentName,
  type ExperimentOptions,
  type ExperimentResult,
  type MetronomeOptions,
  type DetectOptions,
  type ConsonanceOptions,
  type PopulationOptions,
} from './experiments/index.js';
