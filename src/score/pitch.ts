/**
 * Pitch names and frequencies. Equal temperament, A4 = 440 Hz, MIDI 60 = C4 (scientific pitch notation).
 */
import type { MidiPitch } from './types.js';

const SHARP_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const FLAT_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'];
const LETTER_PC: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/**
 * Name of a MIDI note.
 * @example
 * pitchName(61); // → "C#4"
 * pitchName(61, { flats: true }); // → "Db4"
 */
export function pitchName(pitch: MidiPitch, options: { flats?: boolean } = {}): string {
  const names = options.flats ? FLAT_NAMES : SHARP_NAMES;
  const pc = ((pitch % 12) + 12) % 12;
  return `${names[pc]}${Math.floor(pitch / 12) - 1}`;
}

/** Pitch-class name (no octave). */
export function pitchClassName(pc: number, options: { flats?: boolean } = {}): string {
  return (options.flats ? FLAT_NAMES : SHARP_NAMES)[((pc % 12) + 12) % 12]!;
}

/**
 * Parses a pitch-class name such as "C", "F#", "Bb", "Ebb". Throws on anything else.
 * @example
 * pitchClass('Db'); // → 1
 */
export function pitchClass(name: string): number {
  const m = /^([A-Ga-g])([#b♯♭]*)$/.exec(name.trim());
  if (!m) throw new RangeError(`"${name}" is not a pitch-class name (e.g. C, F#, Bb)`);
  let pc = LETTER_PC[m[1]!.toUpperCase()]!;
  for (const ch of m[2]!) pc += ch === '#' || ch === '♯' ? 1 : -1;
  return ((pc % 12) + 12) % 12;
}

/**
 * Parses a note name with octave: "C4" → 60, "A#3" → 58, "Bb-1" → 10.
 * @example
 * pitchFromName('A4'); // → 69
 */
export function pitchFromName(name: string): MidiPitch {
  const m = /^([A-Ga-g][#b♯♭]*)(-?\d+)$/.exec(name.trim());
  if (!m) throw new RangeError(`"${name}" is not a note name (e.g. C4, F#3, Bb2)`);
  const pitch = pitchClass(m[1]!) + 12 * (Number(m[2]) + 1);
  // B#3 is C4 and Cb4 is B3: the octave number belongs to the letter.
  const letter = LETTER_PC[m[1]![0]!.toUpperCase()]!;
  const shift = pitchClass(m[1]!) - letter;
  const octaveFix = shift > 6 ? -12 : shift < -6 ? 12 : 0;
  const result = pitch + octaveFix;
  if (result < 0 || result > 127) throw new RangeError(`"${name}" is outside MIDI 0–127`);
  return result;
}

/**
 * Frequency of a MIDI pitch in Hz (fractional pitches allowed).
 * @example
 * pitchToHz(69); // → 440
 */
export function pitchToHz(pitch: number, a4Hz = 440): number {
  return a4Hz * Math.pow(2, (pitch - 69) / 12);
}

/** Nearest (fractional) MIDI pitch of a frequency in Hz. */
export function hzToPitch(hz: number, a4Hz = 440): number {
  return 69 + 12 * Math.log2(hz / a4Hz);
}
