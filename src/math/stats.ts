/**
 * Descriptive statistics on plain numeric arrays: mean, variance, standard deviation, z-scores, Pearson's r.
 * Two-pass formulas (mean first) for accuracy; loud errors for empty input.
 */

function nonEmpty(x: ArrayLike<number>, what: string): void {
  if (x.length === 0) throw new RangeError(`${what} of an empty series`);
}

/**
 * Arithmetic mean.
 * @example
 * mean([1, 2, 3]); // → 2
 */
export function mean(x: ArrayLike<number>): number {
  nonEmpty(x, 'mean');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/**
 * Variance; `ddof` = 0 for the population (default), 1 for the sample estimate.
 * @example
 * variance([1, 2, 3, 4], 1); // 1.6666…
 */
export function variance(x: ArrayLike<number>, ddof = 0): number {
  nonEmpty(x, 'variance');
  if (x.length - ddof <= 0) throw new RangeError(`variance with ddof ${ddof} needs more than ${ddof} values`);
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s / (x.length - ddof);
}

/** Standard deviation (population by default). */
export function std(x: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/**
 * z-scores: (x − mean) / std. A constant series gives zeros (not NaN).
 * @example
 * zscore([1, 2, 3]); // [-1.2247…, 0, 1.2247…]
 */
export function zscore(x: ArrayLike<number>): Float64Array {
  const m = mean(x);
  const s = std(x);
  const out = new Float64Array(x.length);
  if (s === 0) return out;
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - m) / s;
  return out;
}

/**
 * Pearson correlation coefficient of two equally long series; 0 when either is constant.
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // 0.993…
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`pearson needs equal lengths, got ${x.length} and ${y.length}`);
  nonEmpty(x, 'pearson');
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Median (average of the middle two for an even count). */
export function median(x: ArrayLike<number>): number {
  nonEmpty(x, 'median');
  const s = Float64Array.from(x).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
