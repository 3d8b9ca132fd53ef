/**
 * Rank choice by energy: the smallest k whose leading singular values hold a given fraction of ‖M‖²_F = Σσ².
 * By Eckart–Young, the best rank-k approximation then leaves at most (1 − fraction) of the energy in the residual.
 */

/** Relative slack when comparing a cumulative fraction with the threshold, so that 1.0 is reachable despite rounding. */
const SLACK = 1e-12;

/**
 * Cumulative energy fractions Σ_{i≤j} σ_i² / total, with `total` = ‖M‖²_F (defaults to Σσ² of the values given).
 * @example
 * cumulativeEnergy([3, 2, 1]); // → [9/14, 13/14, 1]
 */
export function cumulativeEnergy(singular: ArrayLike<number>, total?: number): Float64Array {
  let sum = 0;
  for (let i = 0; i < singular.length; i++) sum += singular[i]! ** 2;
  const denom = total ?? sum;
  if (!(denom > 0)) throw new RangeError('cumulative energy of a zero matrix');
  const out = new Float64Array(singular.length);
  let acc = 0;
  for (let i = 0; i < singular.length; i++) {
    acc += singular[i]! ** 2;
    out[i] = acc / denom;
  }
  return out;
}

/**
 * The smallest k with Σ_{i<k} σ_i² ≥ fraction · total, or `undefined` when the values given do not reach it (a
 * truncated SVD: compute more of them). `total` is ‖M‖²_F; it defaults to Σσ² (a full set of singular values).
 * @example
 * energyRank([3, 2, 1], 0.9); // → 2 — 13/14 ≥ 0.9
 */
export function energyRank(singular: ArrayLike<number>, fraction = 0.9, total?: number): number | undefined {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`energy fraction must be in (0, 1], got ${fraction}`);
  const cum = cumulativeEnergy(singular, total);
  for (let k = 0; k < cum.length; k++) if (cum[k]! >= fraction * (1 - SLACK)) return k + 1;
  return undefined;
}
