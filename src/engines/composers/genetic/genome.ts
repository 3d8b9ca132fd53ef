/**
 * The genetic composer's genome, as the seed conversation describes a song vector: per element the note (a letter
 * on the staff with its octave), its state — sharp, flat or natural —, its duration, and whether it is part of a
 * slide (the note is reached by gliding from the one before it). A song is a whole number of bars: every bar's
 * durations add up to the bar, so phrases (groups of bars) can be exchanged between songs without breaking the metre.
 *
 * Storage is struct-of-arrays (typed arrays, one entry per note) so that a population of hundreds of 16-bar songs is
 * evaluated and recombined without allocating an object per note.
 */
import type { Melody, Metre } from '../../../analysis/corpus/melody.js';
import type { NoteEvent, Score } from '../../../score/types.js';

/** Grid steps per quarter note of a genome's durations (12 holds sixteenths, eighth-note triplets and every common value). */
export const GRID_PER_BEAT = 12;

/** Semitones above C of the seven letters C D E F G A B. */
export const LETTER_SEMITONES: readonly number[] = [0, 2, 4, 5, 7, 9, 11];
const LETTERS = 'CDEFGAB';

/** An accidental: −1 flat, 0 natural, +1 sharp. */
export type Accidental = -1 | 0 | 1;

/** A song: parallel arrays, one entry per note. */
export interface Song {
  /** Staff position: 7 × octave + letter (C = 0 … B = 6); middle C (C4) is 28. */
  step: Int16Array;
  /** −1 flat, 0 natural, +1 sharp (the written state, not relative to the key signature). */
  accidental: Int8Array;
  /** Duration in grid steps ({@link GRID_PER_BEAT} per quarter note), ≥ 1. */
  duration: Uint8Array;
  /** 1 when the note is reached by a slide from the previous note. */
  slide: Uint8Array;
}

/** The key the composer writes in: a tonic, a mode and the key signature that spells it. */
export interface GeneticKey {
  /** Tonic pitch class 0–11. */
  tonic: number;
  mode: 'major' | 'minor';
  /** e.g. "G major". */
  name: string;
  /** The key signature's accidental for each letter C … B. */
  signature: Int8Array;
  /** Letter (0–6) of the tonic as the signature spells it. */
  tonicLetter: number;
  /** Semitones above the tonic of the scale (natural minor for minor keys). */
  scale: readonly number[];
}

const SHARP_ORDER = [3, 0, 4, 1, 5, 2, 6]; // F C G D A E B
const FLAT_ORDER = [6, 2, 5, 1, 4, 0, 3]; // B E A D G C F
/** Number of sharps (> 0) or flats (< 0) of the major key on each tonic pitch class (F# rather than Gb, Db rather than C#). */
const MAJOR_FIFTHS = [0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5];

/**
 * The key for a tonic and mode, with its signature (minor keys take their relative major's).
 * @example
 * geneticKey(7, 'major').signature[3]; // → 1
 */
export function geneticKey(tonic: number, mode: 'major' | 'minor'): GeneticKey {
  const t = ((tonic % 12) + 12) % 12;
  const fifths = MAJOR_FIFTHS[mode === 'major' ? t : (t + 3) % 12]!;
  const signature = new Int8Array(7);
  if (fifths > 0) for (let i = 0; i < fifths; i++) signature[SHARP_ORDER[i]!] = 1;
  else for (let i = 0; i < -fifths; i++) signature[FLAT_ORDER[i]!] = -1;
  let tonicLetter = 0;
  for (let l = 0; l < 7; l++) if ((((LETTER_SEMITONES[l]! + signature[l]!) % 12) + 12) % 12 === t) tonicLetter = l;
  const accidental = signature[tonicLetter]! > 0 ? '#' : signature[tonicLetter]! < 0 ? 'b' : '';
  return {
    tonic: t,
    mode,
    name: `${LETTERS[tonicLetter]}${accidental} ${mode}`,
    signature,
    tonicLetter,
    scale: mode === 'major' ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10],
  };
}

/** MIDI pitch of a staff position and accidental. */
export function stepPitch(step: number, accidental: number): number {
  const octave = Math.floor(step / 7);
  return 12 * (octave + 1) + LETTER_SEMITONES[step - 7 * octave]! + accidental;
}

/** Letter 0–6 of a staff position. */
export function stepLetter(step: number): number {
  return ((step % 7) + 7) % 7;
}

