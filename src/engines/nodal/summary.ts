/**
 * The numbers that sum up a nodal run: how busy it was, whether it fell silent or saturated, its firing intervals.
 * Kept apart from the report so the CLI's --json does not load the plotting libraries.
 */
import { activityPerWindow, firingTimesByNode, medianIntervals } from './analysis.js';
import type { NodalRun } from './compose.js';

/**
 * The q-quantile of sorted values, linearly interpolated.
 * @example
 * quantile([1, 2, 3, 4], 0.5); // → 2.5
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!sorted.length) return NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i]! * (1 - f) + sorted[i + 1]! * f : sorted[i]!;
}

/**
 * Summary numbers of a run (the CLI prints them and writes them with --json): notes, silent 10-s windows, the
 * busiest window as a share of the recovery-limited maximum, the median firing interval over the second half.
 * @example
 * nodalSummary(composeNodal({ params: nodalParams(), seed: 1, seconds: 30 })).silentWindows10s; // → 0
 */
export function nodalSummary(run: NodalRun): Record<string, number> {
  const windows = activityPerWindow(run.firings, run.seconds, 10);
  const n = run.layout.nodes;
  const times = firingTimesByNode(run.firings, n);
  const medians = [...medianIntervals(times, run.seconds / 2)].filter(Number.isFinite).sort((a, b) => a - b);
  const maxRate = (n * 10) / run.params.recoverySeconds;
  return {
    nodes: n,
    speakers: run.params.speakers,
    seconds: run.seconds,
    seed: run.seed,
    notes: run.firings.count,
    notesPerSecond: run.firings.count / run.seconds,
    silentWindows10s: windows.filter((c) => c === 0).length,
    windows10s: windows.length,
    busiestWindowShareOfMaximum: Math.max(...windows) / maxRate,
    quietestWindowNotes: Math.min(...windows),
    medianIntervalSecondsLateHalf: quantile(medians, 0.5),
    silentNodesLateHalf: n - medians.length,
    signalsDelivered: run.counters.signalsDelivered,
    signalsIgnored: run.counters.signalsIgnored,
    restartsAfterHalt: run.counters.restarts,
    triggerThreshold: run.threshold,
  };
}

