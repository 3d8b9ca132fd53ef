/**
 * The worm plays: body-wall muscle contractions become notes.
 *
 * - Quadrant → register: the key range is split into four registers, DL lowest, then VL, DR, VR (PyANNOW v1's
 *   order; docs/design/worm.md), but inside the piano (default MIDI 24–103) — its 96-cell map ran past the top key.
 * - Segment → pitch within the register: segment 1 (head) plays the register's top scale step, segment 24 (tail)
 *   its bottom, so the forward wave (head → tail) plays falling runs and a reversal plays rising ones.
 * - Contraction strength → velocity: the strength of the muscle's previous contraction (its peak activation), the
 *   best a live player can know at the moment the new contraction starts.
 * - Timing and articulation: a note starts when a muscle begins to contract (its activation rising through a share of
 *   its own recent peak) and ends when it relaxes, so a slow crawl plays long, overlapping notes and a fast swim
 *   short ones.
 * - Density and metre: the muscles give the body's undulation period (dorsal and ventral alternate once a cycle).
 *   Each quadrant is one voice that plays a simple division of that cycle (1/4 … 8 notes per cycle, chosen
 *   so that the four voices together play about `notesPerSecond`, the bass least), so the body cycle is the bar and
 *   the environment sets the tempo. After its gap a voice takes the first contraction that lies further along the
 *   wave than its previous note: it walks down its register while the wave runs head → tail, up while it runs back,
 *   and starts again from the other end. A voice limit caps the notes sounding at once (the oldest is cut), and a
 *   key struck again ends its previous note.
 * {@link WormNoteMapper} does this frame by frame, allocation-free, for the live studio; {@link contractionsToScore}
 * runs the same mapper over a recording, so offline and live give the same notes (offline also clamps durations to
 * [minDurationSeconds, maxDurationSeconds]).
 * PyANNOW v1's one-note-per-cell mapping gave 38 notes/s for 95 cells; this one gives the user's rate.
 */
import { z } from 'zod';
import { parseKey, scalePitches } from '../../../score/scales.js';
import { createScore } from '../../../score/ops.js';
import { formatIssues, ValidationError } from '../../../score/schema.js';
import type { NoteEvent, Score } from '../../../score/types.js';

import type { Quadrant } from '../model/anatomy.js';

/** Body-wall muscle quadrants in register order, lowest first (PyANNOW v1's map; docs/design/worm.md). */
export const REGISTER_ORDER: readonly Quadrant[] = ['DL', 'VL', 'DR', 'VR'];

const QUADRANT_NAMES: Record<Quadrant, string> = {
  DL: 'dorsal left', VL: 'ventral left', DR: 'dorsal right', VR: 'ventral right',
};

/**
 * Quadrant and segment of a body-wall muscle name in the connectome's spelling (dBWML1–24, dBWMR1–24, vBWML1–23,
 * vBWMR1–24) or OpenWorm's (MDL01–24, MDR01–24, MVL01–23, MVR01–24).
 * @example
 * muscleQuadrant('vBWMR7'); // → { quadrant: 'VR', segment: 7 }
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

/**
 * Notes per body cycle a voice may play: the body's undulation is the bar, and a voice plays every k-th cycle or k
 * times a cycle (a division like 2/3 would put every other note in the half cycle when its quadrant is relaxed).
 */
export const NOTES_PER_CYCLE = [1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 6, 8] as const;

