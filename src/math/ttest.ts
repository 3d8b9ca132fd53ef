/**
 * Two-sample t-tests (Student's with pooled variance, and Welch's) with exact two-tailed p-values from the
 * Student t distribution: P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2), I the regularised incomplete beta function,
 * evaluated by its continued fraction (modified Lentz; Press et al., Numerical Recipes 3rd ed. §6.4).
 */
import { mean, variance } from './stats.js';

/**
 * ln Γ(x) for x > 0: the recurrence Γ(x) = Γ(x + n)/(x(x+1)…(x+n−1)) lifts x above 15, where Stirling's series
 * (ln Γ(z) = (z − ½)ln z − z + ½ln 2π + Σ B₂ₖ/(2k(2k−1)z^{2k−1}), five terms) is accurate to ~1e-15.
 * @example
 * logGamma(5); // ln 24
 */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let shift = 0;
  let z = x;
  while (z < 15) {
    shift += Math.log(z);
    z += 1;
  }
  const z2 = z * z;
  const series = (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * z2)) / z2) / z2) / z2) / z;
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/**
 * The regularised incomplete beta function I_x(a, b).
 * @example
 * regularizedIncompleteBeta(0.5, 1, 1); // → 0.5 — uniform distribution
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Two-tailed p-value of a t statistic with ν degrees of freedom (ν may be fractional, as in Welch's test).
 * @example
 * studentTTwoTailed(1, 1); // → 0.5 — the Cauchy distribution's quartile
 */
export function studentTTwoTailed(t: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`degrees of freedom must be positive, got ${dof}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return regularizedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
}

/** The result of a two-sample t-test. */
export interface TTestResult {
  t: number;
  dof: number;
  /** Two-tailed. */
  p: number;
  meanA: number;
  meanB: number;
}

/**
 * Two-sample t-test of mean(a) = mean(b): Welch's (unequal variances, Welch–Satterthwaite ν) by default, or
 * Student's with pooled variance.
 * @example
 * twoSampleTTest([1, 2, 3, 4], [3, 4, 5, 6]).p; // → ≈ 0.0710 — Welch, ν = 6
 */
export function twoSampleTTest(a: ArrayLike<number>, b: ArrayLike<number>, options: { equalVariance?: boolean } = {}): TTestResult {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) throw new RangeError('each sample needs at least two values');
  const ma = mean(a);
  const mb = mean(b);
  const va = variance(a, 1);
  const vb = variance(b, 1);
  let t: number;
  let dof: number;
  if (options.equalVariance) {
    dof = na + nb - 2;
    const pooled = ((na - 1) * va + (nb - 1) * vb) / dof;
    t = (ma - mb) / Math.sqrt(pooled * (1 / na + 1 / nb));
  } else {
    const sa = va / na;
    const sb = vb / nb;
    t = (ma - mb) / Math.sqrt(sa + sb);
    dof = (sa + sb) ** 2 / ((sa * sa) / (na - 1) + (sb * sb) / (nb - 1));
  }
  return { t, dof, p: studentTTwoTailed(t, dof), meanA: ma, meanB: mb };
}
