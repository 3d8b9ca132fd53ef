/**
 * The worm plays: body-wall muscle contractions become notes.
 *
 * - Quadrant → register: the key range is split into four registers, DL lowest, then VL, DR, VR (the seed's order,
 *   SPEC §2.1), but inside the piano (default MIDI 24–103) — the seed's 96-cell map ran past the top key.
 * - Segment → pitch within the register: segment 1 (head) plays the register's top scale step, segment 24 (tail)
 *   its bottom, so the forward wave (head → tail) plays falling runs and a reversal plays rising ones.
 * - Contraction strength → velocity: the peak activation of the contraction.
 * - Density: a contraction starts when a muscle's activation rises through `onThreshold` and ends when it falls
 *   through `offThreshold` (hysteresis). Each quadrant is one voice that accepts a new note only `4 / rate` seconds
 *   after its previous one, so four quadrants together play about `rate` notes per second and each voice picks every
 *   k-th segment of the travelling wave — an arpeggio whose direction and speed follow the body. A voice limit caps
 *   the notes sounding at once (the oldest is cut).
 * The seed's one-note-per-cell mapping gave 38 notes/s for 95 cells; this one gives the user's rate.
 */
import { z } from 'zod';
import { parseKey, scalePitches } from '../../score/scales.js';
import { createScore } from '../../score/ops.js';
import { formatIssues, ValidationError } from '../../score/schema.js';
import type { NoteEvent, Score } from '../../score/types.js';