/**
 * Spells a MIDI pitch in a key: the letter the signature gives it when it is in the scale, otherwise the nearest
 * letter with a sharp (sharp keys and C) or a flat (flat keys).
 * @example
 * spellPitch(66, geneticKey(7, 'major')); // → { step: 31, accidental: 1 }
 */
export function spellPitch(pitch: number, key: GeneticKey): { step: number; accidental: Accidental } {
  const pc = ((pitch % 12) + 12) % 12;
  const octave = Math.floor(pitch / 12) - 1;
  const preferFlat = key.signature.some((s) => s < 0);
  let best: { letter: number; accidental: Accidental; rank: number } | undefined;
  for (let l = 0; l < 7; l++) {
    for (const a of [-1, 0, 1] as const) {
      if ((((LETTER_SEMITONES[l]! + a) % 12) + 12) % 12 !== pc) continue;
      const rank = a === key.signature[l] ? 0 : a === 0 ? 1 : (a < 0) === preferFlat ? 2 : 3;
      if (!best || rank < best.rank) best = { letter: l, accidental: a, rank };
    }
  }
  const b = best!;
  // B# belongs to the octave below its sound, Cb to the one above.
  const octaveOfLetter = octave + (LETTER_SEMITONES[b.letter]! + b.accidental > 11 ? -1 : LETTER_SEMITONES[b.letter]! + b.accidental < 0 ? 1 : 0);
  return { step: 7 * octaveOfLetter + b.letter, accidental: b.accidental };
}

/** Number of notes of a song. */
export function songLength(song: Song): number {
  return song.step.length;
}

/** An empty song of n notes. */
export function allocateSong(n: number): Song {
  return { step: new Int16Array(n), accidental: new Int8Array(n), duration: new Uint8Array(n), slide: new Uint8Array(n) };
}

/** A copy of notes [from, to) of a song. */
export function sliceSong(song: Song, from = 0, to = song.step.length): Song {
  return { step: song.step.slice(from, to), accidental: song.accidental.slice(from, to), duration: song.duration.slice(from, to), slide: song.slide.slice(from, to) };
}

/** Songs joined end to end. */
export function concatSongs(parts: readonly Song[]): Song {
  let n = 0;
  for (const p of parts) n += p.step.length;
  const out = allocateSong(n);
  let at = 0;
  for (const p of parts) {
    out.step.set(p.step, at);
    out.accidental.set(p.accidental, at);
    out.duration.set(p.duration, at);
    out.slide.set(p.slide, at);
    at += p.step.length;
  }
  return out;
}

/** MIDI pitches of a song. */
export function songPitches(song: Song): number[] {
  const out = new Array<number>(song.step.length);
  for (let i = 0; i < out.length; i++) out[i] = stepPitch(song.step[i]!, song.accidental[i]!);
  return out;
}

/** Grid steps per bar of a metre (3/4 → 36, 6/8 → 36, 4/4 → 48). */
export function barSteps(metre: Metre): number {
  return Math.round((metre.numerator * 4 * GRID_PER_BEAT) / metre.denominator);
}

/**
 * Index of the first note of each bar, plus the song's length at the end (so bar b is notes [starts[b], starts[b+1])).
 * Every bar of a well-formed song starts on a note; `out` is reused when given.
 */
export function barStarts(song: Song, barLength: number, out?: Int32Array): Int32Array {
  const n = song.step.length;
  let bars = 0;
  let t = 0;
  for (let i = 0; i < n; i++) t += song.duration[i]!;
  bars = Math.round(t / barLength);
  const starts = out && out.length === bars + 1 ? out : new Int32Array(bars + 1);
  t = 0;
  let b = 0;
  for (let i = 0; i < n && b < bars; i++) {
    if (t === b * barLength) starts[b++] = i;
    t += song.duration[i]!;
  }
  starts[bars] = n;
  return starts;
}

/** Checks that every bar of a song is filled exactly and that no note crosses a bar line; returns the bar count. */
export function checkSong(song: Song, barLength: number): number {
  const n = song.step.length;
  if (song.accidental.length !== n || song.duration.length !== n || song.slide.length !== n) throw new RangeError('a song has arrays of different lengths');
  let inBar = 0;
  let bars = 0;
  for (let i = 0; i < n; i++) {
    const d = song.duration[i]!;
    if (d < 1) throw new RangeError(`note ${i} has no duration`);
    inBar += d;
    if (inBar > barLength) throw new RangeError(`note ${i} crosses the bar line of bar ${bars + 1}`);
    if (inBar === barLength) {
      inBar = 0;
      bars++;
    }
  }
  if (inBar !== 0) throw new RangeError(`the last bar holds ${inBar} of ${barLength} grid steps`);
  return bars;
}

