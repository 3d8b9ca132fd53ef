/**
 * neuromusic/dynamics — the oscillators of neural resonance theory (Large et al.): the Hopf normal form, gradient
 * frequency neural networks (GrFNN) of canonical oscillators, ASHLE (adaptive synchronisation with Hebbian learning
 * of frequency), the Lorenz system, and phase-locking value. Parameters are zod schemas with named regimes.
 *
 * @example
 * ```ts
 * import { simulateHopf, hopfLimitCycleRadius } from 'neuromusic/dynamics';
 * const run = simulateHopf({ alpha: 1, beta: -1, frequencyHz: 2, durationSeconds: 10, stepSeconds: 1e-3 });
 * hopfLimitCycleRadius(1, -1); // → 1 — where the amplitude of `run` settles
 * Math.hypot(run.re.at(-1)!, run.im.at(-1)!); // → 1.0000
 * ```
 *
 * @module neuromusic/dynamics
 */
export {
  CanonicalParamsSchema,
  CANONICAL_REGIMES,
  InputCouplingSchema,
  GrfnnOptionsSchema,
  AshleParamsSchema,
  DEFAULT_ASHLE,
  LorenzParamsSchema,
  DEFAULT_LORENZ,
  type CanonicalParams,
  type InputCoupling,
  type GrfnnOptions,
  type AshleParams,
  type LorenzParams,
} from './params.js';
export { simulateHopf, hopfLimitCycleRadius, hopfResonanceAmplitude, type HopfOptions, type HopfTrajectory } from './hopf.js';
export {
  logFrequencies,
  spontaneousAmplitude,
  GrfnnBank,
  runGrfnn,
  meanAmplitude,
  amplitudeMatrix,
  entrainedFrequency,
  type GrfnnRecord,
  type RunGrfnnOptions,
} from './grfnn.js';
export {
  simulateAshle,
  instantaneousFrequency,
  metronome,
  type ComplexStimulus,
  type AshleRunOptions,
  type AshleTrace,
} from './ashle.js';
export { simulateLorenz, lorenzEquilibria, type LorenzTrajectory } from './lorenz.js';
export { phaseLockingValue, phasesOf, slidingPlv, type PlvOptions } from './plv.js';
