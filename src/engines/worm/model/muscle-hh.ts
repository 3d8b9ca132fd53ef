/**
 * Hodgkin–Huxley-style body-wall muscles after Boyle & Cohen (2008, "Caenorhabditis elegans body wall muscles are
 * simple actuators", BioSystems 94:170–181), fitted to the voltage-clamp and current-clamp recordings of Jospin et
 * al. (2002) — one compartment per muscle cell:
 *
 *   C dV/dt = −(I_Ca + I_Ks + I_Kf + I_L) + I_in
 *   I_Ca = g_Ca e² f (1 + (h − 1) α_Ca)(V − E_Ca)     EGL-19, L-type Ca²⁺ (voltage- and Ca²⁺-inactivated)
 *   I_Ks = g_Ks n (V − E_Ks)                           slow, non-inactivating K⁺
 *   I_Kf = g_Kf p⁴ q (V − E_Kf)                        fast, inactivating K⁺ (SHK-1 / Kv1-like repolarisation)
 *   I_L  = g_L (V − E_L)
 *   dx/dt = (x∞(V) − x)/τ_x, x∞ = 1/(1 + exp((V½ − V)/k)), x ∈ {n, p, q, e, f}
 *   h = 1/(1 + exp((Ca½ − [Ca])/k_h)),  d[Ca]/dt = −[Ca]/τ_Ca − θ_Ca I_Ca,  θ_Ca = 6.1·10⁻⁶/(τ_Ca g_Ca)
 *
 * (docs/design/worm.md: the K⁺ currents are phenomenological — the SHK-1 / EXP-2 naming is ours.) The
 * refractory period is not a parameter: after an action potential the slow K⁺ current (gate n, τ 25 ms) stays open
 * and the cell hyperpolarised, so a second near-threshold stimulus fails until n has closed again —
 * {@link measureRefractoryPeriod} finds 68 ms with the published kinetics; halving τ_n gives 46 ms, doubling it
 * 97 ms, while the Ca²⁺-channel inactivation (f, τ 151 ms) barely matters at 1.1 × threshold.
 *
 * Excitation–contraction: the contractile activation follows the Ca²⁺ pool through a Hill function, low-pass
 * filtered like BBC's muscle (τ 0.1 s): τ dA/dt = [Ca]ⁿ/([Ca]ⁿ + K^n) − A.
 *
 * Numerics: each gate takes the exponential (Rush–Larsen) step with x∞ from a table over V (0.01 mV spacing, linear
 * interpolation), exact for the gate's linear ODE at frozen V; V takes a backward-Euler step, linear in V at frozen
 * gates (the conductances are what make it stiff); [Ca] an exponential step. Sub-steps of 0.25 ms inside each
 * 1 ms engine step. Everything is allocated at construction.
 */
import type { HhMuscleParams } from './params.js';
import { MUSCLE_COUNT } from './muscles.js';

const GATES = ['n', 'p', 'q', 'e', 'f'] as const;
/** Voltage table: −150 … +100 mV in 0.01 mV steps. */
const TABLE_MIN_MV = -150;
const TABLE_MAX_MV = 100;
const TABLE_STEP_MV = 0.01;
const TABLE_SIZE = Math.round((TABLE_MAX_MV - TABLE_MIN_MV) / TABLE_STEP_MV) + 1;

/** A bank of HH muscle cells (95 by default), each with its own synaptic current. */
export class HhMuscles {
  readonly count: number;
  /** Membrane potential (mV), gates, Ca²⁺ (model units) and contractile activation 0–1. */
  readonly voltage: Float64Array;
  readonly calcium: Float64Array;
  readonly activation: Float64Array;
  private readonly gates: Float64Array[];
  private readonly tables: Float64Array[];
  private readonly capacitance: number;
  private readonly g: { ks: number; kf: number; ca: number; leak: number };
  private readonly substep: number;
  private readonly gateDecay = new Float64Array(5);
  private caDecay = 0;
  private forceDecay = 0;
  private prepared = NaN;
  private stepS = NaN;
  private substeps = 1;
  private readonly thetaCa: number;
  private readonly noInhibition: Float64Array;

