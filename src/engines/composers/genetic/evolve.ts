/**
 * The genetic composer: a population of songs seeded from the corpus evolves one generation at a time
 * ({@link GeneticComposer.step}), so the command line runs it to the end and the studio watches it evolve.
 *
 * Each generation keeps the best `elite` songs unchanged, then fills the population with children: two parents
 * chosen by tournament (or linear rank) selection; with probability `crossoverRate` a phrase (1, 2 or 4 bars, at
 * phrase boundaries) of the second parent replaces the same phrase of the first; then mutation operators are applied
 * while a uniform draw stays below `mutationRate` (so on average rate / (1 − rate) operators per child). The
 * operators change a note's pitch by a step or two, its sharp/flat/natural state, split or merge notes within a bar,
 * toggle a slide, swap neighbouring notes, shift a bar by a scale step, and — between songs — copy a note or a phrase
 * from another member of the population ("swap notes or phrases between songs").
 */
import type { Corpus, CorpusMelody } from '../../../analysis/corpus/corpus.js';
import { beatsPerBar, type Metre } from '../../../analysis/corpus/melody.js';
import { sameBar } from '../../../analysis/corpus/metre.js';
import { createRandom, type Random } from '../../../math/random.js';
import type { Score } from '../../../score/types.js';
import { geneticCorpusStatistics, FitnessEvaluator, FITNESS_TERMS, type GeneticCorpusStatistics, type FitnessTerm, type GeneticWeights, DEFAULT_GENETIC_WEIGHTS } from './fitness.js';
import { GRID_PER_BEAT, barStarts, barSteps, checkSong, concatSongs, geneticKey, melodyBars, sliceSong, songToScore, stepLetter, type GeneticKey, type Song } from './genome.js';

/** The mutation operators, by name (their counts are reported). */
export const MUTATIONS = ['pitch', 'accidental', 'rhythm', 'slide', 'swapNotes', 'shiftBar', 'noteFromSong', 'phraseFromSong'] as const;
/** One mutation operator's name. */
export type MutationName = (typeof MUTATIONS)[number];

/** Options of a run. */
export interface GeneticOptions {
  /**
   * The corpus to learn from and seed the population with, prepared by the corpus tools (`prepareCorpus`): its
   * melodies are at the run's tonic, `corpus.tonic`.
   */
  corpus: Corpus;
  /** The mode of the run (default the corpus's more common mode). */
  mode?: 'major' | 'minor';
  /** Bars per song (default 16). */
  bars?: number;
  /** Songs per generation (default 100). */
  population?: number;
  /** Parent selection (default tournament). */
  selection?: 'tournament' | 'rank';
  /** Songs per tournament (default 3). */
  tournamentSize?: number;
  /** Probability that a child is made by phrase crossover (default 0.8). */
  crossoverRate?: number;
  /** Probability of one more mutation operator on a child (default 0.6). */
  mutationRate?: number;
  /** Best songs copied unchanged into the next generation (default 2). */
  elite?: number;
  weights?: GeneticWeights;
  /** The rule checker as a fitness term: violations per note → [0, 1]. */
  rules?: (pitches: readonly number[], durations: readonly number[]) => number;
  /** Tempo of the score written (default the corpus-independent 112 bpm). */
  bpm?: number;
  seed?: number;
}

/** What one generation looked like. */
export interface GenerationStats {
  /** 0 is the seeded population before any breeding. */
  generation: number;
  best: number;
  mean: number;
  /** Standard deviation of fitness in the population. */
  spread: number;
  /** The best song's term values (NaN for terms that do not count). */
  terms: Record<FitnessTerm, number>;
  /** Distinct songs in the population. */
  distinct: number;
}

/** A corpus melody as the composer uses it: transposed to the key, in bars. */
export interface SeedMelody {
  source: string;
  /** Semitones it was transposed by. */
  transposedBy: number;
  /** The key found in it (Krumhansl–Schmuckler). */
  foundKey: string;
  bars: Song[];
  melody: CorpusMelody;
}

