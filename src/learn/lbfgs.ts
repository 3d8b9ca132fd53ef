/**
 * Limited-memory BFGS (Liu & Nocedal 1989) with a line search that satisfies the strong Wolfe conditions
 * (Nocedal & Wright, Numerical Optimization, 2nd ed. 2006: Algorithm 7.4 for the two-loop recursion, Algorithms
 * 3.5 and 3.6 for the line search and its zoom, eq. 3.59 for the cubic interpolation). Works on any smooth
 * objective over a flat Float64Array — in neuromusic, the flattened parameters of a network after Adam.
 *
 * Strong Wolfe conditions for a step α along a descent direction p (φ(α) = f(x + αp)):
 *   sufficient decrease  φ(α) ≤ φ(0) + c1·α·φ'(0)
 *   curvature            |φ'(α)| ≤ c2·|φ'(0)|,      0 < c1 < c2 < 1 (1e-4 and 0.9 here, the book's choice).
 * They guarantee sᵀy > 0, so the BFGS update keeps the inverse Hessian approximation positive definite. Where f
 * is only known to rounding noise (float32 losses), the approximate Wolfe conditions take over (`noiseTolerance`).
 */

/** Writes ∇f(x) into `gradient` and returns f(x). */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** L-BFGS options. */
export interface LbfgsOptions {
  /** Correction pairs kept (m), default 10. */
  memory?: number;
  /** Most iterations, default 100. */
  maxIterations?: number;
  /** Most objective evaluations in total, default 20 × maxIterations. */
  maxEvaluations?: number;
  /** Stop when ‖∇f‖∞ ≤ this, default 1e-6. */
  gradientTolerance?: number;
  /** Stop when (f_k − f_{k+1}) ≤ this · max(|f_k|, |f_{k+1}|, 1) (SciPy's `ftol`), default 1e-12. */
  functionTolerance?: number;
  /** Sufficient-decrease constant c1, default 1e-4. */
  c1?: number;
  /** Curvature constant c2, default 0.9. */
  c2?: number;
  /** Most function evaluations in one line search, default 25. */
  maxLineSearch?: number;
  /**
   * Noise level of f, relative to |f(x_k)| (default 1e-12; about 1e-6 for float32 objectives such as a tfjs loss).
   * Near a minimum, changes of f drown in rounding long before the gradient is small, and the Armijo test fails
   * on noise. Then a step is also accepted when it meets the strong curvature condition and raises f by at most
   * this much: Hager & Zhang's "approximate Wolfe" conditions (SIAM J. Optim. 16, 2005, eq. 4.1), which still
   * guarantee sᵀy > 0.
   */
  noiseTolerance?: number;
  /** Called after every iteration (0 = the starting point) with the objective value and ‖∇f‖∞. */
  onIteration?: (iteration: number, value: number, gradientInfNorm: number) => void;
}

/** Why L-BFGS stopped. */
export type LbfgsStop = 'gradient' | 'function' | 'iterations' | 'evaluations' | 'line-search';

