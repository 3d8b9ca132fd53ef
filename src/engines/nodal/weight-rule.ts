/**
 * The weighting-modification function of McIlwain & Pietsch (1996, §2.5): the increment M added to a connection
 * weight W[A][B] each time a signal passes through it, as a function of the receiving node's recent average firing
 * interval x (seconds).
 *
 * ## What the paper states (§2.5, Figures 1 and 2)
 * 1. M is "calculated by a logistic equation": an S-curve over x, drawn on a logarithmic x axis (0.01–100 s),
 *    with two horizontal asymptotes; it is soft-limiting.
 * 2. The amplitude a "is the distance between the two horizontal asymptotes".
 * 3. The breakpoint b "is the value of x at which M equals zero"; the modifier switches there between its
 *    dampening and its sensitising mode, "continually driving the firing rates of each node towards the
 *    specified breakpoint".
 * 4. The dampening ratio d "determines the proportions of the function which lie above and below the x axis, as
 *    well as the slope of the curve at the breakpoint".
 * 5. There are three user parameters (a, b, d).
 *
 * ## Derivation
 * Properties 1, 2 and 4 say M = a·(S(x) − d) for a sigmoid S rising from 0 (x → 0) to 1 (x → ∞): its asymptotes
 * are −a·d and a·(1 − d), a apart, and d is the share of the range below zero (the dampening share, hence the
 * name). Property 3 then requires S(b) = d. The paper prints `M = a(e^{k/x} − d)` with `k = b × logₑ(d)`; the OCR
 * loses the superscript but keeps both letters. With S(x) = e^{k/x} the printed definition of k is exactly the
 * condition S(b) = e^{ln d} = d, so the printed expression is the unique member of the family with this S:
 *
 *     M(x) = a·(e^{k/x} − d),  k = b·ln d   ⇔   M(x) = a·(d^{b/x} − d),   0 < d < 1.
 *
 * In log x (u = ln x), S is exp(−|k|·e^{−u}), a Gompertz curve: the double-exponential relative of the logistic,
 * an S-curve over log x as the paper's figures draw it (their OCR keeps only the axes). Its properties, each
 * tested in weight-rule.test.ts:
 * - M(b) = 0; M < 0 for x < b and M > 0 for x > b (M rises monotonically: dM/dx = −k·e^{k/x}/x² > 0);
 * - lim x→0⁺ M = −a·d, lim x→∞ M = a·(1 − d): asymptotes a apart, the share d below zero;
 * - dM/dx at b = a·d·ln(1/d)/b, i.e. dM/d(ln x) = a·d·ln(1/d): set by d (and a), the same for every b.
 * Sign: dense firing (short intervals, x < b) weakens the node's incoming weights, sparse firing strengthens
 * them. That is the only sign that drives the interval toward b ("the firing rates fluctuate around" b); the
 * paper's phrase "from a positive, or dampening, mode to a negative, or sensitising mode" pairs the words the
 * other way round, and the text calls x both a "rate" and an "interval", but Figure 2's axis ("Recent Average
 * Firing Interval (sec)") and the homeostasis fix the reading used here. A true logistic in log x,
 * a·(1/(1 + ((1−d)/d)·(b/x)^s) − d), has the same asymptotes and zero but needs a fourth parameter s for its
 * slope, against property 5 and the printed letters, so it is not used. d must lie strictly between 0 and 1:
 * d = 1 gives M ≡ 0 and d > 1 an unbounded M.
 */

/** One modification module: the three user parameters of McIlwain & Pietsch's Figure 1. */
export interface ModificationCurve {
  /** a: distance between the two horizontal asymptotes (weight units, relative to the trigger threshold). */
  amplitude: number;
  /** b: the recent average firing interval (seconds) at which M = 0. */
  breakpointSeconds: number;
  /** d ∈ (0, 1): the share of the range below zero (dampening); 1 − d lies above (sensitising). */
  dampeningRatio: number;
}

/** The paper's triggering module (Figure 2): a = 2, b = 0.2 s, d = 0.5. */
export const PAPER_TRIGGERING: Readonly<ModificationCurve> = Object.freeze({ amplitude: 2, breakpointSeconds: 0.2, dampeningRatio: 0.5 });
/** The paper's non-triggering module (Figure 2): a = 1, b = 2.0 s, d = 0.3. */
export const PAPER_NON_TRIGGERING: Readonly<ModificationCurve> = Object.freeze({ amplitude: 1, breakpointSeconds: 2, dampeningRatio: 0.3 });

/**
 * Throws a RangeError unless a > 0, b > 0 and 0 < d < 1.
 * @example
 * checkModificationCurve({ amplitude: 1, breakpointSeconds: 2, dampeningRatio: 0.5 }); // passes; a ratio of 1 would throw
 */
export function checkModificationCurve(curve: ModificationCurve, what = 'modification curve'): void {
  const { amplitude: a, breakpointSeconds: b, dampeningRatio: d } = curve;
  if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`${what}: amplitude must be > 0, got ${a}`);
  if (!(Number.isFinite(b) && b > 0)) throw new RangeError(`${what}: breakpointSeconds must be > 0, got ${b}`);
  if (!(d > 0 && d < 1)) throw new RangeError(`${what}: dampeningRatio must lie strictly between 0 and 1, got ${d}`);
}

/**
 * The exponent constant k = b·ln d (< 0) of M = a·(e^{k/x} − d).
 * @example
 * modificationExponent({ amplitude: 1, breakpointSeconds: 2, dampeningRatio: 0.5 }); // 2·ln 0.5 ≈ −1.386
 */
export function modificationExponent(curve: ModificationCurve): number {
  return curve.breakpointSeconds * Math.log(curve.dampeningRatio);
}

/**
 * The modification increment M(x) = a·(e^{k/x} − d), k = b·ln d, for a recent average firing interval x (seconds).
 * Negative (dampening) below the breakpoint, positive (sensitising) above it; x ≤ 0 gives the lower asymptote.
 * @example
 * modificationIncrement(0.2, PAPER_TRIGGERING); // → 0 — the breakpoint
 * modificationIncrement(1e6, PAPER_NON_TRIGGERING); // ≈ 0.7 = a·(1 − d)
 */
export function modificationIncrement(intervalSeconds: number, curve: ModificationCurve): number {
  const { amplitude: a, dampeningRatio: d } = curve;
  if (!(intervalSeconds > 0)) return -a * d;
  return a * (Math.exp(modificationExponent(curve) / intervalSeconds) - d);
}

/**
 * The two horizontal asymptotes of M: `low` = −a·d (x → 0, dampening), `high` = a·(1 − d) (x → ∞, sensitising).
 * @example
 * modificationAsymptotes(PAPER_TRIGGERING); // → { low: -1, high: 1 }
 */
export function modificationAsymptotes(curve: ModificationCurve): { low: number; high: number } {
  return { low: -curve.amplitude * curve.dampeningRatio, high: curve.amplitude * (1 - curve.dampeningRatio) };
}

/**
 * The slope dM/dx at the breakpoint, a·d·ln(1/d)/b (per second of interval).
 * @example
 * modificationSlopeAtBreakpoint(PAPER_TRIGGERING); // 2·0.5·ln 2 / 0.2 ≈ 3.466
 */
export function modificationSlopeAtBreakpoint(curve: ModificationCurve): number {
  const { amplitude: a, breakpointSeconds: b, dampeningRatio: d } = curve;
  return (a * d * Math.log(1 / d)) / b;
}
