/**
 * Inputs of a physics-informed net together with their derivatives with respect to the independent variables
 * (time t, and body position x for the PDE). The net is q(u(t, x)); its time derivatives follow by the chain rule
 * from ∂u/∂t and ∂²u/∂t², which are known exactly for a clock or Fourier features of t, and by central differences
 * for sampled signals such as the worm's features. This avoids a confusion in PyANNOW's step 8
 * (docs/design/learning.md): x and t are separate inputs with separate tangents, never one column standing for both.
 */
import type { FeatureMatrix, NumericMatrix } from './feature-matrix.js';
import { sampledDerivatives } from './time-features.js';

/** Values u and, per independent variable, ∂u/∂s and ∂²u/∂s² (same shape as u). */
export interface DifferentiableInputs {
  values: NumericMatrix;
  tangents: Record<string, { first: NumericMatrix; second: NumericMatrix }>;
}

/** A group of input columns that depend on time only. */
export type TimeBlock =
  /** 2(t − start)/span − 1: a clock running over [−1, 1] across the span. */
  | { kind: 'clock'; startSeconds: number; spanSeconds: number }
  /** [φ, cos 2πkφ, sin 2πkφ …], φ = (t − start)/span: the Fourier time features, derivatives exact. */
  | { kind: 'fourier'; startSeconds?: number; spanSeconds: number; harmonics?: number }
  /** Signals sampled on the frame grid (frames × columns), e.g. worm PCs; derivatives by central differences. */
  | { kind: 'sampled'; values: NumericMatrix; hopSeconds: number; names?: string[] };

interface PreparedBlock {
  names: string[];
  /** Values and two time derivatives at frame f, time t, written into the three rows at `offset`. */
  write(f: number, t: number, v: Float64Array, d1: Float64Array, d2: Float64Array, offset: number): void;
}

function prepare(block: TimeBlock): PreparedBlock {
  if (block.kind === 'clock') {
    const { startSeconds: t0, spanSeconds: T } = block;
    if (!(T > 0)) throw new RangeError(`clock span must be > 0, got ${T}`);
    return {
      names: ['clock'],
      write(_f, t, v, d1, d2, o) {
        v[o] = (2 * (t - t0)) / T - 1;
        d1[o] = 2 / T;
        d2[o] = 0;
      },
    };
  }
  if (block.kind === 'fourier') {
    const K = block.harmonics ?? 12;
    const t0 = block.startSeconds ?? 0;
    const T = block.spanSeconds;
    if (!(T > 0)) throw new RangeError(`Fourier span must be > 0, got ${T}`);
    const names = ['phase'];
    for (let k = 1; k <= K; k++) names.push(`cos${k}`, `sin${k}`);
    return {
      names,
      write(_f, t, v, d1, d2, o) {
        v[o] = (t - t0) / T;
        d1[o] = 1 / T;
        d2[o] = 0;
        for (let k = 1; k <= K; k++) {
          const w = (2 * Math.PI * k) / T;
          const c = Math.cos(w * (t - t0));
          const s = Math.sin(w * (t - t0));
          const j = o + 2 * k - 1;
          v[j] = c;
          v[j + 1] = s;
          d1[j] = -w * s;
          d1[j + 1] = w * c;
          d2[j] = -w * w * c;
          d2[j + 1] = -w * w * s;
        }
      },
    };
  }
  const { values, hopSeconds } = block;
  const cols = values.cols;
  const first: Float64Array[] = [];
  const second: Float64Array[] = [];
  for (let c = 0; c < cols; c++) {
    const col = new Float64Array(values.rows);
    for (let r = 0; r < values.rows; r++) col[r] = values.data[r * cols + c]!;
    const d = sampledDerivatives(col, hopSeconds);
    first.push(d.first);
    second.push(d.second);
  }
  return {
    names: block.names ?? Array.from({ length: cols }, (_, c) => `signal${c}`),
    write(f, _t, v, d1, d2, o) {
      if (f < 0 || f >= values.rows) throw new RangeError(`frame ${f} outside the ${values.rows} sampled frames`);
      for (let c = 0; c < cols; c++) {
        v[o + c] = values.data[f * cols + c]!;
        d1[o + c] = first[c]![f]!;
        d2[o + c] = second[c]![f]!;
      }
    },
  };
}

/**
 * Inputs at the given frames (frame f at time times[f]) with their time tangent 't'; with `x` (one body position
 * per row, in [0, 1]) a first column 2x − 1 is added with its own tangent 'x' (∂/∂x = 2, and the time columns
 * have zero x-derivatives): the PDE's space × time inputs.
 * @example
 * const grid = frameGrid(0, 4);
 * const wormPcs = matrixFromRows(Array.from(frameTimes(grid), (t) => [Math.sin(t), Math.cos(t)]));
 * const u = timeInputs([{ kind: 'fourier', spanSeconds: 4 }, { kind: 'sampled', values: wormPcs, hopSeconds: 0.02 }],
 *   frameTimes(grid), [10, 50, 90]);
 * u.values.rows; // → 3 — one row per collocation frame
 */
export function timeInputs(blocks: TimeBlock[], times: ArrayLike<number>, frames: ArrayLike<number>, x?: ArrayLike<number>): DifferentiableInputs {
  if (blocks.length === 0) throw new RangeError('a net needs at least one input block');
  if (x && x.length !== frames.length) throw new RangeError(`${x.length} positions for ${frames.length} frames`);
  const prepared = blocks.map(prepare);
  const names = [...(x ? ['x'] : []), ...prepared.flatMap((b) => b.names)];
  const cols = names.length;
  const rows = frames.length;
  const v = new Float64Array(rows * cols);
  const d1 = new Float64Array(rows * cols);
  const d2 = new Float64Array(rows * cols);
  const dx = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const f = frames[r]!;
    if (!Number.isInteger(f) || f < 0 || f >= times.length) throw new RangeError(`frame index ${f} is not one of the ${times.length} frames`);
    let o = r * cols;
    if (x) {
      const xr = x[r]!;
      if (!(xr >= 0 && xr <= 1)) throw new RangeError(`body position ${xr} outside [0, 1]`);
      v[o] = 2 * xr - 1;
      dx[o] = 2;
      o++;
    }
    for (const b of prepared) {
      b.write(f, times[f]!, v, d1, d2, o);
      o += b.names.length;
    }
  }
  const m = (data: Float64Array): FeatureMatrix =>
    ({ rows, cols, data, names, groups: names.map(() => 'input') }) satisfies FeatureMatrix;
  const tangents: DifferentiableInputs['tangents'] = { t: { first: m(d1), second: m(d2) } };
  if (x) tangents.x = { first: m(dx), second: m(new Float64Array(rows * cols)) };
  return { values: m(v), tangents };
}

/** Just the values of {@link timeInputs} (for data rows and prediction). */
export function timeInputValues(blocks: TimeBlock[], times: ArrayLike<number>, frames: ArrayLike<number>, x?: ArrayLike<number>): FeatureMatrix {
  return timeInputs(blocks, times, frames, x).values as FeatureMatrix;
}
