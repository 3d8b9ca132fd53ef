/**
 * The worm's body: the 2-D visco-elastic model of Boyle, Berri & Cohen (2012, Front Comput Neurosci 6:10, §2.1 and
 * Fig. 2), integrated by a linearly implicit Euler step with an analytic banded Jacobian.
 *
 * Geometry. N segments between N + 1 rigid rods that lie across the body. Rod i has centre X_i = (x_i, y_i) and angle
 * φ_i; its dorsal and ventral ends are P_i^{D,V} = X_i ± R_i e(φ_i), e(φ) = (cos φ, sin φ), and e′(φ) =
 * (−sin φ, cos φ) points along the body. The radius follows a prolate profile
 * R_i = (D/2)·|sin(arccos((i − N/2)/(N/2 + 0.2)))| (BBC 2012, §2.1).
 *
 * Elements. Each segment holds four visco-elastic elements: a dorsal and a ventral lateral element (muscle side) and
 * two diagonals. With length L and S > 0 meaning "pushes its ends apart" (BBC's sign):
 *   lateral:  S = k_PE(L0 − L) + k_AE·A·(L0_AE − L) − (D_PE + A·D_AE)·dL/dt,  L0_AE = L0 − A(L0 − L_min)
 *   diagonal: S = k_DE(L0_D − L) − D_DE·dL/dt
 * with A ∈ [0, 1] the muscle activation of that side of the segment. (BBC's passive term also has a stiffening
 * H(L − L0)·(2(L − L0))⁴ in metres: below 10⁻¹⁵ of the linear term at any strain the body reaches, so it is left out.)
 *
 * Environment. Inertia is negligible (Reynolds number ~10⁻³): forces balance anisotropic resistive drag at every
 * rod end, C_∥ along the body and C_⊥ across it (resistive-force theory). For a rigid rod with half the rod's drag at
 * each end this gives, per rod, translation drag C_⊥ e eᵀ + C_∥ e′e′ᵀ and rotation drag C_∥ R², i.e. BBC's
 * dφ/dt = 2F_odd/(R·C_L) — the paper's form; their program divides by 2πR instead (docs/design/worm.md).
 *
 * Equations of motion. In generalised coordinates q = (x_i, y_i, φ_i), with g_e = ∂L_e/∂q:
 *   M(q) q̇ = F(q),  M = C_drag(q) + Σ_e D_e g_e g_eᵀ,  F = Σ_e S_e^el g_e.
 * Step (linearly implicit Euler on the mass-matrix form; a first-order W-method, Hairer & Wanner, Solving ODEs II,
 * §IV.7 — consistent with any matrix in place of the exact Jacobian):
 *   (M + h·Σ_e k_e g_e g_eᵀ) Δq = h F(q_n),  q_{n+1} = q_n + Δq,
 * where Σ k_e g_e g_eᵀ is the elastic stiffness −∂F/∂q without its geometric part S_e ∂²L_e/∂q² (non-stiff: |S|/L
 * stays below 1 % of the diagonal stiffness). The matrix is symmetric positive definite, and every element couples
 * only rods i and i + 1, so with q ordered rod by rod it is banded with 5 super-diagonals: a step costs one assembly
 * and one band LDLᵀ of 3(N + 1) unknowns. On the linearised system the step is L-stable; the fastest rate of
 * M⁻¹K is bounded by max_e k_e/D_e (100 s⁻¹ for the diagonals), so h = 1 ms resolves every mode (hλ ≤ 0.1).
 */
import { SymmetricBandMatrix, bandLdltFactor, bandLdltSolve } from '../../../math/banded.js';

/** Mechanical parameters of the body (SI units). */
export interface BodyParams {
  /** Number of segments N (rods: N + 1). */
  segments: number;
  lengthM: number;
  diameterM: number;
  /** Lateral passive stiffness for a 24-segment body; scaled by N/24 (BBC 2012: 10 mN/m). */
  passiveStiffness24NPerM: number;
  /** D_PE / k_PE (BBC: 0.025 s). */
  passiveDampingTimeS: number;
  /** k_AE / k_PE (BBC: 20). */
  activeToPassiveStiffness: number;
  /** D_AE / (k_AE/k_PE · D_PE) (BBC: 5). */
  activeDampingFactor: number;
  /** k_DE / k_PE (BBC: 350). */
  diagonalToPassiveStiffness: number;
  /** D_DE / k_DE (BBC: 0.01 s). */
  diagonalDampingTimeS: number;
  /** Fully active muscle shortens its rest length by this fraction of (R_i + R_{i+1})/D (BBC: 0.65). */
  maxContraction: number;
}