/** The most common metre and mode of a corpus (the defaults of a run). */
export function corpusMetreAndMode(corpus: Corpus): { metre: Metre; mode: 'major' | 'minor' } {
  if (corpus.melodies.length === 0) throw new RangeError('the corpus holds no melody');
  const metres = new Map<string, { metre: Metre; n: number }>();
  let major = 0;
  for (const m of corpus.melodies) {
    const id = `${m.metre.numerator}/${m.metre.denominator}`;
    const e = metres.get(id) ?? { metre: m.metre, n: 0 };
    e.n++;
    metres.set(id, e);
    if (m.mode === 'major') major++;
  }
  const metre = [...metres.values()].sort((a, b) => b.n - a.n)[0]!.metre;
  return { metre, mode: major * 2 >= corpus.melodies.length ? 'major' : 'minor' };
}

/**
 * The corpus melodies a run learns from and seeds with: those in the run's metre (the same bar length) and mode
 * (all modes when none matches), already at the run's tonic (the corpus tools transpose them), in bars.
 */
export function seedMelodies(corpus: Corpus, key: GeneticKey, metre: Metre): SeedMelody[] {
  const inMetre = corpus.melodies.filter((m) => sameBar(m.metre, metre));
  const sameMode = inMetre.filter((m) => m.mode === key.mode);
  const out: SeedMelody[] = [];
  for (const m of sameMode.length > 0 ? sameMode : inMetre) {
    const bars = melodyBars(m, key);
    if (bars.length > 0) out.push({ source: m.source, transposedBy: m.transposition, foundKey: m.key.name, bars, melody: m });
  }
  return out;
}

/** The best song of a run so far. */
export interface BestSong {
  song: Song;
  fitness: number;
  terms: Record<FitnessTerm, number>;
  /** Generation in which it appeared. */
  generation: number;
}

/** A genetic run, one generation per {@link GeneticComposer.step}. */
export class GeneticComposer {
  readonly key: GeneticKey;
  readonly metre: Metre;
  readonly bars: number;
  readonly barLength: number;
  readonly corpus: SeedMelody[];
  readonly statistics: GeneticCorpusStatistics;
  readonly evaluator: FitnessEvaluator;
  readonly weights: GeneticWeights;
  readonly history: GenerationStats[] = [];
  /** How many times each mutation operator was applied. */
  readonly mutationCounts: Record<MutationName, number>;
  private readonly options: Required<Pick<GeneticOptions, 'population' | 'selection' | 'tournamentSize' | 'crossoverRate' | 'mutationRate' | 'elite' | 'bpm' | 'seed'>>;
  private readonly random: Random;
  private population: Song[];
  private fitness: Float64Array;
  private bestSoFar: BestSong;
  private generationIndex = 0;
  private readonly memo = new Map<string, number>();

  constructor(options: GeneticOptions) {
    const { metre, mode } = corpusMetreAndMode(options.corpus);
    this.key = geneticKey(options.corpus.tonic, options.mode ?? mode);
    this.metre = metre;
    this.bars = options.bars ?? 16;
    if (!Number.isInteger(this.bars) || this.bars < 1 || this.bars > 256) throw new RangeError(`bars must be a whole number 1–256, got ${this.bars}`);
    this.barLength = barSteps(metre);
    this.options = {
      population: options.population ?? 100,
      selection: options.selection ?? 'tournament',
      tournamentSize: options.tournamentSize ?? 3,
      crossoverRate: options.crossoverRate ?? 0.8,
      mutationRate: options.mutationRate ?? 0.6,
      elite: options.elite ?? 2,
      bpm: options.bpm ?? 112,
      seed: options.seed ?? 1,
    };
    const o = this.options;
    if (!Number.isInteger(o.population) || o.population < 2) throw new RangeError(`the population must be a whole number ≥ 2, got ${o.population}`);
    if (o.elite < 0 || o.elite >= o.population) throw new RangeError(`elite must be 0 … population − 1, got ${o.elite}`);
    if (o.tournamentSize < 1) throw new RangeError(`the tournament size must be ≥ 1, got ${o.tournamentSize}`);
    if (!(o.mutationRate >= 0 && o.mutationRate < 1)) throw new RangeError(`the mutation rate must be in [0, 1), got ${o.mutationRate}`);
    this.random = createRandom(o.seed);
    this.corpus = seedMelodies(options.corpus, this.key, metre);
    if (this.corpus.length === 0) throw new RangeError(`no corpus melody has a whole bar of ${metre.numerator}/${metre.denominator}`);
    this.statistics = geneticCorpusStatistics(this.corpus.map((c) => c.melody));
    this.weights = options.weights ?? { ...DEFAULT_GENETIC_WEIGHTS };
    const beat = metre.denominator === 8 && metre.numerator % 3 === 0 ? (3 * 4 * GRID_PER_BEAT) / 8 : (4 * GRID_PER_BEAT) / metre.denominator;
    this.evaluator = new FitnessEvaluator({
      key: this.key,
      barLength: this.barLength,
      beatLength: beat,
      corpus: this.statistics,
      weights: this.weights,
      ...(options.rules ? { rules: options.rules } : {}),
    });
    this.mutationCounts = Object.fromEntries(MUTATIONS.map((m) => [m, 0])) as Record<MutationName, number>;
    this.population = Array.from({ length: o.population }, () => this.seedSong());
    this.fitness = Float64Array.from(this.population, (s) => this.evaluator.evaluate(s));
    this.bestSoFar = this.bestOfPopulation();
    this.record();
  }

