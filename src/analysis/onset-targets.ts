/**
 * What a learner is asked to hit: the piece's onset times, and frame-level versions of them on a fixed hop
 * (20 ms by default, the piano-roll frame of docs/design/analysis.md).
 */
import type { Score } from '../score/types.js';

/** The default frame hop: 20 ms. */
export const FRAME_HOP_SECONDS = 0.02;

/** Onsets closer than this are one onset (a chord). 1 ms: MIDI tick rounding, never two played notes. */
export const CHORD_TOLERANCE_SECONDS = 0.001;

/**
 * A regular frame grid: frame i stands for the instant `startSeconds + i · hopSeconds`.
 */
export interface FrameGrid {
  count: number;
  hopSeconds: number;
  startSeconds: number;
}

/**
 * The grid covering [startSeconds, endSeconds) at the given hop.
 * @example
 * frameGrid(0, 1).count; // 50 frames of 20 ms
 */
export function frameGrid(startSeconds: number, endSeconds: number, hopSeconds = FRAME_HOP_SECONDS): FrameGrid {
  if (!(hopSeconds > 0) || !Number.isFinite(hopSeconds)) throw new RangeError(`hopSeconds must be > 0, got ${hopSeconds}`);
  if (!(endSeconds > startSeconds)) throw new RangeError(`frame grid needs end > start (got ${startSeconds}..${endSeconds})`);
  return { count: Math.ceil((endSeconds - startSeconds) / hopSeconds - 1e-9), hopSeconds, startSeconds };
}

/** The time of every frame of a grid. */
export function frameTimes(grid: FrameGrid): Float64Array {
  const out = new Float64Array(grid.count);
  for (let i = 0; i < grid.count; i++) out[i] = grid.startSeconds + i * grid.hopSeconds;
  return out;
}

/**
 * Merges sorted-or-not onset times into distinct onsets: times within `chordToleranceSeconds` of the previous
 * kept onset are the same onset (a chord counts once). Returns a sorted Float64Array.
 * @example
 * distinctOnsets([0, 0.0004, 0.5]); // Float64Array [0, 0.5]
 */
export function distinctOnsets(times: ArrayLike<number>, chordToleranceSeconds = CHORD_TOLERANCE_SECONDS): Float64Array {
  const sorted = Float64Array.from(times).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`onset ${i} is not a finite time (${t})`);
    if (out.length === 0 || t - out[out.length - 1]! > chordToleranceSeconds) out.push(t);
  }
  return Float64Array.from(out);
}

/**
 * The target onsets of a score: the distinct note-onset times, a chord counting once (notes starting within
 * `chordToleranceSeconds`, 1 ms by default). Optionally limited to [fromSeconds, toSeconds).
 * @example
 * const n = (onset: number, pitch: number) => ({ onset, duration: 1, pitch, velocity: 0.8, voice: 0 });
 * targetOnsets(createScore([n(0, 60), n(0, 64), n(0, 67), n(1, 72)])); // Float64Array [0, 1]: the chord counts once
 */
export function targetOnsets(
  score: Pick<Score, 'notes'>,
  options: { chordToleranceSeconds?: number; fromSeconds?: number; toSeconds?: number } = {},
): Float64Array {
  const from = options.fromSeconds ?? -Infinity;
  const to = options.toSeconds ?? Infinity;
  const times = score.notes.map((n) => n.onset).filter((t) => t >= from && t < to);
  return distinctOnsets(times, options.chordToleranceSeconds ?? CHORD_TOLERANCE_SECONDS);
}

/** Onsets inside [fromSeconds, toSeconds). */
export function onsetsBetween(onsets: ArrayLike<number>, fromSeconds: number, toSeconds: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < onsets.length; i++) {
    const t = onsets[i]!;
    if (t >= fromSeconds && t < toSeconds) out.push(t);
  }
  return Float64Array.from(out);
}

/**
 * Binary frame labels: 1 on the frame nearest to each onset (so a predicted onset placed on that frame's time is
 * at most half a hop off), 0 elsewhere. Onsets outside the grid are ignored.
 * @example
 * onsetLabels([0.045], { count: 5, hopSeconds: 0.02, startSeconds: 0 }); // → [0, 0, 1, 0, 0] — 0.045 s is nearest 0.04 s
 */
export function onsetLabels(onsets: ArrayLike<number>, grid: FrameGrid): Float64Array {
  const out = new Float64Array(grid.count);
  for (let i = 0; i < onsets.length; i++) {
    const f = Math.round((onsets[i]! - grid.startSeconds) / grid.hopSeconds);
    if (f >= 0 && f < grid.count) out[f] = 1;
  }
  return out;
}

/**
 * A smooth onset target: a Gaussian bump of standard deviation `widthSeconds` at each onset (overlapping bumps
 * take the maximum, so every onset peaks at 1). Regression learners fit this more easily than binary labels.
 * @example
 * const env = onsetEnvelope([1], frameGrid(0, 2), 0.02); // peaks at frame 50 with value 1
 */
export function onsetEnvelope(onsets: ArrayLike<number>, grid: FrameGrid, widthSeconds = FRAME_HOP_SECONDS): Float64Array {
  if (!(widthSeconds > 0)) throw new RangeError(`widthSeconds must be > 0, got ${widthSeconds}`);
  const out = new Float64Array(grid.count);
  const reach = Math.ceil((4 * widthSeconds) / grid.hopSeconds);
  for (let i = 0; i < onsets.length; i++) {
    const t = onsets[i]!;
    const centre = Math.round((t - grid.startSeconds) / grid.hopSeconds);
    for (let f = Math.max(0, centre - reach); f <= Math.min(grid.count - 1, centre + reach); f++) {
      const d = (grid.startSeconds + f * grid.hopSeconds - t) / widthSeconds;
      const g = Math.exp(-0.5 * d * d);
      if (g > out[f]!) out[f] = g;
    }
  }
  return out;
}
