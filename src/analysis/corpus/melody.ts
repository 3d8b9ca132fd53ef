/**
 * A melody as the composers see it: a monophonic line of pitches and durations in quarter-note beats, and the rule
 * that extracts one from a polyphonic score.
 *
 * Extraction rule ("top voice of the highest part"): among the score's voices holding at least a fifth of its notes
 * (or all voices when none does), take the one with the highest mean pitch — in a piano setting the upper staff,
 * in a multi-track file the tune's track; within it keep the skyline, the highest note at each onset (onsets closer
 * than half a grid step count as one). Each kept note lasts until the next onset: a rest is absorbed into the note
 * before it, so a melody has no rests; the last note is held to the next bar line (counted from the start of the
 * score) when it stops less than a beat short of it (after its end is rounded to the nearest beat when within a quarter
 * of one). Onsets and durations are quantised to a grid of 1/12 quarter note, which
 * holds sixteenths (3/12), triplet eighths (4/12) and every common value exactly.
 */
import { secondsToBeats } from '../../score/tempo.js';
import type { NoteEvent, Score } from '../../score/types.js';

/** Quantisation grid: steps per quarter note (12 holds sixteenths and triplets). */
export const MELODY_GRID_PER_BEAT = 12;

/** A time signature. */
export interface Metre {
  numerator: number;
  denominator: number;
}

/** A monophonic melody: parallel arrays of MIDI pitch, onset and duration (both in quarter-note beats). */
export interface Melody {
  /** MIDI note numbers. */
  pitches: number[];
  /** Onsets in quarter-note beats from the start of the melody (the first is 0 unless the melody starts later). */
  onsets: number[];
  /** Durations in quarter-note beats (> 0). */
  durations: number[];
  /** Time signature. */
  metre: Metre;
  /** Beats (quarter notes) before the first downbeat: 0 when the melody starts on a downbeat. */
  anacrusis: number;
  /** Where it came from: a file path, "built-in: …", an engine name. */
  source: string;
  /** A title when known. */
  title?: string;
}

/** Options of {@link extractMelody}. */
export interface ExtractMelodyOptions {
  /** Take this voice instead of choosing by the rule. */
  voice?: number;
  /** Grid steps per quarter note (default {@link MELODY_GRID_PER_BEAT}). */
  gridPerBeat?: number;
}

/** Quarter notes per bar of a metre: 3/4 → 3, 6/8 → 3, 2/2 → 4. */
export function beatsPerBar(metre: Metre): number {
  return (metre.numerator * 4) / metre.denominator;
}

/**
 * The voice the extraction rule picks: the highest mean pitch among voices with at least a fifth of the notes.
 * @example
 * melodyVoice([{ onset: 0, duration: 1, pitch: 48, velocity: 1, voice: 1 }, { onset: 0, duration: 1, pitch: 72, velocity: 1, voice: 0 }]); // → 0
 */
export function melodyVoice(notes: readonly NoteEvent[]): number {
  const stats = new Map<number, { n: number; sum: number }>();
  for (const n of notes) {
    const s = stats.get(n.voice) ?? { n: 0, sum: 0 };
    s.n++;
    s.sum += n.pitch;
    stats.set(n.voice, s);
  }
  if (stats.size === 0) throw new RangeError('the score has no notes: there is no melody to extract');
  const big = [...stats].filter(([, s]) => s.n >= notes.length / 5);
  const pool = big.length > 0 ? big : [...stats];
  pool.sort((a, b) => b[1].sum / b[1].n - a[1].sum / a[1].n || b[1].n - a[1].n || a[0] - b[0]);
  return pool[0]![0];
}

/**
 * Extracts the melody of a score by the documented rule (see the module comment). Throws a RangeError when the
 * score has no notes.
 * @example
 * const m = extractMelody({ notes: [{ onset: 0, duration: 0.4, pitch: 72, velocity: 0.8, voice: 0 }, { onset: 0, duration: 1, pitch: 60, velocity: 0.8, voice: 0 }, { onset: 0.5, duration: 0.5, pitch: 74, velocity: 0.8, voice: 0 }], tempos: [{ time: 0, bpm: 120 }], timeSignatures: [], meta: {} });
 * m.pitches; // → [72, 74]
 * m.durations; // → [1, 1]
 */
