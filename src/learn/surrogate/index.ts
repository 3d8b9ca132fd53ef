/**
 * The TCN surrogate of ASHLE (docs/surrogate.md): synthetic songs and ASHLE's response, the dilated causal
 * network (tfjs for training, plain JavaScript for streaming inference), the physics-informed loss, training,
 * metrics, the model files in the tfjs layout, the duet drummer and the report.
 */
export { makeSong, songPulse, pulseStimulus, songSets, TRAINING_SONGS, SURROGATE_ASHLE, type Song, type SongSpec, type SongSets } from './songs.js';
export { DEFAULT_TCN, TcnStream, attentionOf, initTcn, tcnForward, tcnTensors, tcnSegments, tcnParameterCount, receptiveField, checkTcnConfig, type TcnConfig, type TcnSegment } from './tcn.js';
export { songInputs, songTargets, decodeOutputs, FREQ_SCALE_HZ, AMP_CENTER, AMP_SCALE, type MotorSeries } from './encoding.js';
export { lossTensors, lossJs, FULL_LOSS, ABLATION_VARIANTS, type LossWeights, type LossTerms } from './loss.js';
export { trainSurrogate, evaluateLoss, initialTrainState, type TrainOptions, type TrainState } from './train.js';
export { predictMotor, predictSongsTf, songMetrics, setMetrics, evaluateSongs, pearson, circularCorrelation, phaseDrift, type SongMetrics, type SetMetrics } from './metrics.js';
export {
  modelArtifacts,
  modelFromArtifacts,
  modelJson,
  artifactsFromFiles,
  weightsPathOf,
  fetchSurrogate,
  surrogateStream,
  SurrogateFormatError,
  SURROGATE_FORMAT,
  type SurrogateModel,
  type TrainingRecord,
} from './model.js';
export { buildSets, trainModel, evaluateModel, summary as metricsSummary, DEFAULT_SET_SIZES, type SetSizes, type BuiltSets, type Evaluation, type TrainModelOptions } from './pipeline.js';
export { SurrogateDrummer } from './drummer.js';
export { surrogateReport, trainingCurvesSpec, figure9Spec, SEED_FIGURES, meanSd, type AblationRow, type SurrogateReportInput } from './report.js';
