/**
 * neuromusic/formats — reading and writing files, each format in a file of its own: Standard MIDI Files, WAV
 * (PCM 16/24-bit and float32, whole or block by block for streaming), score files (MIDI or score JSON chosen by
 * the file's name), WCON worm-tracking documents, strict JSON with paths in its error messages, and EDF/EDF+/BDF
 * recordings (read, written as EDF+C, channels picked by 10–10 electrode). Readers take
 * bytes and a source name and throw a {@link FormatError} that names the source when the data is malformed.
 *
 * @example
 * ```ts
 * import { readScoreFile, writeMidi } from 'neuromusic/formats';
 * import { readFileSync, writeFileSync } from 'node:fs';
 * writeFileSync('piece.json', JSON.stringify(bachPreludeInC()));
 * const score = readScoreFile(readFileSync('piece.json'), 'piece.json');
 * writeFileSync('piece.mid', writeMidi(score));
 * ```
 *
 * @module neuromusic/formats
 */
export { FormatError } from './errors.js';
export { MAX_MIDI_NOTES, readMidi, decodeMidiText, writeMidi, trackChannel, type WriteMidiOptions, type ReadScoreOptions } from './midi.js';
export { checkSmf, type SmfHeader, type UnterminatedNote } from './smf-check.js';
export {
  encodeWav,
  decodeWav,
  encodeWavBlock,
  wavHeader,
  bytesPerSample,
  WAV_READ_LIMITS,
  type WavEncoding,
  type AudioBuffers,
  type WavInfo,
} from './wav.js';
export { MIDI_EXTENSIONS, SCORE_FILE_EXTENSIONS, fileExtension, assertScoreFileName, readScoreFile, type ReadScoreFileOptions } from './score-file.js';
export { JsonSyntaxError, parseStrictJson, formatJsonPath, type JsonValue } from './json-strict.js';
export { writeWcon, readWcon, type WconTrack, type WconDocument, type WconWriteOptions } from './wcon.js';
export {
  readEdf,
  crlfConversionCount,
  undoCrlfConversion,
  type EdfFile,
  type EdfHeader,
  type EdfSignal,
  type EdfAnnotation,
  type ReadEdfOptions,
} from './edf.js';
export { writeEdf, type EdfWriteInput, type EdfWriteSignal } from './edf-write.js';
export { electrodeName, pickChannels, type PickedChannel, type PickChannelsOptions } from './edf-labels.js';
export { ELECTRODE_POSITIONS_MM, OLD_ELECTRODE_NAMES } from './edf-electrodes.js';
export {
  readY4m,
  writeY4m,
  parseY4mHeader,
  Y4mReader,
  y4mFrameBytes,
  y4mHeaderText,
  y4mFrame,
  frameRateFraction,
  MAX_Y4M_PIXELS,
  type Y4mHeader,
  type Y4mVideo,
  type Y4mChroma,
  type Y4mWriteInput,
  type Y4mWriteOptions,
} from './y4m.js';
