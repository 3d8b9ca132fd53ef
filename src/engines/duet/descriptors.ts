/**
 * Musical descriptors of a duet run, to compare runs honestly (one EEG state against another): how steady the
 * drummer's time is, how unpredictable the melody's steps are, how many notes there are, how fast it goes.
 *
 * - **Timing variability.** The drum strokes fire as the drummer's unwrapped motor phase crosses the pattern's
 *   sixteenths (engine.ts), so every stroke sits exactly on the drummer's own grid: the kick and snare vary in time
 *   only as the drummer's beat intervals do. The descriptor is therefore the standard deviation of the inter-beat
 *   intervals (ms), with two companions that separate slow drift from beat-to-beat jitter: the coefficient of
 *   variation (sd / mean) and the RMSSD, the root mean square of successive differences, which a slow drift barely
 *   moves (the heart-rate-variability measure; Task Force of the ESC and NASPE 1996, Circulation 93:1043).
 * - **Melodic interval entropy.** Shannon's H = −Σ p log₂ p over the signed intervals (semitones) between successive
 *   melody notes (Shannon 1948; as a melodic measure: Eerola & North 2000, "Expectancy-based model of melodic
 *   complexity"). A melody that repeats one step has 0 bits; one that spreads over k steps evenly has log₂ k.
 * - **Density**: melody notes per second and drum strokes per second over the span.
 * - **Tempo**: 60 / mean inter-beat interval, beats per minute.
 *
 * Every descriptor is computed over a span [fromSeconds, toSeconds) of the run: notes by onset, beat intervals by
 * the time of the beat that ends them.
 */
import type { NoteEvent } from '../../score/types.js';
import { DUET_VOICES } from './engine.js';

/** The descriptors of one span of a duet. NaN where the span holds too few events to say (see each field). */
export interface DuetDescriptors {
  /** Length of the span (s). */
  seconds: number;
  melodyNotes: number;
  drumStrokes: number;
  /** Melody notes per second. */
  melodyNotesPerSecond: number;
  /** Drum strokes per second (all instruments). */
  drumStrokesPerSecond: number;
  /** Entropy of the signed melodic intervals, bits (NaN with fewer than two melody notes). */
  intervalEntropyBits: number;
  /** Mean absolute melodic interval, semitones (NaN with fewer than two melody notes). */
  meanAbsIntervalSemitones: number;
  /** 60 / mean inter-beat interval (NaN with fewer than two beats). */
  meanTempoBpm: number;
  /** Standard deviation of the inter-beat intervals, ms (NaN with fewer than three beats). */
  beatIntervalSdMs: number;
  /** sd / mean of the inter-beat intervals (NaN with fewer than three beats). */
  beatIntervalCv: number;
  /** Root mean square of successive differences of the inter-beat intervals, ms (NaN with fewer than three beats). */
  beatIntervalRmssdMs: number;
}

/**
 * Shannon entropy (bits) of the signed intervals between successive pitches; NaN with fewer than two pitches.
 * @example
 * melodicIntervalEntropy([60, 62, 64, 66]); // → 0 — one step, always
 * melodicIntervalEntropy([60, 62, 60, 62, 60]); // → 1 — +2 and −2, equally often
 * melodicIntervalEntropy([60, 61, 63, 66, 70]); // → 2 — four different steps
 */
export function melodicIntervalEntropy(pitches: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < pitches.length; i++) steps.push(pitches[i]! - pitches[i - 1]!);
  return stepEntropy(steps);
}

/** Shannon entropy (bits) of a list of steps; NaN when it is empty. */
function stepEntropy(steps: readonly number[]): number {
  if (steps.length === 0) return NaN;
  const counts = new Map<number, number>();
  for (const step of steps) counts.set(step, (counts.get(step) ?? 0) + 1);
  const n = steps.length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h === 0 ? 0 : h; // −0 → 0
}

/** Statistics of inter-beat intervals. */
export interface BeatTiming {
  meanTempoBpm: number;
  sdMs: number;
  cv: number;
  rmssdMs: number;
  /** Number of intervals used. */
  intervals: number;
}

/** A span of time [fromSeconds, toSeconds). */
export type Span = readonly [number, number];

/**
 * Tempo and timing variability of beat times (s): the intervals between successive beats whose second beat lies
 * in [fromSeconds, toSeconds).
 * @example
 * const t = beatTiming([0, 0.5, 1, 1.5, 2]);
 * t.meanTempoBpm; // → 120
 * t.sdMs; // → 0
 * beatTiming([0, 0.4, 1, 1.4, 2]).rmssdMs; // → 200 — intervals 400, 600, 400, 600 ms
 */
export function beatTiming(beats: readonly number[], fromSeconds = -Infinity, toSeconds = Infinity): BeatTiming {
  return beatTimingOver(beats, [[fromSeconds, toSeconds]]);
}

