/**
 * What every resonance experiment returns: headline figures, the numbers as JSON, and Vega-Lite plots (rendered
 * by the caller: report/plot.ts in Node and in the browser alike).
 */
import type { PlotSpec } from '../../../report/plot.js';

/** One experiment's outcome. */
export interface ExperimentResult {
  experiment: string;
  title: string;
  seed: number;
  /** Headline figures, label → value, for the terminal and the report. */
  figures: Array<{ label: string; value: string }>;
  /** What was found, in sentences, including where it departs from the published claim (docs/design/dynamics.md). */
  findings: string[];
  /** The measured numbers (JSON-serialisable). */
  data: Record<string, unknown>;
  plots: Array<{ spec: PlotSpec; caption: string }>;
  tables?: Array<{ header: string[]; rows: Array<Array<string | number>>; caption: string }>;
}

/** Options every experiment accepts. */
export interface ExperimentOptions {
  seed: number;
  onProgress?: (fraction: number) => void;
}

/** Rounds for JSON and plots (keeps files small and diffs readable). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
