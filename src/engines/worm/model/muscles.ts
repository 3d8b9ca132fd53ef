/**
 * Body-wall muscles: the cheap activation-only model, and the map from the 95 muscles onto the body's segments.
 *
 * Activation-only muscle [BBC 2012, §2.3]: a leaky integrator τ_m dV_m/dt = V_in − V_m (τ_m = 0.1 s), where V_in is
 * the net NMJ drive; the force-generating activation is A = max(V_m, 0), clipped to 1.
 *
 * Muscles to segments: each quadrant's 24 muscles sit in a staggered double row along the body (Altun & Hall,
 * WormAtlas), so a segment takes the linear interpolation of the two muscles whose centres bracket it — for 48
 * segments, 3/4 of its own muscle and 1/4 of the neighbour (as the Izquierdo & Beer 2018 body averages adjacent
 * muscles). Left and right muscles of a side act together in the 2-D body: a side's activation is their mean; where
 * vBWML24 is missing, vBWMR24 stands alone.
 */
import { BODY_WALL_MUSCLES, MUSCLES_PER_QUADRANT } from './anatomy.js';

/** Number of body-wall muscles. */
export const MUSCLE_COUNT = BODY_WALL_MUSCLES.length;

/**
 * The activation-only muscle model for all 95 muscles.
 * @example
 * const m = new ActivationMuscles(0.1); const exc = new Float64Array(95).fill(0.5), inh = new Float64Array(95);
 * for (let k = 0; k < 1000; k++) m.step(0.001, exc, inh); // activation → 0.5
 */
export class ActivationMuscles {
  /** Muscle potential V_m (dimensionless). */
  readonly potential = new Float64Array(MUSCLE_COUNT);
  /** Force-generating activation A = clip(V_m, 0, 1). */
  readonly activation = new Float64Array(MUSCLE_COUNT);
  private decayStep = NaN;
  private decay = 0;

  constructor(readonly tauS: number) {}

  /**
   * Advances by h seconds with the NMJ input of each muscle, V_in = excitation − inhibition (exact for input
   * constant over the step).
   */
  step(h: number, excitation: Float64Array, inhibition: Float64Array): void {
    if (h !== this.decayStep) {
      this.decay = Math.exp(-h / this.tauS);
      this.decayStep = h;
    }
    const { potential, activation, decay } = this;
    for (let i = 0; i < MUSCLE_COUNT; i++) {
      const vin = excitation[i]! - inhibition[i]!;
      const v = vin + (potential[i]! - vin) * decay;
      potential[i] = v;
      activation[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }

  reset(): void {
    this.potential.fill(0);
    this.activation.fill(0);
  }
}

/**
 * Sparse weights from the 95 muscle activations to the dorsal and ventral activation of each segment.
 * @example
 * const dorsal = new Float64Array(48), ventral = new Float64Array(48);
 * const map = new MuscleSegmentMap(48); map.apply(new Float64Array(95).fill(0.5), dorsal, ventral);
 * dorsal[10]; // the activation of segment 10's dorsal side
 */
export class MuscleSegmentMap {
  private readonly muscles: Int32Array;
  private readonly weights: Float64Array;
  /** Per segment and side (dorsal 0, ventral 1): entries [start[k], start[k + 1]). */
  private readonly start: Int32Array;

  constructor(readonly segments: number) {
    const rows: Array<Array<[number, number]>> = [];
    const byName = new Map(BODY_WALL_MUSCLES.map((m, i) => [m.name, i]));
    for (let j = 0; j < segments; j++) {
      // Muscle centres at (m − ½)/24, segment centre at (j + ½)/N; fractional muscle number μ.
      const mu = Math.min(MUSCLES_PER_QUADRANT, Math.max(1, ((j + 0.5) / segments) * MUSCLES_PER_QUADRANT + 0.5));
      const m0 = Math.floor(mu);
      const m1 = Math.min(MUSCLES_PER_QUADRANT, m0 + 1);
      const f = mu - m0;
      for (const side of ['d', 'v'] as const) {
        const entries = new Map<number, number>();
        for (const [m, w] of [[m0, 1 - f], [m1, f]] as const) {
          if (w === 0) continue;
          const present = ['L', 'R'].map((lr) => byName.get(`${side}BWM${lr}${m}`)).filter((i): i is number => i !== undefined);
          for (const i of present) entries.set(i, (entries.get(i) ?? 0) + w / present.length);
        }
        rows.push([...entries.entries()]);
      }
    }
    this.start = new Int32Array(rows.length + 1);
    rows.forEach((r, k) => (this.start[k + 1] = this.start[k]! + r.length));
    this.muscles = new Int32Array(this.start[rows.length]!);
    this.weights = new Float64Array(this.start[rows.length]!);
    let at = 0;
    for (const r of rows) {
      for (const [i, w] of r) {
        this.muscles[at] = i;
        this.weights[at++] = w;
      }
    }
  }

  /** Writes each segment's dorsal and ventral activation from the 95 muscle activations. */
  apply(muscleActivation: ArrayLike<number>, dorsal: Float64Array, ventral: Float64Array): void {
    const { start, muscles, weights } = this;
    for (let j = 0; j < this.segments; j++) {
      let d = 0;
      for (let k = start[2 * j]!, e = start[2 * j + 1]!; k < e; k++) d += weights[k]! * muscleActivation[muscles[k]!]!;
      let v = 0;
      for (let k = start[2 * j + 1]!, e = start[2 * j + 2]!; k < e; k++) v += weights[k]! * muscleActivation[muscles[k]!]!;
      dorsal[j] = d;
      ventral[j] = v;
    }
  }
}
