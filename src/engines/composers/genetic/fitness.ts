/**
 * The genetic composer's fitness: an explicit weighted sum of named terms, each a number in [0, 1] (1 = best), so
 * that every generation can say why its best song is best. The terms follow the seed conversation's "effective
 * scoring algorithm" — misplaced sharps and flats against the key signature, runs of chords, leaps of more than an
 * octave — refined "by using known well-liked songs": the corpus's interval and rhythm statistics.
 *
 *   fitness = Σ_k w_k · t_k / Σ_k w_k        (terms with weight 0, or not available, left out of both sums)
 *
 * The weights are an editable JSON file ({@link geneticWeightsSchema}); docs/design/composers.md gives each term's
 * formula.
 */
import { z } from 'zod';
import type { Melody } from '../../../analysis/corpus/melody.js';
import { corpusStatistics, durationBin, DURATION_BINS } from '../../../analysis/corpus/statistics.js';
import { GRID_PER_BEAT, barStarts, stepLetter, stepPitch, type GeneticKey, type Song } from './genome.js';
import { checkMelodyPitches } from '../rules/melody-rules.js';

/** The fitness terms, in report order. */
export const FITNESS_TERMS = ['keySignature', 'harmony', 'leaps', 'rhythm', 'intervalStats', 'rhythmStats', 'cadence', 'range', 'slides', 'rules'] as const;
/** One fitness term's name. */
export type FitnessTerm = (typeof FITNESS_TERMS)[number];

/** What each term measures, for reports and `--explain`. */
export const TERM_DESCRIPTIONS: Readonly<Record<FitnessTerm, string>> = {
  keySignature: 'key-signature fit: notes whose sharp, flat or natural agrees with the key signature',
  harmony: 'chord runs / harmonic consonance: per bar, the share of the notes (downbeats counted double) inside the best diatonic triad',
  leaps: 'leap sizes: steps score 1, thirds 0.95 … octaves 0.4, tritones 0.3, leaps beyond an octave 0',
  rhythm: 'rhythmic regularity: bars whose rhythm recurs in the song, and onsets without syncopation',
  intervalStats: "closeness of the interval histogram (−12…+12 semitones) to the corpus's: 1 − total-variation distance",
  rhythmStats: "closeness of the duration histogram to the corpus's: 1 − total-variation distance",
  cadence: 'ends on the tonic (0.7; a tonic-triad note 0.35) with a last note of at least a beat (0.3)',
  range: "notes inside the corpus's range (its 2nd to 98th percentile of pitch)",
  slides: 'slides only between notes at most a major third apart, on at most one note in ten',
  rules: "the rule checker's verdict: 1 / (1 + 4 · violations per note)",
};

/** Schema of a weights file: a non-negative weight per term; terms left out take the default. */
export const geneticWeightsSchema = z
  .object({
    keySignature: z.number().finite().min(0),
    harmony: z.number().finite().min(0),
    leaps: z.number().finite().min(0),
    rhythm: z.number().finite().min(0),
    intervalStats: z.number().finite().min(0),
    rhythmStats: z.number().finite().min(0),
    cadence: z.number().finite().min(0),
    range: z.number().finite().min(0),
    slides: z.number().finite().min(0),
    rules: z.number().finite().min(0),
  })
  .partial()
  .strict();

/** A weight per term. */
export type GeneticWeights = Record<FitnessTerm, number>;

/** The default weights (also shipped as examples/genetic-weights.json). */
export const DEFAULT_GENETIC_WEIGHTS: Readonly<GeneticWeights> = {
  keySignature: 2,
  harmony: 2,
  leaps: 1.5,
  rhythm: 1,
  intervalStats: 1.5,
  rhythmStats: 1.5,
  cadence: 1,
  range: 1,
  slides: 0.5,
  rules: 1,
};

/**
 * Validated weights: defaults for terms left out; throws a RangeError naming the first problem (an unknown term, a
 * negative weight, all weights zero).
 * @example
 * parseGeneticWeights({ leaps: 3 }).leaps; // → 3
 */
export function parseGeneticWeights(data: unknown): GeneticWeights {
  const parsed = geneticWeightsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
    const unknown = issue.code === 'unrecognized_keys' ? `unknown term ${issue.keys.map((k) => `"${k}"`).join(', ')} (terms: ${FITNESS_TERMS.join(', ')})` : issue.message;
    throw new RangeError(`${where}${unknown}`);
  }
  const weights = { ...DEFAULT_GENETIC_WEIGHTS, ...parsed.data };
  if (FITNESS_TERMS.every((t) => weights[t] === 0)) throw new RangeError('every weight is 0: at least one term must count');
  return weights;
}

/** The corpus's statistics that the `intervalStats`, `rhythmStats` and `range` terms compare against. */
export interface GeneticCorpusStatistics {
  /** Interval histogram, index i ↔ i − 12 semitones (clamped to ±12), summing to 1. */
  intervals: Float64Array;
  /** Duration histogram over the corpus tools' bins (`DURATION_BINS`, the last bin every other value), summing to 1. */
  durations: Float64Array;
  /** 2nd and 98th percentile of pitch. */
  low: number;
  high: number;
  /** Notes counted. */
  notes: number;
}

