/**
 * neuromusic/nodal — the nodal network engine (McIlwain & Pietsch 1996): nodes on a ring fire and pass signals
 * along weighted links; each firing is a note whose pitch follows the node's contour. The live {@link NodalNetwork}
 * steps in real time (the studio's ring), {@link composeNodal} renders a whole piece, and the analysis and report
 * describe a run.
 *
 * @example
 * ```ts
 * import { composeNodal, nodalParams } from 'neuromusic/nodal';
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 30 });
 * console.log(run.score.notes.length, run.counters);
 * ```
 *
 * @module neuromusic/nodal
 */
// Parameters: one schema with the paper's defaults, and the params file.
export {
  nodalParamsSchema,
  nodalParams,
  parseNodalParamsFile,
  effectiveThreshold,
  type NodalParams,
  type NodalParamsInput,
} from './params.js';
// The weighting-modification function (§2.5): how each passing signal changes a link's weight.
export {
  PAPER_TRIGGERING,
  PAPER_NON_TRIGGERING,
  modificationIncrement,
  modificationAsymptotes,
  modificationSlopeAtBreakpoint,
  type ModificationCurve,
} from './weight-rule.js';
// Delays between nodes: a circle, or a layout file.
export { circleLayout, parseDelayLayout, type DelayLayout, type CircleDelayOptions } from './layout.js';
// Guiding contours (§4.1) that the pitch and velocity flocks follow, the scales a pitch flock keeps to, the contour file.
export {
  pointContour,
  contourValue,
  SCALES,
  SCALE_NAMES,
  parseContourFile,
  type PointContour,
  type Contour,
  type ScaleName,
  type ContourFile,
} from './contour.js';
// The live network, stepped in real time, and the ring that hands its firings to another thread.
export {
  NodalNetwork,
  defaultContours,
  type NodalNetworkOptions,
  type NodalCounters,
  type FiringEvent,
  type FiringSink,
} from './network.js';
export { FiringRing } from './live.js';
// The flocks (§4.1) a network's pitches and velocities follow.
export { Flock, type FlockOptions } from './flock.js';
// Speakers: which speaker plays a node, and its MIDI channel and port.
export { speakerOfNode, speakerMidiAddress, MIDI_CHANNELS } from './speakers.js';
// A whole piece: compose, collect firings, write the score and the MIDI file.
export {
  composeNodal,
  FiringCollector,
  firingsToScore,
  nodalMidi,
  type ComposeNodalOptions,
  type NodalRun,
  type NodalSamples,
  type FiringLog,
} from './compose.js';
// Analysis, summary and report of a run.
export {
  ringRaster,
  firingTimesByNode,
  activityPerWindow,
  propagationSteps,
  crossCorrelogram,
  pairTalking,
  medianIntervals,
  type CrossCorrelogram,
  type PairTalk,
} from './analysis.js';
export { nodalSummary } from './summary.js';
export { nodalReport, nodalReportHtml, type NodalReportOptions } from './report.js';