  constructor(readonly p: HhMuscleParams, count = MUSCLE_COUNT) {
    this.count = count;
    this.voltage = new Float64Array(count);
    this.calcium = new Float64Array(count);
    this.activation = new Float64Array(count);
    this.noInhibition = new Float64Array(count);
    this.gates = GATES.map(() => new Float64Array(count));
    this.tables = GATES.map((x) => {
      const t = new Float64Array(TABLE_SIZE);
      for (let k = 0; k < TABLE_SIZE; k++) {
        const v = TABLE_MIN_MV + k * TABLE_STEP_MV;
        t[k] = 1 / (1 + Math.exp((p.halfMV[x] - v) / p.slopeMV[x]));
      }
      return t;
    });
    // Units: pF, nS, mV, ms, pA → dV/dt in mV/ms = pA/pF. g in nS = (S/F)·C(pF)·1e-3.
    this.capacitance = p.capacitancePF;
    const c = p.capacitancePF * 1e-3;
    this.g = { ks: p.gKsPerF * c, kf: p.gKfPerF * c, ca: p.gCaPerF * c, leak: p.gLeakPerF * c };
    this.substep = p.substepMs;
    // θ_Ca = 6.1e-6/(τ_Ca g_Ca) in SI (s, S, A); here I_Ca in pA and t in ms: Ca per ms per pA.
    this.thetaCa = (p.caEntry / ((p.tauCaMs * 1e-3) * (this.g.ca * 1e-9))) * 1e-12 * 1e-3;
    this.reset();
  }

  /** Puts every cell at its resting state (found by integrating without input). */
  reset(): void {
    this.voltage.fill(-30);
    for (let x = 0; x < 5; x++) for (let i = 0; i < this.count; i++) this.gates[x]![i] = this.gateInf(x, -30);
    this.calcium.fill(0);
    this.activation.fill(0);
    this.prepare(0.5);
    this.stepS = NaN;
    this.integrate(this.noInhibition, this.noInhibition, 6000, 1, 0); // 3 s at 0.5 ms without input
    this.activation.fill(0);
  }

  private gateInf(x: number, v: number): number {
    const p = this.p;
    const name = GATES[x]!;
    return 1 / (1 + Math.exp((p.halfMV[name] - v) / p.slopeMV[name]));
  }

  /**
   * Advances all cells by h seconds with their NMJ input: the excitatory (cholinergic) part injects
   * excitation × currentPerDrivePA, the inhibitory (GABAergic) part opens a Cl⁻ conductance
   * inhibition × inhibitoryNSPerDrive with reversal inhibitoryReversalMV.
   */
  step(h: number, excitation: Float64Array, inhibition: Float64Array): void {
    if (h !== this.stepS) {
      this.stepS = h;
      this.substeps = Math.max(1, Math.round((h * 1000) / this.substep));
      this.prepare((h * 1000) / this.substeps);
    }
    this.integrate(excitation, inhibition, this.substeps, this.p.currentPerDrivePA, this.p.inhibitoryNSPerDrive);
  }

  /** Direct access for protocols: injects `currentPA[i]` pA into each cell for `steps` sub-steps of dtMs. */
  inject(dtMs: number, currentPA: Float64Array, steps: number): void {
    if (dtMs !== this.prepared) {
      this.stepS = NaN;
      this.prepare(dtMs);
    }
    this.integrate(currentPA, this.noInhibition, steps, 1, 0);
  }

  private prepare(dtMs: number): void {
    const p = this.p;
    GATES.forEach((x, k) => (this.gateDecay[k] = Math.exp(-dtMs / p.tauMs[x])));
    this.caDecay = Math.exp(-dtMs / p.tauCaMs);
    this.forceDecay = Math.exp(-dtMs / (p.forceTauS * 1000));
    this.prepared = dtMs;
  }