/** The fields of the mapping's parameters, with defaults (cross-field rules in {@link toNotesSchema}). */
export const toNotesShape = z.object({
  /** Key or mode of the pitches ("C# minor", "D dorian", "chromatic"). */
  key: z.string().default('C# minor'),
  /** Pitch range of the four registers, inside the piano. */
  lowPitch: z.number().int().min(21).max(108).default(24),
  highPitch: z.number().int().min(21).max(108).default(103),
  /** Target density of the whole texture (notes per second). */
  notesPerSecond: z.number().positive().max(40).default(5),
  /** Share of the density each register takes, DL (bass), VL, DR, VR (treble): the bass moves slowest. */
  voiceWeights: z.tuple([z.number().positive(), z.number().positive(), z.number().positive(), z.number().positive()]).default([1, 2, 2, 3]),
  /**
   * A voice playing every k-th cycle waits (k + detune) cycles between notes, so each note catches the wave a little
   * later in its cycle than the last and the voice walks along the body instead of striking the same segment every
   * time; a voice playing n notes a cycle waits (1 − detune)/n cycles, so it takes n steps along each pass.
   */
  detune: z.number().min(0).max(1).default(0.125),
  /** A contraction starts when a muscle's activation rises through this share of its recent peak… */
  onShare: z.number().gt(0).lt(1).default(0.6),
  /** …and ends when it falls through this share (hysteresis). */
  offShare: z.number().gt(0).lt(1).default(0.35),
  /** Activation below which nothing counts as a contraction, whatever the recent peak: a relaxed worm is silent. */
  floor: z.number().min(0).max(1).default(0.08),
  /** Memory of a muscle's recent peak (s): the peak decays with this time constant. */
  peakMemorySeconds: z.number().positive().max(60).default(3),
  maxVoices: z.number().int().min(1).max(64).default(8),
  minDurationSeconds: z.number().positive().default(0.08),
  maxDurationSeconds: z.number().positive().default(2.5),
  /** Velocity of the weakest contraction; a contraction of activation `fullScale` or more plays at 1. */
  velocityFloor: z.number().min(0).max(1).default(0.3),
  velocityFullScale: z.number().gt(0).max(1).default(0.7),
});

/** Parameters of the mapping, with defaults, validated once. */
export const toNotesSchema = toNotesShape.refine((p) => p.highPitch - p.lowPitch >= 7, { message: 'the pitch range must span at least 8 semitones' })
  .refine((p) => p.offShare < p.onShare, { message: 'offShare must be below onShare' })
  .refine((p) => p.minDurationSeconds <= p.maxDurationSeconds, { message: 'minDurationSeconds must not exceed maxDurationSeconds' });

export type ToNotesParams = z.infer<typeof toNotesSchema>;
export type ToNotesOptions = z.input<typeof toNotesSchema>;

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
 * Every contraction of every muscle with fixed thresholds (activation rising through `on`, ending when it falls
 * through `off`): the raw material before the mapper's adaptive thresholds and gating.
 * @example
 * const rec = simulateWorm({ seconds: 4 });
 * detectContractions({ muscles: rec.muscleNames, dt: 1 / rec.frameRate, data: rec.muscles }, 0.35, 0.2).length;
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

/** The entry of {@link NOTES_PER_CYCLE} nearest (in ratio) to x. */
export function nearestNotesPerCycle(x: number): number {
  let best: number = NOTES_PER_CYCLE[0];
  for (const r of NOTES_PER_CYCLE) if (Math.abs(Math.log(r / x)) < Math.abs(Math.log(best / x))) best = r;
  return best;
}

/** Receives the mapper's note events (primitive arguments: no allocation per event). */
export interface NoteSink {
  noteOn(time: number, pitch: number, velocity: number, voice: number): void;
  noteOff(time: number, pitch: number, voice: number): void;
}

/** Shortest and longest interval taken as a body period (s). */
const PERIOD_RANGE_S: readonly [number, number] = [0.15, 12];

/**
 * Frame-by-frame worm → notes mapping, allocation-free (the live studio calls it once per frame). Feed it the
 * activations of each frame in `muscleNames` order.
 *
 * - Contractions: a muscle's contraction starts when its activation rises through `onShare` of its own recent peak
 *   (and above `floor`), and ends when it falls through `offShare` of it; notes sound exactly while the muscle
 *   contracts, so a slow crawl plays long, overlapping notes and a fast swim short ones.
 * - The body's clock: dorsal and ventral muscles alternate once per undulation; the period between two upward
 *   crossings of their difference, smoothed, is {@link bodyFrequencyHz}.
 * - Gating: each quadrant is one voice with a share of `notesPerSecond` (`voiceWeights`); it plays a whole division of
 *   the body cycle ({@link NOTES_PER_CYCLE}), so the undulation is the bar and the environment sets the tempo, and
 *   it takes the first contraction after its gap (see `detune`) further along the wave than its last note, so its
 *   line runs the way the wave does and starts again when the wave leaves the body.
 * - Pitch: segment 1 (head) plays the register's top scale step, segment 24 (tail) its bottom: a forward wave (head
 *   → tail) walks down, a backward wave up. Velocity: the strength of the muscle's previous contraction.
 * @example
 * const engine = new WormEngine(); engine.advance(500);
 * const mapper = new WormNoteMapper(engine.muscleNames, { key: 'D dorian' });
 * mapper.push(engine.state.muscleActivation, engine.state.time, { noteOn: () => {}, noteOff: () => {} });
 */
