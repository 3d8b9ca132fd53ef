/**
 * From biomarker indices to the duet's controls: a table that a person can read, edit and load from JSON.
 *
 * Each row ties one control to one index by three anchor values: the control's value when the index is
 * `zSpan` baseline standard deviations below baseline (`atLow`), at baseline (`atZero`) and `zSpan` above
 * (`atHigh`). Between the anchors the value is linear in z; beyond them it is clipped, so no index, however
 * wild, drives a control out of [min(atLow, atHigh), max(atLow, atHigh)]. A {@link DuetControlMapper} then
 * follows the targets with a first-order lag of time constant `timeConstantSeconds`, so the music moves
 * smoothly even when the indices jitter from window to window.
 *
 * The default table ({@link DEFAULT_MAPPING_TABLE}):
 *
 * | control | index | atLow | atZero | atHigh | why |
 * | --- | --- | ---: | ---: | ---: | --- |
 * | lambda2 | relaxation | 3 | 2 | 0.5 | relaxed: a loose drummer whose tempo wanders with the input; tense: a stiff one |
 * | rho | stress | 20 | 28 | 45 | calm: below ρ ≈ 24.74 the Lorenz melodist settles to a fixed point; stressed: deep chaos |
 * | tempoScale | attention | 0.85 | 1 | 1.2 | attentive: faster |
 * | density | engagement | 0.25 | 0.5 | 0.85 | engaged: more notes |
 *
 * (24.74 is the subcritical Hopf point of the Lorenz system with σ = 10, β = 8/3: ρ_H = σ(σ + β + 3)/(σ − β − 1);
 * Lorenz 1963, J. Atmos. Sci. 20:130.)
 */
import { z } from 'zod';
import type { BiomarkerIndices } from '../../analysis/eeg/types.js';
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';

const CONTROL_NAMES = ['lambda2', 'rho', 'tempoScale', 'density'] as const;
const INDEX_NAMES = ['stress', 'attention', 'engagement', 'relaxation'] as const;

/** One row of the table: a control, the index that drives it, and three anchor values. */
export const mappingRowSchema = z
  .object({
    control: z.enum(CONTROL_NAMES),
    index: z.enum(INDEX_NAMES),
    atLow: z.number().finite(),
    atZero: z.number().finite(),
    atHigh: z.number().finite(),
    /** z (baseline standard deviations) at which atLow / atHigh are reached (default 2). */
    zSpan: z.number().finite().positive().default(2),
  })
  .strict()
  .refine((r) => (r.atZero - r.atLow) * (r.atHigh - r.atZero) >= 0, {
    message: 'atZero must lie between atLow and atHigh (the mapping is monotone)',
  });

/** The whole table. */
export const mappingTableSchema = z
  .object({
    /** Time constant (s) of the smoothing lag; 0 follows the targets at once (default 2). */
    timeConstantSeconds: z.number().finite().nonnegative().default(2),
    rows: z.array(mappingRowSchema),
  })
  .strict()
  .refine((t) => new Set(t.rows.map((r) => r.control)).size === t.rows.length, { message: 'each control may appear in one row only' })
  .refine((t) => t.rows.every((r) => r.control !== 'density' || (Math.min(r.atLow, r.atHigh) >= 0 && Math.max(r.atLow, r.atHigh) <= 1)), {
    message: 'density anchors must lie in 0..1',
  })
  .refine((t) => t.rows.every((r) => r.control === 'rho' || r.control === 'density' || Math.min(r.atLow, r.atHigh) > 0), {
    message: 'lambda2 and tempoScale anchors must be positive',
  });

export type MappingRow = z.output<typeof mappingRowSchema>;
export type MappingTable = z.output<typeof mappingTableSchema>;

/**
 * The default table (see this module's comment for the reasons).
 *
 * @example
 * DEFAULT_MAPPING_TABLE.rows.find((r) => r.control === 'rho').atHigh; // → 45
 */
