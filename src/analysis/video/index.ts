/**
 * Motion features of grey video frames (frame differencing on a grid of cells, a noise floor from the median
 * absolute deviation, the centroid of the moving mass, the dominant motion frequency), live or offline, and their
 * CSV. Definitions: docs/design/video.md.
 */
export {
  MotionTracker,
  MotionRecorder,
  motionFeatures,
  motionCsv,
  lumaFromRgba,
  MOTION_DEFAULTS,
  MOTION_COLUMNS,
  type MotionOptions,
  type MotionFrame,
  type MotionFeatures,
  type VideoGeometry,
} from './motion.js';
export { RhythmEstimator, dominantFrequency, RHYTHM_DEFAULTS, type RhythmPeak, type RhythmOptions } from './rhythm.js';