  /**
   * `steps` sub-steps of the prepared length with current drive[i] × scale pA and inhibitory conductance
   * inhibition[i] × gInh nS. Allocation-free.
   */
  private integrate(drive: Float64Array, inhibition: Float64Array, steps: number, scale: number, gInh: number): void {
    const eInh = this.p.inhibitoryReversalMV;
    const p = this.p;
    const dtMs = this.prepared;
    const V = this.voltage;
    const Ca = this.calcium;
    const A = this.activation;
    const count = this.count;
    const C = this.capacitance;
    const thetaCa = this.thetaCa;
    const gn = this.gates[0]!, gp = this.gates[1]!, gq = this.gates[2]!, ge = this.gates[3]!, gf = this.gates[4]!;
    const tn = this.tables[0]!, tp = this.tables[1]!, tq = this.tables[2]!, te = this.tables[3]!, tf = this.tables[4]!;
    const decay = this.gateDecay;
    const dn = decay[0]!, dp = decay[1]!, dq = decay[2]!, de = decay[3]!, df = decay[4]!;
    const ks = this.g.ks, kf = this.g.kf, ca = this.g.ca, leak = this.g.leak;
    const eKs = p.eKsMV, eKf = p.eKfMV, eCa = p.eCaMV, eL = p.eLeakMV;
    const alpha = p.alphaCa;
    const caHalf = p.caHalfInactivation, caSlope = p.caSlopeInactivation;
    const hillK = p.caHalfActivation, hillN = p.caHillCoefficient;
    const caDecay = this.caDecay, forceDecay = this.forceDecay;
    const caGain = thetaCa * p.tauCaMs * (1 - caDecay);
    const cOverDt = C / dtMs;
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < count; i++) {
        const v = V[i]!;
        // Table lookup of the five x∞(V).
        let pos = (v - TABLE_MIN_MV) / TABLE_STEP_MV;
        if (pos < 0) pos = 0;
        else if (pos > TABLE_SIZE - 2) pos = TABLE_SIZE - 2;
        const k = pos | 0;
        const fr = pos - k;
        const nInf = tn[k]! + fr * (tn[k + 1]! - tn[k]!);
        const pInf = tp[k]! + fr * (tp[k + 1]! - tp[k]!);
        const qInf = tq[k]! + fr * (tq[k + 1]! - tq[k]!);
        const eInf = te[k]! + fr * (te[k + 1]! - te[k]!);
        const fInf = tf[k]! + fr * (tf[k + 1]! - tf[k]!);
        // Rush–Larsen gate steps.
        const n = nInf + (gn[i]! - nInf) * dn;
        const pp = pInf + (gp[i]! - pInf) * dp;
        const q = qInf + (gq[i]! - qInf) * dq;
        const e = eInf + (ge[i]! - eInf) * de;
        const f = fInf + (gf[i]! - fInf) * df;
        gn[i] = n;
        gp[i] = pp;
        gq[i] = q;
        ge[i] = e;
        gf[i] = f;
        // Conductances at the new gates; backward Euler in V.
        const hIn = 1 / (1 + Math.exp((caHalf - Ca[i]!) / caSlope));
        const gCa = ca * e * e * f * (1 + (hIn - 1) * alpha);
        const gKs = ks * n;
        const p2 = pp * pp;
        const gKf = kf * p2 * p2 * q;
        const gI = inhibition[i]! * gInh;
        const gTot = gCa + gKs + gKf + leak + gI;
        const iIn = drive[i]! * scale;
        const vNew = (cOverDt * v + gCa * eCa + gKs * eKs + gKf * eKf + leak * eL + gI * eInh + iIn) / (cOverDt + gTot);
        V[i] = vNew;
        // Ca²⁺ pool: exponential step with the entry from I_Ca (pA, inward negative).
        const iCa = gCa * (vNew - eCa);
        const caNew = Ca[i]! * caDecay - iCa * caGain;
        Ca[i] = caNew > 0 ? caNew : 0;
        // Excitation–contraction coupling.
        const ratio = Ca[i]! / hillK;
        const cn = hillN === 2 ? ratio * ratio : Math.pow(ratio, hillN);
        const target = cn / (1 + cn);
        A[i] = target + (A[i]! - target) * forceDecay;
      }
    }
  }
}