export const DEFAULT_MAPPING_TABLE: MappingTable = Object.freeze({
  timeConstantSeconds: 2,
  rows: [
    { control: 'lambda2', index: 'relaxation', atLow: 3, atZero: 2, atHigh: 0.5, zSpan: 2 },
    { control: 'rho', index: 'stress', atLow: 20, atZero: 28, atHigh: 45, zSpan: 2 },
    { control: 'tempoScale', index: 'attention', atLow: 0.85, atZero: 1, atHigh: 1.2, zSpan: 2 },
    { control: 'density', index: 'engagement', atLow: 0.25, atZero: 0.5, atHigh: 0.85, zSpan: 2 },
  ],
}) as MappingTable;

/**
 * Reads a table from parsed JSON (or any unknown value), with defaults filled in; throws a message that names
 * each wrong field.
 *
 * @example
 * parseMappingTable({ rows: [{ control: 'rho', index: 'stress', atLow: 22, atZero: 28, atHigh: 40 }] }).timeConstantSeconds; // → 2
 */
export function parseMappingTable(value: unknown): MappingTable {
  const r = mappingTableSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(table)'}: ${i.message}`).join('; ');
    throw new TypeError(`mapping table: ${issues}`);
  }
  return r.data;
}

/**
 * The control value a row gives for index value z: piecewise linear through the anchors, clipped.
 *
 * @example
 * const row = { control: 'rho', index: 'stress', atLow: 20, atZero: 28, atHigh: 45, zSpan: 2 } as const;
 * [mapRow(row, -4), mapRow(row, -1), mapRow(row, 0), mapRow(row, 9)]; // → [20, 24, 28, 45]
 */
export function mapRow(row: MappingRow, z: number): number {
  if (!Number.isFinite(z)) return row.atZero; // no evidence (e.g. before the baseline is known): stay neutral
  const t = Math.max(-1, Math.min(1, z / row.zSpan));
  return t >= 0 ? row.atZero + t * (row.atHigh - row.atZero) : row.atZero + -t * (row.atLow - row.atZero);
}

/**
 * The controls a table asks for at these indices, without smoothing; controls without a row keep `base`.
 *
 * @example
 * mapIndicesToControls({ stress: 2, attention: 0, engagement: 0, relaxation: -10 }).rho; // → 45
 * mapIndicesToControls({ stress: 0, attention: 0, engagement: 0, relaxation: 1 }).lambda2; // → 1.25
 */
export function mapIndicesToControls(
  indices: BiomarkerIndices,
  table: MappingTable = DEFAULT_MAPPING_TABLE,
  base: Readonly<DuetControls> = DEFAULT_DUET_CONTROLS,
): DuetControls {
  const out: DuetControls = { ...base };
  for (const row of table.rows) out[row.control] = mapRow(row, indices[row.index]);
  return out;
}

/**
 * Follows the table's targets with a first-order lag: c ← c + (1 − e^{−Δt/τ}) (target − c), exact for any step
 * Δt, so the result does not depend on how often it is updated when the target is held. Starts at `base`.
 *
 * @example
 * const m = new DuetControlMapper();
 * m.update({ stress: 2, attention: 0, engagement: 0, relaxation: 0 }, 2).rho; // → 38.75 — one time constant: 1 − 1/e of the way to 45
 */
export class DuetControlMapper {
  readonly table: MappingTable;
  private readonly base: Readonly<DuetControls>;
  private readonly state: DuetControls;

  constructor(table: MappingTable = DEFAULT_MAPPING_TABLE, base: Readonly<DuetControls> = DEFAULT_DUET_CONTROLS) {
    this.table = parseMappingTable(table);
    this.base = { ...base };
    this.state = { ...base };
  }

  /** The current (smoothed) controls. */
  get controls(): Readonly<DuetControls> {
    return this.state;
  }

  /** Moves the controls `dtSeconds` towards the targets of these indices and returns them. */
  update(indices: BiomarkerIndices, dtSeconds: number): Readonly<DuetControls> {
    if (!(dtSeconds >= 0)) throw new RangeError(`mapping: the time step must be ≥ 0 s, got ${dtSeconds}`);
    const tau = this.table.timeConstantSeconds;
    const k = tau === 0 ? 1 : 1 - Math.exp(-dtSeconds / tau);
    for (const row of this.table.rows) {
      const target = mapRow(row, indices[row.index]);
      this.state[row.control] += k * (target - this.state[row.control]);
    }
    return this.state;
  }

  /** Back to the base controls. */
  reset(): void {
    Object.assign(this.state, this.base);
  }
}
