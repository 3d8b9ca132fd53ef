/**
 * Network structure of the nodal network (McIlwain & Pietsch 1996, §3): a fixed N × N matrix of signal delays.
 * Every node signals every other node; the delays are the "virtual distances" between them. The default is the
 * paper's circle (§3.2): nodes on a ring, delays growing exponentially with circular distance, so neighbours talk
 * quickly and far-apart nodes with long periodicities. Other structures come as a JSON matrix.
 */
import { z } from 'zod';
import { FormatError } from '../../formats/errors.js';
import { formatIssues } from '../../score/schema.js';

/** A delay matrix: `delaysSeconds[from * nodes + to]`, the diagonal unused (0). */
export interface DelayLayout {
  nodes: number;
  delaysSeconds: Float64Array;
  /** How the layout was made, for reports: "circle" or a file name. */
  name: string;
}

/** Delays of the circle layout at distance 1 (neighbours) and at the far side of the ring. */
export interface CircleDelayOptions {
  nearestDelaySeconds: number;
  farthestDelaySeconds: number;
}

/**
 * Steps between nodes i and j going the short way round a ring of n nodes.
 * @example
 * circularDistance(0, 31, 32); // → 1
 */
export function circularDistance(i: number, j: number, n: number): number {
  const s = Math.abs(i - j) % n;
  return Math.min(s, n - s);
}

/**
 * The delay at circular distance k on a ring of n nodes: exponential in k (§3.2), from `nearest` at k = 1 to
 * `farthest` at k = ⌊n/2⌋, i.e. nearest·(farthest/nearest)^((k − 1)/(⌊n/2⌋ − 1)).
 * @example
 * circleDelayAt(16, 32, { nearestDelaySeconds: 0.1, farthestDelaySeconds: 3.2 }); // → 3.2
 */
export function circleDelayAt(k: number, n: number, options: CircleDelayOptions): number {
  const half = Math.floor(n / 2);
  const { nearestDelaySeconds: near, farthestDelaySeconds: far } = options;
  if (half <= 1) return near;
  return near * Math.pow(far / near, (k - 1) / (half - 1));
}

/**
 * The paper's circular architecture: n nodes on a ring, delay exponential in circular distance.
 * @example
 * const layout = circleLayout(32, { nearestDelaySeconds: 0.1, farthestDelaySeconds: 3.2 });
 * layout.delaysSeconds[0 * 32 + 1]; // → 0.1
 */
export function circleLayout(n: number, options: CircleDelayOptions): DelayLayout {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a network needs at least 2 nodes, got ${n}`);
  const { nearestDelaySeconds: near, farthestDelaySeconds: far } = options;
  if (!(near > 0 && Number.isFinite(near))) throw new RangeError(`nearestDelaySeconds must be > 0, got ${near}`);
  if (!(far >= near && Number.isFinite(far))) throw new RangeError(`farthestDelaySeconds must be ≥ nearestDelaySeconds (${near}), got ${far}`);
  const byDistance = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 1; k < byDistance.length; k++) byDistance[k] = circleDelayAt(k, n, options);
  const delaysSeconds = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) delaysSeconds[i * n + j] = byDistance[circularDistance(i, j, n)]!;
  return { nodes: n, delaysSeconds, name: 'circle' };
}

const delayRowSchema = z.array(z.number().finite().nonnegative('delays must be ≥ 0 s'));
const delayFileSchema = z.union([
  z.array(delayRowSchema),
  z.object({ delaysSeconds: z.array(delayRowSchema) }).strict(),
]);

/**
 * Reads a layout from JSON data: an N × N array of delays in seconds, bare or as `{ "delaysSeconds": [[…]] }`.
 * Row = sending node, column = receiving node; the diagonal is ignored, every other entry must be > 0.
 * Problems are {@link FormatError}s naming `source`.
 * @example
 * parseDelayLayout({ delaysSeconds: [[0, 0.1], [0.2, 0]] }, 'ring.json').delaysSeconds[1 * 2 + 0]; // → 0.2
 */
export function parseDelayLayout(data: unknown, source: string): DelayLayout {
  const parsed = delayFileSchema.safeParse(data);
  if (!parsed.success) throw new FormatError(source, `not a delay matrix: ${formatIssues(parsed.error)} (expected an N × N array of seconds, or { "delaysSeconds": [[…]] })`);
  const rows = Array.isArray(parsed.data) ? parsed.data : parsed.data.delaysSeconds;
  const n = rows.length;
  if (n < 2) throw new FormatError(source, `a delay matrix needs at least 2 rows (nodes), got ${n}`);
  const delaysSeconds = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== n) throw new FormatError(source, `row ${i} has ${row.length} entries; a matrix of ${n} rows needs ${n}`);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      if (!(row[j]! > 0)) throw new FormatError(source, `delay from node ${i} to node ${j} is ${row[j]}; delays between distinct nodes must be > 0 s`);
      delaysSeconds[i * n + j] = row[j]!;
    }
  }
  return { nodes: n, delaysSeconds, name: source };
}

/**
 * The longest delay between distinct nodes.
 * @example
 * longestDelay(circleLayout(32, { nearestDelaySeconds: 0.12, farthestDelaySeconds: 3 })); // → 3
 */
export function longestDelay(layout: DelayLayout): number {
  let max = 0;
  const n = layout.nodes;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) max = Math.max(max, layout.delaysSeconds[i * n + j]!);
  return max;
}