/**
 * Bars of a melody as songs in `key`: the melody (already transposed to the key's tonic) is cut at its bar lines
 * after the anacrusis; a note crossing a bar line is split there (the second part is the same pitch); an incomplete
 * last bar is dropped. Durations are rounded to the grid.
 */
export function melodyBars(melody: Melody, key: GeneticKey): Song[] {
  const barLength = barSteps(melody.metre);
  const q = (beats: number): number => Math.round(beats * GRID_PER_BEAT);
  const start = q(melody.anacrusis);
  const bars: Array<{ step: number[]; accidental: number[]; duration: number[] }> = [];
  for (let i = 0; i < melody.pitches.length; i++) {
    let on = q(melody.onsets[i]!) - start;
    let end = q(melody.onsets[i]! + melody.durations[i]!) - start;
    if (end <= 0) continue;
    on = Math.max(0, on);
    const { step, accidental } = spellPitch(melody.pitches[i]!, key);
    while (on < end) {
      const b = Math.floor(on / barLength);
      const cut = Math.min(end, (b + 1) * barLength);
      while (bars.length <= b) bars.push({ step: [], accidental: [], duration: [] });
      const bar = bars[b]!;
      bar.step.push(step);
      bar.accidental.push(accidental);
      bar.duration.push(cut - on);
      on = cut;
    }
    end = 0;
  }
  const out: Song[] = [];
  for (const bar of bars) {
    let sum = 0;
    for (const d of bar.duration) sum += d;
    if (sum !== barLength || bar.duration.some((d) => d > 255)) continue;
    out.push({ step: Int16Array.from(bar.step), accidental: Int8Array.from(bar.accidental), duration: Uint8Array.from(bar.duration), slide: new Uint8Array(bar.step.length) });
  }
  return out;
}

/** Options of {@link songToScore}. */
export interface SongScoreOptions {
  bpm: number;
  metre: Metre;
  key: GeneticKey;
  /** Loudness of a note on the downbeat (others a little softer), 0–1. */
  velocity?: number;
  title?: string;
  source?: string;
}

/**
 * The song as a Score: one voice, onsets from the durations at `bpm`, a little accent on each downbeat, and each
 * slide note carrying `slideFrom` (the pitch it glides from, which the MIDI writer turns into a pitch-bend ramp and
 * the organ and SoundFont renderers into a portamento).
 */
export function songToScore(song: Song, options: SongScoreOptions): Score {
  const secondsPerStep = 60 / options.bpm / GRID_PER_BEAT;
  const barLength = barSteps(options.metre);
  const velocity = options.velocity ?? 0.75;
  const notes: NoteEvent[] = [];
  let t = 0;
  let previous: number | undefined;
  for (let i = 0; i < song.step.length; i++) {
    const pitch = stepPitch(song.step[i]!, song.accidental[i]!);
    const note: NoteEvent = {
      onset: t * secondsPerStep,
      duration: song.duration[i]! * secondsPerStep,
      pitch,
      velocity: t % barLength === 0 ? velocity : velocity * 0.85,
      voice: 0,
    };
    if (song.slide[i] && previous !== undefined && previous !== pitch) note.slideFrom = previous;
    notes.push(note);
    previous = pitch;
    t += song.duration[i]!;
  }
  return {
    notes,
    tempos: [{ time: 0, bpm: options.bpm }],
    timeSignatures: [{ time: 0, numerator: options.metre.numerator, denominator: options.metre.denominator }],
    meta: { title: options.title ?? 'Genetic melody', source: options.source ?? 'genetic', key: options.key.name, voiceNames: ['melody'] },
  };
}

/** A readable spelling of one note: "F#4 q." style is overkill; "F#4/6" = pitch name / grid steps, "~" before a slide. */
export function formatGene(song: Song, i: number): string {
  const step = song.step[i]!;
  const octave = Math.floor(step / 7);
  const a = song.accidental[i]!;
  return `${song.slide[i] ? '~' : ''}${LETTERS[step - 7 * octave]}${a > 0 ? '#' : a < 0 ? 'b' : ''}${octave}/${song.duration[i]}`;
}
