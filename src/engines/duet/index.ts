/**
 * neuromusic/duet — the Neural Duet: an ASHLE drummer (Roman, Roman, Kim & Large 2023) and a Lorenz melodist
 * (Lorenz 1963) coupled through a GrFNN listener (Large, Almonte & Velasco 2010), driven by an input (a recording's
 * onset envelope, EEG-derived controls) or by nothing. The live {@link DuetEngine} and the offline
 * {@link composeDuet} give the same notes; the outputs are a two-track MIDI file (drums on channel 10), a stereo
 * mix, the trajectories as CSV and a dashboard. Equations and mappings: docs/design/duet.md.
 *
 * @example
 * ```ts
 * import { composeDuet, duetMidi, duetCsv } from 'neuromusic/duet';
 * const run = composeDuet({ seconds: 8, seed: 1, melodist: { key: 'D minor' } });
 * run.beats.length; // → 17 — alone, the drummer keeps its spontaneous 2 beats a second: at 0, 0.5, …, 8 s
 * const midi = duetMidi(run); // Uint8Array: melody on channel 1, drums on channel 10
 * const csv = duetCsv(run.trajectory); // time, controls, drummer, listener, Lorenz x/y/z
 * ```
 *
 * @module neuromusic/duet
 */
// The controls an outside source steers (λ2, ρ, tempo scale, density), and control tracks over time.
export { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';
export { controlsAt, validateControlTrack, type ControlKeyframe, type ControlTrack } from './control-track.js';
// Parameters: one schema with its defaults; the drum patterns and their General MIDI keys.
export { DuetParamsSchema, parseDuetParams, DRUM_PATTERNS, GM_DRUM_KEYS, type DuetParams, type DuetParamsInput, type DrumPatternName } from './params.js';
// What the listener hears from outside.
export { envelopeFromAudio, pulseEnvelope, type DuetInput } from './input.js';
// The engine, live and offline.
export { DuetEngine, DUET_VOICES, DUET_VOICE_NAMES, GM_PERCUSSION_CHANNEL, type DuetEngineOptions, type DuetDrummerModel, type DuetSink, type DuetState } from './engine.js';
export { composeDuet, duetScore, TRAJECTORY_COLUMNS, type ComposeDuetOptions, type DuetRun, type DuetTrajectory } from './compose.js';
// Outputs.
export { duetMidi, duetAudio, duetCsv, duetDrumHits, type DuetAudioOptions } from './outputs.js';
export { duetReportHtml, type DuetReportOptions, type TimeSeries } from './report.js';
// EEG: the 14-channel twin and the table from biomarker indices to the controls.
export { EegTwin, eegTwinRecording, parseStateScript, TWIN_STATES, TWIN_STATE_PROFILES, type TwinState, type TwinStateProfile, type TwinSegment, type EegTwinOptions, type EegTwinRecordingOptions } from './eeg-twin.js';
// Video: generated stimuli with their ground truth, and motion features as the duet's inputs.
export { videoStimulus, VIDEO_STIMULI, type VideoStimulus, type VideoStimulusName, type VideoStimulusOptions, type VideoStimulusTruth } from './video-stimuli.js';
export { motionCyclePhase, motionToDuetInput, type MotionDuetInput, type MotionDuetOptions } from './video-input.js';
export { DEFAULT_MAPPING_TABLE, DuetControlMapper, mapIndicesToControls, mapRow, parseMappingTable, mappingRowSchema, mappingTableSchema, type MappingRow, type MappingTable } from './mapping.js';
// EEG to the duet: recordings on the headset's 14 positions, the twin's session, biomarkers to controls over time.
export { eegDrive, twinSession, epocRecordingFromEdf, EPOC_SAMPLE_RATE, DEFAULT_BASELINE_SECONDS, BASELINE_LABEL, type EegDrive, type EegDriveOptions, type EpocRecording, type TwinSession, type SegmentMeans } from './eeg-drive.js';
// Musical descriptors of a run, and the brain–computer music interface experiment (five states through the duet).
export { duetDescriptors, duetDescriptorsOver, beatTiming, beatTimingOver, melodicIntervalEntropy, type DuetDescriptors, type BeatTiming, type DescribedRun, type Span } from './descriptors.js';
export { bcmiExperiment, BCMI_DEFAULTS, type BcmiOptions, type BcmiRow } from './bcmi.js';
// The visual duet: a register series for the melodist, the motion–rhythm correlation, a clip's motion through the duet.
export { registerOnGrid, type DuetRegisterInput } from './register.js';
export { motionRhythmCorrelation, drumOnsetEnvelope, laggedPearson, resampleSeries, strokeWeight, type MotionRhythmCorrelation, type MotionRhythmOptions, type SampledSeries, type DrumStroke } from './motion-rhythm.js';
export { composeMotionDuet, MOTION_LOCK_MIN_STRENGTH, N_TO_ONE_LAMBDA1, type MotionDuetRun, type MotionDuetRunOptions, type BeatLocking } from './motion-rhythm-duet.js';
