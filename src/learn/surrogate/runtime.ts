/**
 * neuromusic/surrogate — a trained TCN surrogate of ASHLE at run time, without TensorFlow.js: load the model files
 * (the tfjs layout, model.json + weights.bin) and run the network sample by sample, or as the duet's drummer.
 * Training, evaluation and the report are in neuromusic/learn (docs/surrogate.md).
 *
 * @example
 * // not run: fetches the model over HTTP, as a page does
 * import { DuetEngine } from 'neuromusic/duet';
 * import { fetchSurrogate, SurrogateDrummer } from 'neuromusic/surrogate';
 * const model = await fetchSurrogate('models/ashle-surrogate/model.json');
 * const duet = new DuetEngine({ seed: 1, drummerModel: new SurrogateDrummer(model) });
 *
 * @module neuromusic/surrogate
 */
export { SurrogateDrummer } from './drummer.js';
export { artifactsFromFiles, fetchSurrogate, modelFromArtifacts, surrogateStream, weightsPathOf, SurrogateFormatError, SURROGATE_FORMAT, type SurrogateModel, type TrainingRecord } from './model.js';
export { DEFAULT_TCN, TcnStream, receptiveField, tcnParameterCount, tcnSegments, type TcnConfig, type TcnSegment } from './tcn-stream.js';
export { decodeOutputs, songInputs, AMP_CENTER, AMP_SCALE, FREQ_SCALE_HZ, type MotorSeries } from './encoding.js';
