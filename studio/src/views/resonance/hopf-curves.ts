/**
 * The canonical oscillator's amplitude equation (Large, Almonte & Velasco 2010, eq. 20; docs/design/resonance-view.md),
 * with δ1 = δ2 = 0:
 *
 *   dr/dt = r·G(r) + F cos ψ,   G(r) = α + β1 r² + ε β2 r⁴ / (1 − ε r²)
 *
 * Free (F = 0), its fixed points are r = 0 (stable for α < 0) and the roots of G(r) = 0, stable where G′(r) < 0:
 * read as α(r) = −β1 r² − ε β2 r⁴ / (1 − ε r²), that is the bifurcation diagram, one branch per sign of G′.
 * Forced at detuning Ω = ω − ω_F, a steady 1:1 response of amplitude r satisfies (r G(r))² + (Ω r)² = F², which
 * has one root (a resonance curve) or, for a compressive critical or subcritical oscillator, up to three.
 */

/** The canonical parameters the plots take. */
export interface HopfShape {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** G(r) above. */
export function growth(p: HopfShape, r: number): number {
  const r2 = r * r;
  return p.alpha + p.beta1 * r2 + (p.epsilon * p.beta2 * r2 * r2) / (1 - p.epsilon * r2);
}

/** dG/dr. */
export function growthSlope(p: HopfShape, r: number): number {
  const e = p.epsilon;
  const r2 = r * r;
  const d = 1 - e * r2;
  return 2 * p.beta1 * r + (e * p.beta2 * (4 * r * r2 * d + 2 * e * r2 * r2 * r)) / (d * d);
}

/** The largest amplitude the plots consider: just under the pole 1/√ε (or `cap` when ε = 0). */
export function amplitudeCeiling(epsilon: number, cap = 2): number {
  return epsilon > 0 ? Math.min(cap, 0.999 / Math.sqrt(epsilon)) : cap;
}

/** A point of the bifurcation diagram: α and the limit cycle's amplitude there, stable or not. */
export interface BranchPoint {
  alpha: number;
  r: number;
  stable: boolean;
}

/**
 * The limit cycles as α varies (β1, β2, ε fixed): the curve α(r) sampled at `samples` amplitudes in (0, ceiling).
 * @example
 * bifurcationBranch({ alpha: 0, beta1: -1, beta2: 0, epsilon: 0 }, 4).map((p) => p.stable); // supercritical: all stable
 */
export function bifurcationBranch(p: HopfShape, samples = 400, ceiling = amplitudeCeiling(p.epsilon)): BranchPoint[] {
  const out: BranchPoint[] = [];
  for (let i = 1; i <= samples; i++) {
    const r = (ceiling * i) / samples;
    const q = { ...p, alpha: 0 };
    const alpha = -growth(q, r);
    // G depends on α only through its constant term, so G′ is the same along the branch.
    out.push({ alpha, r, stable: growthSlope(q, r) < 0 });
  }
  return out;
}

/** The stable amplitudes at `p.alpha` (0 when the origin attracts), largest first. */
export function attractors(p: HopfShape, ceiling = amplitudeCeiling(p.epsilon)): number[] {
  const roots = rootsOf((r) => growth(p, r), 1e-6, ceiling).filter((r) => growthSlope(p, r) < 0);
  if (p.alpha < 0) roots.push(0);
  return roots.sort((a, b) => b - a);
}

/**
 * The steady amplitudes of the forced oscillator at detuning Ω (rad/s) under forcing F: every root of
 * (r G(r))² + (Ω r)² = F² in (0, ceiling), smallest first.
 * @example
 * steadyAmplitudes({ alpha: -1, beta1: 0, beta2: 0, epsilon: 0 }, 0, 0.5); // linear, on resonance: [F/|α|] = [0.5]
 */
export function steadyAmplitudes(p: HopfShape, detuning: number, forcing: number, ceiling = amplitudeCeiling(p.epsilon)): number[] {
  const F2 = forcing * forcing;
  return rootsOf((r) => {
    const g = r * growth(p, r);
    return g * g + detuning * detuning * r * r - F2;
  }, 1e-9, ceiling);
}

/** The roots of f on [lo, hi]: sign changes on a fine grid, each refined by bisection. */
function rootsOf(f: (r: number) => number, lo: number, hi: number, grid = 2000): number[] {
  const roots: number[] = [];
  let a = lo;
  let fa = f(a);
  for (let i = 1; i <= grid; i++) {
    const b = lo + ((hi - lo) * i) / grid;
    const fb = f(b);
    if (fa === 0) roots.push(a);
    else if (fa * fb < 0) {
      let x0 = a;
      let x1 = b;
      let f0 = fa;
      for (let k = 0; k < 60; k++) {
        const m = 0.5 * (x0 + x1);
        const fm = f(m);
        if (f0 * fm <= 0) x1 = m;
        else {
          x0 = m;
          f0 = fm;
        }
      }
      roots.push(0.5 * (x0 + x1));
    }
    a = b;
    fa = fb;
  }
  return roots;
}

/** Which regime the parameters are in, in words (for the plot's title). */
export function regimeName(p: HopfShape): string {
  const branch = bifurcationBranch(p, 200);
  const unstable = branch.some((b) => !b.stable);
  if (p.beta1 < 0 && !unstable) return p.alpha < 0 ? 'supercritical, at rest' : 'supercritical, a limit cycle';
  if (!unstable) return 'no stable limit cycle';
  const n = attractors(p).filter((r) => r > 0).length;
  if (p.alpha < 0 && n > 0) return 'double limit cycle (bistable: rest and a cycle)';
  return p.alpha < 0 ? 'subcritical, at rest' : 'subcritical, a limit cycle';
}
