/**
 * The parameter space of a search as the strategies see it: every searched parameter is one coordinate of the unit
 * box [0, 1]ⁿ. A range maps linearly or in log10 onto its [min, max] (rounded when integer); a choice of k values
 * splits [0, 1] into k equal bins; fixed values are added to every point. The priors give a penalty
 * ½·Σ((t(x) − t(μ))/σ)², t = identity or log10: the squared Mahalanobis distance of a diagonal Gaussian, i.e. the
 * negative log prior up to a constant.
 */
import type { ParameterDeclaration, RangeParameter, SearchSpec } from './spec.js';

/** A parameter's value: a number, or the string/boolean of a choice or fixed value. */
export type ParamValue = number | string | boolean;
/** A point of the space: every parameter (fixed ones too) by name. */
export type Params = Record<string, ParamValue>;

interface Axis {
  name: string;
  decl: RangeParameter | { values: ParamValue[] };
}

/** The searched coordinates and the fixed values of a spec. */
export class ParameterSpace {
  readonly axes: readonly Axis[];
  readonly fixed: Readonly<Params>;

  constructor(parameters: Record<string, ParameterDeclaration>) {
    const axes: Axis[] = [];
    const fixed: Params = {};
    for (const [name, decl] of Object.entries(parameters)) {
      if ('value' in decl) fixed[name] = decl.value;
      else axes.push({ name, decl });
    }
    this.axes = axes;
    this.fixed = fixed;
  }

  /** Number of searched coordinates n. */
  get dimension(): number {
    return this.axes.length;
  }

  /** Names of the searched parameters, in coordinate order. */
  get names(): string[] {
    return this.axes.map((a) => a.name);
  }

  /**
   * The parameter values at a point u of the unit box (coordinates are clamped into [0, 1]).
   * @example
   * const space = new ParameterSpace({ f: { min: 1, max: 100, scale: 'log', integer: false }, g: { value: 2 } });
   * space.toParams([0.5]); // → { f: 10, g: 2 }
   */
  toParams(u: ArrayLike<number>): Params {
    const out: Params = {};
    this.axes.forEach((axis, i) => {
      const t = Math.min(1, Math.max(0, u[i]!));
      out[axis.name] = axisValue(axis, t);
    });
    return { ...out, ...this.fixed };
  }

  /** The unit-box coordinate of a parameter value (inverse of {@link toParams} for ranges; bin centres for choices). */
  toUnit(name: string, value: ParamValue): number {
    const axis = this.axes.find((a) => a.name === name);
    if (!axis) throw new RangeError(`${name} is not a searched parameter`);
    if ('values' in axis.decl) {
      const k = axis.decl.values.indexOf(value);
      if (k < 0) throw new RangeError(`${name}: ${String(value)} is not one of its values`);
      return (k + 0.5) / axis.decl.values.length;
    }
    const d = axis.decl;
    const v = Number(value);
    return d.scale === 'log' ? (Math.log10(v) - Math.log10(d.min)) / (Math.log10(d.max) - Math.log10(d.min)) : (v - d.min) / (d.max - d.min);
  }

  /** Where local strategies start: each range's `start`, else its prior's mean, else the middle. */
  startPoint(): Float64Array {
    return Float64Array.from(this.axes, (axis) => {
      if ('values' in axis.decl) return 0.5;
      const d = axis.decl;
      const v = d.start ?? d.prior?.mean;
      return v === undefined ? 0.5 : Math.min(1, Math.max(0, this.toUnit(axis.name, v)));
    });
  }

  /**
   * The priors' penalty at a point, ½·Σ((t(x) − t(μ))/σ)² over the ranges that declare a prior (0 without).
   * @example
   * const space = new ParameterSpace({ x: { min: 0, max: 10, scale: 'linear', integer: false, prior: { mean: 5, sd: 2 } } });
   * space.priorPenalty({ x: 9 }); // → 2
   */
  priorPenalty(params: Params): number {
    let sum = 0;
    for (const axis of this.axes) {
      if ('values' in axis.decl || !axis.decl.prior) continue;
      const { mean, sd } = axis.decl.prior;
      const x = Number(params[axis.name]);
      const z = axis.decl.scale === 'log' ? (Math.log10(x) - Math.log10(mean)) / sd : (x - mean) / sd;
      sum += 0.5 * z * z;
    }
    return sum;
  }

  /** Whether any range declares a prior. */
  get hasPriors(): boolean {
    return this.axes.some((a) => !('values' in a.decl) && a.decl.prior !== undefined);
  }

  /** The grid of a grid search: for each axis its points (a range's `points`, else `pointsPerAxis`) or its values. */
  gridAxes(pointsPerAxis: number): ParamValue[][] {
    return this.axes.map((axis) => {
      if ('values' in axis.decl) return axis.decl.values.slice();
      const n = axis.decl.points ?? pointsPerAxis;
      const values = n === 1 ? [axisValue(axis, 0.5)] : Array.from({ length: n }, (_, k) => axisValue(axis, k / (n - 1)));
      return axis.decl.integer ? [...new Set(values)] : values;
    });
  }
}

function axisValue(axis: Axis, t: number): ParamValue {
  if ('values' in axis.decl) {
    const k = axis.decl.values.length;
    return axis.decl.values[Math.min(k - 1, Math.floor(t * k))]!;
  }
  const d = axis.decl;
  let v = d.scale === 'log' ? 10 ** (Math.log10(d.min) + t * (Math.log10(d.max) - Math.log10(d.min))) : d.min + t * (d.max - d.min);
  // Keep the ends exact (10^(log10 x) need not give x back).
  if (t === 0) v = d.min;
  if (t === 1) v = d.max;
  if (d.integer) v = Math.min(Math.floor(d.max), Math.max(Math.ceil(d.min), Math.round(v)));
  return v;
}

/** The space of a spec. */
export function specSpace(spec: SearchSpec): ParameterSpace {
  return new ParameterSpace(spec.parameters);
}

/**
 * A canonical JSON text: object keys sorted at every depth, so equal values give equal text.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // → '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A 64-bit hash of a text as 16 hex digits: two independent 32-bit FNV-1a-style lanes with murmur3's finaliser.
 * Not cryptographic; collisions among 10⁶ keys have odds of about 3·10⁻⁸.
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5 ^ text.length;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const mix = (h: number): number => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const a = mix(h1 ^ Math.imul(h2, 0x27d4eb2f));
  const b = mix(h2 ^ Math.imul(h1, 0x165667b1));
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The evaluation key: what makes two evaluations the same work — objective, its options, the parameters and the
 * seed. Executors and the results file de-duplicate by it.
 * @example
 * evaluationKey('sphere', {}, { x: 0.5 }, 1) === evaluationKey('sphere', {}, { x: 0.5 }, 1); // → true
 */
export function evaluationKey(objective: string, options: Record<string, unknown>, params: Params, seed: number): string {
  return hash64(canonicalJson({ objective, options, params, seed }));
}

/**
 * The search's fingerprint: objective, options, metric, space, strategy and seeds. Lines of another search in a
 * results file are refused on resume.
 */
export function searchFingerprint(spec: SearchSpec): string {
  return hash64(canonicalJson({ objective: spec.objective, options: spec.options, minimize: spec.minimize, parameters: spec.parameters, strategy: spec.strategy, seed: spec.seed, evaluationSeed: spec.evaluationSeed, priorWeight: spec.priorWeight }));
}
