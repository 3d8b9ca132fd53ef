/**
 * The instruments a WAV can be rendered with — `--instrument piano|organ[:REGISTRATION[:OPTIONS]]|sf2[:FILE[:PROGRAM]]`
 * — and the Node side of SoundFont playback: reading the bank file, Debian's FluidR3 General MIDI font as the
 * default, and a clear message when it is missing.
 */
import { existsSync } from 'node:fs';
import type { AudioBuffers } from '../formats/wav.js';
import { FormatError } from '../formats/errors.js';
import type { Score } from '../score/types.js';
import { renderOrgan } from '../synth/organ.js';
import type { Instrument } from '../synth/instrument.js';
import { loadSoundBank, renderSoundFont, type SoundBank } from '../synth/soundfont.js';
import { readInputFile } from './files.js';

import { DEFAULT_SOUNDFONT } from '../synth/instrument.js';

export { DEFAULT_SOUNDFONT, parseInstrument, type Instrument } from '../synth/instrument.js';

const banks = new Map<string, SoundBank>();

/**
 * The sound bank of an sf2 choice, read once per process. Throws a FormatError naming the file when it is missing or
 * is not a sound bank; without a file and without Debian's font, the error says which package to install.
 */
export function soundBankFor(file: string | undefined): { bank: SoundBank; path: string } {
  const path = file ?? DEFAULT_SOUNDFONT;
  if (file === undefined && !existsSync(path)) {
    throw new FormatError(path, "no SoundFont given and Debian's General MIDI font is not installed: install fluid-soundfont-gm (apt-get install fluid-soundfont-gm) or name one with --instrument sf2:FILE.sf2");
  }
  let bank = banks.get(path);
  if (!bank) {
    const bytes = readInputFile(path);
    try {
      bank = loadSoundBank(bytes);
    } catch (err) {
      throw new FormatError(path, (err as Error).message);
    }
    banks.set(path, bank);
  }
  return { bank, path };
}

/** A short description of an instrument for command output. */
export function describeInstrument(instrument: Instrument): string {
  switch (instrument.kind) {
    case 'piano':
      return 'modal piano';
    case 'organ':
      return `additive organ ${instrument.settings.drawbars.join('')}${instrument.settings.percussion !== 'off' ? `, percussion ${instrument.settings.percussion} ${instrument.settings.percussionDecay}` : ''}${instrument.settings.vibrato !== 'off' ? `, ${instrument.settings.vibrato.toUpperCase()}` : ''}`;
    case 'sf2':
      return `SoundFont ${instrument.file ?? DEFAULT_SOUNDFONT}${instrument.program !== undefined ? ` program ${instrument.program}` : ''}`;
  }
}

/**
 * Renders a score with the organ or a SoundFont as audio buffers (normalised to −1 dBFS), ready for `writeWavFile`
 * or `OutputSet.wav`. The piano is not rendered here: pass the score itself to the WAV writer (it streams long
 * pieces).
 */
export function renderWithInstrument(score: Pick<Score, 'notes' | 'meta'>, instrument: Exclude<Instrument, { kind: 'piano' }>, options: { sampleRate: number; channels?: number }): AudioBuffers {
  if (instrument.kind === 'organ') {
    const audio = renderOrgan(score, { sampleRate: options.sampleRate, channels: options.channels ?? 2, settings: instrument.settings });
    return { sampleRate: audio.sampleRate, channels: audio.channels };
  }
  const { bank } = soundBankFor(instrument.file);
  const channels = options.channels ?? 2;
  const audio = renderSoundFont(score, bank, { sampleRate: options.sampleRate, channels: channels === 1 ? 1 : 2, ...(instrument.program !== undefined ? { program: instrument.program } : {}) });
  // More than two channels: the stereo pair in the first two, silence in the rest.
  while (audio.channels.length < channels) audio.channels.push(new Float32Array(audio.channels[0]!.length));
  return { sampleRate: audio.sampleRate, channels: audio.channels };
}

/** The audio source for a WAV writer: the score itself for the piano, rendered buffers otherwise. */
export function instrumentSource(score: Score, instrument: Instrument | undefined, options: { sampleRate: number; channels?: number }): Score | AudioBuffers {
  return !instrument || instrument.kind === 'piano' ? score : renderWithInstrument(score, instrument, options);
}
