/**
 * Classical fourth-order Runge–Kutta for systems y' = f(t, y) on Float64Arrays. The stepper owns its stage
 * buffers (allocated once), so stepping allocates nothing.
 */

/** Right-hand side: writes dy/dt at (t, y) into `dydt`. */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** A reusable RK4 stepper for systems of a fixed size. */
export class Rk4 {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly tmp: Float64Array;

  constructor(readonly size: number, private readonly rhs: OdeRhs) {
    this.k1 = new Float64Array(size);
    this.k2 = new Float64Array(size);
    this.k3 = new Float64Array(size);
    this.k4 = new Float64Array(size);
    this.tmp = new Float64Array(size);
  }

  /**
   * Advances `y` in place from t to t + h.
   * @example
   * const decay = new Rk4(1, (_t, y, d) => { d[0] = -y[0]!; });
   * const y = new Float64Array([1]); decay.step(0, y, 0.1); // y[0] ≈ e^(−0.1)
   */
  step(t: number, y: Float64Array, h: number): void {
    const { k1, k2, k3, k4, tmp, size } = this;
    this.rhs(t, y, k1);
    for (let i = 0; i < size; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    this.rhs(t + 0.5 * h, tmp, k2);
    for (let i = 0; i < size; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    this.rhs(t + 0.5 * h, tmp, k3);
    for (let i = 0; i < size; i++) tmp[i] = y[i]! + h * k3[i]!;
    this.rhs(t + h, tmp, k4);
    for (let i = 0; i < size; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
}
