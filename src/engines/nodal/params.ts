/**
 * Parameters of the nodal network, with their defaults, validated once at the boundary (zod). Values the paper
 * gives are its values (McIlwain & Pietsch 1996, Figure 2 and §3.2); the others are ours, chosen so that the
 * default network stays active and moves around its ring, and are marked so.
 */
import { z } from 'zod';
import { FormatError } from '../../formats/errors.js';
import { formatIssues, ValidationError } from '../../score/schema.js';
import { SCALE_NAMES, type ScaleName } from './contour.js';
import { PAPER_NON_TRIGGERING, PAPER_TRIGGERING } from './weight-rule.js';

const curveSchema = (d: { amplitude: number; breakpointSeconds: number; dampeningRatio: number }) =>
  z.object({
    amplitude: z.number().finite().positive().default(d.amplitude),
    breakpointSeconds: z.number().finite().positive().default(d.breakpointSeconds),
    dampeningRatio: z.number().gt(0, 'dampeningRatio must be > 0').lt(1, 'dampeningRatio must be < 1').default(d.dampeningRatio),
  }).strict().default({ ...d });

/** The schema of every nodal parameter; `{}` parses to the defaults. */
export const nodalParamsSchema = z.object({
  /** Number of nodes (paper: 32). */
  nodes: z.number().int().min(2).max(4096).default(32),
  /** Speakers on the ring; neighbouring nodes share a speaker when fewer than nodes (paper: 32, 16 or 8). */
  speakers: z.number().int().min(1).max(256).default(8),
  /**
   * Trigger threshold of each node's accumulator (§2.1). `"auto"` = 100·(N − 1)/31: 100 for the paper's 32 nodes,
   * scaled with the number of inputs so a node needs the same share of them whatever N (ours).
   */
  triggerThreshold: z.union([z.literal('auto'), z.number().finite().positive()]).default('auto'),
  /** Recovery period: after firing, a node ignores all input this long (§2.2; value ours). */
  recoverySeconds: z.number().finite().positive().max(60).default(0.1),
  /** How many recent firing intervals make up x, the "recent average firing interval" (ours). */
  intervalWindow: z.number().int().min(1).max(64).default(4),
  /** The interval history every node starts with, seconds (ours). */
  initialIntervalSeconds: z.number().finite().positive().default(1),
  /** The circle layout (§3.2): delays exponential in circular distance, from nearest to farthest (values ours). */
  layout: z.object({
    nearestDelaySeconds: z.number().finite().positive().default(0.12),
    farthestDelaySeconds: z.number().finite().positive().default(3),
  }).strict().default({ nearestDelaySeconds: 0.12, farthestDelaySeconds: 3 }),
  /** Weights (§2.3, §3.3), in units of the threshold (ours). */
  weights: z.object({
    /** Initial mean weight as a multiple of the fair share threshold/(N − 1). */
    initialMean: z.number().finite().positive().default(1.5),
    /** Initial variation: each weight uniform in mean·(1 ± spread). */
    initialSpread: z.number().min(0).max(1).default(0.5),
    /**
     * Lower bound, as a multiple of the fair share: signals are attenuated, never inverted (§2.3), and a floor near
     * the fair share keeps the network from falling silent for good (see docs/nodal.md, "Keeping the network alive").
     */
    floorShare: z.number().min(0).default(0.9),
    /** Upper bound, as a fraction of the threshold: the most one signal can add to an accumulator. */
    ceilingFraction: z.number().positive().default(1),
  }).strict().default({ initialMean: 1.5, initialSpread: 0.5, floorShare: 0.9, ceilingFraction: 1 }),
  /** The module for inputs that trigger a firing (paper: a = 2, b = 0.2 s, d = 0.5). */
  triggering: curveSchema(PAPER_TRIGGERING),
  /** The module for inputs that do not (paper: a = 1, b = 2.0 s, d = 0.3). */
  nonTriggering: curveSchema(PAPER_NON_TRIGGERING),
  /**
   * Start-up (§3.3): externally driven firings spread evenly over a short time, nodes in a seeded random order;
   * `firings: "all"` = each node once, 0 = none (drive the network with `stimulate`). When the network has come to
   * a complete halt (no signal in flight, §3.2), the same sequence runs again `restartAfterSeconds` after the last
   * signal (null: never) — a safety net of ours, counted as `restarts`; the default network does not need it.
   */
  startup: z.object({
    firings: z.union([z.literal('all'), z.number().int().min(0).max(100000)]).default('all'),
    durationSeconds: z.number().finite().min(0).default(1),
    restartAfterSeconds: z.number().finite().min(0).nullable().default(2),
  }).strict().default({ firings: 'all', durationSeconds: 1, restartAfterSeconds: 2 }),
  /** Pitch flock (§4): safety zone in semitones, range, scale (values ours). */
  pitch: z.object({
    safetyZone: z.number().finite().min(0).default(2),
    min: z.number().int().min(0).max(127).default(36),
    max: z.number().int().min(0).max(127).default(96),
    scale: z.union([z.enum(SCALE_NAMES as [ScaleName, ...ScaleName[]]), z.array(z.number().int().min(0).max(11)).min(1)]).default('chromatic'),
    root: z.number().int().min(0).max(11).default(0),
  }).strict().default({ safetyZone: 2, min: 36, max: 96, scale: 'chromatic', root: 0 }),
  /** Velocity flock (§4): safety zone and range in MIDI velocity steps (values ours). */
  velocity: z.object({
    safetyZone: z.number().finite().min(0).default(6),
    min: z.number().min(1).max(127).default(30),
    max: z.number().min(1).max(127).default(118),
  }).strict().default({ safetyZone: 6, min: 30, max: 118 }),
  /** Sounding length of each note (ours). */
  noteDurationSeconds: z.number().finite().positive().max(30).default(0.5),
}).strict()
  .refine((p) => p.layout.farthestDelaySeconds >= p.layout.nearestDelaySeconds, { message: 'farthestDelaySeconds must be ≥ nearestDelaySeconds', path: ['layout'] })
  .refine((p) => p.weights.ceilingFraction * (p.nodes - 1) >= p.weights.floorShare, { message: 'the ceiling (ceilingFraction × threshold) lies below the floor (floorShare × threshold/(nodes − 1))', path: ['weights'] })
  .refine((p) => p.pitch.max - p.pitch.min >= 11, { message: 'the pitch range must span at least an octave (max − min ≥ 11)', path: ['pitch'] })
  .refine((p) => p.velocity.max >= p.velocity.min, { message: 'velocity max must be ≥ min', path: ['velocity'] });

