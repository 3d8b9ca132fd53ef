/**
 * The dance timeline: what the studio plays beside the piece's audio — per frame the 95 body-wall muscle
 * activations, the body's midline, the musical pattern and the commanded behaviour — with the patterns' and modes'
 * excitability. Its shape is {@link danceTimelineSchema} (zod), so a loader validates a file once and trusts it.
 *
 * ```
 * { format: "neuromusic-dance-timeline", version: 1,
 *   piece: { title, source, durationSeconds }, frameRate, medium, undulationHz,
 *   muscleNames: [95 names, dBWML1 … vBWMR24], rods: 49,
 *   behaviours: ["HALT", "FORWARD", "FWD+L", "FWD+R", "BACKWARD"],
 *   patterns: [{ id, label, color, excitability, pValue, rank, chord: [MIDI…], share }],
 *   modes: [{ index, excitability, pValue, rank, sigma, chord: [MIDI…] }],
 *   frames: [{ t, pattern, behaviour, muscles: [95 × 0–1], midline: { x: [49 mm], y: [49 mm] } }] }
 * ```
 * Midline points run head first, in millimetres, in the plane of the body model (WCON's convention, see
 * wcon-export.ts); `t` is seconds from the start of the piece.
 */
import { z } from 'zod';
import { formatIssues, ValidationError } from '../../../score/schema.js';
import { BODY_WALL_MUSCLES } from '../model/anatomy.js';
import { CLUSTER_COLORS } from '../../../analysis/cluster-colors.js';
import { DANCE_BEHAVIOURS } from './body-wave.js';
import { waveActivations, type DanceData } from './dance.js';

export const DANCE_TIMELINE_FORMAT = 'neuromusic-dance-timeline';


const behaviour = z.enum(DANCE_BEHAVIOURS);
const unit = z.number().min(0).max(1);
const finite = z.number().finite();

/** The timeline file's shape. */
export const danceTimelineSchema = z
  .object({
    format: z.literal(DANCE_TIMELINE_FORMAT),
    version: z.literal(1),
    piece: z.object({ title: z.string(), source: z.string(), durationSeconds: z.number().min(0).finite() }),
    frameRate: z.number().positive().max(1000),
    medium: unit,
    undulationHz: z.number().min(0).finite(),
    muscleNames: z.array(z.string()).length(BODY_WALL_MUSCLES.length),
    rods: z.number().int().min(2),
    behaviours: z.array(behaviour),
    patterns: z
      .array(
        z.object({
          id: z.number().int().min(0),
          label: z.string(),
          color: z.string(),
          excitability: unit,
          pValue: z.number().gt(0).max(1),
          rank: z.number().int().min(1),
          chord: z.array(z.number().int().min(0).max(127)),
          share: unit,
        }),
      )
      .min(1),
    modes: z.array(z.object({ index: z.number().int().min(0), excitability: unit, pValue: z.number().gt(0).max(1), rank: z.number().int().min(1), sigma: z.number().min(0), chord: z.array(z.number().int().min(0).max(127)) })),
    frames: z
      .array(
        z.object({
          t: z.number().min(0).finite(),
          pattern: z.number().int().min(0),
          behaviour,
          muscles: z.array(unit).length(BODY_WALL_MUSCLES.length),
          midline: z.object({ x: z.array(finite), y: z.array(finite) }),
        }),
      )
      .min(1),
  })
  .superRefine((doc, ctx) => {
    // At most a few issues: a broken file of 10,000 frames should not print 10,000 lines.
    let issues = 0;
    const issue = (path: Array<string | number>, message: string): void => {
      if (issues++ < 5) ctx.addIssue({ code: 'custom', path, message });
    };
    doc.patterns.forEach((p, i) => {
      if (p.id !== i) issue(['patterns', i, 'id'], `pattern ids must be 0, 1, 2, … in order (found ${p.id} at ${i})`);
    });
    for (let f = 0; f < doc.frames.length && issues < 5; f++) {
      const fr = doc.frames[f]!;
      if (fr.pattern >= doc.patterns.length) issue(['frames', f, 'pattern'], `pattern ${fr.pattern} is not among the ${doc.patterns.length} patterns`);
      if (fr.midline.x.length !== doc.rods || fr.midline.y.length !== doc.rods) issue(['frames', f, 'midline'], `a midline needs ${doc.rods} x and y values`);
      if (f > 0 && !(fr.t > doc.frames[f - 1]!.t)) issue(['frames', f, 't'], 'frame times must increase');
    }
  });

