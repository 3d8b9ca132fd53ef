/**
 * Guiding contours (McIlwain & Pietsch 1996, §4.1): the user's generalised path that a flock follows — a list of
 * (time, value) points joined by straight lines and held flat beyond its ends, or any function of time — and the
 * scales a pitch flock can be quantised to.
 */
import { z } from 'zod';
import { FormatError } from '../../formats/errors.js';
import { formatIssues } from '../../score/schema.js';
import { pitchClass } from '../../score/pitch.js';

/** A contour as points: `timesSeconds` non-decreasing, one value per time. */
export interface PointContour {
  timesSeconds: Float64Array;
  values: Float64Array;
}

/** A guiding contour: points, or a function of time in seconds. */
export type Contour = PointContour | ((timeSeconds: number) => number);

/**
 * A contour from [time, value] pairs.
 * @example
 * const c = pointContour([[0, 60], [10, 72]]);
 * contourValue(c, 5); // → 66
 */
export function pointContour(points: ReadonlyArray<readonly [number, number]>): PointContour {
  if (points.length === 0) throw new RangeError('a contour needs at least one point');
  const timesSeconds = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  points.forEach(([t, v], i) => {
    if (!Number.isFinite(t) || !Number.isFinite(v)) throw new RangeError(`contour point ${i} is not finite: [${t}, ${v}]`);
    if (i > 0 && t < timesSeconds[i - 1]!) throw new RangeError(`contour times must not decrease: point ${i} at ${t} s comes after ${timesSeconds[i - 1]} s`);
    timesSeconds[i] = t;
    values[i] = v;
  });
  return { timesSeconds, values };
}

/**
 * The value of a contour at a time: linear between points, the end values beyond them.
 * @example
 * contourValue((t) => 60 + t, 2); // → 62
 */
export function contourValue(contour: Contour, timeSeconds: number): number {
  if (typeof contour === 'function') return contour(timeSeconds);
  return new ContourReader(contour).at(timeSeconds);
}

/**
 * Reads a contour at times that mostly move forward, without allocating: a cursor remembers the last segment.
 * @example
 * const r = new ContourReader(pointContour([[0, 0], [1, 10]])); r.at(0.5); // 5
 */
export class ContourReader {
  private cursor = 0;
  private readonly io = new Float64Array(2);

  constructor(private readonly contour: Contour) {}

  /** The contour's value at `timeSeconds`. */
  at(timeSeconds: number): number {
    this.io[0] = timeSeconds;
    this.readInto(this.io, 0, 1);
    return this.io[1]!;
  }

  /**
   * Writes the value at the time `registers[timeIndex]` to `registers[outIndex]`: the allocation-free form of
   * {@link at} (for point contours; a function contour allocates whatever the function does).
   */
  readInto(registers: Float64Array, timeIndex: number, outIndex: number): void {
    const timeSeconds = registers[timeIndex]!;
    const c = this.contour;
    if (typeof c === 'function') {
      const value = c(timeSeconds);
      if (!Number.isFinite(value)) throw new RangeError(`the guiding contour returned ${value} at ${timeSeconds} s`);
      registers[outIndex] = value;
      return;
    }
    const t = c.timesSeconds;
    const v = c.values;
    const last = t.length - 1;
    if (timeSeconds <= t[0]!) {
      registers[outIndex] = v[0]!;
      return;
    }
    if (timeSeconds >= t[last]!) {
      registers[outIndex] = v[last]!;
      return;
    }
    let i = this.cursor;
    if (t[i]! > timeSeconds) i = 0;
    while (t[i + 1]! < timeSeconds) i++;
    this.cursor = i;
    const span = t[i + 1]! - t[i]!;
    registers[outIndex] = span <= 0 ? v[i + 1]! : v[i]! + ((v[i + 1]! - v[i]!) * (timeSeconds - t[i]!)) / span;
  }
}

