/**
 * Behaviour from kinematics, as a worm tracker would call it: over the last seconds, is the worm moving along its
 * body axis head-first (forward) or tail-first (backward), turning (its body axis rotating), or pausing? The same
 * classifier labels live engine states and recorded frames.
 */

export type Behaviour = 'forward' | 'backward' | 'turn' | 'pause';
export const BEHAVIOURS: readonly Behaviour[] = ['forward', 'backward', 'turn', 'pause'];

/** Thresholds of the classifier. */
export interface BehaviourThresholds {
  /** Window over which displacement and rotation are measured (s). */
  windowS: number;
  /** Below this centroid speed the worm pauses (m/s). Crawling worms move 0.1–0.25 mm/s. */
  pauseSpeedMPerS: number;
  /** Above this rotation rate of the body axis the worm turns (rad/s). */
  turnRateRadPerS: number;
}

export const DEFAULT_BEHAVIOUR_THRESHOLDS: BehaviourThresholds = {
  windowS: 4,
  pauseSpeedMPerS: 10e-6,
  turnRateRadPerS: 0.2,
};

/**
 * An online classifier fed with body samples at a steady rate; keeps a ring buffer of the last window.
 * @example
 * const worm = new WormEngine(); worm.advance(100);
 * const c = new BehaviourClassifier(); c.observe(worm.steps, worm.stepS, worm.body.q, worm.body.rods); c.behaviour; // 'forward', …
 */
export class BehaviourClassifier {
  behaviour: Behaviour = 'pause';
  /** [axial speed (m/s, head-wards positive), rotation rate of the body axis (rad/s, counter-clockwise positive)]. */
  private readonly kinematics = new Float64Array(2);
  private readonly capacity = 512;
  private readonly t = new Float64Array(this.capacity);
  private readonly cx = new Float64Array(this.capacity);
  private readonly cy = new Float64Array(this.capacity);
  private readonly ax = new Float64Array(this.capacity);
  private readonly ay = new Float64Array(this.capacity);
  private head = 0;
  private count = 0;

  constructor(readonly thresholds: BehaviourThresholds = DEFAULT_BEHAVIOUR_THRESHOLDS) {}

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.behaviour = 'pause';
    this.kinematics.fill(0);
  }

  /** Centroid speed along the body axis over the window, head-wards positive (m/s). */
  get axialSpeed(): number {
    return this.kinematics[0]!;
  }

  /** Rotation rate of the body axis over the window (rad/s, counter-clockwise positive). */
  get turnRate(): number {
    return this.kinematics[1]!;
  }

  /**
   * Adds a sample at time step × stepS (s) from the rod states q = (x, y, φ)·rods (m). The body axis points from the
   * centroid of the posterior half to that of the anterior half (averaging out the undulation). (Time comes as an
   * integer step and a stored step length: doubles passed to calls V8 does not inline are boxed on the heap.)
   */
  observe(step: number, stepS: number, q: Float64Array, rods: number): void {
    const time = step * stepS;
    const half = rods >> 1;
    // Sums start at −0, a double: from the integer 0, V8 may keep loop-carried sums boxed on the heap.
    let hx = -0, hy = -0, tx = -0, ty = -0, sx = -0, sy = -0;
    for (let i = 0; i < rods; i++) {
      sx += q[3 * i]!;
      sy += q[3 * i + 1]!;
    }
    const centroidX = sx / rods;
    const centroidY = sy / rods;
    for (let i = 0; i < half; i++) {
      hx += q[3 * i]!;
      hy += q[3 * i + 1]!;
      tx += q[3 * (rods - 1 - i)]!;
      ty += q[3 * (rods - 1 - i) + 1]!;
    }
    let axx = hx - tx;
    let axy = hy - ty;
    const norm = Math.max(1e-300, Math.sqrt(axx * axx + axy * axy));
    axx /= norm;
    axy /= norm;
    const k = this.head;
    this.t[k] = time;
    this.cx[k] = centroidX;
    this.cy[k] = centroidY;
    this.ax[k] = axx;
    this.ay[k] = axy;
    this.head = (k + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    // Oldest sample inside the window.
    let oldest = k;
    let n = 1;
    for (; n < this.count; n++) {
      const j = (k - n + this.capacity) % this.capacity;
      if (time - this.t[j]! > this.thresholds.windowS) break;
      oldest = j;
    }
    const samples = n;
    const span = time - this.t[oldest]!;
    if (span < this.thresholds.windowS / 4) return;
    const dx = centroidX - this.cx[oldest]!;
    const dy = centroidY - this.cy[oldest]!;
    // Mean body axis over the older and the newer half of the window: averaging over an undulation cycle or more
    // removes the swing of the axis within each stroke.
    let ox = -0, oy = -0, nx = -0, ny = -0;
    const halfCount = samples >> 1;
    for (let m = 0; m < samples; m++) {
      const j = (k - m + this.capacity) % this.capacity;
      if (m < halfCount) {
        nx += this.ax[j]!;
        ny += this.ay[j]!;
      } else {
        ox += this.ax[j]!;
        oy += this.ay[j]!;
      }
    }
    const mx = ox + nx;
    const my = oy + ny;
    const mn = Math.max(1e-300, Math.sqrt(mx * mx + my * my));
    const axial = (dx * mx + dy * my) / mn / span;
    const turn = Math.atan2(ox * ny - oy * nx, ox * nx + oy * ny) / (span / 2);
    this.kinematics[0] = axial;
    this.kinematics[1] = turn;
    const speed = Math.sqrt(dx * dx + dy * dy) / span;
    if (speed < this.thresholds.pauseSpeedMPerS) this.behaviour = 'pause';
    else if (Math.abs(turn) > this.thresholds.turnRateRadPerS) this.behaviour = 'turn';
    else this.behaviour = axial >= 0 ? 'forward' : 'backward';
  }
}
