/**
 * The worm plays the piano (after PyANNOW v1; docs/worm.md): the locomotion model runs under a command script in an
 * environment, and its 95 body-wall muscles play through the {@link WormNoteMapper}. The body sets the music: the
 * undulation period is the bar and the tempo (water ≈ 2 Hz, agar ≈ 0.5 Hz), contraction lengths the articulation
 * (short in water, long and overlapping on agar), the wave's direction the melodic direction (forward walks down each
 * register, reverse up), turning the balance of the dorsal and ventral voices, a pause silence.
 *
 * Options are validated once ({@link wormComposeSchema}); the run is deterministic for a seed: the seed sets a small
 * white noise on the motor neurons' inputs (`noisePerSqrtS`), so two seeds give two performances of one script.
 */
import { z } from 'zod';
import { formatIssues, ValidationError } from '../../../score/schema.js';
import type { Score } from '../../../score/types.js';
import { scoreStats } from '../../../score/ops.js';
import { parseCommandScript, type CommandAction, type CommandSchedule } from '../model/command.js';
import { WormParamsSchema, type WormParamsInput } from '../model/params.js';
import { allocateRecording, finishRecording, recordFrame, streamWorm, type WormRecording } from '../model/simulate.js';
import { REGISTER_ORDER, toNotesSchema, toNotesShape, WormScoreBuilder } from './to-notes.js';

/** The script a composition follows when none is given: a 60-s form of crawling, turning, reversing and resting. */
export const DEFAULT_COMPOSE_COMMAND = 'forward 14s, turn-left 6s, forward 10s, reverse 8s, pause 3s, turn-right 6s, forward';

/** Options of {@link composeWorm}, with their defaults. */
export const wormComposeSchema = z.object({
  seconds: z.number().positive().max(3600).default(60),
  /** Command script (see {@link parseCommandScript}). */
  command: z.string().default(DEFAULT_COMPOSE_COMMAND),
  /** Medium from water (0) to agar (1); the default crawls on agar. */
  medium: z.number().min(0).max(1).default(1),
  seed: z.number().int().min(0).default(1),
  /**
   * White noise on the motor neurons' inputs (per √s): small enough to keep the gait (0.005 changes the crawl's
   * frequency by < 1 %, 0.02 breaks it), large enough that each seed plays differently.
   */
  noisePerSqrtS: z.number().min(0).max(0.05).default(0.004),
  /** Frames per second of the recording the mapper reads (the live studio's frame rate). */
  frameRate: z.number().min(10).max(200).default(50),
  /** The note mapping ({@link toNotesSchema}). */
  notes: toNotesShape.strict().default(toNotesShape.parse({})),
  /** Any other worm parameters (muscle model, body, numerics…). */
  worm: WormParamsSchema.strict().optional(),
});

export type WormComposeOptions = z.input<typeof wormComposeSchema>;

/** Musical and bodily figures of one command step. */
export interface ComposeStepSummary {
  action: CommandAction;
  fromS: number;
  toS: number;
  notes: number;
  notesPerSecond: number;
  /** Mean note length (s). */
  meanDurationSeconds: number | null;
  meanVelocity: number | null;
  /** Share of rising minus falling steps within each voice's line (−1: all falling, +1: all rising). */
  melodicDirection: number | null;
  /** Notes per voice in register order (DL, VL, DR, VR). */
  notesPerVoice: number[];
}

/** What {@link composeWorm} returns. */
export interface WormComposition {
  score: Score;
  /** The run's full recording, kept only when asked for (`record`: the report's plots need it). */
  recording?: WormRecording;
  /** Wall-clock seconds the simulation (and the mapping, which runs with it) took. */
  simulationWallSeconds: number;
  schedule: CommandSchedule;
  options: z.output<typeof wormComposeSchema>;
  steps: ComposeStepSummary[];
}

/**
 * Parses compose options, naming the bad field.
 * @example
 * parseWormComposeOptions({ medium: 0 }).seconds; // → 60
 */
export function parseWormComposeOptions(options: WormComposeOptions = {}): z.output<typeof wormComposeSchema> {
  const parsed = wormComposeSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(`worm compose: ${formatIssues(parsed.error)}`);
  // The note mapping's cross-field rules (offShare < onShare, …).
  const notes = toNotesSchema.safeParse(parsed.data.notes);
  if (!notes.success) throw new ValidationError(`worm compose: notes: ${formatIssues(notes.error)}`);
  return parsed.data;
}

/** How {@link composeWorm} runs: progress, and whether to keep the recording. */
export interface ComposeWormRun {
  /** Called with the fraction done, at most ~100 times. */
  onProgress?: (fraction: number) => void;
  /**
   * Keep the run's full recording (midline, curvature, muscles, neurons per frame: about 80 kB per second of music
   * at 50 frames/s) in {@link WormComposition.recording}, for the report. Without it the muscles are mapped to notes
   * as the simulation reaches each frame and nothing per frame is kept, so memory does not grow with the length of
   * the piece beyond its notes.
   */
  record?: boolean;
}

