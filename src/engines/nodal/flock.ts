/**
 * The flocking modules of McIlwain & Pietsch (1996, §4.2) that give each firing its pitch and its velocity.
 *
 * On each firing of node i: m = the mean of five values — (i) the last two outputs F of the module (whichever
 * nodes made them), (ii) the last m, (iii) the output node i produced when it last fired, (iv) the guiding
 * contour's next value. If m lies within the safety zone z of any of the five (|m − v| < z), the output is "a value
 * that is as close as possible to m" outside every zone; otherwise m itself. The mean is the flock's inward force,
 * the zones its outward force; the contour leads it, and a leap in the contour is followed by a cascade of
 * outputs that lag behind it (§4.3).
 *
 * Outputs also stay within [min, max], and a quantised module (pitch on a scale) only outputs whole numbers whose
 * pitch class is in the scale. When no allowed value lies outside every zone, the output is the allowed value
 * nearest m.
 */

/** Settings of one flocking module. */
export interface FlockOptions {
  /** z: no output lies closer than this to any of the five inputs (units of the values: semitones, velocity steps). */
  safetyZone: number;
  /** Lowest and highest allowed output. */
  min: number;
  max: number;
  /** For a quantised module: a 12-entry pitch-class mask; outputs are whole numbers whose class is set. */
  scale?: Uint8Array;
}

/** The number of values averaged into m. */
export const FLOCK_INPUTS = 5;

/**
 * The value nearest `m` that is in [min, max], on the scale (if any), and at least `zone` away from each of
 * `centres[0 … count − 1]`; when none exists, the allowed value nearest `m`. Ties go toward `toward`
 * (the side of m it lies on; upward when equal).
 * @example
 * nearestOutsideZones(60, [60, 61], 2, 2, { min: 0, max: 127 }, 70); // → 58 — 2 below 60 is nearer than 2 above 61
 */
export function nearestOutsideZones(
  m: number,
  centres: ArrayLike<number>,
  count: number,
  zone: number,
  bounds: { min: number; max: number; scale?: Uint8Array | undefined },
  toward: number,
): number {
  SCRATCH[0] = m;
  SCRATCH[1] = toward;
  placeOutsideZones(SCRATCH, centres, count, zone, bounds);
  return SCRATCH[0]!;
}

const SCRATCH = new Float64Array(2);
/** Candidate values of the continuous search (grown only for more than five centres). */
let candidates = new Float64Array(3 + 2 * 5);

/**
 * {@link nearestOutsideZones} reading m from `io[0]` and the tie-break direction from `io[1]`, and writing the
 * result to `io[0]`. The live engine calls this form: V8 boxes (allocates) a double passed to or returned from a
 * call it does not inline, and the engine must not allocate per step; for the same reason the zone tests are
 * written out here rather than called.
 * @example
 * const io = new Float64Array([60, 70]); placeOutsideZones(io, [60, 61], 2, 2, { min: 0, max: 127 }); io[0]; // 63
 */
export function placeOutsideZones(
  io: Float64Array,
  centres: ArrayLike<number>,
  count: number,
  zone: number,
  bounds: { min: number; max: number; scale?: Uint8Array | undefined },
): void {
  const m = io[0]!;
  const toward = io[1]!;
  const out = io;
  const { min, max, scale } = bounds;
  const up = toward >= m;
  let best = NaN;
  let bestDistance = Infinity;
  if (scale) {
    const lo = Math.ceil(min);
    const hi = Math.floor(max);
    for (let pass = 0; pass < 2 && bestDistance === Infinity; pass++) {
      // Pass 0: scale tones outside every zone; pass 1 (none found): any scale tone.
      for (let p = lo; p <= hi; p++) {
        if (!scale[((p % 12) + 12) % 12]) continue;
        let inside = false;
        if (pass === 0) for (let i = 0; i < count && !inside; i++) inside = Math.abs(p - centres[i]!) < zone;
        if (inside) continue;
        const dist = Math.abs(p - m);
        if (dist < bestDistance || (dist === bestDistance && (up ? p > best : p < best))) {
          best = p;
          bestDistance = dist;
        }
      }
    }
    out[0] = bestDistance < Infinity ? best : Math.min(max, Math.max(min, Math.round(m)));
    return;
  }
  // Continuous values: the allowed set is [min, max] minus open intervals, so the point nearest m is m itself or
  // an end of one of those intervals, or min, or max. The candidates go through a Float64Array so that V8 keeps
  // them unboxed.
  if (candidates.length < 3 + 2 * count) candidates = new Float64Array(3 + 2 * count);
  const cand = candidates;
  cand[0] = m;
  cand[1] = min;
  cand[2] = max;
  for (let i = 0; i < count; i++) {
    const c = centres[i]!;
    let below = c - zone;
    let above = c + zone;
    // Nudged outward by the last bits when rounding left an edge a hair inside its own zone.
    for (let j = 0; j < 8 && Math.abs(below - c) < zone; j++) below -= Math.max(Number.MIN_VALUE, Math.abs(below) * Number.EPSILON);
    for (let j = 0; j < 8 && Math.abs(above - c) < zone; j++) above += Math.max(Number.MIN_VALUE, Math.abs(above) * Number.EPSILON);
    cand[3 + 2 * i] = below;
    cand[4 + 2 * i] = above;
  }
  for (let k = 0; k < 3 + 2 * count; k++) {
    const y = cand[k]!;
    if (y < min || y > max) continue;
    let inside = false;
    for (let i = 0; i < count && !inside; i++) inside = Math.abs(y - centres[i]!) < zone;
    if (inside) continue;
    if (k === 0) {
      out[0] = m;
      return;
    }
    const dist = Math.abs(y - m);
    if (dist < bestDistance || (dist === bestDistance && (up ? y > best : y < best))) {
      best = y;
      bestDistance = dist;
    }
  }
  out[0] = bestDistance < Infinity ? best : Math.min(max, Math.max(min, m));
}