/** Drag coefficients per rod (kg/s). */
export interface RodDrag {
  alongBody: number;
  acrossBody: number;
}

/** BBC 2012 body, 48 segments. */
export const DEFAULT_BODY: BodyParams = {
  segments: 48,
  lengthM: 1e-3,
  diameterM: 80e-6,
  passiveStiffness24NPerM: 10e-3,
  passiveDampingTimeS: 0.025,
  activeToPassiveStiffness: 20,
  activeDampingFactor: 5,
  diagonalToPassiveStiffness: 350,
  diagonalDampingTimeS: 0.01,
  maxContraction: 0.65,
};

/** Band of the step matrix: rods i and i + 1 share elements, so entries lie within 5 of the diagonal. */
const BANDWIDTH = 5;
const WIDTH = BANDWIDTH + 1;
/** Ends joined by the four elements of a segment: D→D, V→V, D→V, V→D. */
const SA = [1, -1, 1, -1] as const;
const SB = [1, -1, -1, 1] as const;

/**
 * The body as a steppable mechanical system. Allocates everything at construction; {@link WormBody.step} allocates
 * nothing.
 * @example
 * const body = new WormBody(DEFAULT_BODY, { alongBody: 3.3e-6 / 98, acrossBody: 5.2e-6 / 98 });
 * body.dorsalActivation.fill(0.3); body.step(0.001); // the body bends dorsally
 */
export class WormBody {
  readonly segments: number;
  readonly rods: number;
  /** State q: x, y (m), φ (rad) for each rod, head first. */
  readonly q: Float64Array;
  /** Rod radii R_i (m). */
  readonly radius: Float64Array;
  /** Lateral rest lengths L0_i and diagonal rest lengths L0D_i (m). */
  readonly restLength: Float64Array;
  readonly diagonalRestLength: Float64Array;
  readonly minLength: Float64Array;
  /** Muscle activation of each segment's dorsal and ventral side, 0–1, set before each step. */
  readonly dorsalActivation: Float64Array;
  readonly ventralActivation: Float64Array;
  /** Lateral element lengths after the last step (m): what the stretch receptors read. */
  readonly dorsalLength: Float64Array;
  readonly ventralLength: Float64Array;
  /** The same one step earlier. */
  readonly previousDorsalLength: Float64Array;
  readonly previousVentralLength: Float64Array;
  readonly segmentLengthM: number;

  private readonly kPE: number;
  private readonly dPE: number;
  private readonly kAE: number;
  private readonly dAE: number;
  private readonly kDE: number;
  private readonly dDE: number;
  private cAlong: number;
  private cAcross: number;
  private readonly matrix: SymmetricBandMatrix;
  private readonly rhs: Float64Array;
  private readonly cosPhi: Float64Array;
  private readonly sinPhi: Float64Array;
  /** The angles cosPhi and sinPhi were computed for (NaN: none), so a step reuses the last measurement's. */
  private readonly trigPhi: Float64Array;
  private readonly accumulator = new Float64Array(14);
  private readonly elementStiffness = new Float64Array(4);
  private readonly elementDamping = new Float64Array(4);
  private readonly elementStiffnessRestLength = new Float64Array(4);

