/** The options of `neuromusic surrogate train|eval|ablation`, shared by the registration and the run. */

/** The loss variants (the ablation's rows). */
export const LOSS_VARIANTS = ['full', 'no-plv', 'no-freq', 'mse-only'] as const;
export type LossVariant = (typeof LOSS_VARIANTS)[number];

/** What --minutes counts: wall-clock time, or the process's own CPU time (what a minute on an idle core buys). */
export const BUDGET_CLOCKS = ['wall', 'cpu'] as const;
export type BudgetClock = (typeof BUDGET_CLOCKS)[number];

/** Options of `surrogate train`. */
export interface SurrogateTrainOptions {
  minutes: number;
  clock: BudgetClock;
  seed: number;
  out: string;
  report?: string;
  loss: LossVariant;
  maxSteps?: number;
  songs: number;
  batch: number;
  /** Heads of the causal self-attention layer after the convolutions (0: none). */
  attention: number;
  /** Frames that attention sees. */
  attentionWindow: number;
  fresh?: boolean;
  json?: string | boolean;
  quiet?: boolean;
}

/** Options of `surrogate eval`. */
export interface SurrogateEvalOptions {
  songs: number;
  report?: string;
  json?: string | boolean;
}

/** Options of `surrogate ablation`. */
export interface SurrogateAblationOptions {
  minutes: number;
  clock: BudgetClock;
  seeds: number;
  variants: string;
  parallel: number;
  out: string;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}
