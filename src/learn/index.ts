/**
 * neuromusic/learn — the learning toolkit, kept apart from the core entry point so that `import 'neuromusic'`
 * never loads TensorFlow.js. Isomorphic: runs in Node and in the browser (call `setWasmLocation` there first).
 *
 * @module neuromusic/learn
 */
// The backend: the TensorFlow.js instance the learners use, and cpu or wasm chosen by measurement.
export { tf, setWasmLocation, measureBackend, selectBackend, type BackendName, type BackendChoice } from './backend.js';
// Optimisers.
export { Adam, type AdamOptions } from './adam.js';
export { lbfgs, type Objective, type LbfgsOptions, type LbfgsStop, type LbfgsResult } from './lbfgs.js';
// Models: the multilayer perceptron, the physics-informed network, the random forest.
export { mlpLayout, type MlpLayout, type Activation, type LossKind } from './mlp.js';
export { trainMlp, predictMlp, type MlpTrainingOptions, type TrainedMlp } from './train-mlp.js';
export {
  trainPinn,
  type PinnEquation,
  type PinnOptions,
  type PinnPhysics,
  type TrainedPinn,
  type ForwardDerivatives,
} from './pinn.js';
export { timeInputs, timeInputValues, type TimeBlock, type DifferentiableInputs } from './pinn-inputs.js';
export { fitRandomForest, type RandomForest, type RandomForestOptions } from './random-forest.js';
// Features: named-column matrices, time features, standardising, surrogates.
export {
  featureMatrix,
  column,
  hstack,
  sliceRows,
  selectGroups,
  fitStandardizer,
  applyStandardizer,
  type NumericMatrix,
  type FeatureMatrix,
  type Standardizer,
} from './feature-matrix.js';
export {
  fourierNames,
  fourierTimeFeatures,
  fourierTimeDerivatives,
  beatPhaseFeatures,
  type FourierOptions,
} from './time-features.js';
export { phaseRandomizedSurrogate, surrogateColumns } from './surrogates.js';
export { lossCurvesSpec, type LossCurve } from './loss-curves.js';
// Evaluation: a learner fitted on a piece, scored in sample, held out and against controls.
export {
  evaluateLearner,
  withoutGroups,
  onlyGroups,
  type Learner,
  type FittedLearner,
  type FitContext,
  type LearningPiece,
  type PredictionSpan,
  type TrainingSpan,
  type Prediction,
  type PredictingHead,
  type SplitScore,
  type ControlScore,
  type LearnerEvaluation,
  type ThresholdRule,
  type EvaluationOptions,
  type ProtocolScores,
} from './evaluation.js';
// Learners.
export {
  randomOnsetLearner,
  mlpLearner,
  forestLearner,
  pinnLearner,
  type MlpLearnerOptions,
  type ForestLearnerOptions,
  type PinnLearnerOptions,
} from './learners.js';
export { svdProcrustesLearner, type SvdProcrustesOptions } from './steps/svd-procrustes.js';
export { motorPrimitivesLearner, type MotorPrimitivesOptions } from './steps/motor-primitives.js';
export { ridgeEnvelopeLearner, type RidgeEnvelopeOptions } from './steps/ridge-envelope.js';
// The learning progression: the worm hears a piece, each step learns it, the summary and the report.
export {
  hearPiece,
  fitNeuralBasis,
  learningPiece,
  type HeardPiece,
  type HearOptions,
  type NeuralBasis,
  type BodyOde,
  type LearningPieceOptions,
} from './progression/worm-piece.js';
export {
  WORM_GROUPS,
  PROGRESSION_SETTINGS,
  QUICK_SETTINGS,
  PROGRESSION_STEPS,
  parseStepList,
  type ProgressionSettings,
  type ProgressionStep,
  type StepRow,
  type StepContext,
} from './progression/steps.js';
export {
  TRAIN_FRACTION,
  runProgression,
  bestHeldOutRow,
  heldOutNotes,
  type ProgressionPiece,
  type ProgressionEvent,
  type ProgressionOptions,
  type PieceFacts,
  type ProgressionResult,
} from './progression/run.js';
export { onsetsToWormNotes, type OnsetNotesOptions } from './progression/onset-notes.js';
export { progressionSummary, progressionTable, progressionText, controlFindings } from './progression/summary.js';
export { progressionReportHtml, type ProgressionReportOptions } from './progression/report.js';
// The TCN surrogate of ASHLE (docs/surrogate.md).
export * from './surrogate/index.js';
