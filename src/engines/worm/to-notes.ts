/**
 * The worm plays: body-wall muscle contractions become notes.
 *
 * - Quadrant → register: the key range is split into four registers, DL lowest, then VL, DR, VR (the seed's order,
 *   SPEC §2.1), but inside the piano (default MIDI 24–103) — the seed's 96-cell map ran past the top key.
 * - Segment → pitch within the register: segment 1 (head) plays the register's top scale step, segment 24 (tail)
 *   its bottom, so the forward wave (head → tail) plays falling runs and a reversal plays rising ones.
 * - Contraction strength → velocity: the strength of the muscle's previous contraction (its peak activation), the
 *   best a live player can know at the moment the new contraction starts; a muscle's first note uses 0.6.
 * - Timing: a note starts when a muscle's activation rises through `onThreshold` and ends when it falls through
 *   `offThreshold` (hysteresis), so notes sound exactly while the muscle contracts.
 * - Density: each quadrant is one voice that accepts a new note only `4 / rate` seconds after its previous one, so
 *   four quadrants together play about `rate` notes per second and each voice picks every k-th segment of the
 *   travelling wave — an arpeggio whose direction and speed follow the body. A voice limit caps the notes sounding
 *   at once (the oldest is cut), and a key struck again ends its previous note.
 * {@link WormNoteMapper} does this frame by frame, allocation-free, for the live studio; {@link contractionsToScore}
 * runs the same mapper over a recording, so offline and live give the same notes (offline also clamps durations to
 * [minDurationSeconds, maxDurationSeconds]).
 * The seed's one-note-per-cell mapping gave 38 notes/s for 95 cells; this one gives the user's rate.
 */
import { z } from 'zod';
import { parseKey, scalePitches } from '../../score/scales.js';
import { createScore } from '../../score/ops.js';
import { formatIssues, ValidationError } from '../../score/schema.js';
import type { NoteEvent, Score } from '../../score/types.js';

import type { Quadrant } from './anatomy.js';

/** Body-wall muscle quadrants in register order, lowest first (the seed's map, SPEC §2.1). */
export const REGISTER_ORDER: readonly Quadrant[] = ['DL', 'VL', 'DR', 'VR'];

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

/**
 * Muscle activations over time, a row per muscle as a {@link WormRecording} holds them:
 * `data[m * frames + frame]`, activations 0–1.
 */
export interface MuscleActivity {
  /** Muscle names (see {@link muscleQuadrant}). */
  muscles: readonly string[];
  /** Seconds per frame. */
  dt: number;
  /** Muscles × frames, row-major. */
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
      const a = activity.data[m * frames + f]!;
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
  REGISTER_ORDER.forEach((q, i) => {
    const lo = Math.round(params.lowPitch + i * span);
    const hi = Math.round(params.lowPitch + (i + 1) * span) - 1;
    const pitches = scalePitches(key, lo, hi);
    if (pitches.length === 0) throw new RangeError(`no pitch of ${key.name} lies in ${lo}–${hi}: widen the range`);
    regs[q] = pitches;
  });
  return regs;
}

/** Receives the mapper's note events (primitive arguments: no allocation per event). */
export interface NoteSink {
  noteOn(time: number, pitch: number, velocity: number, voice: number): void;
  noteOff(time: number, pitch: number, voice: number): void;
}

/**
 * Frame-by-frame worm → notes mapping. Feed it the 95 activations of each frame in `muscleNames` order.
 * @example
 * const mapper = new WormNoteMapper(engine.muscleNames, { key: 'D dorian' });
 * mapper.push(engine.state.muscleActivation, engine.state.time, sink);
 */
export class WormNoteMapper {
  readonly params: ToNotesParams;
  private readonly count: number;
  private readonly voiceOf: Int8Array;
  private readonly pitchOf: Int16Array;
  private readonly inContraction: Uint8Array;
  private readonly peak: Float64Array;
  private readonly lastPeak: Float64Array;
  /** Pitch each muscle is sounding, or −1. */
  private readonly soundingPitch: Int16Array;
  /** Muscles sounding, oldest first (a queue of at most maxVoices). */
  private readonly queue: Int32Array;
  private queueLength = 0;
  private readonly lastOnset = new Float64Array(4).fill(-Infinity);
  private readonly gap: number;