/**
 * Statistics of corpus melodies already transposed to the composer's tonic: the corpus tools'
 * {@link corpusStatistics} histograms and the pitch range.
 */
export function geneticCorpusStatistics(melodies: readonly Melody[]): GeneticCorpusStatistics {
  const stats = corpusStatistics(melodies);
  const pitches = melodies.flatMap((m) => m.pitches).sort((a, b) => a - b);
  const at = (q: number): number => pitches[Math.min(pitches.length - 1, Math.max(0, Math.round(q * (pitches.length - 1))))] ?? 60;
  return { intervals: Float64Array.from(stats.intervals), durations: Float64Array.from(stats.durations), low: at(0.02), high: at(0.98), notes: stats.notes };
}

/** The duration bin of each genome duration 0 … 255 grid steps. */
const GRID_DURATION_BIN = Uint8Array.from({ length: 256 }, (_, d) => durationBin(d / GRID_PER_BEAT));

/** Everything the fitness of a song depends on besides the song. */
export interface FitnessContext {
  key: GeneticKey;
  /** Grid steps per bar. */
  barLength: number;
  /** Grid steps per beat of the metre (a quarter in 3/4, a dotted quarter in 6/8). */
  beatLength: number;
  corpus: GeneticCorpusStatistics;
  weights: GeneticWeights;
  /** The rule checker as a term (violations per note → [0, 1]); the `rules` term is left out when absent. */
  rules?: (pitches: readonly number[], durations: readonly number[]) => number;
}

/** Bit masks (bit = pitch class) of the key's diatonic triads, plus the major dominant and leading-tone triad of a minor key. */
export function triadMasks(key: GeneticKey): number[] {
  const masks: number[] = [];
  const pc = (semis: number): number => 1 << ((key.tonic + semis) % 12);
  for (let d = 0; d < 7; d++) masks.push(pc(key.scale[d]!) | pc(key.scale[(d + 2) % 7]!) | pc(key.scale[(d + 4) % 7]!));
  if (key.mode === 'minor') masks.push(pc(7) | pc(11) | pc(2), pc(11) | pc(2) | pc(5));
  return masks;
}

const LEAP_SCORES = [0.8, 1, 1, 0.95, 0.95, 0.85, 0.3, 0.75, 0.5, 0.5, 0.3, 0.3, 0.4];

/** Score of one melodic interval for the `leaps` term. */
export function leapScore(semitones: number): number {
  const a = Math.abs(semitones);
  return a > 12 ? 0 : LEAP_SCORES[a]!;
}

/**
 * The rule checker (the rule composer's melody rules) as the `rules` term: 1 / (1 + 4 · violations per note).
 * @example
 * ruleCheckerTerm({ tonic: 0, mode: 'major' })([60, 62, 64, 65, 67, 65, 64, 62, 60], []); // → 1
 */
export function ruleCheckerTerm(key: { tonic: number; mode: 'major' | 'minor' }): (pitches: readonly number[], durations: readonly number[]) => number {
  return (pitches) => 1 / (1 + (4 * checkMelodyPitches(pitches, key).length) / Math.max(1, pitches.length));
}

/** Reusable buffers of an evaluator (one per composer: evaluation allocates nothing per song beyond them). */
interface Scratch {
  pitches: number[];
  intervals: Float64Array;
  durations: Float64Array;
  starts: Int32Array;
  hashes: Float64Array;
}

/** The terms and fitness of songs in one context. */
export class FitnessEvaluator {
  readonly context: FitnessContext;
  private readonly masks: number[];
  private readonly scratch: Scratch;
  private readonly active: FitnessTerm[];
  private readonly weightSum: number;

  constructor(context: FitnessContext) {
    this.context = context;
    this.masks = triadMasks(context.key);
    this.scratch = { pitches: [], intervals: new Float64Array(25), durations: new Float64Array(DURATION_BINS.length + 1), starts: new Int32Array(1), hashes: new Float64Array(1) };
    this.active = FITNESS_TERMS.filter((t) => context.weights[t] > 0 && (t !== 'rules' || context.rules !== undefined));
    this.weightSum = this.active.reduce((s, t) => s + context.weights[t], 0);
  }

  /** The terms that count (weight > 0 and available). */
  get activeTerms(): readonly FitnessTerm[] {
    return this.active;
  }

  /** The weighted sum of term values (only active terms). */
  combine(terms: Readonly<Record<FitnessTerm, number>>): number {
    let f = 0;
    for (const t of this.active) f += this.context.weights[t] * terms[t];
    return f / this.weightSum;
  }

