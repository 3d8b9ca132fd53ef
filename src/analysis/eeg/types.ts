/**
 * The shared shapes of the EEG chain: a recording (any montage, µV), the 14 electrode positions of the Emotiv
 * EPOC X headset that the duet's indices are defined on, and the four biomarker indices.
 */

/**
 * The 14 electrode positions of the Emotiv EPOC / EPOC X headset (10–20 names), in the headset's own order.
 *
 * @example
 * EPOC_CHANNELS.length; // → 14
 */
export const EPOC_CHANNELS = ['AF3', 'F7', 'F3', 'FC5', 'T7', 'P7', 'O1', 'O2', 'P8', 'T8', 'FC6', 'F4', 'F8', 'AF4'] as const;

/** One of the 14 EPOC positions. */
export type EpocChannel = (typeof EPOC_CHANNELS)[number];

/** A multichannel EEG recording: every channel at one sample rate, in microvolts. */
export interface EegRecording {
  /** Samples per second of every channel. */
  sampleRate: number;
  /** One label per channel (10–20 names such as `O1` for the EPOC positions). */
  labels: string[];
  /** µV, one per channel, all of the same length. */
  data: Float64Array[];
  /** Marked spans (seconds from the start): a state of the twin, a task segment of a real recording. */
  annotations: { onset: number; duration: number; text: string }[];
}

/**
 * The four indices the duet listens to. Each is a z-score against a baseline period of the same recording
 * (0 = as at baseline, +1 = one baseline standard deviation higher); see biomarkers.ts for the formulas.
 */
export interface BiomarkerIndices {
  stress: number;
  attention: number;
  engagement: number;
  relaxation: number;
}

/** The names of the four indices, in a fixed order. */
export const BIOMARKER_NAMES = ['stress', 'attention', 'engagement', 'relaxation'] as const satisfies readonly (keyof BiomarkerIndices)[];