  constructor(readonly params: BodyParams, drag: RodDrag) {
    const n = params.segments;
    if (!(Number.isInteger(n) && n >= 4)) throw new RangeError(`body needs at least 4 segments, got ${n}`);
    this.segments = n;
    this.rods = n + 1;
    const D = params.diameterM;
    this.segmentLengthM = params.lengthM / n;
    this.radius = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) this.radius[i] = (D / 2) * Math.abs(Math.sin(Math.acos((i - n / 2) / (n / 2 + 0.2))));
    this.restLength = new Float64Array(n);
    this.diagonalRestLength = new Float64Array(n);
    this.minLength = new Float64Array(n);
    const ls = this.segmentLengthM;
    for (let i = 0; i < n; i++) {
      const r0 = this.radius[i]!;
      const r1 = this.radius[i + 1]!;
      this.restLength[i] = Math.sqrt(ls * ls + (r0 - r1) ** 2);
      this.diagonalRestLength[i] = Math.sqrt(ls * ls + (r0 + r1) ** 2);
      this.minLength[i] = this.restLength[i]! * (1 - (params.maxContraction * (r0 + r1)) / D);
    }
    this.kPE = (n / 24) * params.passiveStiffness24NPerM;
    this.dPE = params.passiveDampingTimeS * this.kPE;
    this.kAE = params.activeToPassiveStiffness * this.kPE;
    this.dAE = params.activeDampingFactor * params.activeToPassiveStiffness * this.dPE;
    this.kDE = params.diagonalToPassiveStiffness * this.kPE;
    this.dDE = params.diagonalDampingTimeS * this.kDE;
    this.cAlong = drag.alongBody;
    this.cAcross = drag.acrossBody;
    this.q = new Float64Array(3 * (n + 1));
    this.dorsalActivation = new Float64Array(n);
    this.ventralActivation = new Float64Array(n);
    this.dorsalLength = new Float64Array(n);
    this.ventralLength = new Float64Array(n);
    this.previousDorsalLength = new Float64Array(n);
    this.previousVentralLength = new Float64Array(n);
    this.matrix = new SymmetricBandMatrix(3 * (n + 1), BANDWIDTH);
    this.rhs = new Float64Array(3 * (n + 1));
    this.cosPhi = new Float64Array(n + 1);
    this.sinPhi = new Float64Array(n + 1);
    this.trigPhi = new Float64Array(n + 1).fill(NaN);
    this.straighten();
  }

  /** Lays the body straight along +x from the origin, head (rod 0) at x = 0, rods across (φ = π/2) (BBC 2012). */
  straighten(): void {
    for (let i = 0; i <= this.segments; i++) {
      this.q[3 * i] = i * this.segmentLengthM;
      this.q[3 * i + 1] = 0;
      this.q[3 * i + 2] = Math.PI / 2;
    }
    this.measureLateralLengths();
    this.previousDorsalLength.set(this.dorsalLength);
    this.previousVentralLength.set(this.ventralLength);
  }

  /** Changes the drag (the environment) between steps. */
  setDrag(drag: RodDrag): void {
    this.cAlong = drag.alongBody;
    this.cAcross = drag.acrossBody;
  }

  /** Advances the body by h seconds (one linearly implicit Euler step). */
  step(h: number): void {
    const { q, rods, segments, matrix, rhs, cosPhi, sinPhi, trigPhi, radius } = this;
    const A = matrix.data;
    A.fill(0);
    rhs.fill(0);
    const cn = this.cAcross;
    const cl = this.cAlong;
    for (let i = 0; i < rods; i++) {
      // The angles are usually those measureLateralLengths just took the cosines and sines of (q unchanged since).
      const phi = q[3 * i + 2]!;
      if (phi !== trigPhi[i]) {
        cosPhi[i] = Math.cos(phi);
        sinPhi[i] = Math.sin(phi);
        trigPhi[i] = phi;
      }
      const c = cosPhi[i]!;
      const s = sinPhi[i]!;
      // Drag block of rod i: C_⊥ e eᵀ + C_∥ e′e′ᵀ for (x, y), C_∥ R² for φ.
      const b = 3 * i * WIDTH;
      const rr = radius[i]!;
      A[b] = cn * c * c + cl * s * s; // (x, x)
      A[b + 1] = (cn - cl) * c * s; // (x, y)
      A[b + WIDTH] = cn * s * s + cl * c * c; // (y, y)
      A[b + 2 * WIDTH] = cl * rr * rr; // (φ, φ)
    }
    const kPE = this.kPE;
    const kAE = this.kAE;
    const dPE = this.dPE;
    const dAE = this.dAE;
    const kDE = this.kDE;
    const dDE = this.dDE;
    const acc = this.accumulator;
    const ek = this.elementStiffness;
    const ed = this.elementDamping;
    const ekl = this.elementStiffnessRestLength;
    // Element e of segment i joins end SA[e] of rod i to end SB[e] of rod i + 1 (+1 dorsal, −1 ventral): the two
    // lateral elements D→D and V→V, then the diagonals D→V and V→D. Written out in one loop (no calls: V8 boxes
    // the doubles passed to and returned from functions it does not inline).
    for (let i = 0; i < segments; i++) {
      const l0 = this.restLength[i]!;
      const shortening = l0 - this.minLength[i]!;
      const i3 = 3 * i;
      const ca = cosPhi[i]!;
      const sA = sinPhi[i]!;
      const cb = cosPhi[i + 1]!;
      const sB = sinPhi[i + 1]!;
      const xa = q[i3]!;
      const ya = q[i3 + 1]!;
      const xb = q[i3 + 3]!;
      const yb = q[i3 + 4]!;
      // g = ∂L/∂q over (x_i, y_i, φ_i, x_{i+1}, y_{i+1}, φ_{i+1}) is (−u, g2, u, g5): its outer product has ten
      // distinct entries, summed over the segment's four elements before the block is written once.
      // Stiffness k, damping d and Σ k_j L0_j of the four elements. Lateral: S = k_PE(L0 − L) + k_AE·A·(L0 −
      // A(L0 − L_min) − L), damping D_PE + A·D_AE; diagonal: S = k_DE(L0D − L), damping D_DE. (Staged through small
      // arrays and accumulated in one: written as branches and loop-carried locals, V8 boxed doubles on the heap.)
      clampInto(ek, 0, this.dorsalActivation, i);
      clampInto(ek, 1, this.ventralActivation, i);
      const aD = ek[0]!;
      const aV = ek[1]!;
      ek[0] = kPE + kAE * aD;
      ed[0] = dPE + aD * dAE;
      ekl[0] = kPE * l0 + kAE * aD * (l0 - aD * shortening);
      ek[1] = kPE + kAE * aV;
      ed[1] = dPE + aV * dAE;
      ekl[1] = kPE * l0 + kAE * aV * (l0 - aV * shortening);
      ek[2] = ek[3] = kDE;
      ed[2] = ed[3] = dDE;
      ekl[2] = ekl[3] = kDE * this.diagonalRestLength[i]!;
      acc.fill(0);
      for (let e = 0; e < 4; e++) {
        const k = ek[e]!;
        const d = ed[e]!;
        const kL0 = ekl[e]!;
        const ra = SA[e]! * radius[i]!;
        const rb = SB[e]! * radius[i + 1]!;
        const dx = xb + rb * cb - xa - ra * ca;
        const dy = yb + rb * sB - ya - ra * sA;
        const L = Math.sqrt(dx * dx + dy * dy);
        const ux = dx / L;
        const uy = dy / L;
        // ∂P/∂φ_i = ra e′_i and ∂Q/∂φ_{i+1} = rb e′_{i+1} give the rotation components of g.
        const g2 = ra * (ux * sA - uy * ca);
        const g5 = rb * (uy * cb - ux * sB);
        // (d + h·k) g gᵀ into the matrix, h·S·g into the right-hand side.
        const alpha = d + h * k;
        const f = h * (kL0 - k * L);
        const aux = alpha * ux;
        const auy = alpha * uy;
        acc[0] += aux * ux;
        acc[1] += aux * uy;
        acc[2] += auy * uy;
        acc[3] += aux * g2;
        acc[4] += auy * g2;
        acc[5] += alpha * g2 * g2;
        acc[6] += aux * g5;
        acc[7] += auy * g5;
        acc[8] += alpha * g2 * g5;
        acc[9] += alpha * g5 * g5;
        acc[10] += f * ux;
        acc[11] += f * uy;
        acc[12] += f * g2;
        acc[13] += f * g5;
      }
      const pxx = acc[0]!, pxy = acc[1]!, pyy = acc[2]!, px2 = acc[3]!, py2 = acc[4]!, p22 = acc[5]!, px5 = acc[6]!;
      const py5 = acc[7]!, p25 = acc[8]!, p55 = acc[9]!, fx = acc[10]!, fy = acc[11]!, f2 = acc[12]!, f5 = acc[13]!;
      // Upper band, row r of the block at (i3 + r)·WIDTH, column c at offset c − r.
      const r0 = i3 * WIDTH;
      const r1 = r0 + WIDTH;
      const r2 = r1 + WIDTH;
      const r3 = r2 + WIDTH;
      const r4 = r3 + WIDTH;
      const r5 = r4 + WIDTH;
      A[r0] = A[r0]! + pxx; A[r0 + 1] = A[r0 + 1]! + pxy; A[r0 + 2] = A[r0 + 2]! - px2;
      A[r0 + 3] = A[r0 + 3]! - pxx; A[r0 + 4] = A[r0 + 4]! - pxy; A[r0 + 5] = A[r0 + 5]! - px5;
      A[r1] = A[r1]! + pyy; A[r1 + 1] = A[r1 + 1]! - py2; A[r1 + 2] = A[r1 + 2]! - pxy;
      A[r1 + 3] = A[r1 + 3]! - pyy; A[r1 + 4] = A[r1 + 4]! - py5;
      A[r2] = A[r2]! + p22; A[r2 + 1] = A[r2 + 1]! + px2; A[r2 + 2] = A[r2 + 2]! + py2; A[r2 + 3] = A[r2 + 3]! + p25;
      A[r3] = A[r3]! + pxx; A[r3 + 1] = A[r3 + 1]! + pxy; A[r3 + 2] = A[r3 + 2]! + px5;
      A[r4] = A[r4]! + pyy; A[r4 + 1] = A[r4 + 1]! + py5;
      A[r5] = A[r5]! + p55;
      rhs[i3] = rhs[i3]! - fx;
      rhs[i3 + 1] = rhs[i3 + 1]! - fy;
      rhs[i3 + 2] = rhs[i3 + 2]! + f2;
      rhs[i3 + 3] = rhs[i3 + 3]! + fx;
      rhs[i3 + 4] = rhs[i3 + 4]! + fy;
      rhs[i3 + 5] = rhs[i3 + 5]! + f5;
    }
    bandLdltFactor(matrix);
    bandLdltSolve(matrix, rhs);
    for (let k = 0; k < q.length; k++) q[k] = q[k]! + rhs[k]!;
    this.previousDorsalLength.set(this.dorsalLength);
    this.previousVentralLength.set(this.ventralLength);
    this.measureLateralLengths();
  }

  /** Recomputes the lateral element lengths at the current state (what the stretch receptors read). */
  measureLateralLengths(): void {
    const { q, radius, segments, cosPhi, sinPhi, trigPhi } = this;
    for (let i = 0; i <= segments; i++) {
      const phi = q[3 * i + 2]!;
      cosPhi[i] = Math.cos(phi);
      sinPhi[i] = Math.sin(phi);
      trigPhi[i] = phi;
    }
    for (let i = 0; i < segments; i++) {
      const i3 = 3 * i;
      const ca = cosPhi[i]!;
      const sa = sinPhi[i]!;
      const cb = cosPhi[i + 1]!;
      const sb = sinPhi[i + 1]!;
      const ra = radius[i]!;
      const rb = radius[i + 1]!;
      const bx = q[i3 + 3]! - q[i3]!;
      const by = q[i3 + 4]! - q[i3 + 1]!;
      const ex = rb * cb - ra * ca;
      const ey = rb * sb - ra * sa;
      this.dorsalLength[i] = Math.sqrt((bx + ex) ** 2 + (by + ey) ** 2);
      this.ventralLength[i] = Math.sqrt((bx - ex) ** 2 + (by - ey) ** 2);
    }
  }

  /** Centre of the body (mean of the rod centres), metres. */
  centroid(out: { x: number; y: number }): { x: number; y: number } {
    let x = 0;
    let y = 0;
    for (let i = 0; i < this.rods; i++) {
      x += this.q[3 * i]!;
      y += this.q[3 * i + 1]!;
    }
    out.x = x / this.rods;
    out.y = y / this.rods;
    return out;
  }
}

/**
 * scratch[slot] = source[index] clipped to [0, 1]. Only arrays and integers cross the call: a plain
 * `x < 0 ? 0 : x` merges integer and double values, and a double passed to or returned from a call that V8 does
 * not inline is boxed on the heap — whenever the inlining budget runs out before this call (as it does with
 * --no-turbo-inlining: 12.6 MB of boxed doubles in 30 s of simulation when the value and the result crossed it).
 */
function clampInto(scratch: Float64Array, slot: number, source: Float64Array, index: number): void {
  const x = source[index]!;
  scratch[slot] = x;
  if (x < 0) scratch[slot] = 0;
  else if (x > 1) scratch[slot] = 1;
}
