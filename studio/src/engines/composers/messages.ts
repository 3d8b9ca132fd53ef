/** The composer engine's messages: what the Composers view sends it and what it answers. */
import type { Score } from 'neuromusic/score';

/** Commands to the composer engine. */
export type ComposerCommand =
  /** Breed this many generations of the genetic composer. */
  | { kind: 'evolve'; generations: number }
  /** A fresh genetic run (population seeded again from the corpus) with these settings. */
  | { kind: 'restart'; population: number; bars: number }
  /** Advance the rule composer's backtracking search by this many events (Infinity: to the end). */
  | { kind: 'search-step'; steps: number }
  /** A fresh search. */
  | { kind: 'search-restart' }
  /** Which melody plays: the genetic composer's best so far, or the search's melody (as far as it has got). */
  | { kind: 'listen'; to: 'genetic' | 'rules' };

/** One generation of the curve. */
export interface CurvePoint {
  generation: number;
  best: number;
  mean: number;
}

/** Events from the composer engine. */
export type ComposerEvent =
  | {
      kind: 'genetic';
      generation: number;
      population: number;
      bars: number;
      key: string;
      curve: CurvePoint[];
      /** The best song's terms (null: not counted) and the weights. */
      terms: Record<string, number | null>;
      weights: Record<string, number>;
      best: number;
      bestGeneration: number;
      distinct: number;
    }
  | {
      kind: 'search';
      placed: number;
      length: number;
      nodes: number;
      backtracks: number;
      maxDepth: number;
      /** The last event, in words. */
      last: string;
      outcome: 'running' | 'solution' | 'exhausted' | 'budget';
    }
  /** What plays now. */
  | { kind: 'playing'; to: 'genetic' | 'rules'; score: Score };

/** The composer engine's id in the worker's registry. */
export const COMPOSER_ENGINE = 'composers';
