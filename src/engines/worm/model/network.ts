/**
 * Graded-potential neural networks: the continuous-time units of Izquierdo & Beer (2018, Phil Trans R Soc B
 * 373:20170374) and Olivares, Izquierdo & Beer (2021), with gap junctions as conductances (Wicks, Roehrig & Rankin
 * 1996, J Neurosci 16:4017, for graded C. elegans neurons coupled electrically and chemically):
 *
 *   τ_i dy_i/dt = −y_i + Σ_j w_ij r_j + Σ_j g_ij (y_j − y_i) + w_i^self r_i + b_i + I_i(t),
 *   r_i = σ(k_i (y_i − θ_i)),  σ(x) = 1/(1 + e^(−x)).
 *
 * y is a dimensionless membrane potential and r the synaptic output (0–1). A self-excitation w^self with a steep
 * gain makes a unit bistable with hysteresis — it switches on when its input exceeds θ and off when it falls
 * below θ − w^self — which is how Boyle, Berri & Cohen (2012) model the plateau potentials of B-class motor
 * neurons (their thresholds 0.75 and 0.25 for θ = 0.75, w^self = 0.5).
 *
 * Integration: exponential Euler on each unit with its inputs frozen over the step (all units read the previous
 * step's state, so the update is independent of unit order): y ← y∞ + (y − y∞)·exp(−h(1 + G_i)/τ_i), G_i = Σ_j g_ij.
 * Exact for the linear leak and gap terms, unconditionally stable, and deterministic.
 */

/** One unit of a network. */
export interface UnitSpec {
  name: string;
  /** Time constant (s). */
  tauS: number;
  /** Output threshold θ and gain k of r = σ(k(y − θ)). */
  threshold: number;
  gain: number;
  /** Self-excitation w^self (0 for none). */
  selfWeight: number;
  /** Tonic input b. */
  bias: number;
}

/** A network: units, signed chemical synapses (pre → post), and gap junctions (undirected conductances). */
export interface NetworkSpec {
  units: UnitSpec[];
  chemical: Array<{ pre: number; post: number; weight: number }>;
  gap: Array<{ a: number; b: number; conductance: number }>;
}

/**
 * A network ready to step. Synapses are stored by postsynaptic unit (compressed rows); state, outputs and the
 * external input vector are allocated once.
 * @example
 * const net = new GradedNetwork({ units: [{ name: 'A', tauS: 0.01, threshold: 0.5, gain: 10, selfWeight: 0, bias: 0 }],
 *   chemical: [], gap: [] });
 * net.input[0] = 1; for (let k = 0; k < 100; k++) net.step(0.001); // y → 1, r ≈ 0.99
 */
export class GradedNetwork {
  readonly size: number;
  readonly names: readonly string[];
  /** Potentials y and outputs r. */
  readonly potential: Float64Array;
  readonly output: Float64Array;
  /** External input I_i(t), set by the caller before each step. */
  readonly input: Float64Array;
  private readonly next: Float64Array;
  private readonly tau: Float64Array;
  private readonly threshold: Float64Array;
  private readonly gain: Float64Array;
  private readonly selfWeight: Float64Array;
  private readonly bias: Float64Array;
  private readonly gapTotal: Float64Array;
  private readonly chemStart: Int32Array;
  private readonly chemPre: Int32Array;
  private readonly chemWeight: Float64Array;
  private readonly gapStart: Int32Array;
  private readonly gapOther: Int32Array;
  private readonly gapConductance: Float64Array;
  private readonly decay: Float64Array;
  private decayStep = NaN;

