/**
 * The worm engine in `neuromusic compose` (the default engine): the C. elegans locomotion model crawls under a
 * command script and its muscle contractions play the piano. Writes `worm.mid`, `worm.wav` (modal piano) and, with
 * --report, an HTML report (muscle raster, notes over time, trajectory, music per command step).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { encodeWav } from '../formats/wav.js';
import { FormatError } from '../formats/errors.js';
import { writeMidi } from '../formats/midi.js';
import { writeFileAtomic } from '../node/files.js';
import { readJsonFile } from '../node/read-json.js';
import { renderScore } from '../synth/render.js';
import { formatIssues } from '../score/schema.js';
import { parseKey } from '../score/scales.js';
import { parseCommandScript } from '../engines/worm/model/command.js';
import { composeWorm, compositionSummary, DEFAULT_COMPOSE_COMMAND, parseWormComposeOptions, wormComposeSchema, type WormComposeOptions } from '../engines/worm/play/compose.js';
import type { ComposeContext, ComposeEngine, ComposeResult } from './compose-engine.js';
import { UsageError } from './errors.js';
import { numberIn } from './options.js';
import { createProgress } from './progress.js';
import { environmentOption } from './worm.js';

/** Engine options as the CLI hands them over (only those given). */
interface WormCliOptions {
  key?: string;
  command?: string;
  env?: { medium: number; label: string };
  rate?: number;
  voices?: number;
}

/** A --params file: `{ "notes": {…}, "worm": {…}, "command": "…", "medium": 0.5, "noisePerSqrtS": 0.004 }`. */
const paramsFileSchema = wormComposeSchema.pick({ command: true, medium: true, noisePerSqrtS: true, notes: true, worm: true, frameRate: true }).partial().strict();

function keyOption(value: string): string {
  try {
    return parseKey(value).name;
  } catch (err) {
    throw new UsageError(`--key: ${(err as Error).message}`);
  }
}

/** The compose options from a params file and the command line (the command line wins). */
export function wormComposeInputs(context: Pick<ComposeContext, 'paramsPath' | 'seconds' | 'seed'>, options: WormCliOptions): WormComposeOptions {
  let file: z.output<typeof paramsFileSchema> = {};
  if (context.paramsPath) {
    const parsed = paramsFileSchema.safeParse(readJsonFile(context.paramsPath));
    if (!parsed.success) throw new FormatError(context.paramsPath, `bad worm parameters: ${formatIssues(parsed.error)}`);
    file = parsed.data;
  }
  if (options.command !== undefined) {
    try {
      parseCommandScript(options.command);
    } catch (err) {
      throw new UsageError(`--command: ${(err as Error).message}`);
    }
  }
  const notes = {
    ...(file.notes ?? {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(options.rate !== undefined ? { notesPerSecond: options.rate } : {}),
    ...(options.voices !== undefined ? { maxVoices: options.voices } : {}),
  };
  const input: WormComposeOptions = {
    ...file,
    seconds: context.seconds,
    seed: context.seed,
    notes,
    ...(options.command !== undefined ? { command: options.command } : {}),
    ...(options.env !== undefined ? { medium: options.env.medium } : {}),
  };
  parseWormComposeOptions(input); // fails here, before any work, on a bad combination
  return input;
}

const ENV_LABELS: Record<number, string> = { 0: 'water', 1: 'agar' };

export const wormComposeEngine: ComposeEngine = {
  name: 'worm',
  description: 'the C. elegans locomotion model plays its muscle contractions',
  defaultSeconds: 60,
  options: [
    { flags: '--key <key>', description: 'key or mode of the notes, e.g. "C# minor", "D dorian", "chromatic" (default "C# minor")', parse: keyOption },
    { flags: '--command <script>', description: `what the worm does, e.g. "forward 20s, reverse 5s, turn-left 4s, forward" (default "${DEFAULT_COMPOSE_COMMAND}")` },
    { flags: '--env <env>', description: 'water, agar, or a drag ratio C⊥/C∥ from 1.6 (water) to 40 (agar) (default agar)', parse: environmentOption },
    { flags: '--rate <notes/s>', description: 'target density of the texture, notes per second (default 5)', parse: numberIn(0.5, 40) },
    { flags: '--voices <n>', description: 'most notes sounding at once (default 8)', parse: numberIn(1, 64, { integer: true }) },
  ],
  async run(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
    const cli = options as WormCliOptions;
    const input = wormComposeInputs(context, cli);
    const bar = createProgress('simulating', context.quiet);
    let c;
    try {
      c = composeWorm(input, bar.update);
    } finally {
      bar.stop();
    }
    if (c.score.notes.length === 0) {
      throw new FormatError(context.paramsPath ?? 'the worm', `no muscle contracted in ${context.seconds} s under "${c.schedule.text}": nothing to play (a script of pauses is silent)`);
    }
    const base = join(context.outDir, 'worm');
    const files: string[] = [];
    const midPath = `${base}.mid`;
    writeFileAtomic(midPath, writeMidi(c.score, { trackPer: 'voice' }));
    files.push(midPath);
    const renderBar = createProgress('rendering', context.quiet);
    let audio;
    try {
      audio = renderScore(c.score, { sampleRate: context.sampleRate, channels: 2, onProgress: renderBar.update });
    } finally {
      renderBar.stop();
    }
    const wavPath = `${base}.wav`;
    writeFileAtomic(wavPath, encodeWav(audio, 'pcm16'));
    files.push(wavPath);
    if (context.report) {
      const { composeReportHtml } = await import('../engines/worm/play/compose-report.js');
      writeFileAtomic(context.report, await composeReportHtml(c, { command: context.commandLine, version: context.version }));
      files.push(context.report);
    }
    const summary = compositionSummary(c);
    const env = ENV_LABELS[c.options.medium] ?? cli.env?.label ?? `medium ${c.options.medium}`;
    return {
      files,
      summary,
      lines: [
        `worm: ${context.seconds} s in ${env}, seed ${context.seed}, "${c.schedule.text}"`,
        `  ${c.score.notes.length} notes (${(c.score.notes.length / context.seconds).toFixed(1)} per second) in ${String(summary['key'])}, body tempo ${Number(summary['tempoBpm']).toFixed(0)} bpm`,
        ...c.steps.map((s) => `  ${`${s.fromS.toFixed(0)}–${s.toS.toFixed(0)} s ${s.action}`.padEnd(22)} ${s.notesPerSecond.toFixed(1)} notes/s, notes ${s.meanDurationSeconds === null ? '—' : `${s.meanDurationSeconds.toFixed(2)} s`} long, line ${s.melodicDirection === null ? '—' : s.melodicDirection > 0.2 ? 'rising' : s.melodicDirection < -0.2 ? 'falling' : 'level'}`),
        `  wrote ${midPath} (a track per quadrant: DL bass, VL, DR, VR treble)`,
        `  wrote ${wavPath} (modal piano, stereo)`,
        ...(context.report ? [`  wrote ${context.report}`] : []),
      ],
    };
  },
};
