/**
 * A variable-order Markov model of melody (Pinkerton 1956; Brooks, Hopkins, Neumann & Wright 1957): each note is a
 * token joining its pitch (or its interval from the previous note) and its duration; the model predicts the next
 * token from the previous `order` tokens (0–4). Counts are smoothed by interpolated Witten–Bell backoff (Witten &
 * Bell 1991; Chen & Goodman 1999, eq. 16):
 *
 *   P(w | h) = (c(h, w) + N₁₊(h•) · P(w | h′)) / (c(h) + N₁₊(h•))
 *
 * where h′ is h without its oldest token, c(h) the count of context h, N₁₊(h•) the number of distinct tokens seen
 * after h, and the recursion ends in a uniform distribution over the vocabulary plus one unseen token, so that a
 * held-out note never has probability zero. Melodies start from a begin-of-melody context.
 */
import type { Melody } from '../../../analysis/corpus/melody.js';

/** What a token holds besides the duration. */
export type MarkovAlphabet = 'pitch' | 'interval';

/** Highest order the model supports. */
export const MAX_MARKOV_ORDER = 4;

/** The pitch an interval token's first note is measured from (C4). */
export const INTERVAL_ORIGIN = 60;

/** A trained model. */
export interface MarkovModel {
  order: number;
  alphabet: MarkovAlphabet;
  /** Token strings "value:duration"; index = token id. */
  vocabulary: string[];
  /** c(h, w): pair key (context key × (vocabulary + 1) + token id) → count; see {@link pairCount}. */
  pairs: Map<number, number>;
  /** c(h): context key ({@link contextKeyOf}) → total count. */
  totals: Map<number, number>;
  /** N₁₊(h•): context key → number of distinct tokens seen after it. */
  types: Map<number, number>;
  /** Melodies and notes seen. */
  melodies: number;
  notes: number;
}

const BOS = -1;

/**
 * The numeric key of a context: its token ids (BOS = −1, unseen = −2) in base vocabulary + 2, behind a leading 1 so
 * that contexts of different lengths never share a key (exact below 2^53: at most 4 tokens of a vocabulary < 8,000).
 */
export function contextKeyOf(tokens: readonly number[], from: number, to: number, base: number): number {
  // base^k + Σ_j digit(to − j)·base^(j−1), j = 1…k: the nearest token is the lowest digit, so the key of k + 1
  // tokens extends the key of k without recomputing it (see trainMarkov).
  let key = 1;
  let place = 1;
  for (let i = to - 1; i >= from; i--) {
    key += (tokens[i]! + 2) * place + (base - 1) * place;
    place *= base;
  }
  return key;
}

/** The token strings of a melody ("pitch:duration" or "interval:duration"). */
export function melodyTokens(melody: Pick<Melody, 'pitches' | 'durations'>, alphabet: MarkovAlphabet): string[] {
  return melody.pitches.map((p, i) => {
    const value = alphabet === 'pitch' ? p : p - (i > 0 ? melody.pitches[i - 1]! : INTERVAL_ORIGIN);
    return `${value}:${+melody.durations[i]!.toFixed(4)}`;
  });
}

/** Splits a token string into its value (pitch or interval) and duration. */
export function parseToken(token: string): { value: number; duration: number } {
  const [v, d] = token.split(':');
  return { value: Number(v), duration: Number(d) };
}

/**
 * Trains a model of the given order on melodies (already transposed to a common tonic).
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * const m = trainMarkov([melodyFrom([60, 62, 64, 62, 60], [1, 1, 1, 1, 2])], { order: 1 });
 * m.vocabulary.length; // → 4
 */
