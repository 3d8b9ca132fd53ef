/**
 * Exact rational numbers for rhythm: **kern durations are reciprocals (4 = quarter, 3 = triplet half, 3%2 = two
 * thirds of a whole), so sums of them are exact fractions of a quarter note. Adding them as floats would make two
 * spines that end together differ in the last bit; adding them as fractions lets the reader check that the rhythm
 * adds up exactly.
 */

/** A fraction n/d in lowest terms with d > 0. */
export interface Rational {
  readonly n: number;
  readonly d: number;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The fraction n/d in lowest terms; throws a RangeError when a part leaves the safe integers (a rhythm finer than
 * any notation uses).
 * @example
 * rational(6, 8); // → { n: 3, d: 4 }
 */
export function rational(n: number, d = 1): Rational {
  if (d === 0) throw new RangeError('rational: zero denominator');
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) throw new RangeError('rational: a duration too fine to add exactly');
  const g = gcd(n, d) || 1;
  const sign = d < 0 ? -1 : 1;
  return { n: (sign * n) / g || 0, d: (sign * d) / g };
}

/** Zero. */
export const ZERO: Rational = { n: 0, d: 1 };

/** a + b. */
export function add(a: Rational, b: Rational): Rational {
  const g = gcd(a.d, b.d);
  return rational(a.n * (b.d / g) + b.n * (a.d / g), (a.d / g) * b.d);
}

/** a − b. */
export function sub(a: Rational, b: Rational): Rational {
  return add(a, { n: -b.n, d: b.d });
}

/** a · b. */
export function mul(a: Rational, b: Rational): Rational {
  const g1 = gcd(a.n, b.d) || 1;
  const g2 = gcd(b.n, a.d) || 1;
  return rational((a.n / g1) * (b.n / g2), (a.d / g2) * (b.d / g1));
}

/** Whether a = b. */
export function equal(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

/** Sign of a − b: −1, 0 or 1. */
export function compare(a: Rational, b: Rational): number {
  return Math.sign(a.n * b.d - b.n * a.d);
}

/** The value as a float. */
export function toNumber(a: Rational): number {
  return a.n / a.d;
}

/**
 * A fraction as text: "3/4", "2", "-1/3".
 * @example
 * formatRational(rational(3, 2)); // → '3/2'
 */
export function formatRational(a: Rational): string {
  return a.d === 1 ? String(a.n) : `${a.n}/${a.d}`;
}
