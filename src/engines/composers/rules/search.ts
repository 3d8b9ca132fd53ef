/**
 * Recursive backtracking over random candidate orders — the seed's "testing the existing sequence of notes against
 * the rules for a good melody", candidates drawn at random. Written with an explicit stack instead of the call
 * stack so that a user (or the studio) can step it one event at a time; the order of events is exactly that of the
 * recursive formulation:
 *
 *   place(i): for each candidate c of note i in a random order: if the rules hold for notes 0…i with c, place(i+1);
 *             if every candidate fails, undo note i−1 (a backtrack).
 *
 * Dead ends are remembered: when every candidate at depth i fails, the state of the prefix (what the remaining rules
 * can still see of it: the last notes, the running extremes, counters) is stored, and a later prefix in the same
 * state is skipped without search. The search is therefore exhaustive in bounded time: when it ends without a
 * solution, no sequence of candidates satisfies the rules. A node budget bounds it further.
 */
import type { Random } from '../../../math/random.js';
import type { RuleViolation } from './melody-rules.js';

/** A search problem: fill `length` positions with values from each position's candidates. */
export interface SearchProblem {
  length: number;
  /** The values position i may take given the prefix, with a weight each (the random order favours heavy ones). */
  candidates(i: number, prefix: readonly number[]): Array<{ value: number; weight: number }>;
  /** Rules broken at position i (prefix holds positions 0…i). */
  check(prefix: readonly number[], i: number): RuleViolation[];
  /** Rules of the whole sequence, checked when it is complete. */
  final(sequence: readonly number[]): RuleViolation[];
  /** Everything about a prefix that later checks depend on (dead-end memo); omit to switch the memo off. */
  stateKey?(prefix: readonly number[]): string;
}

/** One event of the search, for stepping and for the studio's view. */
export type SearchEvent =
  | { kind: 'place'; depth: number; value: number }
  | { kind: 'reject'; depth: number; value: number; violations: RuleViolation[] }
  | { kind: 'dead-state'; depth: number; value: number }
  | { kind: 'backtrack'; depth: number }
  | { kind: 'solution'; sequence: number[] }
  | { kind: 'exhausted' }
  | { kind: 'budget'; nodes: number };

/** Counters of a search. */
export interface SearchStatistics {
  /** Candidate values tested against the rules (nodes of the search tree). */
  nodes: number;
  /** Times a position ran out of candidates and the search undid the one before. */
  backtracks: number;
  /** Candidates skipped because their prefix state was a known dead end. */
  memoHits: number;
  /** Deepest position reached (1-based count of placed values). */
  maxDepth: number;
  /** Rejections by rule id. */
  rejectionsByRule: Record<string, number>;
  /** Milliseconds spent. */
  milliseconds: number;
}

/** What a finished search produced. */
export interface SearchResult {
  /** The sequence found, or undefined. */
  sequence?: number[];
  /** 'solution', 'exhausted' (proved impossible) or 'budget' (stopped). */
  outcome: 'solution' | 'exhausted' | 'budget';
  statistics: SearchStatistics;
}

/** Orders candidates at random, heavier first in expectation (Efraimidis & Spirakis 2006: key u^(1/w)). */
function randomOrder(items: Array<{ value: number; weight: number }>, random: Random): number[] {
  return items
    .filter((c) => c.weight > 0)
    .map((c) => ({ value: c.value, key: Math.log(Math.max(1e-300, random.next())) / c.weight }))
    .sort((a, b) => b.key - a.key)
    .map((c) => c.value);
}

/**
 * A steppable backtracking search.
 * @example
 * import { createRandom } from '../../../math/random.js';
 * // Three notes from {60, 62, 64}, all different, rising.
 * const search = new BacktrackingSearch({
 *   length: 3,
 *   candidates: () => [60, 62, 64].map((value) => ({ value, weight: 1 })),
 *   check: (p, i) => (i > 0 && p[i]! <= p[i - 1]! ? [{ rule: 'rising', index: i, message: 'not rising' }] : []),
 *   final: () => [],
 * }, createRandom(1));
 * search.run().sequence; // → [60, 62, 64]
 */
