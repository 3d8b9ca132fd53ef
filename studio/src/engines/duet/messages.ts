/**
 * The duet engine's messages: the Neural Duet (src/engines/duet) steered by EEG. The Duet view picks what the EEG
 * comes from (the EEG twin in a mental state, or an EDF recording) and what the listener hears (the drummer's own
 * strokes, or an audio file's envelope); the engine streams the oscillators, the biomarkers, the controls and the
 * EEG samples as they arrive.
 */

/** The duet engine's id in the worker's registry. */
export const DUET_ENGINE = 'duet';

/** The twin's mental states, in the order the view shows them (as `TWIN_STATES` in neuromusic/duet). */
export const DUET_TWIN_STATES = ['neutral', 'stressed', 'focused', 'relaxed', 'meditative'] as const;
export type DuetTwinState = (typeof DUET_TWIN_STATES)[number];

/** Where the EEG comes from. */
export type DuetEegSource = 'twin' | 'edf';

/** Commands to the duet engine. */
export type DuetCommand =
  /** The twin changes to a state from now on (it cross-fades over its transition time); selects the twin. */
  | { kind: 'twin-state'; state: DuetTwinState }
  /** The EEG from the twin again (the EDF recording, if any, is kept for later). */
  | { kind: 'eeg-twin' }
  /** An EDF recording: its 14 EPOC positions, resampled to 128 Hz, streamed in 1/8-s blocks (looping). */
  | { kind: 'load-edf'; name: string; bytes: Uint8Array }
  /** A WAV file: the listener hears its onset envelope (spectral flux), from the start. */
  | { kind: 'load-audio'; name: string; bytes: Uint8Array }
  /** The listener hears the drummer's own strokes again (the camera, if on, is switched off). */
  | { kind: 'audio-off' }
  /**
   * The camera drives the duet: from now on the listener hears its motion energy and the melodist's register follows
   * the height of the moving mass, as motion samples arrive (`liveInput`, packed as in DUET_MOTION_FIELDS).
   */
  | { kind: 'camera-on' }
  /** The camera stops (the view went away): the listener hears the drummer's strokes again. */
  | { kind: 'camera-off' }
  /**
   * The drummer's motor oscillator: ASHLE itself, or a trained TCN surrogate of it (the files of
   * models/ashle-surrogate, model.json's text and weights.bin's bytes); a new performance from the start.
   */
  | { kind: 'drummer'; model: 'ashle' }
  | { kind: 'drummer'; model: 'surrogate'; modelJson: string; weights: Uint8Array };

/** Events from the duet engine. */
export type DuetEvent = {
  kind: 'input';
  eeg: DuetEegSource;
  /** The EDF file's name and the labels serving each position (`AF3←Fp1`), when the EEG is a recording. */
  edfName: string | null;
  edfChannels: string[];
  /** Seconds of the recording (it loops). */
  edfSeconds: number;
  /** The audio file the listener hears, or null (it hears the drummer). */
  audioName: string | null;
  audioSeconds: number;
  /** Whether the listener hears the camera's motion (and the melodist follows its height). */
  camera: boolean;
  /** Who drums: ASHLE, or the label of the surrogate standing in for it. */
  drummer: string;
  /** The twin's state in force now (the last one asked for). */
  twinState: DuetTwinState;
  /**
   * Engine seconds at which the first EEG block of that state reaches the biomarkers (the end of the block it starts
   * in; 0 for the state at the start): from here on the controls can follow it.
   */
  twinSince: number;
  /** The 14 channel labels, in EPOC order. */
  channels: string[];
  /** EEG samples per second (128). */
  eegRate: number;
  /** Seconds of EEG the biomarkers' baseline was measured on, before the start (the twin at rest, or the recording's first seconds). */
  baselineSeconds: number;
};

/** EEG samples per second the chain runs at (the EPOC X's rate). */
export const DUET_EEG_RATE = 128;
/** Seconds per EEG block: the biomarkers and the controls move once a block. */
export const DUET_BLOCK_SECONDS = 1 / 8;
/** Samples per block. */
export const DUET_BLOCK_SAMPLES = DUET_EEG_RATE * DUET_BLOCK_SECONDS;
/** States a second (the drummer's phase circle turns smoothly at 64 frames a second). */
export const DUET_STATE_RATE = 64;
/** EEG samples each state carries (the block's samples spread over the states of the next block). */
export const DUET_STATE_SAMPLES = DUET_EEG_RATE / DUET_STATE_RATE;
/** Channels of the EEG. */
export const DUET_CHANNELS = 14;

/**
 * Where each quantity sits in a duet state (one Float32Array, rewritten and posted 64 times a second).
 * @example
 * state[DuetStateLayout.RHO]; // the melodist's ρ now
 */
export const DuetStateLayout = {
  TIME: 0,
  BEAT: 1,
  DRUMMER_PHASE: 2,
  DRUMMER_HZ: 3,
  DRUMMER_AMPLITUDE: 4,
  LISTENER_HZ: 5,
  LISTENER_PHASE: 6,
  LISTENER_PLV: 7,
  LORENZ_X: 8,
  LORENZ_Y: 9,
  LORENZ_Z: 10,
  LAMBDA2: 11,
  RHO: 12,
  TEMPO: 13,
  DENSITY: 14,
  STRESS: 15,
  ATTENTION: 16,
  ENGAGEMENT: 17,
  RELAXATION: 18,
  /** 1 once the biomarkers have a full window (before, the controls stay at their defaults). */
  READY: 19,
  /** Index of the twin's state in DUET_TWIN_STATES (−1 with an EDF recording). */
  TWIN_STATE: 20,
  INPUT_ENVELOPE: 21,
  /** Index (in the EEG stream) of the first sample this state carries. */
  EEG_FIRST: 22,
  /** Milliseconds the worker took for the last EEG block: twin or recording, biomarkers, mapping. */
  BLOCK_MS: 23,
  /** The last camera sample taken: its frame number (−1 before any), motion energy and height of the moving mass (0 bottom … 1 top). */
  MOTION_FRAME: 24,
  MOTION_ENERGY: 25,
  MOTION_Y: 26,
  /** Engine seconds at which that sample took effect (the listener hears it from there on). */
  MOTION_SINCE: 27,
  /** Then DUET_STATE_SAMPLES samples of each of the 14 channels (µV), channel by channel. */
  EEG: 28,
  LENGTH: 28 + DUET_CHANNELS * DUET_STATE_SAMPLES,
} as const;

/**
 * Numbers per camera sample in a live-input message to the duet engine (a Float64Array, several samples end to
 * end): the frame number, the motion energy (raw, 0 … 1), the envelope the listener hears (the energy over its
 * running peak, 0 … 1) and the height of the moving mass (0 bottom … 1 top).
 */
export const DUET_MOTION_FIELDS = 4;
