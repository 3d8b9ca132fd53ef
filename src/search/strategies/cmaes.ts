/**
 * CMA-ES, the covariance matrix adaptation evolution strategy, as given in Hansen's tutorial ("The CMA Evolution
 * Strategy: A Tutorial", arXiv:1604.00772, 2016, Table 1 and Algorithm 1 with positive recombination weights).
 * Each generation samples λ points x_k = m + σ·B·D·z_k, z_k ~ N(0, I), with C = B·D²·Bᵀ, and updates
 *
 *   m ← m + σ·⟨y⟩_w,                       ⟨y⟩_w = Σ_{i≤μ} w_i·y_{i:λ},  y = (x − m)/σ
 *   p_σ ← (1 − c_σ)·p_σ + √(c_σ(2 − c_σ)μ_eff) · C^{−½}·⟨y⟩_w
 *   p_c ← (1 − c_c)·p_c + h_σ·√(c_c(2 − c_c)μ_eff) · ⟨y⟩_w
 *   C ← (1 − c_1 − c_μ)·C + c_1·(p_c·p_cᵀ + δ(h_σ)·C) + c_μ·Σ w_i·y_{i:λ}·y_{i:λ}ᵀ
 *   σ ← σ·exp((c_σ/d_σ)·(‖p_σ‖/E‖N(0, I)‖ − 1))
 *
 * with the tutorial's default constants. Bounds: a sample outside the unit box is evaluated at its projection
 * onto the box and ranked by that value plus a penalty growing with the squared distance to the box (a simple
 * form of the tutorial's B.3 boundary handling), so the distribution is pulled back without being truncated.
 */
import { flatMatrix } from '../../math/flat-matrix.js';
import type { Random } from '../../math/random.js';
import { symmetricEigen } from '../../math/symmetric-eigen.js';
import { generatorStrategy, type SearchStrategy, type StrategyGenerator } from './strategy.js';

/** Options of {@link cmaes}. */
export interface CmaesOptions {
  /** Initial mean m₀ in [0, 1]ⁿ. */
  start: ArrayLike<number>;
  /** Initial step size σ₀ (unit box). */
  sigma?: number;
  /** λ; default 4 + ⌊3 ln n⌋. */
  populationSize?: number;
  /** Stops when σ·max(D) falls below this. */
  tolerance?: number;
  rng: Random;
}

/** The default population size 4 + ⌊3 ln n⌋ (Hansen 2016, Table 1). */
export function defaultPopulationSize(n: number): number {
  return 4 + Math.floor(3 * Math.log(n));
}

function* cmaesSteps(options: CmaesOptions): StrategyGenerator {
  const n = options.start.length;
  const rng = options.rng;
  const lambda = options.populationSize ?? defaultPopulationSize(n);
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const sumW = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((x) => x / sumW);
  const muEff = 1 / w.reduce((a, b) => a + b * b, 0);
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const tol = options.tolerance ?? 1e-9;

  const mean = Float64Array.from(options.start);
  let sigma = options.sigma ?? 0.3;
  const pSigma = new Float64Array(n);
  const pc = new Float64Array(n);
  const C = flatMatrix(n, n);
  for (let i = 0; i < n; i++) C.data[i * n + i] = 1;
  let B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) B[i * n + i] = 1;
  let D = new Float64Array(n).fill(1);
  const z = new Float64Array(n);
  for (let generation = 0; ; generation++) {
    const ys: Float64Array[] = [];
    const xs: Float64Array[] = [];
    const penalties: number[] = [];
    for (let k = 0; k < lambda; k++) {
      rng.fillNormal(z);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += B[i * n + j]! * D[j]! * z[j]!;
        y[i] = s;
      }
      const x = Float64Array.from(y, (yi, i) => mean[i]! + sigma * yi);
      let out = 0;
      for (let i = 0; i < n; i++) {
        const c = Math.min(1, Math.max(0, x[i]!));
        out += (x[i]! - c) ** 2;
        x[i] = c;
      }
      ys.push(y);
      xs.push(x);
      penalties.push(out);
    }
    const values = yield xs;
    const finite = values.filter(Number.isFinite);
    const scale = finite.length ? Math.max(1e-12, Math.max(...finite.map(Math.abs))) : 1;
    const ranked = values.map((v, k) => (Number.isFinite(v) ? v : Infinity) + (penalties[k]! > 0 ? (1 + scale) * 1e2 * penalties[k]! : 0));
    const order = ranked.map((_, k) => k).sort((a, b) => ranked[a]! - ranked[b]! || a - b);
    // The step actually taken by a projected sample is its projection's: recombine those, not the raw draws.
    const steps = order.slice(0, mu).map((k) => Float64Array.from(xs[k]!, (x, i) => (x - mean[i]!) / sigma));
    const yw = new Float64Array(n);
    for (let r = 0; r < mu; r++) for (let i = 0; i < n; i++) yw[i] = yw[i]! + w[r]! * steps[r]![i]!;
    for (let i = 0; i < n; i++) mean[i] = mean[i]! + sigma * yw[i]!;
    // C^{-1/2}·yw = B·D⁻¹·Bᵀ·yw
    const bt = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += B[i * n + j]! * yw[i]!;
      bt[j] = s / D[j]!;
    }
    const cs = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    let normPs = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += B[i * n + j]! * bt[j]!;
      pSigma[i] = (1 - cSigma) * pSigma[i]! + cs * s;
      normPs += pSigma[i]! ** 2;
    }
    normPs = Math.sqrt(normPs);
    const hSigma = normPs / Math.sqrt(1 - (1 - cSigma) ** (2 * (generation + 1))) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
    const ccs = Math.sqrt(cc * (2 - cc) * muEff);
    for (let i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i]! + hSigma * ccs * yw[i]!;
    const deltaH = (1 - hSigma) * cc * (2 - cc);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let r = 0; r < mu; r++) rankMu += w[r]! * steps[r]![i]! * steps[r]![j]!;
        const v = (1 - c1 - cMu) * C.data[i * n + j]! + c1 * (pc[i]! * pc[j]! + deltaH * C.data[i * n + j]!) + cMu * rankMu;
        C.data[i * n + j] = v;
        C.data[j * n + i] = v;
      }
    }
    sigma *= Math.exp((cSigma / dSigma) * (normPs / chiN - 1));
    const eig = symmetricEigen(C);
    B = eig.vectors.data.slice();
    D = Float64Array.from(eig.values, (v) => Math.sqrt(Math.max(v, 1e-300)));
    const maxD = Math.max(...D);
    if (!Number.isFinite(sigma) || sigma * maxD < tol) return `converged: σ·max(D) = ${(sigma * maxD).toExponential(2)} below ${tol}`;
    if (maxD / Math.min(...D) > 1e7) return 'stopped: the covariance matrix became ill-conditioned (condition number above 10¹⁴)';
  }
}

/**
 * A CMA-ES search over the unit box.
 * @example
 * const s = cmaes({ start: [0.5, 0.5, 0.5], rng: createRandom(1) });
 * s.ask()?.length; // → 7 — λ = 4 + ⌊3 ln 3⌋
 */
export function cmaes(options: CmaesOptions): SearchStrategy {
  return generatorStrategy(cmaesSteps(options));
}
