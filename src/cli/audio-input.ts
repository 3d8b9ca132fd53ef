/** Reading a WAV file given on the command line: one-line errors that name the file. */
import { decodeWav, type WavInfo } from '../formats/wav.js';
import { FormatError } from '../formats/errors.js';
import { readInputFile } from '../node/files.js';

/** Decodes a WAV file; refuses empty or silent-length audio with a message naming the file. */
export function readWavFile(path: string): WavInfo {
  const wav = decodeWav(readInputFile(path), path);
  const frames = wav.channels[0]?.length ?? 0;
  if (frames === 0) throw new FormatError(path, 'the WAV file holds no samples');
  if (wav.sampleRate < 4000) throw new FormatError(path, `sample rate ${wav.sampleRate} Hz is too low to analyse (need at least 4000 Hz)`);
  return wav;
}