export class WormNoteMapper {
  readonly params: ToNotesParams;
  private readonly count: number;
  private readonly voiceOf: Int8Array;
  private readonly pitchOf: Int16Array;
  private readonly inContraction: Uint8Array;
  private readonly peak: Float64Array;
  private readonly lastPeak: Float64Array;
  private readonly recentPeak: Float64Array;
  private readonly dorsal: Uint8Array;
  private readonly dorsalScale: number;
  private readonly ventralScale: number;
  private swingSign = 0;
  /** Pitch each muscle is sounding, or −1. */
  private readonly soundingPitch: Int16Array;
  /** Muscles sounding, oldest first (a queue of at most maxVoices). */
  private readonly queue: Int32Array;
  private queueLength = 0;
  private readonly lastOnset = new Float64Array(4).fill(-Infinity);
  private readonly segmentOf: Int8Array;
  /** Per voice: running sign of the wave's travel (+1 head → tail), the wave front's last segment, the last note's. */
  private readonly waveDirection = new Float64Array(4);
  private readonly lastFrontSegment = new Float64Array(4);
  private readonly frameOnsets = new Int32Array(4);
  private readonly frameSegmentSum = new Float64Array(4);
  private readonly lastPlayedSegment = new Int8Array(4);
  /** Notes per second each voice aims at. */
  private readonly voiceRate = new Float64Array(4);
  /** Notes per body cycle each voice plays now. */
  private readonly perCycle = new Float64Array(4);
  /**
   * Scalar state in one typed array (a double in an object field may be boxed on each store): the frame's time (s),
   * the recent-peak decay over the last frame, the previous frame's time, the body period (s), the dorsal − ventral
   * swing and the time of its last upward crossing.
   */
  private readonly now = Float64Array.of(0, 1, NaN, NaN, 0, -Infinity);

  constructor(muscleNames: readonly string[], options: ToNotesOptions = {}) {
    const parsed = toNotesSchema.safeParse(options);
    if (!parsed.success) throw new ValidationError(`worm → notes: ${formatIssues(parsed.error)}`);
    const p = parsed.data;
    this.params = p;
    const registers = quadrantRegisters(p);
    this.count = muscleNames.length;
    this.voiceOf = new Int8Array(this.count);
    this.pitchOf = new Int16Array(this.count);
    this.segmentOf = new Int8Array(this.count);
    muscleNames.forEach((name, m) => {
      const { quadrant, segment } = muscleQuadrant(name);
      this.segmentOf[m] = segment;
      const reg = registers[quadrant];
      this.voiceOf[m] = REGISTER_ORDER.indexOf(quadrant);
      // Head (segment 1) at the top of the register, tail (24) at the bottom.
      this.pitchOf[m] = reg[Math.round(((24 - segment) / 23) * (reg.length - 1))]!;
    });
    this.inContraction = new Uint8Array(this.count);
    this.peak = new Float64Array(this.count);
    this.lastPeak = new Float64Array(this.count).fill(0.6 * p.velocityFullScale);
    this.recentPeak = new Float64Array(this.count);
    this.dorsal = Uint8Array.from(muscleNames, (name) => (muscleQuadrant(name).quadrant[0] === 'D' ? 1 : 0));
    const dorsalCount = this.dorsal.reduce((a, b) => a + b, 0);
    this.dorsalScale = dorsalCount ? 1 / dorsalCount : 0;
    this.ventralScale = this.count > dorsalCount ? 1 / (this.count - dorsalCount) : 0;
    this.soundingPitch = new Int16Array(this.count).fill(-1);
    this.queue = new Int32Array(p.maxVoices + 1);
    const total = p.voiceWeights.reduce((a, b) => a + b, 0);
    for (let v = 0; v < 4; v++) this.voiceRate[v] = (p.notesPerSecond * p.voiceWeights[v]!) / total;
    this.perCycle.fill(NaN);
  }

