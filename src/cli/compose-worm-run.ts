/**
 * The worm engine's run in `neuromusic compose` (the default engine): the C. elegans locomotion model crawls under a
 * command script and its muscle contractions play the piano. Writes `worm.mid`, `worm.wav` (modal piano) and, with
 * --report, an HTML report (muscle raster, notes over time, trajectory, music per command step).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { FormatError } from '../formats/errors.js';
import { writeMidi } from '../formats/midi.js';
import { readJsonFile } from '../node/read-json.js';
import { formatIssues } from '../score/schema.js';
import { parseKey } from '../score/scales.js';
import { CommandScriptError, parseCommandScript } from '../engines/worm/model/command.js';
import { composeWorm, compositionSummary, parseWormComposeOptions, wormComposeSchema, type WormComposeOptions } from '../engines/worm/play/compose.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import type { EnvironmentChoice } from './common-options.js';
import { resolveEnvironment } from './environment.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';

/** Engine options as the CLI hands them over (only those given). */
interface WormCliOptions {
  key?: string;
  command?: string;
  env?: EnvironmentChoice;
  rate?: number;
  voices?: number;
}

/** A --params file: `{ "notes": {…}, "worm": {…}, "command": "…", "medium": 0.5, "noisePerSqrtS": 0.004 }`. */
const paramsFileSchema = wormComposeSchema.pick({ command: true, medium: true, noisePerSqrtS: true, notes: true, worm: true, frameRate: true }).partial().strict();

/** The key's name; a key the scales do not know is the user's mistake (parseKey's RangeError, on the user's text). */
function keyName(value: string): string {
  try {
    return parseKey(value).name;
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`--key: ${err.message}`);
    throw err;
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
      if (err instanceof CommandScriptError) throw new UsageError(`--command: ${err.message}`);
      throw err;
    }
  }
  const notes = {
    ...(file.notes ?? {}),
    ...(options.key !== undefined ? { key: keyName(options.key) } : {}),
    ...(options.rate !== undefined ? { notesPerSecond: options.rate } : {}),
    ...(options.voices !== undefined ? { maxVoices: options.voices } : {}),
  };
  const input: WormComposeOptions = {
    ...file,
    seconds: context.seconds,
    seed: context.seed,
    notes,
    ...(options.command !== undefined ? { command: options.command } : {}),
    ...(options.env !== undefined ? { medium: resolveEnvironment(options.env).medium } : {}),
  };
  parseWormComposeOptions(input); // fails here, before any work, on a bad combination
  return input;
}

const ENV_LABELS: Record<number, string> = { 0: 'water', 1: 'agar' };

/** Runs the worm engine: simulates, writes worm.mid, worm.wav and the report when asked for. */
export async function runWormCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const cli = options as WormCliOptions;
  const input = wormComposeInputs(context, cli);
  const bar = createProgress('simulating', context.quiet);
  let c;
  try {
    // The recording only for the report's plots: without it memory does not grow with the length of the piece.
    c = composeWorm(input, { onProgress: bar.update, record: Boolean(context.report) });
  } finally {
    bar.stop();
  }
  if (c.score.notes.length === 0) {
    throw new FormatError(context.paramsPath ?? 'the worm', `no muscle contracted in ${context.seconds} s under "${c.schedule.text}": nothing to play (a script of pauses is silent)`);
  }
  const base = join(context.outDir, 'worm');
  const files: string[] = [];
  const midPath = `${base}.mid`;
  context.outputs.declare(midPath, `${base}.wav`);
  context.outputs.file(midPath, writeMidi(c.score, { trackPer: 'voice' }));
  files.push(midPath);
  const renderBar = createProgress('rendering', context.quiet);
  const wavPath = `${base}.wav`;
  try {
    context.outputs.wav(wavPath, c.score, { sampleRate: context.sampleRate, channels: 2, onProgress: renderBar.update });
  } finally {
    renderBar.stop();
  }
  files.push(wavPath);
  if (context.report) {
    const { composeReportHtml } = await import('../engines/worm/play/compose-report.js');
    context.outputs.file(context.report, await composeReportHtml(c, { command: context.commandLine, version: context.version }));
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
}