/** Result of the paired-pulse protocol. */
export interface RefractoryMeasurement {
  /** Smallest current (pA) of a single pulse that fires an action potential. */
  thresholdPA: number;
  /** Test-pulse amplitude used (pA). */
  testPA: number;
  /** Shortest interval (ms) after which the second pulse fires again, after the interval where it fails. */
  refractoryMs: number;
  /** Peak potentials (mV) of the first and of a late second action potential. */
  firstPeakMV: number;
}

/**
 * Measures the refractory period of the HH muscle with the paired-pulse protocol of electrophysiology: find the
 * threshold of a single 5 ms current pulse (the action potential overshoots 0 mV), then give two pulses of
 * 1.1 × threshold separated by an increasing interval; the refractory period is the interval from which the second
 * pulse fires again. Run on one isolated cell at the model's own sub-step; nothing here sets the answer.
 * @example
 * const r = measureRefractoryPeriod(DEFAULT_PARAMS.muscles.hh); // r.refractoryMs ≈ tens of ms
 */
export function measureRefractoryPeriod(p: HhMuscleParams, options: { pulseMs?: number; factor?: number; resolutionMs?: number } = {}): RefractoryMeasurement {
  const pulseMs = options.pulseMs ?? 5;
  const factor = options.factor ?? 1.1;
  const dt = p.substepMs;
  const cell = new HhMuscles(p, 1);
  const rest = { v: cell.voltage[0]!, gates: [] as number[], ca: cell.calcium[0]! };
  const saveGates = (cell as unknown as { gates: Float64Array[] }).gates;
  rest.gates = saveGates.map((g) => g[0]!);
  const current = new Float64Array(1);
  const restore = (): void => {
    cell.voltage[0] = rest.v;
    cell.calcium[0] = rest.ca;
    saveGates.forEach((g, k) => (g[0] = rest.gates[k]!));
  };
  /** Runs pulses at the given onsets (ms); returns the peak voltage after `watchFrom` ms. */
  const run = (amp: number, onsets: number[], total: number, watchFrom: number): number => {
    restore();
    let peak = -Infinity;
    const steps = Math.round(total / dt);
    for (let s = 0; s < steps; s++) {
      const t = s * dt;
      current[0] = onsets.some((o) => t >= o && t < o + pulseMs) ? amp : 0;
      cell.inject(dt, current, 1);
      if (t >= watchFrom) peak = Math.max(peak, cell.voltage[0]!);
    }
    return peak;
  };
  const fires = (peak: number): boolean => peak > 0;
  // Threshold by bisection on a single pulse.
  let lo = 0;
  let hi = 100;
  while (!fires(run(hi, [10], 60, 0))) {
    hi *= 2;
    if (hi > 1e6) throw new RangeError('muscle does not fire an action potential for any pulse amplitude');
  }
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (fires(run(mid, [10], 60, 0))) hi = mid;
    else lo = mid;
  }
  const threshold = hi;
  const amp = factor * threshold;
  const firstPeak = run(amp, [10], 60, 0);
  // Second pulse at interval d: fires? Scan to the first failure, then find where it recovers.
  const second = (d: number): boolean => fires(run(amp, [10, 10 + d], 10 + d + 40, 10 + d + pulseMs * 0.5));
  const resolution = options.resolutionMs ?? 1;
  let d = pulseMs;
  while (second(d) && d < 500) d += 2;
  if (d >= 500) throw new RangeError('second pulse never fails: no refractory period found');
  let failing = d;
  let recovered = d;
  while (!second(recovered)) {
    failing = recovered;
    recovered += 10;
    if (recovered > 2000) throw new RangeError('second pulse never recovers');
  }
  while (recovered - failing > resolution) {
    const mid = (failing + recovered) / 2;
    if (second(mid)) recovered = mid;
    else failing = mid;
  }
  return { thresholdPA: threshold, testPA: amp, refractoryMs: recovered, firstPeakMV: firstPeak };
}
