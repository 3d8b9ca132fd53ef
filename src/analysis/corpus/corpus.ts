/**
 * A corpus for the composers: each score's melody extracted, its key found (Krumhansl–Schmuckler on the whole
 * score, duration-weighted), its metre taken from the file or estimated, and the melody transposed to a common
 * tonic (C by default, major and minor alike) by the smallest shift (−6 … +5 semitones), so that statistics and
 * models speak in scale degrees.
 */
import type { Score } from '../../score/types.js';
import { findKey, type FoundKey, type KeyProfileName } from './key.js';
import { extractMelody, transposeMelody, type Melody } from './melody.js';
import { estimateMetre } from './metre.js';
import { corpusStatistics, type CorpusStatistics } from './statistics.js';

/** A melody of a corpus, transposed to the common tonic. */
export interface CorpusMelody extends Melody {
  /** The key found in the source score (before transposition). */
  key: FoundKey;
  /** The key the file states, when it states one. */
  statedKey?: string;
  /** major or minor, from the key found. */
  mode: 'major' | 'minor';
  /** Semitones added to the source's pitches to reach the common tonic. */
  transposition: number;
  /** Whether the metre came from the file's time signature or from {@link estimateMetre}. */
  metreSource: 'file' | 'estimated';
}

/** A prepared corpus. */
export interface Corpus {
  melodies: CorpusMelody[];
  /** The common tonic (pitch class) every melody was transposed to. */
  tonic: number;
  statistics: CorpusStatistics;
}

/** Options of {@link prepareCorpus}. */
export interface PrepareCorpusOptions {
  /** Pitch class every melody is transposed to (default 0 = C). */
  tonic?: number;
  /** Key profiles for key finding (default Krumhansl–Kessler). */
  profiles?: KeyProfileName;
}

/** The smallest shift (−6 … +5) taking pitch class `from` to `to`. */
export function shiftBetween(from: number, to: number): number {
  const d = (((to - from) % 12) + 12) % 12;
  return d > 5 ? d - 12 : d;
}

/**
 * One score as a corpus melody: extraction, key, metre, transposition.
 * @example
 * import { builtInCorpusScores } from 'neuromusic/analysis';
 * corpusMelody(builtInCorpusScores()[0]!).key.name; // → 'D major'
 */
export function corpusMelody(score: Score, options: PrepareCorpusOptions = {}): CorpusMelody {
  const melody = extractMelody(score);
  const key = findKey(
    score.notes.map((n) => n.pitch),
    score.notes.map((n) => n.duration),
    options.profiles ?? 'krumhansl',
  );
  const hasMetre = score.timeSignatures.length > 0;
  let { metre, anacrusis } = melody;
  if (!hasMetre) ({ metre, anacrusis } = estimateMetre(melody));
  const transposition = shiftBetween(key.tonic, options.tonic ?? 0);
  return {
    ...transposeMelody(melody, transposition),
    metre,
    anacrusis,
    key,
    ...(score.meta.key !== undefined ? { statedKey: score.meta.key } : {}),
    mode: key.mode,
    transposition,
    metreSource: hasMetre ? 'file' : 'estimated',
  };
}

/**
 * Prepares a corpus from scores (see the module comment). Throws a RangeError naming a score without notes.
 * @example
 * import { builtInCorpusScores } from 'neuromusic/analysis';
 * const corpus = prepareCorpus(builtInCorpusScores());
 * corpus.melodies.length > 10; // → true
 */
export function prepareCorpus(scores: readonly Score[], options: PrepareCorpusOptions = {}): Corpus {
  if (scores.length === 0) throw new RangeError('the corpus is empty: give at least one piece');
  const melodies = scores.map((s) => {
    try {
      return corpusMelody(s, options);
    } catch (e) {
      throw new RangeError(`${s.meta.source ?? 'a score'}: ${(e as Error).message}`);
    }
  });
  return { melodies, tonic: options.tonic ?? 0, statistics: corpusStatistics(melodies, melodies.map(() => options.tonic ?? 0)) };
}
