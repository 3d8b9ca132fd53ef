/**
 * Parameter search: a declared space, an objective (any engine run → numbers), a strategy (grid, random, Latin
 * hypercube, Nelder–Mead, CMA-ES) with seeds and a budget, and the results as JSON Lines from which a search
 * resumes without repeating work. Executors on every core and on a BullMQ/Redis cluster live in the Node edge.
 */
export { parseSearchSpec, SearchSpecError, SearchSpecSchema, type SearchSpec, type SearchSpecInput, type Strategy, type Prior } from './spec.js';
export { ParameterSpace, specSpace, evaluationKey, searchFingerprint, canonicalJson, hash64, type Params, type ParamValue } from './space.js';
export { runSearch, createStrategy, searchBudget, checkObjective, type SearchExecutor, type SearchResult, type SearchProgress, type RunSearchOptions } from './runner.js';
export { localExecutor } from './local-executor.js';
export { evaluateTask } from './evaluate.js';
export { formatResultLine, parseResultLines, bestLines, ResultsFileError, type ResultLine, type EvaluationTask, type EvaluationOutcome } from './results.js';
export { OBJECTIVES, loadObjective } from './objectives/index.js';
export type { Objective, Metrics } from './objectives/objective.js';
export { GAIT_TARGETS, measureGait, gaitLoss, type GaitTarget } from './objectives/worm-gait.js';
export { wormParamsAt } from './objectives/worm-params.js';
export { sphere, rosenbrock, rastrigin } from './objectives/test-functions.js';
export { nelderMead, type NelderMeadOptions } from './strategies/nelder-mead.js';
export { cmaes, defaultPopulationSize, type CmaesOptions } from './strategies/cmaes.js';
export { latinHypercube, uniformSamples } from './strategies/sampling.js';
export { gridPoints } from './strategies/grid.js';
export type { SearchStrategy } from './strategies/strategy.js';