  /** Generations bred so far (0 before the first step). */
  get generation(): number {
    return this.generationIndex;
  }

  /** The best song found so far (a copy is not made: do not change it). */
  get best(): BestSong {
    return this.bestSoFar;
  }

  /** The current population's songs and fitness (read only). */
  get songs(): readonly Song[] {
    return this.population;
  }

  /** Quarter notes per bar. */
  get beatsPerBar(): number {
    return beatsPerBar(this.metre);
  }

  /** Breeds one generation; returns its statistics. */
  step(): GenerationStats {
    const o = this.options;
    const order = rankOrder(this.fitness);
    const next: Song[] = [];
    for (let e = 0; e < o.elite; e++) next.push(this.population[order[e]!]!);
    const rankCumulative = o.selection === 'rank' ? rankWeights(this.population.length) : undefined;
    const pick = (): Song => this.population[o.selection === 'rank' ? order[pickRank(this.random, rankCumulative!)]! : this.tournament()]!;
    while (next.length < o.population) {
      const a = pick();
      let child = this.random.next() < o.crossoverRate ? this.crossover(a, pick()) : a;
      while (this.random.next() < o.mutationRate) child = this.mutate(child);
      next.push(child);
    }
    this.population = next;
    const previous = this.fitness.slice();
    for (let i = 0; i < next.length; i++) this.fitness[i] = i < o.elite ? previous[order[i]!]! : this.fitnessOf(next[i]!);
    this.generationIndex++;
    const best = this.bestOfPopulation();
    if (best.fitness > this.bestSoFar.fitness) this.bestSoFar = best;
    return this.record();
  }

  /** Runs `generations` more generations; `onGeneration` hears each. */
  run(generations: number, onGeneration?: (stats: GenerationStats) => void): BestSong {
    for (let g = 0; g < generations; g++) {
      const s = this.step();
      onGeneration?.(s);
    }
    return this.bestSoFar;
  }

  /** A song as a Score in the run's key, metre and tempo. */
  toScore(song: Song = this.bestSoFar.song, title?: string): Score {
    return songToScore(song, { bpm: this.options.bpm, metre: this.metre, key: this.key, ...(title ? { title } : {}), source: 'genetic' });
  }

  /** The tempo of the scores written. */
  get bpm(): number {
    return this.options.bpm;
  }

  /**
   * Fitness of a song, remembered by content: a child identical to a song already scored (a copy of a parent, a
   * crossover of equal phrases) is not scored again. The memo is emptied when it holds 50,000 songs.
   */
  private fitnessOf(song: Song): number {
    const key = songKey(song);
    let f = this.memo.get(key);
    if (f === undefined) {
      f = this.evaluator.evaluate(song);
      if (this.memo.size >= 50_000) this.memo.clear();
      this.memo.set(key, f);
    }
    return f;
  }

  private record(): GenerationStats {
    let sum = 0;
    let sq = 0;
    let best = 0;
    for (let i = 0; i < this.fitness.length; i++) {
      const f = this.fitness[i]!;
      sum += f;
      sq += f * f;
      if (f > this.fitness[best]!) best = i;
    }
    const n = this.fitness.length;
    const mean = sum / n;
    const terms = {} as Record<FitnessTerm, number>;
    this.evaluator.evaluate(this.population[best]!, terms);
    for (const t of FITNESS_TERMS) if (!this.evaluator.activeTerms.includes(t)) terms[t] = Number.NaN;
    const stats: GenerationStats = {
      generation: this.generationIndex,
      best: this.fitness[best]!,
      mean,
      spread: Math.sqrt(Math.max(0, sq / n - mean * mean)),
      terms,
      distinct: countDistinct(this.population),
    };
    this.history.push(stats);
    return stats;
  }