  /** The body's undulation frequency as the muscles show it (Hz); NaN until two cycles have passed. */
  get bodyFrequencyHz(): number {
    return 1 / this.now[3]!;
  }

  /** Notes per body cycle voice `v` (0 = DL … 3 = VR, {@link REGISTER_ORDER}) plays now; NaN before the clock runs. */
  notesPerCycle(v: number): number {
    return this.perCycle[v]!;
  }

  /** Processes one frame of activations at `time` (s), calling the sink for every note that starts or ends. */
  push(activations: ArrayLike<number>, time: number, sink: NoteSink): void {
    const p = this.params;
    const elapsed = time - this.now[2]!;
    const decay = elapsed > 0 ? Math.exp(-elapsed / p.peakMemorySeconds) : 1;
    this.now[2] = time;
    // Internal calls read the time and decay from fields: a double passed to a call V8 does not inline is boxed.
    this.now[0] = time;
    this.now[1] = decay;
    this.clock(activations);
    for (let m = 0; m < this.count; m++) {
      const a = activations[m]!;
      const recent = Math.max(a, this.recentPeak[m]! * decay);
      this.recentPeak[m] = recent;
      if (!this.inContraction[m]) {
        if (a < p.floor || a < p.onShare * recent) continue;
        this.inContraction[m] = 1;
        this.peak[m] = a;
        const voice = this.voiceOf[m]!;
        const segment = this.segmentOf[m]!;
        this.frameOnsets[voice]!++;
        this.frameSegmentSum[voice]! += segment;
        if (!this.accepts(voice, segment)) continue;
        this.lastOnset[voice] = time;
        this.lastPlayedSegment[voice] = segment;
        this.startNote(m, sink);
      } else {
        if (a > this.peak[m]!) this.peak[m] = a;
        if (a > p.offShare * recent && a >= p.floor) continue;
        this.inContraction[m] = 0;
        this.lastPeak[m] = this.peak[m]!;
        if (this.soundingPitch[m]! >= 0) this.endNote(m, sink);
      }
    }
    this.followWave();
  }

  /** Ends every sounding note (the end of a run). */
  flush(time: number, sink: NoteSink): void {
    this.now[0] = time;
    while (this.queueLength > 0) this.endNote(this.queue[0]!, sink);
  }

  /**
   * The body's clock: the mean dorsal minus the mean ventral activation swings once per undulation; the time between
   * two upward crossings (with hysteresis of a tenth of the swing) is one period, smoothed over a few cycles.
   */
  private clock(activations: ArrayLike<number>): void {
    const time = this.now[0]!;
    const decay = this.now[1]!;
    let dorsal = 0;
    let ventral = 0;
    for (let m = 0; m < this.count; m++) {
      if (this.dorsal[m]) dorsal += activations[m]!;
      else ventral += activations[m]!;
    }
    const x = dorsal * this.dorsalScale - ventral * this.ventralScale;
    const swing = Math.max(Math.abs(x), this.now[4]! * decay);
    this.now[4] = swing;
    const h = 0.1 * swing;
    if (this.swingSign <= 0 && x > h) {
      const interval = time - this.now[5]!;
      this.now[5] = time;
      this.swingSign = 1;
      if (interval >= PERIOD_RANGE_S[0] && interval <= PERIOD_RANGE_S[1]) {
        const period = this.now[3]!;
        this.now[3] = Number.isNaN(period) ? interval : period + 0.5 * (interval - period);
      }
    } else if (this.swingSign >= 0 && x < -h) this.swingSign = -1;
  }