/** Validated nodal parameters. */
export type NodalParams = z.infer<typeof nodalParamsSchema>;
/** What a user may give: any subset. */
export type NodalParamsInput = z.input<typeof nodalParamsSchema>;

/**
 * Validates parameters, filling in defaults. Throws a ValidationError naming the bad field.
 * @example
 * nodalParams({ nodes: 16 }).triggering.amplitude; // → 2
 */
export function nodalParams(input: NodalParamsInput = {}): NodalParams {
  const parsed = nodalParamsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(`nodal parameters: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Parses a params file's JSON data; problems are {@link FormatError}s naming `source`.
 * @example
 * parseNodalParamsFile({ recoverySeconds: 0.2 }, 'params.json').recoverySeconds; // → 0.2
 */
export function parseNodalParamsFile(data: unknown, source: string): NodalParams {
  const parsed = nodalParamsSchema.safeParse(data);
  if (!parsed.success) throw new FormatError(source, `bad nodal parameters: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The trigger threshold in effect for N nodes.
 * @example
 * effectiveThreshold({ triggerThreshold: 'auto', nodes: 32 }); // → 100
 */
export function effectiveThreshold(params: Pick<NodalParams, 'triggerThreshold' | 'nodes'>): number {
  return params.triggerThreshold === 'auto' ? (100 * (params.nodes - 1)) / 31 : params.triggerThreshold;
}