export class BacktrackingSearch {
  readonly statistics: SearchStatistics = { nodes: 0, backtracks: 0, memoHits: 0, maxDepth: 0, rejectionsByRule: {}, milliseconds: 0 };
  private readonly prefix: number[] = [];
  private readonly orders: number[][] = [];
  private readonly dead = new Set<string>();
  private done: SearchResult | undefined;

  constructor(
    private readonly problem: SearchProblem,
    private readonly random: Random,
    private readonly options: { maxNodes?: number } = {},
  ) {
    if (!(problem.length > 0)) throw new RangeError(`a search of length ${problem.length}: nothing to place`);
    this.orders.push(randomOrder(problem.candidates(0, []), random));
  }

  /** The values placed so far. */
  get current(): readonly number[] {
    return this.prefix;
  }

  /** The result once the search has ended. */
  get result(): SearchResult | undefined {
    return this.done;
  }

  /** Advances the search by one event. After the end it repeats the final event. */
  step(): SearchEvent {
    if (this.done) return this.done.outcome === 'solution' ? { kind: 'solution', sequence: [...this.done.sequence!] } : this.done.outcome === 'budget' ? { kind: 'budget', nodes: this.statistics.nodes } : { kind: 'exhausted' };
    const t0 = performance.now();
    try {
      return this.advance();
    } finally {
      this.statistics.milliseconds += performance.now() - t0;
    }
  }

  private advance(): SearchEvent {
    const depth = this.prefix.length;
    const order = this.orders[depth]!;
    if (order.length === 0) {
      // Every candidate failed here: the prefix's state is a dead end; undo the previous value.
      if (depth === 0) {
        this.done = { outcome: 'exhausted', statistics: this.statistics };
        return { kind: 'exhausted' };
      }
      const key = this.problem.stateKey?.(this.prefix);
      if (key !== undefined) this.dead.add(key);
      this.orders.pop();
      this.prefix.pop();
      this.statistics.backtracks++;
      return { kind: 'backtrack', depth: depth - 1 };
    }
    if (this.options.maxNodes !== undefined && this.statistics.nodes >= this.options.maxNodes) {
      this.done = { outcome: 'budget', statistics: this.statistics };
      return { kind: 'budget', nodes: this.statistics.nodes };
    }
    const value = order.shift()!;
    this.statistics.nodes++;
    this.prefix.push(value);
    let violations = this.problem.check(this.prefix, depth);
    if (violations.length === 0 && depth + 1 === this.problem.length) violations = this.problem.final(this.prefix);
    if (violations.length > 0) {
      this.prefix.pop();
      for (const v of violations) this.statistics.rejectionsByRule[v.rule] = (this.statistics.rejectionsByRule[v.rule] ?? 0) + 1;
      return { kind: 'reject', depth, value, violations };
    }
    if (depth + 1 === this.problem.length) {
      this.statistics.maxDepth = this.problem.length;
      this.done = { outcome: 'solution', sequence: [...this.prefix], statistics: this.statistics };
      return { kind: 'solution', sequence: [...this.prefix] };
    }
    const key = this.problem.stateKey?.(this.prefix);
    if (key !== undefined && this.dead.has(key)) {
      this.prefix.pop();
      this.statistics.memoHits++;
      return { kind: 'dead-state', depth, value };
    }
    this.statistics.maxDepth = Math.max(this.statistics.maxDepth, depth + 1);
    this.orders.push(randomOrder(this.problem.candidates(depth + 1, this.prefix), this.random));
    return { kind: 'place', depth, value };
  }

  /** Runs to the end. */
  run(): SearchResult {
    while (!this.done) this.step();
    return this.done;
  }
}