  /**
   * The contractions that began in this frame, per quadrant, against those of the last frame that had any: the
   * wave's front moving by a few segments shows which way it runs there (muscles driven together start in the same
   * frame, so a frame's mean segment is compared, not single muscles).
   */
  private followWave(): void {
    for (let v = 0; v < 4; v++) {
      const count = this.frameOnsets[v]!;
      if (count === 0) continue;
      const mean = this.frameSegmentSum[v]! / count;
      const step = mean - this.lastFrontSegment[v]!;
      this.lastFrontSegment[v] = mean;
      if (Math.abs(step) >= 0.5 && Math.abs(step) <= 4) this.waveDirection[v] = this.waveDirection[v]! + 0.1 * (Math.sign(step) - this.waveDirection[v]!);
      this.frameOnsets[v] = 0;
      this.frameSegmentSum[v] = 0;
    }
  }

  /**
   * Does voice v play a contraction of `segment` starting now? Only after its gap, and only a segment further along
   * the wave than its last note (so a line runs the way the wave does), unless it is half a division late (the
   * wave has left the body's end: the line starts again from the other end).
   */
  private accepts(v: number, segment: number): boolean {
    const rate = this.voiceRate[v]!;
    const waited = this.now[0]! - this.lastOnset[v]!;
    const period = this.now[3]!;
    if (Number.isNaN(period)) return waited >= 1 / rate - 1e-9;
    // The entry of NOTES_PER_CYCLE nearest rate × period in ratio (nearestNotesPerCycle, inlined).
    const target = rate * period;
    let n: number = NOTES_PER_CYCLE[0];
    for (let i = 1; i < NOTES_PER_CYCLE.length; i++) if (Math.abs(Math.log(NOTES_PER_CYCLE[i]! / target)) < Math.abs(Math.log(n / target))) n = NOTES_PER_CYCLE[i]!;
    this.perCycle[v] = n;
    // One note a cycle or fewer: a little late each time, so successive notes walk along the wave. Several a cycle:
    // a little early, so the line takes n steps along each pass of the wave.
    const d = this.params.detune;
    const gap = n <= 1 ? period * (1 / n + d) : (period / n) * (1 - d);
    if (waited < gap - 1e-9) return false;
    const direction = this.waveDirection[v]!;
    if (Math.abs(direction) < 0.3 || this.lastPlayedSegment[v] === 0) return true;
    if (Math.sign(direction) * (segment - this.lastPlayedSegment[v]!) > 0) return true;
    return waited >= gap + (0.5 * period) / n;
  }

  private startNote(m: number, sink: NoteSink): void {
    const p = this.params;
    const time = this.now[0]!;
    const pitch = this.pitchOf[m]!;
    for (let i = 0; i < this.queueLength; i++) {
      const other = this.queue[i]!;
      if (this.soundingPitch[other] === pitch) {
        this.endNote(other, sink);
        break;
      }
    }
    if (this.queueLength >= p.maxVoices) this.endNote(this.queue[0]!, sink);
    const strength = Math.min(1, this.lastPeak[m]! / p.velocityFullScale);
    const velocity = p.velocityFloor + (1 - p.velocityFloor) * strength;
    this.soundingPitch[m] = pitch;
    this.queue[this.queueLength++] = m;
    sink.noteOn(time, pitch, velocity, this.voiceOf[m]!);
  }

  private endNote(m: number, sink: NoteSink): void {
    let i = 0;
    while (i < this.queueLength && this.queue[i] !== m) i++;
    if (i === this.queueLength) return;
    this.queue.copyWithin(i, i + 1, this.queueLength);
    this.queueLength--;
    sink.noteOff(this.now[0]!, this.soundingPitch[m]!, this.voiceOf[m]!);
    this.soundingPitch[m] = -1;
  }
}

/**
 * A tempo for a score whose beat is the body cycle, doubled or halved into 60–160 bpm.
 * @example
 * bodyTempoBpm(0.47); // → 112.8 — a crawl's cycle (28.2 per minute) doubled twice
 */