/**
 * {@link beatTiming} pooled over several spans: the mean and sd over every interval that ends in one of them; the
 * RMSSD over successive intervals within the same span only (a gap between spans is no beat-to-beat change).
 * @example
 * beatTimingOver([0, 0.5, 1, 5, 5.6, 6.2], [[0, 2], [5.5, 7]]).meanTempoBpm; // → 109.09 — intervals 0.5, 0.5, 0.6, 0.6 s
 */
export function beatTimingOver(beats: readonly number[], spans: readonly Span[]): BeatTiming {
  const all: number[] = [];
  let squares = 0;
  let pairs = 0;
  for (const [from, to] of spans) {
    let previous = NaN;
    for (let i = 1; i < beats.length; i++) {
      if (!(beats[i]! >= from && beats[i]! < to)) continue;
      const ibi = beats[i]! - beats[i - 1]!;
      all.push(ibi);
      if (Number.isFinite(previous)) {
        squares += (ibi - previous) ** 2;
        pairs++;
      }
      previous = ibi;
    }
  }
  const n = all.length;
  const mean = n ? all.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n >= 2 ? Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN;
  const rmssd = pairs ? Math.sqrt(squares / pairs) : NaN;
  return { meanTempoBpm: 60 / mean, sdMs: 1000 * sd, cv: sd / mean, rmssdMs: 1000 * rmssd, intervals: n };
}

/** The notes and beats a descriptor reads. */
export interface DescribedRun {
  score: { notes: readonly NoteEvent[] };
  beats: readonly number[];
  seconds: number;
}

/**
 * The descriptors of a duet run over [fromSeconds, toSeconds) (default: the whole run).
 * @example
 * const notes = [60, 62, 64, 62, 60].map((pitch, i) => ({ onset: i / 2, duration: 0.4, pitch, velocity: 0.8, voice: DUET_VOICES.melody }));
 * const d = duetDescriptors({ score: { notes }, beats: [0, 0.5, 1, 1.5, 2], seconds: 2.5 });
 * d.melodyNotesPerSecond; // → 2
 * d.intervalEntropyBits; // → 1 — steps +2, +2, −2, −2
 * d.meanTempoBpm; // → 120
 * duetDescriptors(composeDuet({ seconds: 8, seed: 1 })).melodyNotes > 0; // → true
 */
export function duetDescriptors(run: DescribedRun, fromSeconds = 0, toSeconds = run.seconds): DuetDescriptors {
  if (!(toSeconds > fromSeconds)) throw new RangeError(`descriptors: the span [${fromSeconds}, ${toSeconds}) s is empty`);
  return duetDescriptorsOver(run, [[fromSeconds, toSeconds]]);
}

/**
 * The descriptors pooled over several spans (the windows of one annotation that recurs): counts over the spans'
 * total length; melodic intervals and beat intervals only between events of the same span.
 * @example
 * const notes = [60, 62, 64, 70, 72].map((pitch, i) => ({ onset: i, duration: 0.4, pitch, velocity: 0.8, voice: DUET_VOICES.melody }));
 * const d = duetDescriptorsOver({ score: { notes }, beats: [], seconds: 5 }, [[0, 2], [3, 5]]);
 * d.melodyNotes; // → 4 — the note at 2 s lies outside both spans
 * d.intervalEntropyBits; // → 0 — +2 in each span; 62 → 70 crosses the gap and is not counted
 */
export function duetDescriptorsOver(run: DescribedRun, spans: readonly Span[]): DuetDescriptors {
  let seconds = 0;
  let melodyNotes = 0;
  let drumStrokes = 0;
  const steps: number[] = [];
  for (const [from, to] of spans) {
    if (!(to > from)) throw new RangeError(`descriptors: the span [${from}, ${to}) s is empty`);
    seconds += to - from;
    const inSpan = (n: NoteEvent): boolean => n.onset >= from && n.onset < to;
    const melody = run.score.notes.filter((n) => n.voice === DUET_VOICES.melody && inSpan(n)).sort((a, b) => a.onset - b.onset || a.pitch - b.pitch);
    melodyNotes += melody.length;
    drumStrokes += run.score.notes.filter((n) => n.voice === DUET_VOICES.drums && inSpan(n)).length;
    for (let i = 1; i < melody.length; i++) steps.push(melody[i]!.pitch - melody[i - 1]!.pitch);
  }
  if (spans.length === 0) throw new RangeError('descriptors: no span to describe');
  const timing = beatTimingOver(run.beats, spans);
  return {
    seconds,
    melodyNotes,
    drumStrokes,
    melodyNotesPerSecond: melodyNotes / seconds,
    drumStrokesPerSecond: drumStrokes / seconds,
    intervalEntropyBits: stepEntropy(steps),
    meanAbsIntervalSemitones: steps.length ? steps.reduce((a, b) => a + Math.abs(b), 0) / steps.length : NaN,
    meanTempoBpm: timing.meanTempoBpm,
    beatIntervalSdMs: timing.sdMs,
    beatIntervalCv: timing.cv,
    beatIntervalRmssdMs: timing.rmssdMs,
  };
}