export type DanceTimeline = z.output<typeof danceTimelineSchema>;

/**
 * Validates a parsed timeline file; throws a ValidationError naming the source and the first problems.
 * @example
 * // not run: needs a dance timeline file, such as one `neuromusic dance` writes
 * const timeline = parseDanceTimeline(JSON.parse(text), 'raindrop.dance.json');
 */
export function parseDanceTimeline(data: unknown, source = 'dance timeline'): DanceTimeline {
  const parsed = danceTimelineSchema.safeParse(data);
  if (!parsed.success) throw new ValidationError(`${source}: not a dance timeline: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

const round = (x: number, digits: number): number => {
  const s = 10 ** digits;
  return Math.round(x * s) / s;
};

/**
 * The dance's patterns as the timeline lists them: label, colour (CLUSTER_COLORS, as in the reports), excitability
 * with its p-value and rank, chord and share of the piece's frames (the studio's pattern indicators show the same).
 * @example
 * dancePatterns(danceToPiece(score))[0]; // { id: 0, label: 'P1', color: '#4e79a7', excitability: 0.1, pValue: 0.76, … }
 */
export function dancePatterns(d: DanceData): DanceTimeline['patterns'] {
  const pe = d.patternExcitability.entries;
  return d.analysis.clusters.map((c, j) => ({
    id: j,
    label: `P${j + 1}`,
    color: CLUSTER_COLORS[j % CLUSTER_COLORS.length]!,
    excitability: Math.min(1, pe[j]!.excitability),
    pValue: pe[j]!.pValue,
    rank: pe[j]!.rank,
    chord: c.chord.map((t) => t.pitch),
    share: c.share,
  }));
}

/**
 * The timeline of a dance at `frameRate` frames per second (each frame takes the nearest 20-ms analysis frame).
 * Activations are rounded to 3 decimals and midline points to 1 µm, which keeps a 4-minute piece near 7 MB at 25
 * frames/s. ({@link DanceTimelineStream} writes the same JSON while the body runs.)
 * @example
 * const timeline = danceTimeline(danceToPiece(score), { title: 'Prelude', source: 'prelude.mid' });
 */
export function danceTimeline(d: DanceData, piece: { title: string; source: string }, frameRate = 25): DanceTimeline {
  if (!d.body) throw new RangeError('the dance timeline needs the physical dance (options.physical)');
  const body = d.body;
  const count = timelineFrameCount(d, frameRate);
  const frames: DanceTimeline['frames'] = [];
  const rods = body.rods;
  for (let n = 0; n < count; n++) {
    const b = Math.min(body.frames - 1, timelineSourceFrame(d, n, frameRate));
    frames.push(timelineFrame(d, n, frameRate, body.midlineX.subarray(b * rods, (b + 1) * rods), body.midlineY.subarray(b * rods, (b + 1) * rods)));
  }
  return { ...timelineHeader(d, piece, frameRate, rods), frames };
}

/** Frames of a timeline at `frameRate` over the piece. */
function timelineFrameCount(d: Pick<DanceData, 'frames' | 'frameSeconds'>, frameRate: number): number {
  return Math.max(1, Math.floor(d.frames * d.frameSeconds * frameRate + 1e-9));
}

/** The 20-ms analysis frame nearest the timeline's frame n. */
function timelineSourceFrame(d: Pick<DanceData, 'frames' | 'frameSeconds'>, n: number, frameRate: number): number {
  return Math.min(d.frames - 1, Math.round(n / frameRate / d.frameSeconds));
}

/** One frame's activations, written and read within {@link timelineFrame}. */
const muscleScratch = new Float64Array(95);

/** Timeline frame n, with the body's midline at its time (float32, head first, mm). */
function timelineFrame(d: DanceData, n: number, frameRate: number, midlineX: Float32Array, midlineY: Float32Array): DanceTimeline['frames'][number] {
  const t = n / frameRate;
  const f = timelineSourceFrame(d, n, frameRate);
  return {
    t: round(t, 6),
    pattern: d.analysis.frameLabels[f]!,
    behaviour: d.wave.behaviour[f]!,
    muscles: Array.from(waveActivations(d.wave, f, muscleScratch), (a) => round(Math.min(1, Math.max(0, a)), 3)),
    midline: {
      x: Array.from(midlineX, (v) => round(v, 3)),
      y: Array.from(midlineY, (v) => round(v, 3)),
    },
  };
}

/** Everything of the timeline but its frames, in the file's key order. */
function timelineHeader(d: DanceData, piece: { title: string; source: string }, frameRate: number, rods: number): Omit<DanceTimeline, 'frames'> {
  const analysis = d.analysis;
  const duration = d.frames * d.frameSeconds;
  return {
    format: DANCE_TIMELINE_FORMAT,
    version: 1,
    piece: { title: piece.title, source: piece.source, durationSeconds: round(duration, 6) },
    frameRate,
    medium: d.options.medium,
    undulationHz: d.wave.undulationHz,
    muscleNames: BODY_WALL_MUSCLES.map((m) => m.name),
    rods,
    behaviours: [...DANCE_BEHAVIOURS],
    patterns: dancePatterns(d),
    modes: d.modeExcitability.entries.map((e) => ({
      index: e.pattern,
      excitability: Math.min(1, e.excitability),
      pValue: e.pValue,
      rank: e.rank,
      sigma: analysis.patterns[e.pattern]!.sigma,
      chord: analysis.patterns[e.pattern]!.chord.map((t) => t.pitch),
    })),
  };
}

/**
 * Writes the dance timeline's JSON while the physical dance runs, the same text as
 * `JSON.stringify(danceTimeline(d, piece, frameRate))` for the dance with its body: a sink for
 * `streamWorm(physicalDanceRun(d), …)`. `write` receives the text in order; nothing per frame is kept.
 * @example
 * const d = danceToPiece(score, { physical: false });
 * const parts: string[] = [];
 * const timeline = new DanceTimelineStream(d, { title: 'Prelude', source: 'prelude.mid' }, 25, (t) => parts.push(t));
 * streamWorm(physicalDanceRun(d), { start: (e) => timeline.start(e.body.rods), frame: (f, e) => timeline.frame(f, e.state) });
 * timeline.end(); // JSON.parse(parts.join('')) is a DanceTimeline
 */
export class DanceTimelineStream {
  private readonly count: number;
  private next = 0;
  private x = new Float32Array(0);
  private y = new Float32Array(0);
  private last = -1;

  constructor(
    private readonly d: DanceData,
    private readonly piece: { title: string; source: string },
    private readonly frameRate: number,
    private readonly write: (text: string) => void,
  ) {
    this.count = timelineFrameCount(d, frameRate);
  }

  /** Before the first body frame: writes everything but the frames. */
  start(rods: number): void {
    this.x = new Float32Array(rods);
    this.y = new Float32Array(rods);
    const header = JSON.stringify({ ...timelineHeader(this.d, this.piece, this.frameRate, rods), frames: [] });
    // The frames are the last key: the header's text ends in `[]}`, and the frames go between its brackets.
    this.write(header.slice(0, -2));
  }

  /** Body frame `f` of the run (one per 20-ms analysis frame), its midline in `state`: writes the timeline frames at it. */
  frame(f: number, state: { midlineX: ArrayLike<number>; midlineY: ArrayLike<number> }): void {
    this.last = f;
    if (this.next >= this.count || timelineSourceFrame(this.d, this.next, this.frameRate) > f) return;
    this.x.set(state.midlineX);
    this.y.set(state.midlineY);
    this.flushAt(f);
  }

  /** After the last body frame: the frames still due (they take the last body frame's midline) and the closing brackets. */
  end(): void {
    if (this.next < this.count && this.last < 0) throw new RangeError('the dance timeline got no body frame');
    this.flushAt(Infinity);
    this.write(']}');
  }

  private flushAt(f: number): void {
    while (this.next < this.count && timelineSourceFrame(this.d, this.next, this.frameRate) <= f) {
      this.write(`${this.next > 0 ? ',' : ''}${JSON.stringify(timelineFrame(this.d, this.next, this.frameRate, this.x, this.y))}`);
      this.next++;
    }
  }
}
