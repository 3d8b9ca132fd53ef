/**
 * Generation from a Markov model with temperature and constraints. At each step the smoothed distribution over
 * the vocabulary is raised to the power 1/T and renormalised (T < 1 sharpens towards the likeliest continuation,
 * T > 1 flattens towards the smoothing prior), then every token that breaks a constraint gets probability zero:
 * its pitch outside the key's scale (major, or natural plus harmonic minor) or outside the range; its duration
 * crossing a bar line or running past the requested length; a note that ends the melody on anything but the tonic.
 * When no token survives, the step backtracks (up to a budget) and tries the previous note again; if the budget is
 * spent, the melody ends on the tonic nearest the last note, filling the remaining beats, and the run says so.
 */
import type { Melody, Metre } from '../../../analysis/corpus/melody.js';
import { melodyFrom } from '../../../analysis/corpus/melody.js';
import type { Random } from '../../../math/random.js';
import { INTERVAL_ORIGIN, nextDistribution, parseToken, type MarkovModel } from './model.js';

/** Constraints and settings of a generated melody. */
export interface MarkovGenerateOptions {
  /** Bars to fill. */
  bars: number;
  metre: Metre;
  /** Tonic pitch class of the model's (transposed) corpus, usually 0 = C. */
  tonic: number;
  mode: 'major' | 'minor';
  /** Lowest and highest MIDI pitch allowed (default 57–81). */
  range?: [number, number];
  /** Sampling temperature > 0 (default 1). */
  temperature?: number;
  /** Whether the last note must be the tonic (default true). */
  finalTonic?: boolean;
  /** Whether the notes must belong to the key's scale (default true). */
  inKey?: boolean;
  /** Steps the search may undo before giving up on a constrained ending (default 2000). */
  backtrackBudget?: number;
}

/** A generated melody and how it was made. */
export interface MarkovGeneration {
  melody: Melody;
  /** Token ids chosen (−1 where the ending was forced). */
  tokens: number[];
  /** Steps undone because no token met the constraints. */
  backtracks: number;
  /** True when the budget ran out and the last note was set to the tonic by hand. */
  forcedEnding: boolean;
  /** Mean log₂ probability per note of the chosen tokens under the untempered model. */
  bitsPerNote: number;
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10, 11];

/** The pitch classes the key constraint allows (relative to the tonic): major, or natural + harmonic minor. */
export function allowedDegrees(mode: 'major' | 'minor'): readonly number[] {
  return mode === 'major' ? MAJOR : MINOR;
}

/**
 * Generates a melody (see the module comment). Deterministic for a given generator state.
 * @example
 * import { createRandom } from '../../../math/random.js';
 * import { builtInCorpusScores, prepareCorpus } from '../../../analysis/corpus/index.js';
 * import { trainMarkov } from './model.js';
 * const corpus = prepareCorpus(builtInCorpusScores()).melodies.filter((m) => m.mode === 'major');
 * const g = generateMarkov(trainMarkov(corpus, { order: 2 }), createRandom(1), { bars: 8, metre: { numerator: 4, denominator: 4 }, tonic: 0, mode: 'major' });
 * g.melody.pitches.at(-1)! % 12; // → 0
 */
export function generateMarkov(model: MarkovModel, random: Random, options: MarkovGenerateOptions): MarkovGeneration {
  const temperature = options.temperature ?? 1;
  if (!(temperature > 0)) throw new RangeError(`temperature ${temperature}: it must be positive`);
  const [lo, hi] = options.range ?? [57, 81];
  const bar = (options.metre.numerator * 4) / options.metre.denominator;
  const total = options.bars * bar;
  const degrees = new Set(allowedDegrees(options.mode));
  const finalTonic = options.finalTonic ?? true;
  const inKey = options.inKey ?? true;
  const budget = options.backtrackBudget ?? 2000;
  const parsed = model.vocabulary.map(parseToken);
  const pitchOf = (w: number, previous: number | undefined): number => (model.alphabet === 'pitch' ? parsed[w]!.value : (previous ?? INTERVAL_ORIGIN) + parsed[w]!.value);
  const okPitch = (p: number): boolean => p >= lo && p <= hi && (!inKey || degrees.has((((p - options.tonic) % 12) + 12) % 12));

  // The search state: chosen ids, their pitches and onsets, and the tokens already tried at each depth.
  const ids: number[] = [];
  const pitches: number[] = [];
  const onsets: number[] = [];
  const tried: Array<Set<number>> = [new Set()];
  let backtracks = 0;
  let forcedEnding = false;
  const history = (): number[] => ids.slice(Math.max(0, ids.length - model.order));
  while (true) {
    const t = ids.length > 0 ? onsets[onsets.length - 1]! + parsed[ids[ids.length - 1]!]!.duration : 0;
    if (t >= total - 1e-9) break;
    const dist = nextDistribution(model, history());
    const weights = new Float64Array(dist.length);
    let any = false;
    const barEnd = (Math.floor(t / bar + 1e-9) + 1) * bar;
    for (let w = 0; w < dist.length; w++) {
      if (tried[ids.length]!.has(w)) continue;
      const d = parsed[w]!.duration;
      if (t + d > barEnd + 1e-9) continue; // no note across a bar line
      const p = pitchOf(w, pitches[pitches.length - 1]);
      if (!okPitch(p)) continue;
      if (finalTonic && Math.abs(t + d - total) < 1e-9 && (((p - options.tonic) % 12) + 12) % 12 !== 0) continue;
      weights[w] = dist[w]! ** (1 / temperature);
      any = true;
    }
    if (any) {
      const w = random.weightedIndex(weights);
      tried[ids.length]!.add(w);
      ids.push(w);
      pitches.push(pitchOf(w, pitches[pitches.length - 1]));
      onsets.push(t);
      tried.push(new Set());
      continue;
    }
    if (ids.length > 0 && backtracks < budget) {
      backtracks++;
      tried.pop();
      ids.pop();
      pitches.pop();
      onsets.pop();
      continue;
    }
    // Budget spent (or nothing fits from the start): end on the tonic nearest the last note, filling the beats left.
    forcedEnding = true;
    const last = pitches[pitches.length - 1] ?? (lo + hi) / 2;
    let best = -1;
    for (let p = lo; p <= hi; p++) if ((((p - options.tonic) % 12) + 12) % 12 === 0 && (best < 0 || Math.abs(p - last) < Math.abs(best - last))) best = p;
    if (best < 0) throw new RangeError(`the range ${lo}–${hi} holds no tonic: no melody can end on the tonic`);
    pitches.push(best);
    onsets.push(t);
    ids.push(-1);
    break;
  }
  const durations = onsets.map((o, i) => (i + 1 < onsets.length ? onsets[i + 1]! : total) - o);
  // Log-likelihood of what was chosen, under the untempered model.
  let bits = 0;
  ids.forEach((w, i) => {
    if (w < 0) return;
    const h = ids.slice(Math.max(0, i - model.order), i);
    bits += Math.log2(nextDistribution(model, h)[w]!);
  });
  const counted = ids.filter((w) => w >= 0).length;
  return {
    melody: melodyFrom(pitches, durations, { metre: options.metre, source: `markov order ${model.order}` }),
    tokens: ids,
    backtracks,
    forcedEnding,
    bitsPerNote: counted > 0 ? bits / counted : 0,
  };
}