  private bestOfPopulation(): BestSong {
    let best = 0;
    for (let i = 1; i < this.fitness.length; i++) if (this.fitness[i]! > this.fitness[best]!) best = i;
    const terms = {} as Record<FitnessTerm, number>;
    const song = this.population[best]!;
    this.evaluator.evaluate(song, terms);
    for (const t of FITNESS_TERMS) if (!this.evaluator.activeTerms.includes(t)) terms[t] = Number.NaN;
    return { song, fitness: this.fitness[best]!, terms, generation: this.generationIndex };
  }

  /** A song of `bars` consecutive bars of one corpus melody (wrapping round a short one). */
  private seedSong(): Song {
    const m = this.random.pick(this.corpus);
    const start = this.random.int(m.bars.length);
    const parts: Song[] = [];
    for (let b = 0; b < this.bars; b++) parts.push(m.bars[(start + b) % m.bars.length]!);
    const song = concatSongs(parts);
    checkSong(song, this.barLength);
    return song;
  }

  private tournament(): number {
    let best = this.random.int(this.population.length);
    for (let k = 1; k < this.options.tournamentSize; k++) {
      const c = this.random.int(this.population.length);
      if (this.fitness[c]! > this.fitness[best]!) best = c;
    }
    return best;
  }

  /** Phrase crossover: a phrase of 1, 2 or 4 bars of `b` replaces the same bars of `a`. */
  private crossover(a: Song, b: Song): Song {
    const lengths = [1, 2, 4].filter((l) => l <= this.bars);
    const length = this.random.pick(lengths);
    const phrases = Math.floor(this.bars / length);
    const from = this.random.int(phrases) * length;
    return this.replaceBars(a, from, length, b, from);
  }

  /** `a` with bars [at, at + count) replaced by bars [srcAt, srcAt + count) of `b`. */
  private replaceBars(a: Song, at: number, count: number, b: Song, srcAt: number): Song {
    const sa = barStarts(a, this.barLength);
    const sb = barStarts(b, this.barLength);
    return concatSongs([sliceSong(a, 0, sa[at]!), sliceSong(b, sb[srcAt]!, sb[srcAt + count]!), sliceSong(a, sa[at + count]!)]);
  }