  constructor(spec: NetworkSpec) {
    const n = spec.units.length;
    this.size = n;
    this.names = spec.units.map((u) => u.name);
    this.potential = new Float64Array(n);
    this.output = new Float64Array(n);
    this.input = new Float64Array(n);
    this.next = new Float64Array(n);
    this.tau = Float64Array.from(spec.units, (u) => u.tauS);
    this.threshold = Float64Array.from(spec.units, (u) => u.threshold);
    this.gain = Float64Array.from(spec.units, (u) => u.gain);
    this.selfWeight = Float64Array.from(spec.units, (u) => u.selfWeight);
    this.bias = Float64Array.from(spec.units, (u) => u.bias);
    for (const u of spec.units) {
      if (!(u.tauS > 0)) throw new RangeError(`unit ${u.name}: time constant must be positive, got ${u.tauS}`);
    }
    const check = (i: number, what: string): void => {
      if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`${what}: unit index ${i} out of range`);
    };
    // Chemical synapses by postsynaptic unit.
    this.chemStart = new Int32Array(n + 1);
    for (const s of spec.chemical) {
      check(s.pre, 'chemical synapse');
      check(s.post, 'chemical synapse');
      this.chemStart[s.post + 1]!++;
    }
    for (let i = 0; i < n; i++) this.chemStart[i + 1]! += this.chemStart[i]!;
    this.chemPre = new Int32Array(spec.chemical.length);
    this.chemWeight = new Float64Array(spec.chemical.length);
    const fill = this.chemStart.slice(0, n);
    for (const s of spec.chemical) {
      const at = fill[s.post]!++;
      this.chemPre[at] = s.pre;
      this.chemWeight[at] = s.weight;
    }
    // Gap junctions, listed at both ends.
    this.gapStart = new Int32Array(n + 1);
    for (const g of spec.gap) {
      check(g.a, 'gap junction');
      check(g.b, 'gap junction');
      if (!(g.conductance >= 0)) throw new RangeError(`gap junction ${g.a}–${g.b}: conductance must be ≥ 0`);
      this.gapStart[g.a + 1]!++;
      this.gapStart[g.b + 1]!++;
    }
    for (let i = 0; i < n; i++) this.gapStart[i + 1]! += this.gapStart[i]!;
    this.gapOther = new Int32Array(2 * spec.gap.length);
    this.gapConductance = new Float64Array(2 * spec.gap.length);
    this.gapTotal = new Float64Array(n);
    const gfill = this.gapStart.slice(0, n);
    for (const g of spec.gap) {
      let at = gfill[g.a]!++;
      this.gapOther[at] = g.b;
      this.gapConductance[at] = g.conductance;
      at = gfill[g.b]!++;
      this.gapOther[at] = g.a;
      this.gapConductance[at] = g.conductance;
      this.gapTotal[g.a]! += g.conductance;
      this.gapTotal[g.b]! += g.conductance;
    }
    this.decay = new Float64Array(n);
    this.refreshOutputs();
  }

  /** Index of a unit by name, or −1. */
  indexOf(name: string): number {
    return this.names.indexOf(name);
  }

  /** Sets every potential (and recomputes the outputs). */
  setPotentials(values: ArrayLike<number>): void {
    this.potential.set(values);
    this.refreshOutputs();
  }

  /** Advances the network by h seconds (exponential Euler, inputs frozen over the step). */
  step(h: number): void {
    const { size, potential: y, output: r, next, input, chemStart, chemPre, chemWeight, gapStart, gapOther, gapConductance } = this;
    if (h !== this.decayStep) {
      for (let i = 0; i < size; i++) this.decay[i] = Math.exp((-h * (1 + this.gapTotal[i]!)) / this.tau[i]!);
      this.decayStep = h;
    }
    for (let i = 0; i < size; i++) {
      let drive = this.bias[i]! + input[i]! + this.selfWeight[i]! * r[i]!;
      for (let s = chemStart[i]!, e = chemStart[i + 1]!; s < e; s++) drive += chemWeight[s]! * r[chemPre[s]!]!;
      for (let s = gapStart[i]!, e = gapStart[i + 1]!; s < e; s++) drive += gapConductance[s]! * y[gapOther[s]!]!;
      const yInf = drive / (1 + this.gapTotal[i]!);
      next[i] = yInf + (y[i]! - yInf) * this.decay[i]!;
    }
    y.set(next);
    this.refreshOutputs();
  }

  private refreshOutputs(): void {
    const { size, potential: y, output: r, gain, threshold } = this;
    for (let i = 0; i < size; i++) r[i] = 1 / (1 + Math.exp(-gain[i]! * (y[i]! - threshold[i]!)));
  }
}