/** Body-wall muscle quadrants, in register order (lowest first). */
export const QUADRANTS = ['DL', 'VL', 'DR', 'VR'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

const QUADRANT_NAMES: Record<Quadrant, string> = {
  DL: 'dorsal left', VL: 'ventral left', DR: 'dorsal right', VR: 'ventral right',
};

/**
 * Quadrant and segment of a body-wall muscle name in the connectome's spelling (dBWML1–24, dBWMR1–24, vBWML1–23,
 * vBWMR1–24) or OpenWorm's (MDL01–24, MDR01–24, MVL01–23, MVR01–24).
 * @example
 * muscleQuadrant('vBWMR7'); // { quadrant: 'VR', segment: 7 }
 */
export function muscleQuadrant(name: string): { quadrant: Quadrant; segment: number } {
  const m = /^(?:([dv])BWM([LR])|M([DV])([LR]))0*(\d{1,2})$/.exec(name.trim());
  if (!m) throw new RangeError(`"${name}" is not a body-wall muscle name (e.g. dBWML3 or MVR12)`);
  const dv = (m[1] ?? m[3]!).toUpperCase();
  const lr = m[2] ?? m[4]!;
  const segment = Number(m[5]);
  if (segment < 1 || segment > 24) throw new RangeError(`"${name}": segment must be 1–24`);
  return { quadrant: `${dv}${lr}` as Quadrant, segment };
}

/** Parameters of the mapping, with defaults (validated once by {@link toNotesSchema}). */
export const toNotesSchema = z.object({
  key: z.string().default('C# minor'),
  lowPitch: z.number().int().min(0).max(127).default(24),
  highPitch: z.number().int().min(0).max(127).default(103),
  notesPerSecond: z.number().positive().max(40).default(5),
  onThreshold: z.number().min(0).max(1).default(0.35),
  offThreshold: z.number().min(0).max(1).default(0.2),
  maxVoices: z.number().int().min(1).max(64).default(8),
  minDurationSeconds: z.number().positive().default(0.08),
  maxDurationSeconds: z.number().positive().default(2),
  velocityFloor: z.number().min(0).max(1).default(0.3),
}).refine((p) => p.highPitch - p.lowPitch >= 7, { message: 'the pitch range must span at least 8 semitones' })
  .refine((p) => p.offThreshold < p.onThreshold, { message: 'offThreshold must be below onThreshold' });

export type ToNotesParams = z.infer<typeof toNotesSchema>;

/** Muscle activations over time: `data[frame * muscles.length + m]`, activations 0–1. */
export interface MuscleActivity {
  /** Muscle names (see {@link muscleQuadrant}). */
  muscles: readonly string[];
  /** Seconds per frame. */
  dt: number;
  /** Row-major frames × muscles. */
  data: Float32Array | Float64Array;
}

/** One detected contraction, before gating. */
export interface Contraction {
  muscle: number;
  quadrant: Quadrant;
  segment: number;
  onset: number;
  duration: number;
  peak: number;
}

/**
 * Every contraction of every muscle (activation rising through `on`, ending when it falls through `off`).
 */
export function detectContractions(activity: MuscleActivity, on: number, off: number): Contraction[] {
  const n = activity.muscles.length;
  const frames = Math.floor(activity.data.length / n);
  const where = activity.muscles.map(muscleQuadrant);
  const out: Contraction[] = [];
  for (let m = 0; m < n; m++) {
    let start = -1;
    let peak = 0;
    for (let f = 0; f < frames; f++) {
      const a = activity.data[f * n + m]!;
      if (start < 0) {
        if (a >= on) {
          start = f;
          peak = a;
        }
      } else {
        if (a > peak) peak = a;
        if (a <= off || f === frames - 1) {
          out.push({ muscle: m, ...where[m]!, onset: start * activity.dt, duration: (f - start) * activity.dt, peak });
          start = -1;
        }
      }
    }
  }
  return out.sort((a, b) => a.onset - b.onset || a.muscle - b.muscle);
}

/** The scale pitches of each quadrant's register. */
export function quadrantRegisters(params: Pick<ToNotesParams, 'key' | 'lowPitch' | 'highPitch'>): Record<Quadrant, number[]> {
  const key = parseKey(params.key);
  const span = (params.highPitch - params.lowPitch + 1) / 4;
  const regs = {} as Record<Quadrant, number[]>;
  QUADRANTS.forEach((q, i) => {
    const lo = Math.round(params.lowPitch + i * span);
    const hi = Math.round(params.lowPitch + (i + 1) * span) - 1;
    const pitches = scalePitches(key, lo, hi);
    if (pitches.length === 0) throw new RangeError(`no pitch of ${key.name} lies in ${lo}–${hi}: widen the range`);
    regs[q] = pitches;
  });
  return regs;
}

/**
 * Turns muscle activity into a score, gated to the requested density.
 * @example
 * const score = contractionsToScore(activity, { key: 'D dorian', notesPerSecond: 4 });
 */
export function contractionsToScore(activity: MuscleActivity, options: Partial<ToNotesParams> = {}): Score {
  const parsed = toNotesSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(`worm → notes: ${formatIssues(parsed.error)}`);
  const p = parsed.data;
  const registers = quadrantRegisters(p);
  const contractions = detectContractions(activity, p.onThreshold, p.offThreshold);
  const gap = 4 / p.notesPerSecond;
  const lastOnset: Record<Quadrant, number> = { DL: -Infinity, VL: -Infinity, DR: -Infinity, VR: -Infinity };
  const notes: NoteEvent[] = [];
  const sounding: NoteEvent[] = [];
  for (const c of contractions) {
    if (c.onset - lastOnset[c.quadrant] < gap - 1e-9) continue;
    lastOnset[c.quadrant] = c.onset;
    const reg = registers[c.quadrant];
    // Head (segment 1) at the top of the register, tail (24) at the bottom.
    const idx = Math.round(((24 - c.segment) / 23) * (reg.length - 1));
    const velocity = p.velocityFloor + (1 - p.velocityFloor) * Math.min(1, Math.max(0, c.peak));
    const duration = Math.min(p.maxDurationSeconds, Math.max(p.minDurationSeconds, c.duration));
    const note: NoteEvent = { onset: c.onset, duration, pitch: reg[idx]!, velocity, voice: QUADRANTS.indexOf(c.quadrant) };
    // Voice limit: notes still sounding at this onset; cut the oldest when full.
    for (let i = sounding.length - 1; i >= 0; i--) if (sounding[i]!.onset + sounding[i]!.duration <= note.onset) sounding.splice(i, 1);
    if (sounding.length >= p.maxVoices) {
      const oldest = sounding.shift()!;
      oldest.duration = Math.max(1e-3, note.onset - oldest.onset);
    }
    // One key cannot sound twice: a repeated pitch ends the previous note.
    for (const s of sounding) if (s.pitch === note.pitch) s.duration = Math.max(1e-3, note.onset - s.onset);
    sounding.push(note);
    notes.push(note);
  }
  return createScore(notes, {
    tempos: [{ time: 0, bpm: 60 * p.notesPerSecond / 4 }],
    meta: { key: parseKey(p.key).name, voiceNames: QUADRANTS.map((q) => QUADRANT_NAMES[q]) },
  });
}