/** The outcome of a minimisation. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  stop: LbfgsStop;
  /** Objective value at the start and after each iteration. */
  history: number[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Minimiser of the cubic matching φ and φ' at a and b (N&W eq. 3.59), or NaN when it has none. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

interface Probe {
  alpha: number;
  f: number;
  d: number;
}

/**
 * Line search for the strong Wolfe conditions along p from x (f0, g0 known). On success returns the accepted
 * probe and leaves x + αp in `xNew` and its gradient in `gNew`.
 */
function strongWolfeSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  alphaStart: number,
  xNew: Float64Array,
  gNew: Float64Array,
  c1: number,
  c2: number,
  maxEvals: number,
  noise: number,
): { probe: Probe | undefined; evaluations: number } {
  const d0 = dot(g0, p);
  const fMax = f0 + noise * Math.abs(f0);
  let evaluations = 0;
  const evaluate = (alpha: number): Probe => {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + alpha * p[i]!;
    const f = objective(xNew, gNew);
    evaluations++;
    return { alpha, f, d: dot(gNew, p) };
  };
  const armijo = (q: Probe): boolean => q.f <= f0 + c1 * q.alpha * d0;
  const curvature = (q: Probe): boolean => Math.abs(q.d) <= -c2 * d0;
  const approximateWolfe = (q: Probe): boolean => q.f <= fMax && curvature(q);

  // Algorithm 3.6 (zoom): lo satisfies sufficient decrease and has the lowest f so far; the interval [lo, hi]
  // contains steps satisfying the strong Wolfe conditions.
  const zoom = (lo: Probe, hi: Probe): Probe | undefined => {
    while (evaluations < maxEvals) {
      const left = Math.min(lo.alpha, hi.alpha);
      const width = Math.abs(hi.alpha - lo.alpha);
      if (width <= 1e-16 * Math.max(1, lo.alpha)) return undefined;
      let alpha = cubicMinimizer(lo.alpha, lo.f, lo.d, hi.alpha, hi.f, hi.d);
      // Safeguard: stay inside the middle 80 % of the interval, else bisect.
      if (!Number.isFinite(alpha) || alpha < left + 0.1 * width || alpha > left + 0.9 * width) alpha = left + 0.5 * width;
      const q = evaluate(alpha);
      if (approximateWolfe(q)) return q;
      if (!Number.isFinite(q.f) || !armijo(q) || q.f >= lo.f) hi = q;
      else {
        if (curvature(q)) return q;
        if (q.d * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = q;
      }
    }
    return undefined;
  };

  // Algorithm 3.5: bracket a step, then zoom.
  let prev: Probe = { alpha: 0, f: f0, d: d0 };
  let alpha = alphaStart;
  for (let i = 1; evaluations < maxEvals; i++) {
    const q = evaluate(alpha);
    if (!Number.isFinite(q.f)) {
      // Stepped into overflow: shrink toward the last good point.
      alpha = prev.alpha + 0.1 * (alpha - prev.alpha);
      continue;
    }
    if (approximateWolfe(q)) return { probe: q, evaluations };
    if (!armijo(q) || (i > 1 && q.f >= prev.f)) return finish(zoom(prev, q));
    if (curvature(q)) return { probe: q, evaluations };
    if (q.d >= 0) return finish(zoom(q, prev));
    prev = q;
    alpha *= 2;
  }
  return { probe: undefined, evaluations };

  function finish(q: Probe | undefined): { probe: Probe | undefined; evaluations: number } {
    // zoom may have left xNew/gNew at a rejected probe: re-evaluate the accepted one if needed.
    if (q) {
      let same = true;
      for (let i = 0; i < x.length && same; i++) same = xNew[i] === x[i]! + q.alpha * p[i]!;
      if (!same) {
        for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + q.alpha * p[i]!;
        objective(xNew, gNew);
        evaluations++;
      }
    }
    return { probe: q, evaluations };
  }
}

/**
 * Minimises `objective` from `x0` with L-BFGS and a strong-Wolfe line search.
 * @example
 * // Rosenbrock's valley: minimum at (1, 1).
 * const rosen: Objective = (x, g) => {
 *   const [a, b] = [x[0]!, x[1]!];
 *   g[0] = -2 * (1 - a) - 400 * a * (b - a * a); g[1] = 200 * (b - a * a);
 *   return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
 * };
 * lbfgs(rosen, Float64Array.of(-1.2, 1)).x; // → ≈ [1, 1]
 */
export function lbfgs(objective: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 100;
  const maxEvaluations = options.maxEvaluations ?? 20 * Math.max(1, maxIterations);
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-12;
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const noise = options.noiseTolerance ?? 1e-12;
  if (!(0 < c1 && c1 < c2 && c2 < 1)) throw new RangeError(`line search needs 0 < c1 < c2 < 1, got c1 ${c1}, c2 ${c2}`);
  if (!(m >= 1)) throw new RangeError(`memory must be ≥ 1, got ${m}`);

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new RangeError(`objective is not finite at the starting point (${f})`);
  const history = [f];
  options.onIteration?.(0, f, infNorm(g));

  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const alphas = new Float64Array(m);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let stop: LbfgsStop = 'iterations';
  let iterations = 0;

  if (infNorm(g) <= gtol) stop = 'gradient';
  else {
    for (iterations = 0; iterations < maxIterations; ) {
      // Two-loop recursion (N&W Algorithm 7.4): p = −H∇f with H0 = γI, γ = sᵀy / yᵀy of the newest pair.
      q.set(g);
      for (let k = S.length - 1; k >= 0; k--) {
        const a = rho[k]! * dot(S[k]!, q);
        alphas[k] = a;
        const y = Y[k]!;
        for (let i = 0; i < n; i++) q[i]! -= a * y[i]!;
      }
      const gamma = S.length ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1;
      for (let i = 0; i < n; i++) q[i]! *= gamma;
      for (let k = 0; k < S.length; k++) {
        const b = rho[k]! * dot(Y[k]!, q);
        const s = S[k]!;
        const a = alphas[k]!;
        for (let i = 0; i < n; i++) q[i]! += (a - b) * s[i]!;
      }
      for (let i = 0; i < n; i++) p[i] = -q[i]!;
      let slope = dot(p, g);
      if (!(slope < 0)) {
        // Not a descent direction (lost curvature information): restart from steepest descent.
        S.length = 0;
        Y.length = 0;
        rho.length = 0;
        for (let i = 0; i < n; i++) p[i] = -g[i]!;
        slope = dot(p, g);
      }
      // First step: a unit step along −∇f could be huge; scale it to length 1 in the ∞-norm.
      const alpha0 = S.length ? 1 : Math.min(1, 1 / infNorm(g));
      const budget = Math.min(options.maxLineSearch ?? 25, maxEvaluations - evaluations);
      if (budget <= 0) {
        stop = 'evaluations';
        break;
      }
      const search = strongWolfeSearch(objective, x, f, g, p, alpha0, xNew, gNew, c1, c2, budget, noise);
      evaluations += search.evaluations;
      if (!search.probe) {
        stop = evaluations >= maxEvaluations ? 'evaluations' : 'line-search';
        break;
      }
      const fNew = search.probe.f;
      // Correction pair s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k.
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = xNew[i]! - x[i]!;
        y[i] = gNew[i]! - g[i]!;
      }
      const sy = dot(s, y);
      if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
        if (S.length === m) {
          S.shift();
          Y.shift();
          rho.shift();
        }
        S.push(s);
        Y.push(y);
        rho.push(1 / sy);
      }
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      const fOld = f;
      f = fNew;
      iterations++;
      history.push(f);
      const gInf = infNorm(g);
      options.onIteration?.(iterations, f, gInf);
      if (gInf <= gtol) {
        stop = 'gradient';
        break;
      }
      if (Math.abs(fOld - f) <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
        stop = 'function';
        break;
      }
      if (evaluations >= maxEvaluations) {
        stop = 'evaluations';
        break;
      }
    }
  }
  return { x, value: f, gradient: g, iterations, evaluations, stop, history };
}