export function extractMelody(score: Score, options: ExtractMelodyOptions = {}): Melody {
  const grid = options.gridPerBeat ?? MELODY_GRID_PER_BEAT;
  const voice = options.voice ?? melodyVoice(score.notes);
  const notes = score.notes.filter((n) => n.voice === voice);
  if (notes.length === 0) throw new RangeError(`voice ${voice} has no notes: there is no melody to extract`);
  const tempos = score.tempos.length > 0 ? score.tempos : [{ time: 0, bpm: 120 }];
  const q = (seconds: number): number => Math.round(secondsToBeats(tempos, seconds) * grid);
  // Skyline: the highest pitch at each quantised onset.
  const top = new Map<number, { pitch: number; end: number }>();
  for (const n of notes) {
    const at = q(n.onset);
    const end = Math.max(at + 1, q(n.onset + n.duration));
    const seen = top.get(at);
    if (!seen || n.pitch > seen.pitch) top.set(at, { pitch: n.pitch, end });
  }
  const onsetsGrid = [...top.keys()].sort((a, b) => a - b);
  const pitches: number[] = [];
  const onsets: number[] = [];
  const durations: number[] = [];
  onsetsGrid.forEach((at, i) => {
    const next = onsetsGrid[i + 1];
    const own = top.get(at)!;
    pitches.push(own.pitch);
    onsets.push(at / grid);
    durations.push(((next ?? own.end) - at) / grid);
  });
  const ts = score.timeSignatures[0];
  const metre: Metre = ts ? { numerator: ts.numerator, denominator: ts.denominator } : { numerator: 4, denominator: 4 };
  const first = onsets[0]!;
  const bar = beatsPerBar(metre);
  // The last note, often played detached, ends on the nearest beat when within a quarter of one, and is held to the
  // bar line when it stops short of it by less than a beat.
  let lastEnd = onsets[onsets.length - 1]! + durations[durations.length - 1]!;
  if (Math.abs(lastEnd - Math.round(lastEnd)) < 0.25 && Math.round(lastEnd) > onsets[onsets.length - 1]!) {
    durations[durations.length - 1]! += Math.round(lastEnd) - lastEnd;
    lastEnd = Math.round(lastEnd);
  }
  const barLine = Math.ceil(lastEnd / bar - 1e-9) * bar;
  if (barLine - lastEnd > 1e-9 && barLine - lastEnd < 1) durations[durations.length - 1]! += barLine - lastEnd;
  // Bars counted from the start of the score: a melody entering after rests starts that far into its bar.
  const phase = ((first % bar) + bar) % bar;
  const shift = first;
  return {
    pitches,
    onsets: onsets.map((o) => o - shift),
    durations,
    metre,
    anacrusis: phase === 0 ? 0 : bar - phase,
    source: score.meta.source ?? 'score',
    ...(score.meta.title !== undefined ? { title: score.meta.title } : {}),
  };
}

/**
 * A melody transposed by a number of semitones (pitches clamped to nothing: a pitch leaving 0–127 throws).
 * @example
 * transposeMelody({ pitches: [60, 62], onsets: [0, 1], durations: [1, 1], metre: { numerator: 4, denominator: 4 }, anacrusis: 0, source: 'x' }, 2).pitches; // → [62, 64]
 */
export function transposeMelody<M extends Melody>(melody: M, semitones: number): M {
  const pitches = melody.pitches.map((p) => p + semitones);
  if (pitches.some((p) => p < 0 || p > 127)) throw new RangeError(`transposing ${melody.source} by ${semitones} semitones leaves the MIDI range 0–127`);
  return { ...melody, pitches };
}

/** The melody's length in quarter-note beats (end of its last note). */
export function melodyBeats(melody: Pick<Melody, 'onsets' | 'durations'>): number {
  const n = melody.onsets.length;
  return n === 0 ? 0 : melody.onsets[n - 1]! + melody.durations[n - 1]!;
}

/** Builds a melody from pitches and durations laid end to end. */
export function melodyFrom(pitches: readonly number[], durations: readonly number[], options: { metre?: Metre; anacrusis?: number; source?: string; title?: string } = {}): Melody {
  if (pitches.length !== durations.length) throw new RangeError(`${pitches.length} pitches but ${durations.length} durations`);
  const onsets: number[] = [];
  let t = 0;
  for (const d of durations) {
    if (!(d > 0)) throw new RangeError(`a duration of ${d} beats: durations must be positive`);
    onsets.push(t);
    t += d;
  }
  return {
    pitches: [...pitches],
    onsets,
    durations: [...durations],
    metre: options.metre ?? { numerator: 4, denominator: 4 },
    anacrusis: options.anacrusis ?? 0,
    source: options.source ?? 'melody',
    ...(options.title !== undefined ? { title: options.title } : {}),
  };
}
