/**
 * The one seeded random generator of neuromusic: xoshiro128** (Blackman & Vigna 2018) on 32-bit integer
 * arithmetic, seeded through SplitMix32. Integer operations only for the stream itself, so the same seed gives
 * the same numbers bit for bit in Node and in every browser.
 */

function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function hashString(text: string): number {
  // FNV-1a, 32 bit: turns a label into a seed offset.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded pseudo-random stream. Create one per run with {@link createRandom}; pass it down. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;
  /** The seed this stream was created from. */
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.seed = seed;
    const st = { s: (Math.floor(seed) ^ Math.floor(seed / 0x100000000)) | 0 };
    this.a = splitMix32(st);
    this.b = splitMix32(st);
    this.c = splitMix32(st);
    this.d = splitMix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A stream with the four 32-bit state words given directly (for tests against published vectors). */
  static fromState(a: number, b: number, c: number, d: number): Random {
    const r = new Random(0);
    r.a = a | 0;
    r.b = b | 0;
    r.c = c | 0;
    r.d = d | 0;
    return r;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /**
   * Uniform double in [0, 1) with 53 random bits.
   * @example
   * const r = createRandom(1); const x = r.next(); // 0 <= x < 1
   */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n >= 1) || n > 0x100000000) throw new RangeError(`int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal deviate (Marsaglia's polar method; pairs cached). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Index drawn with probability proportional to non-negative weights. */
  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new RangeError('weightedIndex() needs a positive total weight');
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** Fills an array with standard normal deviates. */
  fillNormal(out: Float64Array | Float32Array, mean = 0, sd = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, sd);
    return out;
  }

  /**
   * An independent child stream named by a label: lets a component draw its own numbers without
   * shifting everyone else's when it draws more or fewer.
   * @example
   * const rng = createRandom(7); const body = rng.fork('body'); const notes = rng.fork('notes');
   */
  fork(label: string): Random {
    return new Random((this.seed * 31 + hashString(label)) % 0x100000000);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The run's generator. Every engine takes one of these (or a seed) — never Math.random.
 * @example
 * const rng = createRandom(42);
 * rng.int(6); // same value every time for seed 42
 */
export function createRandom(seed = 0): Random {
  return new Random(seed);
}