/** Pitch-class sets of the scales a pitch flock can be quantised to. */
export const SCALES = {
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  'harmonic-minor': [0, 2, 3, 5, 7, 8, 11],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  pentatonic: [0, 2, 4, 7, 9],
  'minor-pentatonic': [0, 3, 5, 7, 10],
  'whole-tone': [0, 2, 4, 6, 8, 10],
} as const satisfies Record<string, readonly number[]>;

export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];

/**
 * A 12-entry mask of the pitch classes of a scale on a root (0 = C).
 * @example
 * scaleMask('major', 2)[1]; // → 1 — C# is in D major
 */
export function scaleMask(scale: ScaleName | readonly number[], root = 0): Uint8Array {
  const classes = typeof scale === 'string' ? SCALES[scale] : scale;
  const mask = new Uint8Array(12);
  for (const pc of classes) mask[(((pc + root) % 12) + 12) % 12] = 1;
  if (!mask.some((m) => m)) throw new RangeError('a scale needs at least one pitch class');
  return mask;
}

const pairsSchema = z.array(z.tuple([z.number().finite().nonnegative('times must be ≥ 0 s'), z.number().finite()])).min(1, 'needs at least one [seconds, value] point');
const stepsSchema = z.object({ values: z.array(z.number().finite()).min(1, 'needs at least one value'), stepSeconds: z.number().finite().positive() }).strict();
const oneContourSchema = z.union([pairsSchema, stepsSchema]);
const rootSchema = z.union([z.number().int().min(0).max(11), z.string()]);
const contourFileSchema = z.union([
  pairsSchema,
  z.object({
    pitch: oneContourSchema.optional(),
    velocity: oneContourSchema.optional(),
    scale: z.union([z.enum(SCALE_NAMES as [ScaleName, ...ScaleName[]]), z.array(z.number().int().min(0).max(11)).min(1)]).optional(),
    root: rootSchema.optional(),
  }).strict(),
]);

/** What a contour file holds: either contour may be missing (the defaults are used then). */
export interface ContourFile {
  pitch?: PointContour;
  velocity?: PointContour;
  scale?: ScaleName | number[];
  root?: number;
}

function toPoints(c: z.infer<typeof oneContourSchema>, source: string, what: string): PointContour {
  const pairs: Array<[number, number]> = Array.isArray(c) ? c : c.values.map((v, i) => [i * c.stepSeconds, v]);
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i]![0] < pairs[i - 1]![0]) throw new FormatError(source, `${what}[${i}]: time ${pairs[i]![0]} s comes before ${pairs[i - 1]![0]} s; times must not decrease`);
  }
  return pointContour(pairs);
}

/**
 * Reads guiding contours from JSON data. Accepted shapes: a bare list of `[seconds, value]` pairs (a pitch
 * contour), or `{ "pitch": …, "velocity": …, "scale": "major", "root": "D" }` where each contour is a list of pairs
 * or `{ "values": [60, 64, 67], "stepSeconds": 10 }`. Pitch values are MIDI numbers, velocity values MIDI
 * velocities (1–127). Problems are {@link FormatError}s naming `source`.
 * @example
 * parseContourFile([[0, 60], [60, 72]], 'up.json').pitch!.values[1]; // → 72
 */
export function parseContourFile(data: unknown, source: string): ContourFile {
  const parsed = contourFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new FormatError(source, `not a contour: ${formatIssues(parsed.error)} (expected [[seconds, value], …] or { "pitch": …, "velocity": … })`);
  }
  const d = parsed.data;
  if (Array.isArray(d)) return { pitch: toPoints(d, source, 'pitch') };
  const out: ContourFile = {};
  if (d.pitch) out.pitch = toPoints(d.pitch, source, 'pitch');
  if (d.velocity) out.velocity = toPoints(d.velocity, source, 'velocity');
  if (!out.pitch && !out.velocity) throw new FormatError(source, 'not a contour: give "pitch" or "velocity" (or both)');
  if (d.scale !== undefined) out.scale = d.scale;
  if (d.root !== undefined) {
    try {
      out.root = typeof d.root === 'number' ? d.root : pitchClass(d.root);
    } catch (err) {
      throw new FormatError(source, `root: ${(err as Error).message}`);
    }
  }
  return out;
}
