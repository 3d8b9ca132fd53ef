/**
 * neuromusic/score — the Score model: a score is plain data (notes in seconds, tempo and time-signature maps,
 * metadata), validated by a zod schema, with pure operations over it (slice, transpose, merge, statistics), pitch
 * names, keys and scales, tempo maps, and performance (tempo scaling, seeded humanising).
 *
 * @example
 * ```ts
 * import { createScore, transpose, scoreStats, pitchName } from 'neuromusic/score';
 * const middleC = createScore([{ onset: 0, duration: 0.5, pitch: 60, velocity: 0.8, voice: 0 }]);
 * scoreStats(transpose(middleC, 7)).pitchMin; // → 67
 * pitchName(67); // → 'G4'
 * ```
 *
 * @module neuromusic/score
 */
export type { Seconds, MidiPitch, NormalRange, NoteEvent, TempoChange, TimeSignatureChange, ScoreMeta, Score } from './types.js';
export {
  noteEventSchema,
  tempoChangeSchema,
  timeSignatureChangeSchema,
  scoreSchema,
  ValidationError,
  formatIssues,
  parseScore,
  compareNotes,
} from './schema.js';
export {
  createScore,
  sortNotes,
  scoreEnd,
  sliceScore,
  transpose,
  mergeScores,
  noteFrames,
  scoreStats,
  formatNote,
  type ScoreStats,
} from './ops.js';
export { DEFAULT_PIECE_LIMITS, pieceLimitProblem, type PieceLimits } from './limits.js';
export { pitchName, pitchClassName, pitchClass, pitchFromName, pitchToHz, hzToPitch } from './pitch.js';
export { SCALES, parseKey, inKey, scalePitches, type Key } from './scales.js';
export { secondsToBeats, beatsToSeconds, beatGrid, tempoAt } from './tempo.js';
export { scaleTempo, humanize, type HumanizeOptions } from './performance.js';