  private mutate(song: Song): Song {
    const r = this.random;
    const op = MUTATIONS[r.int(MUTATIONS.length)]!;
    const n = song.step.length;
    const signature = this.key.signature;
    let out: Song;
    switch (op) {
      case 'pitch': {
        out = sliceSong(song);
        const i = r.int(n);
        const delta = (r.next() < 0.7 ? 1 : 2) * (r.next() < 0.5 ? -1 : 1);
        out.step[i] = out.step[i]! + delta;
        if (r.next() < 0.9) out.accidental[i] = signature[stepLetter(out.step[i]!)]!;
        break;
      }
      case 'accidental': {
        out = sliceSong(song);
        out.accidental[r.int(n)] = r.int(3) - 1;
        break;
      }
      case 'rhythm': {
        const starts = barStarts(song, this.barLength);
        const b = r.int(starts.length - 1);
        const lo = starts[b]!;
        const hi = starts[b + 1]!;
        const i = lo + r.int(hi - lo);
        if (r.next() < 0.5 && song.duration[i]! >= 2 && song.duration[i]! % 2 === 0) {
          // Split a note into two halves; the second may move by a step.
          const half = song.duration[i]! / 2;
          const extra = sliceSong(song, i, i + 1);
          extra.duration[0] = half;
          extra.slide[0] = 0;
          if (r.next() < 0.5) {
            extra.step[0] = extra.step[0]! + (r.next() < 0.5 ? -1 : 1);
            extra.accidental[0] = signature[stepLetter(extra.step[0]!)]!;
          }
          const first = sliceSong(song, i, i + 1);
          first.duration[0] = half;
          out = concatSongs([sliceSong(song, 0, i), first, extra, sliceSong(song, i + 1)]);
        } else if (i + 1 < hi && song.duration[i]! + song.duration[i + 1]! <= 255) {
          // Merge a note with the next one in its bar.
          const merged = sliceSong(song, i, i + 1);
          merged.duration[0] = song.duration[i]! + song.duration[i + 1]!;
          out = concatSongs([sliceSong(song, 0, i), merged, sliceSong(song, i + 2)]);
        } else out = song;
        break;
      }
      case 'slide': {
        out = sliceSong(song);
        const i = 1 + r.int(Math.max(1, n - 1));
        if (i < n) out.slide[i] = out.slide[i] ? 0 : 1;
        break;
      }
      case 'swapNotes': {
        out = sliceSong(song);
        const i = r.int(Math.max(1, n - 1));
        if (i + 1 < n) {
          const s = out.step[i]!;
          const a = out.accidental[i]!;
          out.step[i] = out.step[i + 1]!;
          out.accidental[i] = out.accidental[i + 1]!;
          out.step[i + 1] = s;
          out.accidental[i + 1] = a;
        }
        break;
      }
      case 'shiftBar': {
        out = sliceSong(song);
        const starts = barStarts(song, this.barLength);
        const b = r.int(starts.length - 1);
        const delta = r.next() < 0.5 ? -1 : 1;
        for (let i = starts[b]!; i < starts[b + 1]!; i++) {
          out.step[i] = out.step[i]! + delta;
          out.accidental[i] = signature[stepLetter(out.step[i]!)]!;
        }
        break;
      }
      case 'noteFromSong': {
        // The note at the same place in another song of the population (same bar, same index when it exists).
        const other = this.population[r.int(this.population.length)]!;
        out = sliceSong(song);
        const sa = barStarts(song, this.barLength);
        const so = barStarts(other, this.barLength);
        const b = r.int(sa.length - 1);
        const k = r.int(sa[b + 1]! - sa[b]!);
        if (so[b]! + k < so[b + 1]!) {
          out.step[sa[b]! + k] = other.step[so[b]! + k]!;
          out.accidental[sa[b]! + k] = other.accidental[so[b]! + k]!;
        }
        break;
      }
      case 'phraseFromSong': {
        // A phrase of one or two bars from anywhere in another song of the population.
        const other = this.population[r.int(this.population.length)]!;
        const count = this.bars >= 2 && r.next() < 0.5 ? 2 : 1;
        out = this.replaceBars(song, r.int(this.bars - count + 1), count, other, r.int(this.bars - count + 1));
        break;
      }
    }
    // Keep pitches inside MIDI's range: a step out of it is undone.
    for (let i = 0; i < out.step.length; i++) {
      if (out.step[i]! < 0) out.step[i] = out.step[i]! + 7;
      if (out.step[i]! > 73) out.step[i] = out.step[i]! - 7;
    }
    this.mutationCounts[op]++;
    return out;
  }
}

/** Indices sorted by fitness, best first (ties by index: deterministic). */
function rankOrder(fitness: Float64Array): Int32Array {
  const order = Int32Array.from(fitness, (_, i) => i);
  order.sort((a, b) => fitness[b]! - fitness[a]! || a - b);
  return order;
}

/** Cumulative linear-ranking probabilities (selection pressure 1.5), best rank first. */
function rankWeights(n: number): Float64Array {
  const s = 1.5;
  const cum = new Float64Array(n);
  let acc = 0;
  for (let r = 0; r < n; r++) {
    const rankFromWorst = n - 1 - r;
    acc += (2 - s + (2 * (s - 1) * rankFromWorst) / Math.max(1, n - 1)) / n;
    cum[r] = acc;
  }
  return cum;
}

function pickRank(random: Random, cumulative: Float64Array): number {
  const u = random.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A song's content as a key: two independent 32-bit hashes and the length. */
function songKey(s: Song): string {
  let h1 = 17;
  let h2 = 31;
  for (let i = 0; i < s.step.length; i++) {
    const v = (s.step[i]! + 512) * 1024 + (s.accidental[i]! + 1) * 256 + s.duration[i]! + s.slide[i]! * 131072 * 1024;
    h1 = (Math.imul(h1, 1000003) ^ v) | 0;
    h2 = (Math.imul(h2, 998244353) + v) | 0;
  }
  return `${h1}:${h2}:${s.step.length}`;
}

function countDistinct(songs: readonly Song[]): number {
  const seen = new Set<string>();
  for (const s of songs) seen.add(songKey(s));
  return seen.size;
}
