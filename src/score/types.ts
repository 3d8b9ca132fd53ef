/**
 * The one score model that every engine produces and every renderer consumes.
 * Times are in seconds (not ticks): engines think in physical time; the MIDI writer converts with the tempo map.
 */

/** Seconds of physical time. */
export type Seconds = number;
/** A MIDI note number, 0–127 (60 = middle C). */
export type MidiPitch = number;
/** A value in [0, 1]. */
export type NormalRange = number;

/** One sounding note. */
export interface NoteEvent {
  /** Start time in seconds from the beginning of the score. */
  onset: Seconds;
  /** Sounding length in seconds (> 0). */
  duration: Seconds;
  /** MIDI note number 0–127. */
  pitch: MidiPitch;
  /** Loudness 0–1 (MIDI velocity / 127). */
  velocity: NormalRange;
  /** Voice (part) index ≥ 0: a MIDI track when written. */
  voice: number;
  /** MIDI channel 0–15 when the note came from or must go to a specific channel. */
  channel?: number;
  /** Speaker index ≥ 0 for multichannel output (the nodal network's ring). */
  speaker?: number;
  /**
   * A slide (portamento): the note starts at this pitch and glides into its own (at most an octave away). The MIDI
   * writer turns it into a pitch-bend ramp; the organ and SoundFont renderers glide; the modal piano strikes the
   * target pitch (a piano cannot slide).
   */
  slideFrom?: MidiPitch;
}

/** A tempo change: from `time` on, a quarter note lasts 60 / bpm seconds. */
export interface TempoChange {
  time: Seconds;
  bpm: number;
}

/** A time-signature change (numerator / denominator) from `time` on. */
export interface TimeSignatureChange {
  time: Seconds;
  numerator: number;
  denominator: number;
}

/** Descriptive data carried with a score. */
export interface ScoreMeta {
  title?: string;
  composer?: string;
  /** Where the score came from: a file path, an engine name, "built-in". */
  source?: string;
  /** Names of the voices, index = voice. */
  voiceNames?: string[];
  /** Key, e.g. "C# minor", when known. */
  key?: string;
  /** General MIDI program (0–127) of each voice, index = voice, when known (SoundFont playback uses it). */
  programs?: number[];
}

/** A piece: notes sorted by onset, plus its tempo map and metadata. */
export interface Score {
  notes: NoteEvent[];
  tempos: TempoChange[];
  timeSignatures: TimeSignatureChange[];
  meta: ScoreMeta;
}