  /** Fitness in [0, 1] of a song; writes the term values into `out` when given (inactive terms NaN). */
  evaluate(song: Song, out?: Record<FitnessTerm, number>): number {
    const terms = out ?? ({} as Record<FitnessTerm, number>);
    const c = this.context;
    const n = song.step.length;
    const s = this.scratch;
    const pitches = s.pitches;
    pitches.length = n;
    for (let i = 0; i < n; i++) pitches[i] = stepPitch(song.step[i]!, song.accidental[i]!);
    const has = (t: FitnessTerm): boolean => this.active.includes(t) || out !== undefined;
    for (const t of FITNESS_TERMS) terms[t] = Number.NaN;

    if (has('keySignature')) {
      let fit = 0;
      for (let i = 0; i < n; i++) if (song.accidental[i] === c.key.signature[stepLetter(song.step[i]!)]) fit++;
      terms.keySignature = n > 0 ? fit / n : 0;
    }
    const starts = (s.starts = barStarts(song, c.barLength, s.starts));
    const bars = starts.length - 1;
    if (has('harmony')) {
      let sum = 0;
      for (let b = 0; b < bars; b++) {
        let best = 0;
        let total = 0;
        let t = 0;
        for (let i = starts[b]!; i < starts[b + 1]!; i++) {
          total += (t === 0 ? 2 : 1) * song.duration[i]!;
          t += song.duration[i]!;
        }
        for (const mask of this.masks) {
          let inside = 0;
          t = 0;
          for (let i = starts[b]!; i < starts[b + 1]!; i++) {
            if (mask & (1 << (((pitches[i]! % 12) + 12) % 12))) inside += (t === 0 ? 2 : 1) * song.duration[i]!;
            t += song.duration[i]!;
          }
          if (inside > best) best = inside;
        }
        sum += total > 0 ? best / total : 0;
      }
      terms.harmony = bars > 0 ? sum / bars : 0;
    }
    if (has('leaps')) {
      let sum = 0;
      for (let i = 1; i < n; i++) sum += leapScore(pitches[i]! - pitches[i - 1]!);
      terms.leaps = n > 1 ? sum / (n - 1) : 1;
    }
    if (has('rhythm')) {
      if (s.hashes.length < bars) s.hashes = new Float64Array(bars);
      for (let b = 0; b < bars; b++) {
        let h = 7;
        let t = 0;
        for (let i = starts[b]!; i < starts[b + 1]!; i++) {
          h = (h * 131 + t + 1) % 2147483647;
          t += song.duration[i]!;
        }
        s.hashes[b] = h;
      }
      let repeated = 0;
      for (let b = 0; b < bars; b++) {
        for (let o = 0; o < bars; o++) {
          if (o !== b && s.hashes[o] === s.hashes[b]) {
            repeated++;
            break;
          }
        }
      }
      let syncopated = 0;
      let t = 0;
      for (let i = 0; i < n; i++) {
        const d = song.duration[i]!;
        const inBeat = t % c.beatLength;
        if (inBeat !== 0 && inBeat + d > c.beatLength) syncopated++;
        t += d;
      }
      terms.rhythm = 0.5 * (bars > 0 ? repeated / bars : 0) + 0.5 * (n > 0 ? 1 - syncopated / n : 0);
    }
    if (has('intervalStats')) {
      s.intervals.fill(0);
      for (let i = 1; i < n; i++) s.intervals[Math.max(-12, Math.min(12, pitches[i]! - pitches[i - 1]!)) + 12]! += 1 / (n - 1);
      terms.intervalStats = n > 1 ? 1 - totalVariation(s.intervals, c.corpus.intervals) : 0;
    }
    if (has('rhythmStats')) {
      s.durations.fill(0);
      for (let i = 0; i < n; i++) s.durations[GRID_DURATION_BIN[song.duration[i]!]!]! += 1 / n;
      terms.rhythmStats = n > 0 ? 1 - totalVariation(s.durations, c.corpus.durations) : 0;
    }
    if (has('cadence')) {
      const last = pitches[n - 1];
      let v = 0;
      if (last !== undefined) {
        const rel = (((last - c.key.tonic) % 12) + 12) % 12;
        const third = c.key.mode === 'major' ? 4 : 3;
        v = rel === 0 ? 0.7 : rel === third || rel === 7 ? 0.35 : 0;
        if (song.duration[n - 1]! >= GRID_PER_BEAT) v += 0.3;
      }
      terms.cadence = v;
    }
    if (has('range')) {
      let inside = 0;
      for (let i = 0; i < n; i++) if (pitches[i]! >= c.corpus.low && pitches[i]! <= c.corpus.high) inside++;
      terms.range = n > 0 ? inside / n : 0;
    }
    if (has('slides')) {
      let slides = 0;
      let bad = 0;
      for (let i = 0; i < n; i++) {
        if (!song.slide[i]) continue;
        slides++;
        if (i === 0 || Math.abs(pitches[i]! - pitches[i - 1]!) > 4 || pitches[i] === pitches[i - 1]) bad++;
      }
      terms.slides = n > 0 ? Math.max(0, 1 - bad / n - Math.max(0, slides / n - 0.1)) : 1;
    }
    if (c.rules && has('rules')) {
      const durations: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) durations[i] = song.duration[i]! / GRID_PER_BEAT;
      terms.rules = c.rules(pitches, durations);
    }
    return this.combine(terms);
  }
}

function totalVariation(p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs(p[i]! - q[i]!);
  return d / 2;
}
