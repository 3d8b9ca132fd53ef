/**
 * neuromusic/analysis — what is in a piece and how well a model plays it: the piano roll and its distinct frames,
 * chord patterns (SVD of the roll, k-means with a silhouette sweep, a summary and an HTML report), beat tracking
 * (spectral-flux onset strength followed by a GrFNN oscillator bank) with its F-measure, drum grooves extracted
 * from audio, onset targets and musical F1 with ±50 ms matching, onset picking, a Poisson baseline, and the
 * excitability of each part of a score.
 *
 * @example
 * ```ts
 * import { pianoRoll, analyzePatterns, onsetF1 } from 'neuromusic/analysis';
 * import { bachPreludeInC } from 'neuromusic';
 * const score = bachPreludeInC();
 * const roll = pianoRoll(score);
 * const patterns = analyzePatterns(score, { seed: 0 });
 * console.log(roll.frames, patterns.k, onsetF1([0, 0.5], [0.01, 0.52]).f1);
 * ```
 *
 * @module neuromusic/analysis
 */
export {
  pianoRoll,
  rollMatrix,
  rollDensity,
  distinctFrames,
  PIANO_ROLL_DEFAULTS,
  MAX_ROLL_CELLS,
  type PianoRoll,
  type PianoRollOptions,
  type DistinctFrames,
} from './piano-roll.js';
export {
  analyzePatterns,
  patternOptionsSchema,
  type PatternOptions,
  type PatternAnalysis,
  type PatternMode,
  type PatternProgress,
  type PatternTimings,
  type ChordTone,
  type ClusterSummary,
  type KSweepEntry,
} from './patterns.js';
export {
  patternSummary,
  patternSummaryText,
  chordText,
  svdMethodText,
  prefersFlats,
  type PatternSummaryOptions,
} from './patterns-summary.js';
export { patternReportHtml, type PatternReportOptions } from './patterns-report.js';
export { clusterSegments, type ClusterSegment } from './timeline.js';
export {
  matchOnsets,
  onsetF1,
  onsetF1ManyToMany,
  IncrementalOnsetMatcher,
  ONSET_WINDOW_SECONDS,
  type OnsetScore,
  type OnsetMatchOptions,
} from './onsets-f1.js';
export {
  FRAME_HOP_SECONDS,
  CHORD_TOLERANCE_SECONDS,
  frameGrid,
  frameTimes,
  distinctOnsets,
  targetOnsets,
  onsetsBetween,
  onsetLabels,
  onsetEnvelope,
  type FrameGrid,
} from './onset-targets.js';
export {
  rankPeaks,
  pickOnsets,
  pickOnsetsAtRate,
  fitOnsetThreshold,
  type PeakOptions,
  type RankedPeaks,
  type ThresholdFit,
} from './onset-picking.js';
export { poissonOnsets } from './random-onsets.js';
export { excitability, type ExcitabilityOptions, type ExcitabilityEntry, type ExcitabilityResult } from './excitability.js';
export { mixToMono, decimate, spectralFlux, normalizeOnsets, onsetEvidence, BEAT_BANDS_HZ, type OnsetOptions, type OnsetStrength } from './beats/onset-strength.js';
export { trackBeats, trackBeatsFromOnsets, type BeatTrackerOptions, type BeatTrack } from './beats/tracker.js';
export { matchEvents, beatFMeasure, type BeatFMeasureOptions, type BeatScore } from './beats/evaluate.js';
export {
  evaluateBeats,
  meanBeatMetrics,
  beatF,
  beatCemgil,
  beatPScore,
  beatContinuity,
  beatInformationGain,
  beatVariations,
  BEAT_METRIC_LABELS,
  type BeatMetrics,
  type BeatEvalOptions,
} from './beats-eval.js';
export { generateBeatPiece, addNoise, BEAT_TEXTURES, type BeatPiece, type BeatPieceOptions, type BeatTexture } from './beats-corpus.js';
export { waveformSpec, onsetSpec, oscillatorSpec, salienceSpec, eventsSpec } from './beats/figures.js';
export {
  GROOVE_BANDS,
  extractGroove,
  drumPart,
  renderGrooveAudio,
  pickPeaks,
  quantizeToBeat,
  type Groove,
  type GrooveEvent,
  type GrooveOptions,
} from './groove.js';
// EEG: Welch band powers and the four biomarkers (analysis/eeg/index.ts lists them).
export * from './eeg/index.js';
// Motion in video frames, a camera's or a file's: energy, where the moving mass is, its rate (analysis/video/index.ts).
export * from './video/index.js';
// Corpus tools for the composers: melody extraction, key and metre finding, statistics (analysis/corpus/index.ts).
export * from './corpus/index.js';
