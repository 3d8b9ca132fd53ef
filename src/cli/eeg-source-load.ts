/**
 * Loads an {@link EegSource} into a recording on the EPOC positions at 128 Hz, with the span that is its baseline
 * and where the piece starts in it. A file that cannot be read, names no scalp electrode, cannot be resampled or is
 * too short for its baseline is the user's mistake: a FormatError naming the file.
 */
import type { EegRecording } from '../analysis/eeg/types.js';
import { FormatError } from '../formats/errors.js';
import { readEdf, type EdfFile } from '../formats/edf.js';
import type { PickedChannel } from '../formats/edf-labels.js';
import { readInputFile } from '../node/files.js';
import { epocRecordingFromEdf, twinSession } from '../engines/duet/eeg-drive.js';
import type { TwinSegment } from '../engines/duet/eeg-twin.js';
import type { EegSource } from './eeg-source.js';
import { UsageError } from './errors.js';

/** A loaded EEG source. */
export interface LoadedEeg {
  source: EegSource;
  recording: EegRecording;
  /** Where the piece starts in the recording (the twin's calibration length; 0 for a file). */
  startSeconds: number;
  /** The recording's span whose windows are the baseline. */
  baselineSpan: [number, number];
  /** Seconds of the recording after startSeconds. */
  pieceSeconds: number;
  /** For a file: the file as read, and which channel serves each EPOC position. */
  edf?: EdfFile;
  picked?: PickedChannel[];
  /** For the twin: the script of the piece. */
  script?: TwinSegment[];
  /** The reader's and the mapping's warnings. */
  warnings: string[];
  /** For people: "EEG twin: neutral 10s, relaxed 30s (seed 1)", "EEG file S001R01.edf". */
  label: string;
}

/** Default length of a one-state twin when --seconds is not given. */
export const DEFAULT_TWIN_SECONDS = 60;

/**
 * Reads the source. `seconds`: the piece's length when the user gave one (a twin script is cut or its last state
 * held; a file is cut when longer); `baselineSeconds`: the calibration (twin) or the file's first seconds.
 */
export function loadEegSource(source: EegSource, options: { seed: number; seconds?: number; baselineSeconds: number }): LoadedEeg {
  const { seed, baselineSeconds } = options;
  if (source.kind === 'twin') {
    const script = 'state' in source ? `${source.state} ${options.seconds ?? DEFAULT_TWIN_SECONDS}s` : source.script;
    const session = twinSession({ seed, script, baselineSeconds, ...(options.seconds !== undefined ? { seconds: options.seconds } : {}) });
    const pieceSeconds = session.script.reduce((a, s) => a + s.seconds, 0);
    return {
      source,
      recording: session.recording,
      startSeconds: session.startSeconds,
      baselineSpan: [0, baselineSeconds],
      pieceSeconds,
      script: session.script,
      warnings: [],
      label: `EEG twin: ${session.script.map((s) => `${s.state} ${+s.seconds.toFixed(3)}s`).join(', ')} (seed ${seed}, after a ${baselineSeconds}-s neutral baseline)`,
    };
  }
  const path = source.path;
  const edf = readEdf(readInputFile(path), { name: path });
  let epoc;
  try {
    epoc = epocRecordingFromEdf(edf);
  } catch (err) {
    if (err instanceof RangeError) throw new FormatError(path, err.message.replace(/; pass \{ nearest: true \}.*$/, ''));
    throw err;
  }
  const recording = epoc.recording;
  const available = (recording.data[0]?.length ?? 0) / recording.sampleRate;
  if (options.seconds !== undefined && options.seconds < available) {
    // The piece ends at --seconds; the data is kept at least as far as the baseline reaches.
    const keep = Math.round(Math.max(options.seconds, baselineSeconds) * recording.sampleRate);
    recording.data = recording.data.map((d) => d.slice(0, keep));
    recording.annotations = recording.annotations.filter((a) => a.onset < options.seconds!).map((a) => ({ ...a, duration: Math.min(a.duration, options.seconds! - a.onset) }));
  }
  const length = (recording.data[0]?.length ?? 0) / recording.sampleRate;
  const pieceSeconds = Math.min(length, options.seconds ?? length);
  if (length < baselineSeconds) {
    throw new FormatError(path, `the recording lasts ${length.toFixed(1)} s, shorter than the ${baselineSeconds}-s baseline taken from its start (lower --baseline)`);
  }
  if (recording.annotations.length === 0) recording.annotations.push({ onset: 0, duration: pieceSeconds, text: 'recording' });
  return {
    source,
    recording,
    startSeconds: 0,
    baselineSpan: [0, baselineSeconds],
    pieceSeconds,
    edf,
    picked: epoc.picked,
    warnings: [...edf.warnings, ...epoc.warnings],
    label: `EEG file ${path} (${edf.header.format}, ${(edf.duration).toFixed(1)} s; baseline its first ${baselineSeconds} s)`,
  };
}

/** Wraps the library's RangeErrors about a recording (too short for a window, a baseline without windows) as the user's mistake. */
export function asUserError<T>(source: EegSource, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof RangeError && /biomarkers|baseline|resampl/i.test(err.message)) {
      if (source.kind === 'edf') throw new FormatError(source.path, err.message.replace(/^biomarkers: /, ''));
      throw new UsageError(`--baseline: ${err.message.replace(/^biomarkers: /, '')}`);
    }
    throw err;
  }
}
