/**
 * Evaluation of the Markov composer: held-out log-likelihood per order (train on some pieces, score others the
 * model never saw) against the order-0 baseline, and the plagiarism check — the longest run of notes (pitch and
 * duration, after transposition to the common tonic) that a generated melody copies verbatim from the corpus.
 */
import type { Melody } from '../../../analysis/corpus/melody.js';
import type { Random } from '../../../math/random.js';
import { logLikelihood, MAX_MARKOV_ORDER, melodyTokens, trainMarkov, type MarkovAlphabet } from './model.js';

/** In-sample and held-out fit of one order. */
export interface OrderEvaluation {
  order: number;
  /** Mean log₂ P per note on the training melodies. */
  trainBits: number;
  /** Mean log₂ P per note on the held-out melodies. */
  heldOutBits: number;
  /** heldOutBits minus the order-0 model's heldOutBits (> 0: better than the baseline). */
  gainOverOrder0: number;
  heldOutPerplexity: number;
  /** Share of held-out notes whose token the training set never had. */
  unseenShare: number;
}

/**
 * Trains orders 0…maxOrder on `train` and scores `test`.
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * const a = melodyFrom([60, 62, 64, 65, 67, 65, 64, 62, 60], [1, 1, 1, 1, 1, 1, 1, 1, 2]);
 * evaluateOrders([a, a], [a], { maxOrder: 2 }).length; // → 3
 */
export function evaluateOrders(train: readonly Melody[], test: readonly Melody[], options: { maxOrder?: number; alphabet?: MarkovAlphabet } = {}): OrderEvaluation[] {
  const maxOrder = options.maxOrder ?? MAX_MARKOV_ORDER;
  if (train.length === 0 || test.length === 0) throw new RangeError('held-out evaluation needs at least one training and one held-out melody');
  const rows: OrderEvaluation[] = [];
  for (let order = 0; order <= maxOrder; order++) {
    const model = trainMarkov(train, { order, ...(options.alphabet ? { alphabet: options.alphabet } : {}) });
    const inSample = logLikelihood(model, train);
    const heldOut = logLikelihood(model, test);
    rows.push({
      order,
      trainBits: inSample.bitsPerNote,
      heldOutBits: heldOut.bitsPerNote,
      gainOverOrder0: heldOut.bitsPerNote - (rows[0]?.heldOutBits ?? heldOut.bitsPerNote),
      heldOutPerplexity: heldOut.perplexity,
      unseenShare: heldOut.notes > 0 ? heldOut.unseen / heldOut.notes : 0,
    });
  }
  return rows;
}

/**
 * Splits melodies by piece into a training and a held-out set: a seeded shuffle, then `heldOutShare` of the pieces
 * (at least one) held out.
 */
export function splitByPiece<M>(melodies: readonly M[], random: Random, heldOutShare = 0.25): { train: M[]; test: M[] } {
  if (melodies.length < 2) throw new RangeError(`a held-out split needs at least 2 pieces, not ${melodies.length}`);
  const order = melodies.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTest = Math.min(melodies.length - 1, Math.max(1, Math.round(melodies.length * heldOutShare)));
  return { test: order.slice(0, nTest).map((i) => melodies[i]!), train: order.slice(nTest).map((i) => melodies[i]!) };
}

/** The longest verbatim copy found. */
export interface Plagiarism {
  /** Notes in the longest run shared with one corpus melody (pitch and duration equal). */
  notes: number;
  /** Where that run starts in the generated melody. */
  at: number;
  /** The corpus melody it was copied from, and where in it. */
  source?: string;
  sourceAt?: number;
}

/**
 * The longest run of consecutive notes of `melody` that appears verbatim in one of `corpus` (dynamic programming
 * for the longest common substring, O(n·m) per corpus melody).
 * @example
 * import { melodyFrom } from '../../../analysis/corpus/melody.js';
 * longestCopiedRun(melodyFrom([60, 62, 64, 67], [1, 1, 1, 1]), [melodyFrom([59, 60, 62, 64, 65], [1, 1, 1, 1, 1], { source: 'x' })]).notes; // → 3
 */
export function longestCopiedRun(melody: Pick<Melody, 'pitches' | 'durations'>, corpus: readonly Melody[]): Plagiarism {
  const a = melodyTokens(melody, 'pitch');
  let best: Plagiarism = { notes: 0, at: 0 };
  let prev = new Int32Array(0);
  for (const m of corpus) {
    const b = melodyTokens(m, 'pitch');
    prev = new Int32Array(b.length + 1);
    for (let i = 1; i <= a.length; i++) {
      const row = new Int32Array(b.length + 1);
      for (let j = 1; j <= b.length; j++) {
        if (a[i - 1] === b[j - 1]) {
          row[j] = prev[j - 1]! + 1;
          if (row[j]! > best.notes) best = { notes: row[j]!, at: i - row[j]!, source: m.source, sourceAt: j - row[j]! };
        }
      }
      prev = row;
    }
  }
  return best;
}
