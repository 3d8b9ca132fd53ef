/**
 * The full factorial grid: every combination of each axis's points (or choices), in odometer order with the last
 * parameter varying fastest. Grid points are given directly as parameter values (see {@link gridPoints}); the unit
 * box is not involved.
 */
import type { ParamValue } from '../space.js';

/**
 * Every combination of the axes' values, in odometer order.
 * @example
 * gridPoints([[1, 2], ['a', 'b']]); // → [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]
 */
export function gridPoints(axes: readonly ParamValue[][]): ParamValue[][] {
  const total = axes.reduce((n, a) => n * a.length, 1);
  if (total > 10_000_000) throw new RangeError(`the grid holds ${total} points, more than 10,000,000`);
  const out: ParamValue[][] = [];
  const index = new Array<number>(axes.length).fill(0);
  for (let k = 0; k < total; k++) {
    out.push(axes.map((a, i) => a[index[i]!]!));
    for (let i = axes.length - 1; i >= 0; i--) {
      index[i]! += 1;
      if (index[i]! < axes[i]!.length) break;
      index[i] = 0;
    }
  }
  return out;
}
