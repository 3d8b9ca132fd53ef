/**
 * The search specification: a declared parameter space (ranges, log scales, fixed values, choices, priors), an
 * objective named from the registry (objectives.ts) with its options, the metric to minimise, a strategy with its
 * budget, and the seeds. Validated by zod; a bad spec fails with one line naming the field
 * (`parameters.body.lengthM.max: must be greater than min`).
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** A normal prior on a parameter, in its own scale: for a log-scale parameter `sd` is in decades (log10 units). */
export const PriorSchema = z.strictObject({
  mean: finite,
  sd: finite.refine((v) => v > 0, 'must be positive'),
});

/** A searched range. */
export const RangeParameterSchema = z.strictObject({
  min: finite,
  max: finite,
  /** 'log': searched uniformly in log10 (both ends positive). */
  scale: z.enum(['linear', 'log']).default('linear'),
  /** Rounded to a whole number before evaluation. */
  integer: z.boolean().default(false),
  /** Grid points along this axis (grid strategy); default: the strategy's `points`. */
  points: z.number().int().min(1).max(10_000).optional(),
  prior: PriorSchema.optional(),
  /** Where Nelder–Mead and CMA-ES start (default: the prior's mean, else the middle of the range). */
  start: finite.optional(),
});

/** A value held fixed (recorded in every evaluation's params). */
export const FixedParameterSchema = z.strictObject({ value: z.union([finite, z.string(), z.boolean()]) });

/** A discrete choice: the grid visits every value; the other strategies pick among them. */
export const ChoiceParameterSchema = z.strictObject({ values: z.array(z.union([finite, z.string(), z.boolean()])).min(1) });

export const ParameterSchema = z.union([RangeParameterSchema, FixedParameterSchema, ChoiceParameterSchema]);

export const StrategySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grid'), points: z.number().int().min(1).max(10_000).default(5) }),
  z.strictObject({ kind: z.literal('random'), evaluations: z.number().int().min(1).max(10_000_000) }),
  z.strictObject({ kind: z.literal('latin-hypercube'), evaluations: z.number().int().min(1).max(10_000_000) }),
  z.strictObject({
    kind: z.literal('nelder-mead'),
    evaluations: z.number().int().min(1).max(10_000_000),
    /** Edge of the initial simplex as a fraction of each range. */
    initialStep: z.number().gt(0).max(1).default(0.1),
    /** Stops when the simplex's values and points both lie within these (unit-box) tolerances. */
    tolerance: z.number().positive().default(1e-6),
  }),
  z.strictObject({
    kind: z.literal('cmaes'),
    evaluations: z.number().int().min(1).max(10_000_000),
    /** λ, default 4 + ⌊3 ln n⌋ (Hansen 2016). */
    populationSize: z.number().int().min(2).max(10_000).optional(),
    /** Initial step size σ₀ as a fraction of each range (the box is [0, 1]ⁿ inside). */
    sigma: z.number().gt(0).max(1).default(0.3),
    /** Stops when σ times the largest axis falls below this (unit box). */
    tolerance: z.number().positive().default(1e-9),
  }),
]);

export const SearchSpecSchema = z.strictObject({
  /** A name for reports and the results' `search` field. */
  name: z.string().min(1).max(200).default('search'),
  /** A registered objective (see `neuromusic sweep --list-objectives`). */
  objective: z.string().min(1),
  /** Options passed to the objective as they are (its own schema checks them). */
  options: z.record(z.string(), z.unknown()).default({}),
  /** The metric minimised (default "loss"); every metric the objective returns is recorded. */
  minimize: z.string().min(1).default('loss'),
  parameters: z.record(z.string().min(1), ParameterSchema).refine((p) => Object.keys(p).length > 0, 'needs at least one parameter'),
  strategy: StrategySchema,
  /** Seed of the strategy's random choices. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Seed passed to every evaluation (common random numbers: the same for every point); default: `seed`. */
  evaluationSeed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  /** Weight of the priors' penalty ½·Σ((t(x) − t(μ))/σ)² added to the minimised metric (0: priors off). */
  priorWeight: z.number().min(0).default(1),
});

export type Prior = z.output<typeof PriorSchema>;
export type RangeParameter = z.output<typeof RangeParameterSchema>;
export type ParameterDeclaration = z.output<typeof ParameterSchema>;
export type Strategy = z.output<typeof StrategySchema>;
export type SearchSpec = z.output<typeof SearchSpecSchema>;
export type SearchSpecInput = z.input<typeof SearchSpecSchema>;

/** A search spec that failed validation; the message names the field. */
export class SearchSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchSpecError';
  }
}

function isRange(p: ParameterDeclaration): p is RangeParameter {
  return 'min' in p;
}

/**
 * Validates a search spec and fills in defaults. Throws a {@link SearchSpecError} whose message starts with the
 * field's path.
 * @example
 * const spec = parseSearchSpec({ objective: 'sphere', parameters: { x: { min: -1, max: 1 } }, strategy: { kind: 'random', evaluations: 8 } });
 * spec.minimize; // → 'loss'
 */
export function parseSearchSpec(input: unknown): SearchSpec {
  const r = SearchSpecSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(the spec)';
    let message = issue.message;
    if (issue.code === 'invalid_union' && issue.path[0] === 'parameters') message = 'must be {min, max[, scale, integer, points, prior, start]}, {value} or {values}';
    throw new SearchSpecError(`${path}: ${message}`);
  }
  const spec = r.data;
  for (const [name, p] of Object.entries(spec.parameters)) {
    if (!isRange(p)) continue;
    const at = `parameters.${name}`;
    if (!(p.max > p.min)) throw new SearchSpecError(`${at}.max: must be greater than min (${p.min}), got ${p.max}`);
    if (p.scale === 'log' && p.min <= 0) throw new SearchSpecError(`${at}.min: a log-scale range must be positive, got ${p.min}`);
    if (p.prior && p.scale === 'log' && p.prior.mean <= 0) throw new SearchSpecError(`${at}.prior.mean: must be positive on a log scale, got ${p.prior.mean}`);
    if (p.start !== undefined && (p.start < p.min || p.start > p.max)) throw new SearchSpecError(`${at}.start: must lie in [${p.min}, ${p.max}], got ${p.start}`);
    if (p.integer && Math.ceil(p.min) > Math.floor(p.max)) throw new SearchSpecError(`${at}: an integer range must hold a whole number`);
  }
  const searched = Object.values(spec.parameters).filter((p) => !('value' in p));
  if (searched.length === 0) throw new SearchSpecError('parameters: at least one parameter must be searched (a range or values), not every one fixed');
  if ((spec.strategy.kind === 'nelder-mead' || spec.strategy.kind === 'cmaes') && !Object.values(spec.parameters).some(isRange)) {
    throw new SearchSpecError(`strategy.kind: ${spec.strategy.kind} needs at least one range parameter ({min, max})`);
  }
  return spec;
}