/**
 * The worm composes: the muscles are mapped to notes as the simulation runs (the same notes as mapping a finished
 * recording with `contractionsToScore`: each frame's activations are read at the recording's float32
 * precision and time).
 * @example
 * const { score } = composeWorm({ seconds: 30, command: 'forward 20s, reverse', medium: 0, notes: { key: 'D dorian' } });
 * const withRecording = composeWorm({ seconds: 5 }, { record: true }).recording; // for composeReportHtml
 */
export function composeWorm(options: WormComposeOptions = {}, run: ComposeWormRun | ((fraction: number) => void) = {}): WormComposition {
  const { onProgress, record = false } = typeof run === 'function' ? { onProgress: run } : run;
  const o = parseWormComposeOptions(options);
  const schedule = parseCommandScript(o.command);
  const worm: WormParamsInput = o.worm ?? {};
  let recording: WormRecording | undefined;
  let builder: WormScoreBuilder | undefined;
  let dt = 0;
  let activations: Float64Array | undefined;
  const info = streamWorm(
    {
      seconds: o.seconds,
      frameRate: o.frameRate,
      command: schedule,
      params: {
        ...worm,
        seed: o.seed,
        environment: { ...(worm.environment ?? {}), medium: o.medium },
        neural: { ...(worm.neural ?? {}), noisePerSqrtS: o.noisePerSqrtS },
      },
      ...(onProgress ? { onProgress } : {}),
    },
    {
      start(engine, frames, frameRate) {
        if (record) recording = allocateRecording(engine, frames, frameRate, schedule.text);
        builder = new WormScoreBuilder(engine.muscleNames, o.notes);
        activations = new Float64Array(engine.muscleNames.length);
        dt = 1 / frameRate;
      },
      frame(f, engine) {
        if (recording) recordFrame(recording, f, engine);
        // Rounded to float32 as a recording stores them, so that streamed and recorded runs give the same notes.
        const a = engine.state.muscleActivation;
        for (let m = 0; m < a.length; m++) activations![m] = Math.fround(a[m]!);
        builder!.push(activations!, f * dt);
      },
    },
  );
  if (recording) {
    finishRecording(recording, 0);
    recording.wallSeconds = info.wallSeconds;
  }
  onProgress?.(1);
  const score = builder!.finish(info.frames * dt);
  score.meta = { ...score.meta, title: 'The worm plays', composer: 'C. elegans (neuromusic worm engine)', source: 'worm' };
  return { score, ...(recording ? { recording } : {}), simulationWallSeconds: info.wallSeconds, schedule, options: o, steps: stepSummaries(score, schedule, o.seconds) };
}

/**
 * Music per command step: density, articulation, loudness, melodic direction and the voices' shares — the
 * numbers that show a script changing the music.
 * @example
 * stepSummaries(score, parseCommandScript('forward 10s, reverse'), 20).map((s) => s.melodicDirection);
 */
export function stepSummaries(score: Score, schedule: CommandSchedule, seconds: number): ComposeStepSummary[] {
  return schedule.steps
    .filter((s) => s.startS < seconds)
    .map((s) => {
      const toS = Math.min(seconds, s.endS);
      const notes = score.notes.filter((n) => n.onset >= s.startS && n.onset < toS);
      let rising = 0;
      let falling = 0;
      const perVoice = REGISTER_ORDER.map((_, v) => {
        const line = notes.filter((n) => n.voice === v);
        for (let i = 1; i < line.length; i++) {
          const d = line[i]!.pitch - line[i - 1]!.pitch;
          if (d > 0) rising++;
          else if (d < 0) falling++;
        }
        return line.length;
      });
      const mean = (f: (n: (typeof notes)[number]) => number): number | null => (notes.length ? notes.reduce((a, n) => a + f(n), 0) / notes.length : null);
      return {
        action: s.action,
        fromS: s.startS,
        toS,
        notes: notes.length,
        notesPerSecond: notes.length / Math.max(1e-9, toS - s.startS),
        meanDurationSeconds: mean((n) => n.duration),
        meanVelocity: mean((n) => n.velocity),
        melodicDirection: rising + falling ? (rising - falling) / (rising + falling) : null,
        notesPerVoice: perVoice,
      };
    });
}

/** Overall figures of a composition (for the CLI's JSON and the report). */
export function compositionSummary(c: WormComposition): Record<string, unknown> {
  const st = scoreStats(c.score);
  return {
    seconds: c.options.seconds,
    command: c.schedule.text,
    medium: c.options.medium,
    seed: c.options.seed,
    key: c.score.meta.key,
    notes: st.notes,
    notesPerSecond: st.notes / c.options.seconds,
    maxPolyphony: st.maxPolyphony,
    tempoBpm: c.score.tempos[0]?.bpm,
    pitchRange: st.notes ? [st.pitchMin, st.pitchMax] : null,
    simulationWallSeconds: c.simulationWallSeconds,
    steps: c.steps,
  };
}
