/**
 * The figures of a dance as plain data, for the CLI's text and JSON, the report and the tests.
 */
import { matrixToRows } from '../../../math/flat-matrix.js';
import { bodyFigures } from './dance-body.js';
import type { DanceBehaviour } from './body-wave.js';
import type { Dance } from './dance.js';

/** Pose distinctness: pairwise correlations off the diagonal. */
export interface PoseFigures {
  /** Share of the pairs of poses whose |r| is below 0.9. */
  shareBelow09: number;
  maxAbsCorrelation: number;
  medianAbsCorrelation: number;
  minCorrelation: number;
  /** K × K. */
  correlations: number[][];
}

/**
 * A permutation p-value as text: "< 1/N" when no rotation reached the real alignment (the smallest p the test can
 * give), else two significant digits.
 * @example
 * formatPValue(1 / 10682, 10681); // → '< 0.000094'
 */
export function formatPValue(p: number, rotations: number): string {
  return p <= 1 / (rotations + 1) + 1e-15 ? `< ${(1 / rotations).toPrecision(2)}` : p.toPrecision(2);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The dance's figures.
 * @example
 * danceSummary(danceToPiece(score)).poses.maxAbsCorrelation; // < 1: the poses differ
 */
export function danceSummary(d: Dance) {
  const a = d.analysis;
  const K = d.poseCorrelations.rows;
  const off: number[] = [];
  let min = 1;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const r = d.poseCorrelations.data[i * K + j]!;
      off.push(Math.abs(r));
      min = Math.min(min, r);
    }
  }
  const poses: PoseFigures = {
    shareBelow09: off.length ? off.filter((r) => r < 0.9).length / off.length : NaN,
    maxAbsCorrelation: off.length ? Math.max(...off) : NaN,
    medianAbsCorrelation: median(off),
    minCorrelation: off.length ? min : NaN,
    correlations: matrixToRows(d.poseCorrelations),
  };
  const modes = d.modeExcitability.entries.map((e) => ({ mode: e.pattern, excitability: e.excitability, r: e.r, wormComponent: e.component, pValue: e.pValue, rank: e.rank, chord: a.patterns[e.pattern]!.chord.map((t) => t.pitch) }));
  const patterns = d.patternExcitability.entries.map((e) => ({ pattern: e.pattern, excitability: e.excitability, r: e.r, wormComponent: e.component, pValue: e.pValue, rank: e.rank, share: a.clusters[e.pattern]!.share, chord: a.clusters[e.pattern]!.chord.map((t) => t.pitch) }));
  const best = d.modeExcitability.entries.reduce((x, y) => (y.excitability > x.excitability ? y : x));
  const body = d.bodyFigures ?? (d.body ? bodyFigures(d.body) : undefined);
  return {
    frames: d.frames,
    seconds: d.frames * d.frameSeconds,
    medium: d.options.medium,
    k: a.k,
    Kstar: a.Kstar,
    wormComponents: d.zWorm.cols,
    wormVarianceShare: Array.from(d.zVarianceRatio),
    permutationTest: { method: 'circular shifts (every rotation from minShift to T − minShift frames)', minShiftFrames: d.modeExcitability.minShift, rotations: d.modeExcitability.shifts },
    modes,
    patterns,
    mostExcitableMode: { index: best.pattern, excitability: best.excitability, pValue: best.pValue },
    map: { rows: d.map.W.rows, cols: d.map.W.cols, tikhonov: d.map.tikhonov, rank: d.map.rank, conditionNumber: d.map.conditionNumber, rSquared: d.map.rSquared },
    poses,
    undulationHz: d.wave.undulationHz,
    behaviour: d.behaviourShares as Record<DanceBehaviour, number>,
    ...(body ? { body } : {}),
  };
}
