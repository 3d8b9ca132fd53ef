/**
 * The neural-resonance experiments of DedAI-Neurodynamics (docs/design/dynamics.md), one function each: `hopf`,
 * `metronome`, `detect`, `consonance`, `population`. Each returns figures, findings, JSON data and Vega-Lite plots.
 */
import { runConsonanceExperiment } from './consonance.js';
import { runDetectExperiment } from './detect.js';
import { runHopfExperiment } from './hopf.js';
import { runMetronomeExperiment } from './metronome.js';
import { runPopulationExperiment } from './population.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

export type { ExperimentOptions, ExperimentResult } from './types.js';
export { runConsonanceExperiment, INTERVALS, coupledPair, type ConsonanceOptions } from './consonance.js';
export { runDetectExperiment, type DetectOptions } from './detect.js';
export { runHopfExperiment } from './hopf.js';
export { runMetronomeExperiment, meanAsynchrony, type MetronomeOptions } from './metronome.js';
export { runPopulationExperiment, type PopulationOptions } from './population.js';

/** The experiments by name. */
export const RESONANCE_EXPERIMENTS = {
  hopf: runHopfExperiment,
  metronome: runMetronomeExperiment,
  detect: runDetectExperiment,
  consonance: runConsonanceExperiment,
  population: runPopulationExperiment,
} as const satisfies Record<string, (o: ExperimentOptions) => ExperimentResult>;
export type ResonanceExperimentName = keyof typeof RESONANCE_EXPERIMENTS;
