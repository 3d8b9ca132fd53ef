/**
 * neuromusic/worm — the C. elegans worm engine. `model/`: the locomotion model (body, ventral-cord circuit, command
 * interneurons, muscles, whole-connectome mode, the steppable {@link WormEngine}, recordings, analysis, behaviour,
 * command scripts, WCON export, report); `play/`: the worm plays (muscle contractions to notes, {@link composeWorm});
 * `dance/`: the worm dances (the piece drives the worm, Z_worm, the body wave, the physical dance, timeline, WCON,
 * report).
 *
 * @example
 * ```ts
 * import { simulateWorm, parseCommandScript } from 'neuromusic/worm';
 * const recording = simulateWorm({ seconds: 10, command: parseCommandScript('forward 6s, reverse 4s') });
 * recording.frames; // → 251 — 0 … 10 s at 25 frames a second
 * recording.muscles.length; // → 23845 — 95 muscles × 251 frames
 * ```
 *
 * @module neuromusic/worm
 */
// Anatomy: the cells and the 95 body-wall muscles, in the order every muscle array uses.
export {
  NEURON_NAMES,
  QUADRANTS,
  MUSCLES_PER_QUADRANT,
  BODY_WALL_MUSCLES,
  muscleIndex,
  type Quadrant,
  type BodyWallMuscle,
} from './model/anatomy.js';
export { MUSCLE_COUNT } from './model/muscles.js';
// The connectome file (`--connectome`): weighted chemical and electrical edges between named cells.
export { parseConnectome, connectomeStats, type Connectome, type ConnectomeEdge, type SynapseType } from './model/connectome-file.js';
// Parameters: one schema, its defaults, and the two named media (water, agar).
export {
  WormParamsSchema,
  parseWormParams,
  DEFAULT_PARAMS,
  ENVIRONMENTS,
  mediumForDragRatio,
  type WormParams,
  type WormParamsInput,
} from './model/params.js';
// The steppable engine and its behaviour classifier.
export { WormEngine, type WormEngineOptions, type WormState, type WormDrive, type DriveFunction } from './model/engine.js';
// The engine's parts, reachable from its fields: body, circuit, graded network, stretch receptors, muscles.
export { WormBody, type BodyParams, type RodDrag } from './model/body.js';
export { GradedNetwork, type NetworkSpec, type UnitSpec } from './model/network.js';
export type {
  MotorCircuit,
  CommandNeurons,
  CommandGate,
  NeuromuscularJunction,
  ProprioceptiveInput,
} from './model/motor-circuit.js';
export { StretchReceptors } from './model/proprioception.js';
export { ActivationMuscles } from './model/muscles.js';
export { HhMuscles } from './model/muscle-hh.js';
export { BEHAVIOURS, DEFAULT_BEHAVIOUR_THRESHOLDS, type Behaviour, type BehaviourThresholds } from './model/behaviour.js';
// Command scripts: `'forward 6s, reverse 4s'` → a schedule of drives.
export {
  COMMAND_ACTIONS,
  ACTION_DRIVE,
  CommandScriptError,
  parseCommandScript,
  actionAt,
  scheduleDrive,
  type CommandAction,
  type CommandStep,
  type CommandSchedule,
} from './model/command.js';
// Offline simulation and the recording it fills (the studio records frame by frame with the same three calls).
export {
  simulateWorm,
  streamWorm,
  allocateRecording,
  recordFrame,
  finishRecording,
  type SimulateOptions,
  type WormRecording,
  type WormFrameSink,
  type WormRunInfo,
} from './model/simulate.js';
// Locomotion analysis and summaries of a recording.
export {
  undulationSpectrum,
  travellingWave,
  dorsoventralCorrelation,
  axialVelocity,
  centroidSpeed,
  headingChange,
  curvatureVariance,
  behaviourShares,
  type Window,
  type CurvatureRecord,
  type UndulationSpectrum,
  type TravellingWave,
} from './model/analysis.js';
export {
  summarizeRecording,
  summarizeWindow,
  type RecordingSummary,
  type SegmentSummary,
  type WindowSummary,
} from './model/summary.js';
// WCON export and the locomotion report.
export { recordingToWcon, recordingToWconDocument, type WconExportOptions } from './model/wcon-export.js';
export {
  wormReportHtml,
  wormTrajectoryPlot,
  muscleRasterPlot,
  type WormReportContext,
  type TrajectoryColouring,
} from './model/report.js';
// The worm plays: muscle contractions to notes, live (WormNoteMapper) or for a whole piece (composeWorm).
export {
  REGISTER_ORDER,
  NOTES_PER_CYCLE,
  toNotesSchema,
  muscleQuadrant,
  detectContractions,
  contractionsToScore,
  bodyTempoBpm,
  WormNoteMapper,
  WormScoreBuilder,
  type ToNotesParams,
  type ToNotesOptions,
  type MuscleActivity,
  type Contraction,
  type NoteSink,
} from './play/to-notes.js';
export {
  DEFAULT_COMPOSE_COMMAND,
  wormComposeSchema,
  parseWormComposeOptions,
  composeWorm,
  stepSummaries,
  compositionSummary,
  type WormComposeOptions,
  type WormComposition,
  type ComposeStepSummary,
  type ComposeWormRun,
} from './play/compose.js';
export { composeReportHtml } from './play/compose-report.js';
// The worm dances: the piece drives the worm (Z_worm), the body wave, the physical dance and what it writes.
export { musicDrive, type MusicDrive, type MusicDriveOptions } from './dance/music-drive.js';
export {
  DANCE_BEHAVIOURS,
  BODY_WAVE_DEFAULTS,
  bodyWaveActivations,
  type DanceBehaviour,
  type BodyWaveFrame,
  type BodyWaveSettings,
} from './dance/body-wave.js';
export {
  danceOptionsSchema,
  parseDanceOptions,
  danceToPiece,
  danceData,
  physicalDanceRun,
  waveActivations,
  type DanceOptions,
  type Dance,
  type DanceData,
  type DanceProgress,
  type NeuralMuscleMap,
} from './dance/dance.js';
export { danceSummary, formatPValue, type PoseFigures } from './dance/dance-summary.js';
export {
  DANCE_TIMELINE_FORMAT,
  danceTimelineSchema,
  parseDanceTimeline,
  danceTimeline,
  dancePatterns,
  DanceTimelineStream,
  type DanceTimeline,
} from './dance/dance-timeline.js';
export { danceWcon, DanceWconStream, WCON_RECORD_FRAMES } from './dance/dance-wcon.js';
export { bodyFigures, BodyFiguresAccumulator, DanceBodyTracker, TRAJECTORY_FRAMES, type DanceBodyFigures } from './dance/dance-body.js';
export { danceReportHtml, type DanceReportContext } from './dance/dance-report.js';
export { neuralScores, type FrameTable, type NeuralScores } from './dance/neural-scores.js';
export { driveWorm, DRIVEN_CURVATURE_RANGE, type DrivenWorm, type MuscleMoments } from './dance/driven-worm.js';
