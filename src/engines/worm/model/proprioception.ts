/**
 * Stretch receptors [BBC 2012, §2.2]: each segment reports the relative stretch of its dorsal and ventral lateral
 * elements, r = c·(L − L0)/L0, with the shape compensation c = D/(R_i + R_{i+1}) so that a given bending angle gives
 * about the same signal along the tapered body. Dorsal stretch is scaled by 0.8 when stretched and by 1.2 when
 * compressed (relative to the segment length), the asymmetry BBC found keeps the worm going straight against the
 * one-way D-class inhibition.
 */
import type { WormBody } from './body.js';

/** Per-segment stretch signals, recomputed from the body. */
export class StretchReceptors {
  readonly dorsal: Float64Array;
  readonly ventral: Float64Array;
  /** Prefix sums: dorsalSum[j] = Σ_{i<j} dorsal[i] (so a field's total is one difference). */
  readonly dorsalSum: Float64Array;
  readonly ventralSum: Float64Array;
  private readonly compensation: Float64Array;

  constructor(private readonly body: WormBody, private readonly dorsalStretchScale: number, private readonly dorsalCompressionScale: number) {
    const n = body.segments;
    this.dorsal = new Float64Array(n);
    this.ventral = new Float64Array(n);
    this.dorsalSum = new Float64Array(n + 1);
    this.ventralSum = new Float64Array(n + 1);
    this.compensation = new Float64Array(n);
    for (let j = 0; j < n; j++) this.compensation[j] = body.params.diameterM / (body.radius[j]! + body.radius[j + 1]!);
  }

  /**
   * Reads the body's lateral lengths, extrapolated `part/parts` of a body step past the last one from that step's
   * change, so that neurons stepping faster than the body see a continuous signal.
   */
  update(part = 0, parts = 1): void {
    const { body, dorsal, ventral, compensation } = this;
    const ahead = part / parts;
    const ls = body.segmentLengthM;
    for (let j = 0; j < body.segments; j++) {
      const l0 = body.restLength[j]!;
      const ld = body.dorsalLength[j]! + ahead * (body.dorsalLength[j]! - body.previousDorsalLength[j]!);
      const lv = body.ventralLength[j]! + ahead * (body.ventralLength[j]! - body.previousVentralLength[j]!);
      dorsal[j] = compensation[j]! * ((ld - l0) / l0) * (ld > ls ? this.dorsalStretchScale : this.dorsalCompressionScale);
      ventral[j] = compensation[j]! * ((lv - l0) / l0);
      this.dorsalSum[j + 1] = this.dorsalSum[j]! + dorsal[j]!;
      this.ventralSum[j + 1] = this.ventralSum[j]! + ventral[j]!;
    }
  }
}
