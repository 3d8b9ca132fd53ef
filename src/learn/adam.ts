/**
 * Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1) on a flat parameter
 * vector. The moment buffers are allocated once; `step` allocates nothing.
 */

/** Adam's hyper-parameters (the paper's defaults). */
export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam state for a parameter vector of fixed size. */
export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(readonly size: number, options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    if (!(this.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${this.learningRate}`);
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) {
      throw new RangeError(`beta1 and beta2 must lie in [0, 1), got ${this.beta1} and ${this.beta2}`);
    }
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /**
   * One update of `params` in place from the gradient `grad` (Algorithm 1: bias-corrected moments).
   * @example
   * const opt = new Adam(1, { learningRate: 0.1 });
   * const x = Float64Array.of(3);
   * for (let i = 0; i < 200; i++) opt.step(x, Float64Array.of(2 * x[0]!)); // minimises x², x → ≈ 0
   */
  step(params: Float64Array | Float32Array, grad: ArrayLike<number>, learningRate = this.learningRate): void {
    if (grad.length !== this.size || params.length !== this.size) {
      throw new RangeError(`Adam was made for ${this.size} parameters, got ${params.length} and a gradient of ${grad.length}`);
    }
    this.t++;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < this.size; i++) {
      const g = grad[i]!;
      const m = (this.m[i] = b1 * this.m[i]! + (1 - b1) * g);
      const v = (this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g);
      params[i]! -= (learningRate * (m / c1)) / (Math.sqrt(v / c2) + this.epsilon);
    }
  }
}
