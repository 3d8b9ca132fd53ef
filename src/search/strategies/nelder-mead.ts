/**
 * The Nelder–Mead simplex method (Nelder & Mead 1965) in the form analysed by Lagarias, Reeds, Wright & Wright
 * (1998, SIAM J Optim 9:112) and used by MATLAB's fminsearch: reflection α = 1, expansion γ = 2, contraction
 * ρ = ½ (outside and inside), shrink σ = ½, the expanded point accepted only when better than the reflected one.
 * Points are projected onto the unit box. It stops when every vertex lies within `tolerance` of the best in both
 * value and position (max-norm), or when its budget runs out.
 */
import { clampToBox, generatorStrategy, type SearchStrategy, type StrategyGenerator } from './strategy.js';

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Starting point in [0, 1]ⁿ. */
  start: ArrayLike<number>;
  /** Edge of the initial simplex along each axis (the vertex moves back inside when it would leave the box). */
  initialStep?: number;
  tolerance?: number;
}

function* nelderMeadSteps(options: NelderMeadOptions): StrategyGenerator {
  const n = options.start.length;
  const step = options.initialStep ?? 0.1;
  const tol = options.tolerance ?? 1e-6;
  const x0 = clampToBox(Float64Array.from(options.start));
  const simplex: Float64Array[] = [x0];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(x0);
    v[i] = v[i]! + step <= 1 ? v[i]! + step : v[i]! - step;
    simplex.push(clampToBox(v));
  }
  let values = [...(yield simplex.map((v) => Float64Array.from(v)))];
  const order = (): void => {
    const idx = simplex.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
    const s = idx.map((i) => simplex[i]!);
    const f = idx.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...s);
    values = f;
  };
  const along = (base: Float64Array, dir: Float64Array, t: number): Float64Array => clampToBox(Float64Array.from(base, (b, i) => b + t * (dir[i]! - b)));
  for (;;) {
    order();
    let spreadF = 0;
    let spreadX = 0;
    for (let k = 1; k <= n; k++) {
      spreadF = Math.max(spreadF, Math.abs(values[k]! - values[0]!));
      for (let i = 0; i < n; i++) spreadX = Math.max(spreadX, Math.abs(simplex[k]![i]! - simplex[0]![i]!));
    }
    if (Number.isFinite(values[0]!) && spreadF <= tol && spreadX <= tol) return `converged: simplex within ${tol} in value and position`;
    const centroid = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + simplex[k]![i]! / n;
    const worst = simplex[n]!;
    const fBest = values[0]!;
    const fNext = values[n - 1]!;
    const fWorst = values[n]!;
    const xr = along(centroid, worst, -1);
    const [fr] = yield [xr];
    if (fr! < fBest) {
      const xe = along(centroid, worst, -2);
      const [fe] = yield [xe];
      if (fe! < fr!) {
        simplex[n] = xe;
        values[n] = fe!;
      } else {
        simplex[n] = xr;
        values[n] = fr!;
      }
      continue;
    }
    if (fr! < fNext) {
      simplex[n] = xr;
      values[n] = fr!;
      continue;
    }
    const outside = fr! < fWorst;
    const xc = outside ? along(centroid, worst, -0.5) : along(centroid, worst, 0.5);
    const [fc] = yield [xc];
    if ((outside && fc! <= fr!) || (!outside && fc! < fWorst)) {
      simplex[n] = xc;
      values[n] = fc!;
      continue;
    }
    const best = simplex[0]!;
    const shrunk = simplex.slice(1).map((v) => along(best, v, 0.5));
    const fs = yield shrunk;
    shrunk.forEach((v, k) => {
      simplex[k + 1] = v;
      values[k + 1] = fs[k]!;
    });
  }
}

/**
 * A Nelder–Mead search over the unit box.
 * @example
 * const s = nelderMead({ start: [0.2, 0.9] });
 * s.ask()?.length; // → 3 — the initial simplex
 */
export function nelderMead(options: NelderMeadOptions): SearchStrategy {
  return generatorStrategy(nelderMeadSteps(options));
}