/**
 * Whether y lies strictly inside the zone (distance < zone) of any of the first `count` centres.
 * @example
 * insideAnyZone(61, [60], 1, 2); // → true
 */
export function insideAnyZone(y: number, centres: ArrayLike<number>, count: number, zone: number): boolean {
  for (let i = 0; i < count; i++) if (Math.abs(y - centres[i]!) < zone) return true;
  return false;
}

/**
 * One flocking module (pitch or velocity) shared by all nodes of a network. Allocation-free per firing.
 * @example
 * const flock = new Flock(32, { safetyZone: 2, min: 36, max: 96 }, 60);
 * const pitch = flock.next(5, 64); // node 5 fires while the contour reads 64
 */
export class Flock {
  /** The last output F (any node). */
  last = 0;
  /** The output before it. */
  beforeLast = 0;
  /** The last mean m. */
  lastMean = 0;
  /** Each node's output when it last fired. */
  readonly nodeLast: Float64Array;
  /** The five inputs of the latest firing (F₋₁, F₋₂, m₋₁, node's F, contour): kept for inspection and tests. */
  readonly inputs = new Float64Array(FLOCK_INPUTS);
  private readonly io = new Float64Array(2);

  constructor(nodes: number, readonly options: FlockOptions, initialValue: number) {
    if (!(options.safetyZone >= 0)) throw new RangeError(`safetyZone must be ≥ 0, got ${options.safetyZone}`);
    if (!(options.max >= options.min)) throw new RangeError(`flock range is empty: min ${options.min} > max ${options.max}`);
    this.nodeLast = new Float64Array(nodes);
    this.reset(initialValue);
  }

  /** Every remembered value set to `value` (clamped into range): the state before the first firing. */
  reset(value: number): void {
    const v = Math.min(this.options.max, Math.max(this.options.min, value));
    this.last = v;
    this.beforeLast = v;
    this.lastMean = v;
    this.nodeLast.fill(v);
  }

  /** The output for a firing of `node` while the guiding contour reads `contourValue`. */
  next(node: number, contourValue: number): number {
    this.update(node, contourValue);
    return this.last;
  }

  /** {@link next} without a return value (the output is `last`). */
  update(node: number, contourValue: number): void {
    this.inputs[4] = contourValue;
    this.step(node);
  }

  /** {@link update} with the contour value read from `registers[index]`: the live engine's allocation-free form. */
  updateFrom(node: number, registers: Float64Array, index: number): void {
    this.inputs[4] = registers[index]!;
    this.step(node);
  }

  /** One firing, the contour value already in `inputs[4]`. */
  private step(node: number): void {
    const inp = this.inputs;
    const contourValue = inp[4]!;
    inp[0] = this.last;
    inp[1] = this.beforeLast;
    inp[2] = this.lastMean;
    inp[3] = this.nodeLast[node]!;
    const m = (inp[0] + inp[1] + inp[2] + inp[3] + inp[4]) / FLOCK_INPUTS;
    const io = this.io;
    io[0] = m;
    io[1] = contourValue;
    placeOutsideZones(io, inp, FLOCK_INPUTS, this.options.safetyZone, this.options);
    const f = io[0]!;
    this.beforeLast = this.last;
    this.last = f;
    this.lastMean = m;
    this.nodeLast[node] = f;
  }
}