  constructor(muscleNames: readonly string[], options: Partial<ToNotesParams> = {}) {
    const parsed = toNotesSchema.safeParse(options);
    if (!parsed.success) throw new ValidationError(`worm → notes: ${formatIssues(parsed.error)}`);
    const p = parsed.data;
    this.params = p;
    const registers = quadrantRegisters(p);
    this.count = muscleNames.length;
    this.voiceOf = new Int8Array(this.count);
    this.pitchOf = new Int16Array(this.count);
    muscleNames.forEach((name, m) => {
      const { quadrant, segment } = muscleQuadrant(name);
      const reg = registers[quadrant];
      this.voiceOf[m] = REGISTER_ORDER.indexOf(quadrant);
      // Head (segment 1) at the top of the register, tail (24) at the bottom.
      this.pitchOf[m] = reg[Math.round(((24 - segment) / 23) * (reg.length - 1))]!;
    });
    this.inContraction = new Uint8Array(this.count);
    this.peak = new Float64Array(this.count);
    this.lastPeak = new Float64Array(this.count).fill(0.6);
    this.soundingPitch = new Int16Array(this.count).fill(-1);
    this.queue = new Int32Array(p.maxVoices + 1);
    this.gap = 4 / p.notesPerSecond;
  }

  /** Processes one frame of activations at `time` (s), calling the sink for every note that starts or ends. */
  push(activations: ArrayLike<number>, time: number, sink: NoteSink): void {
    const p = this.params;
    for (let m = 0; m < this.count; m++) {
      const a = activations[m]!;
      if (!this.inContraction[m]) {
        if (a < p.onThreshold) continue;
        this.inContraction[m] = 1;
        this.peak[m] = a;
        const voice = this.voiceOf[m]!;
        if (time - this.lastOnset[voice]! < this.gap - 1e-9) continue;
        this.lastOnset[voice] = time;
        this.startNote(m, time, sink);
      } else {
        if (a > this.peak[m]!) this.peak[m] = a;
        if (a > p.offThreshold) continue;
        this.inContraction[m] = 0;
        this.lastPeak[m] = Math.min(1, this.peak[m]!);
        if (this.soundingPitch[m]! >= 0) this.endNote(m, time, sink);
      }
    }
  }

  /** Ends every sounding note (the end of a run). */
  flush(time: number, sink: NoteSink): void {
    while (this.queueLength > 0) this.endNote(this.queue[0]!, time, sink);
  }

  private startNote(m: number, time: number, sink: NoteSink): void {
    const p = this.params;
    const pitch = this.pitchOf[m]!;
    for (let i = 0; i < this.queueLength; i++) {
      const other = this.queue[i]!;
      if (this.soundingPitch[other] === pitch) {
        this.endNote(other, time, sink);
        break;
      }
    }
    if (this.queueLength >= p.maxVoices) this.endNote(this.queue[0]!, time, sink);
    const velocity = p.velocityFloor + (1 - p.velocityFloor) * this.lastPeak[m]!;
    this.soundingPitch[m] = pitch;
    this.queue[this.queueLength++] = m;
    sink.noteOn(time, pitch, velocity, this.voiceOf[m]!);
  }

  private endNote(m: number, time: number, sink: NoteSink): void {
    let i = 0;
    while (i < this.queueLength && this.queue[i] !== m) i++;
    if (i === this.queueLength) return;
    this.queue.copyWithin(i, i + 1, this.queueLength);
    this.queueLength--;
    sink.noteOff(time, this.soundingPitch[m]!, this.voiceOf[m]!);
    this.soundingPitch[m] = -1;
  }
}

/**
 * Turns recorded muscle activity into a score, gated to the requested density (the same mapping as the live
 * {@link WormNoteMapper}).
 * @example
 * const score = contractionsToScore({ muscles: rec.muscleNames, dt: 1 / rec.frameRate, data: rec.muscles }, { key: 'D dorian' });
 */
export function contractionsToScore(activity: MuscleActivity, options: Partial<ToNotesParams> = {}): Score {
  const mapper = new WormNoteMapper(activity.muscles, options);
  const p = mapper.params;
  const n = activity.muscles.length;
  const frames = Math.floor(activity.data.length / n);
  const notes: NoteEvent[] = [];
  const open = new Map<number, NoteEvent>();
  const sink: NoteSink = {
    noteOn(time, pitch, velocity, voice) {
      const note: NoteEvent = { onset: time, duration: 0, pitch, velocity, voice };
      open.set(pitch, note);
      notes.push(note);
    },
    noteOff(time, pitch) {
      const note = open.get(pitch);
      if (!note) return;
      open.delete(pitch);
      note.duration = time - note.onset;
    },
  };
  const frame = new Float64Array(n);
  for (let f = 0; f < frames; f++) {
    for (let m = 0; m < n; m++) frame[m] = activity.data[m * frames + f]!;
    mapper.push(frame, f * activity.dt, sink);
  }
  mapper.flush(frames * activity.dt, sink);
  for (const note of notes) note.duration = Math.min(p.maxDurationSeconds, Math.max(p.minDurationSeconds, note.duration));
  return createScore(notes, {
    tempos: [{ time: 0, bpm: (60 * p.notesPerSecond) / 4 }],
    meta: { key: parseKey(p.key).name, voiceNames: REGISTER_ORDER.map((q) => QUADRANT_NAMES[q]) },
  });
}
