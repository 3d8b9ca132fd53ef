/**
 * One **kern data token: a note, a rest or a chord (notes separated by spaces), each with its duration as a
 * reciprocal (the "recip": 4 = quarter, 8. = dotted eighth, 3 = a third of a whole, 0 = breve, 3%2 = two thirds of a
 * whole), its pitch as repeated letters (c = middle C, cc = the C above, C = the C below, CC = the C below that),
 * accidentals (# sharp, - flat, n natural; doubled for double sharps and flats), ties ([ start, _ middle, ] end) and
 * grace notes (q, Q: no duration in time). Every other character is a signifier this reader does not need (beams,
 * slurs, articulations, ornaments, editorial marks, stem directions). The grammar is the Humdrum Toolkit's
 * **kern reference (Huron, "The Humdrum Toolkit: Reference Manual", 1995; humdrum.org/rep/kern), with humlib's
 * reading of recips (Sapp, humlib `Convert::recipToDuration`).
 */
import { mul, rational, type Rational, ZERO } from './rational.js';

/** One note or rest of a token. */
export interface KernSubtoken {
  /** MIDI pitch, absent for a rest. */
  pitch?: number;
  /** Notated duration in quarter notes (absent when the subtoken has none: a grace note, or a chord note after the first). */
  duration?: Rational;
  rest: boolean;
  grace: boolean;
  /** '[' starts a tie, '_' continues one, ']' ends one. */
  tie?: 'start' | 'middle' | 'end';
}

/** A parsed data token: its notes and rests, and the time it occupies in its spine. */
export interface KernToken {
  subtokens: KernSubtoken[];
  /** Quarter notes until the spine's next token: the first non-grace subtoken's duration; 0 for grace notes. */
  duration: Rational;
}

const STEP_PITCH_CLASS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/** Thrown for a token that cannot be read; the reader adds the file, line and spine. */
export class KernTokenError extends Error {}

/**
 * Quarter notes of a recip: "4" → 1, "8." → 3/4, "3" → 4/3, "0" → 8 (breve), "00" → 16 (long), "3%2" → 8/3.
 * Undefined when the text is not a recip.
 * @example
 * recipQuarters('4.'); // → { n: 3, d: 2 }
 */
export function recipQuarters(recip: string): Rational | undefined {
  const m = /^(\d+)(?:%(\d+))?(\.*)$/.exec(recip);
  if (!m) return undefined;
  const digits = m[1]!;
  let base: Rational;
  if (/^0+$/.test(digits)) {
    if (m[2] !== undefined) return undefined;
    base = rational(4 * 2 ** digits.length); // 0 breve, 00 long, 000 maxima
  } else {
    const denominator = Number(digits);
    const numerator = m[2] === undefined ? 1 : Number(m[2]);
    if (numerator === 0) return undefined;
    base = rational(4 * numerator, denominator);
  }
  const dots = m[3]!.length;
  // k dots lengthen by 1/2 + 1/4 + … + 1/2^k: the factor is (2^(k+1) − 1) / 2^k.
  return dots === 0 ? base : mul(base, rational(2 ** (dots + 1) - 1, 2 ** dots));
}

/**
 * Reads one subtoken ("4.c#", "8B-L", "[2ee", "r", "16ccq").
 * @example
 * parseKernSubtoken('8.f#').pitch; // → 66
 */
export function parseKernSubtoken(text: string): KernSubtoken {
  let pitchLetters = '';
  let pitchRuns = 0;
  let recip = '';
  let recipRuns = 0;
  let sharps = 0;
  let flats = 0;
  let rest = false;
  let grace = false;
  let tie: KernSubtoken['tie'];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < text.length && /[0-9%]/.test(text[j]!)) j++;
      while (j < text.length && text[j] === '.') j++;
      recip = text.slice(i, j);
      recipRuns++;
      i = j;
      continue;
    }
    if (/[a-gA-G]/.test(c)) {
      let j = i;
      while (j < text.length && text[j] === c) j++;
      pitchLetters = text.slice(i, j);
      pitchRuns++;
      i = j;
      continue;
    }
    if (c === 'r') rest = true;
    else if (c === '#') sharps++;
    else if (c === '-') flats++;
    else if (c === 'q' || c === 'Q') grace = true;
    else if (c === '[') tie = 'start';
    else if (c === '_') tie = tie === 'start' ? 'start' : 'middle';
    else if (c === ']') tie = tie === 'start' ? 'middle' : 'end';
    i++;
  }
  if (recipRuns > 1) throw new KernTokenError(`"${text}" has two durations`);
  if (pitchRuns > 1) throw new KernTokenError(`"${text}" has two pitches (a chord's notes are separated by spaces)`);
  let duration: Rational | undefined;
  if (recip !== '') {
    duration = recipQuarters(recip);
    if (duration === undefined) throw new KernTokenError(`"${text}": "${recip}" is not a duration`);
  }
  if (rest) return { rest: true, grace, ...(duration ? { duration } : {}) };
  if (pitchLetters === '') throw new KernTokenError(`"${text}" has neither a pitch nor a rest`);
  const letter = pitchLetters[0]!;
  const lower = letter === letter.toLowerCase();
  const octave = lower ? 3 + pitchLetters.length : 4 - pitchLetters.length;
  const pitch = 12 * (octave + 1) + STEP_PITCH_CLASS[letter.toLowerCase()]! + sharps - flats;
  if (pitch < 0 || pitch > 127) throw new KernTokenError(`"${text}" is outside the MIDI range (pitch ${pitch})`);
  return { pitch, rest: false, grace, ...(duration ? { duration } : {}), ...(tie ? { tie } : {}) };
}

/**
 * Reads a data token that is not null ("."): one subtoken, or a chord of them separated by spaces.
 * @example
 * parseKernToken('4c 4e 4g').subtokens.map((s) => s.pitch); // → [60, 64, 67]
 */
export function parseKernToken(text: string): KernToken {
  const parts = text.split(' ').filter((p) => p !== '');
  if (parts.length === 0) throw new KernTokenError('an empty token');
  const subtokens = parts.map(parseKernSubtoken);
  const timed = subtokens.find((s) => !s.grace);
  if (timed === undefined) return { subtokens, duration: ZERO };
  const duration = timed.duration ?? subtokens.find((s) => !s.grace && s.duration)?.duration;
  if (duration === undefined) throw new KernTokenError(`"${text}" has no duration (only grace notes, marked q, may go without one)`);
  return { subtokens, duration };
}