export function trainMarkov(melodies: readonly Pick<Melody, 'pitches' | 'durations'>[], options: { order: number; alphabet?: MarkovAlphabet }): MarkovModel {
  const { order } = options;
  if (!Number.isInteger(order) || order < 0 || order > MAX_MARKOV_ORDER) throw new RangeError(`order ${order}: the Markov model takes orders 0–${MAX_MARKOV_ORDER}`);
  const alphabet = options.alphabet ?? 'pitch';
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  const pairs = new Map<number, number>();
  const totals = new Map<number, number>();
  const types = new Map<number, number>();
  // Token ids are assigned first, so the key base (vocabulary + 2) is known before counting.
  const sequences: number[][] = [];
  let notes = 0;
  // Tokens are looked up by a numeric code first (value, duration in 1/10,000 beats), named only when new.
  const byCode = new Map<number, number>();
  for (const m of melodies) {
    const seq = new Array<number>(m.pitches.length);
    for (let i = 0; i < seq.length; i++) {
      const value = alphabet === 'pitch' ? m.pitches[i]! : m.pitches[i]! - (i > 0 ? m.pitches[i - 1]! : INTERVAL_ORIGIN);
      const code = (value + 256) * 1e7 + Math.round(m.durations[i]! * 1e4);
      let id = byCode.get(code);
      if (id === undefined) {
        const t = `${value}:${+m.durations[i]!.toFixed(4)}`;
        id = ids.get(t);
        if (id === undefined) {
          id = vocabulary.length;
          ids.set(t, id);
          vocabulary.push(t);
        }
        byCode.set(code, id);
      }
      seq[i] = id;
    }
    sequences.push(seq);
  }
  const base = vocabulary.length + 2;
  if (2 * base ** (order + 1) >= 2 ** 52) throw new RangeError(`a vocabulary of ${vocabulary.length} tokens is too large for order ${order}`);
  for (const seq of sequences) {
    notes += seq.length;
    const padded = [...new Array<number>(order).fill(BOS), ...seq];
    for (let i = order; i < padded.length; i++) {
      const w = padded[i]!;
      // The key of the k tokens before i, extended one token at a time (as contextKeyOf builds it).
      let key = 1;
      let place = 1;
      for (let k = 0; k <= order; k++) {
        if (k > 0) {
          key += (padded[i - k]! + 2) * place + (base - 1) * place;
          place *= base;
        }
        const pair = key * (base - 1) + w;
        const seen = pairs.get(pair);
        pairs.set(pair, (seen ?? 0) + 1);
        totals.set(key, (totals.get(key) ?? 0) + 1);
        if (seen === undefined) types.set(key, (types.get(key) ?? 0) + 1);
      }
    }
  }
  return { order, alphabet, vocabulary, pairs, totals, types, melodies: melodies.length, notes };
}


/** c(h, w): how often token `w` followed the context of `history`'s last `k` tokens in training. */
export function pairCount(model: MarkovModel, history: readonly number[], k: number, w: number): number {
  const base = model.vocabulary.length + 2;
  const key = contextKeyOf(history, history.length - k, history.length, base);
  return model.pairs.get(key * (base - 1) + w) ?? 0;
}

/**
 * The smoothed probability of token id `w` (or −1 for an unseen token) after `history` (ids, BOS = −1 allowed;
 * only the last `order` matter).
 */
export function tokenProbability(model: MarkovModel, history: readonly number[], w: number): number {
  const padded = history.length >= model.order ? history : [...new Array<number>(model.order - history.length).fill(BOS), ...history];
  let p = 1 / (model.vocabulary.length + 1);
  const base = model.vocabulary.length + 2;
  for (let k = 0; k <= model.order; k++) {
    const key = contextKeyOf(padded, padded.length - k, padded.length, base);
    const total = model.totals.get(key);
    if (total === undefined) continue; // unseen context: keep the lower-order estimate
    const c = w >= 0 ? (model.pairs.get(key * (base - 1) + w) ?? 0) : 0;
    const types = model.types.get(key)!;
    p = (c + types * p) / (total + types);
  }
  return p;
}

/** The smoothed distribution over the whole vocabulary after `history` (sums to 1 minus the unseen token's share). */
export function nextDistribution(model: MarkovModel, history: readonly number[]): Float64Array {
  const out = new Float64Array(model.vocabulary.length);
  for (let w = 0; w < out.length; w++) out[w] = tokenProbability(model, history, w);
  return out;
}

/** Mean log-likelihood per note and its parts. */
export interface LogLikelihood {
  /** Mean log₂ P per note (bits, ≤ 0; higher is better). */
  bitsPerNote: number;
  /** 2^(−bitsPerNote): the model's perplexity. */
  perplexity: number;
  notes: number;
  /** Notes whose token the model never saw. */
  unseen: number;
}

/**
 * Mean log₂-likelihood per note of melodies under a model.
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * const tune = melodyFrom([60, 62, 64, 62, 60], [1, 1, 1, 1, 2]);
 * logLikelihood(trainMarkov([tune], { order: 2 }), [tune]).bitsPerNote > logLikelihood(trainMarkov([tune], { order: 0 }), [tune]).bitsPerNote; // → true
 */
export function logLikelihood(model: MarkovModel, melodies: readonly Pick<Melody, 'pitches' | 'durations'>[]): LogLikelihood {
  const ids = new Map(model.vocabulary.map((t, i) => [t, i]));
  let sum = 0;
  let notes = 0;
  let unseen = 0;
  for (const m of melodies) {
    const history: number[] = new Array<number>(model.order).fill(BOS);
    for (const t of melodyTokens(m, model.alphabet)) {
      const w = ids.get(t) ?? -1;
      if (w < 0) unseen++;
      sum += Math.log2(tokenProbability(model, history, w));
      notes++;
      history.push(w < 0 ? -2 : w); // an unseen token makes an unseen context
      if (history.length > model.order) history.shift();
    }
  }
  const bitsPerNote = notes > 0 ? sum / notes : 0;
  return { bitsPerNote, perplexity: 2 ** -bitsPerNote, notes, unseen };
}