export function bodyTempoBpm(bodyHz: number): number {
  if (!(bodyHz > 0) || !Number.isFinite(bodyHz)) return 120;
  let bpm = 60 * bodyHz;
  while (bpm < 60) bpm *= 2;
  while (bpm >= 160) bpm /= 2;
  return bpm;
}

/**
 * Turns recorded muscle activity into a score, gated to the requested density (the same mapping as the live
 * {@link WormNoteMapper}; durations are then clamped to [minDurationSeconds, maxDurationSeconds]). The tempo is the
 * body's median undulation frequency over the notes ({@link bodyTempoBpm}).
 * @example
 * const rec = simulateWorm({ seconds: 4 });
 * const score = contractionsToScore({ muscles: rec.muscleNames, dt: 1 / rec.frameRate, data: rec.muscles }, { key: 'D dorian' });
 */
export function contractionsToScore(activity: MuscleActivity, options: ToNotesOptions = {}): Score {
  const builder = new WormScoreBuilder(activity.muscles, options);
  const n = activity.muscles.length;
  const frames = Math.floor(activity.data.length / n);
  const frame = new Float64Array(n);
  for (let f = 0; f < frames; f++) {
    for (let m = 0; m < n; m++) frame[m] = activity.data[m * frames + f]!;
    builder.push(frame, f * activity.dt);
  }
  return builder.finish(frames * activity.dt);
}

/**
 * {@link contractionsToScore} frame by frame: push each frame's activations as a simulation reaches it, and the
 * score is ready at the end without the run's recording. What it keeps grows with the notes only (a note object
 * and one body-frequency sample per note), not with the frames.
 * @example
 * const builder = new WormScoreBuilder(new WormEngine().muscleNames, { key: 'D dorian' });
 * const run = streamWorm({ seconds: 8, frameRate: 50 }, { frame: (f, e) => builder.push(e.state.muscleActivation, f / 50) });
 * const played = builder.finish(run.frames / 50);
 * played.meta.key; // → 'D dorian'
 */
export class WormScoreBuilder {
  readonly mapper: WormNoteMapper;
  private readonly notes: NoteEvent[] = [];
  /** The note sounding on each pitch (at most one: a key struck again ends its note). */
  private readonly open = new Map<number, NoteEvent>();
  private readonly frequencies: number[] = [];
  private readonly sink: NoteSink;

  constructor(muscleNames: readonly string[], options: ToNotesOptions = {}) {
    const mapper = new WormNoteMapper(muscleNames, options);
    this.mapper = mapper;
    const { notes, open, frequencies } = this;
    this.sink = {
      noteOn(time, pitch, velocity, voice) {
        const note: NoteEvent = { onset: time, duration: 0, pitch, velocity, voice };
        open.set(pitch, note);
        notes.push(note);
        if (Number.isFinite(mapper.bodyFrequencyHz)) frequencies.push(mapper.bodyFrequencyHz);
      },
      noteOff(time, pitch) {
        const note = open.get(pitch);
        if (!note) return;
        open.delete(pitch);
        note.duration = time - note.onset;
      },
    };
  }

  /** Notes started so far. */
  get noteCount(): number {
    return this.notes.length;
  }

  /** One frame of activations (in the muscle order given to the constructor) at `time` (s). */
  push(activations: ArrayLike<number>, time: number): void {
    this.mapper.push(activations, time, this.sink);
  }

  /** Ends the sounding notes at `endTime` (s) and returns the score; the builder is spent. */
  finish(endTime: number): Score {
    const p = this.mapper.params;
    this.mapper.flush(endTime, this.sink);
    for (const note of this.notes) note.duration = Math.min(p.maxDurationSeconds, Math.max(p.minDurationSeconds, note.duration));
    const frequencies = this.frequencies.sort((a, b) => a - b);
    const bodyHz = frequencies.length ? frequencies[frequencies.length >> 1]! : NaN;
    return createScore(this.notes, {
      tempos: [{ time: 0, bpm: bodyTempoBpm(bodyHz) }],
      meta: { key: parseKey(p.key).name, voiceNames: REGISTER_ORDER.map((q) => QUADRANT_NAMES[q]) },
    });
  }
}
