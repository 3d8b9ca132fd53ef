/**
 * The duet engine's run in `neuromusic compose`: EEG (the twin or an EDF file) → biomarkers against a baseline →
 * the mapping table's controls over time → the duet (an ASHLE drummer and a Lorenz melodist coupled through a GrFNN
 * listener, which hears --audio when given, or the motion of --video: its energy to the listener, its height to the
 * melodist's register). Writes `duet.mid` (melody on channel 1, drums on channel 10), `duet.wav`,
 * `duet-trajectory.csv`, `duet-eeg.csv` when EEG steers it, `duet-motion.csv` with a video, and the dashboard with
 * --report (with a video: frames, features and the motion–rhythm correlation).
 */
import { join } from 'node:path';
import { ZodError } from 'zod';
import { FormatError } from '../formats/errors.js';
import { readJsonFile } from '../node/read-json.js';
import { formatIssues } from '../score/schema.js';
import { parseKey } from '../score/scales.js';
import { composeDuet, type DuetRun } from '../engines/duet/compose.js';
import { duetDescriptors, duetDescriptorsOver } from '../engines/duet/descriptors.js';
import { eegDrive, type EegDrive } from '../engines/duet/eeg-drive.js';
import { envelopeFromAudio, type DuetInput } from '../engines/duet/input.js';
import { DEFAULT_MAPPING_TABLE, parseMappingTable, type MappingTable } from '../engines/duet/mapping.js';
import { duetAudio, duetCsv, duetMidi } from '../engines/duet/outputs.js';
import { parseDuetParams, type DuetParams, type DuetParamsInput } from '../engines/duet/params.js';
import { readWavFile } from './audio-input.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { DEFAULT_BASELINE_SECONDS, type EegSource } from './eeg-source.js';
import { asUserError, loadEegSource, type LoadedEeg } from './eeg-source-load.js';
import { annotationLabeller, eegCsv, TABLE_LEGEND, tableLines, tidyNumbers, type TableRow } from './eeg-table.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { loadVideoSource, type LoadedVideo } from './stimulus-video.js';
import type { MotionDuetRun } from '../engines/duet/motion-rhythm-duet.js';

/** Engine options as the CLI hands them over (only those given). */
interface DuetCliOptions {
  eeg?: EegSource;
  audio?: string;
  video?: string;
  key?: string;
  f0?: number;
  mapping?: string;
  baseline?: number;
  drummer?: string;
}

/** The longest piece (the shared --seconds' upper bound). */
const MAX_SECONDS = 3600;

/** The duet's parameters: the --params file, then --key and --f0 on top. */
export function duetParams(paramsPath: string | undefined, options: DuetCliOptions): DuetParams {
  const raw = paramsPath ? readJsonFile(paramsPath) : {};
  if (paramsPath && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new FormatError(paramsPath, 'duet parameters must be a JSON object, e.g. { "drummer": { "f0Hz": 2.5 } }');
  const file = raw as DuetParamsInput;
  if (options.key !== undefined) {
    try {
      parseKey(options.key);
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`--key: ${err.message}`);
      throw err;
    }
  }
  const input: DuetParamsInput = {
    ...file,
    ...(options.f0 !== undefined ? { drummer: { ...(file.drummer ?? {}), f0Hz: options.f0 } } : {}),
    ...(options.key !== undefined ? { melodist: { ...(file.melodist ?? {}), key: options.key } } : {}),
  };
  try {
    return parseDuetParams(input);
  } catch (err) {
    if (err instanceof ZodError) throw new FormatError(paramsPath ?? 'the duet parameters', `bad duet parameters: ${formatIssues(err)}`);
    throw err;
  }
}

/** The mapping table of --mapping (or the built-in one). */
export function readMappingTable(path: string | undefined): MappingTable {
  if (!path) return DEFAULT_MAPPING_TABLE;
  try {
    return parseMappingTable(readJsonFile(path));
  } catch (err) {
    if (err instanceof TypeError && err.message.startsWith('mapping table')) throw new FormatError(path, err.message);
    throw err;
  }
}

/** Runs the duet engine. */
export async function runDuetCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const cli = options as DuetCliOptions;
  if (!cli.eeg && cli.mapping !== undefined) throw new UsageError('--mapping maps EEG biomarkers to the controls: it needs --eeg');
  if (!cli.eeg && cli.baseline !== undefined) throw new UsageError('--baseline is the EEG baseline: it needs --eeg');
  const params = duetParams(context.paramsPath, cli);
  const table = readMappingTable(cli.mapping);
  const baselineSeconds = cli.baseline ?? DEFAULT_BASELINE_SECONDS;
  if (cli.video && cli.audio) throw new UsageError('--video and --audio are both what the listener hears: give one of them');
  const audio = cli.audio ? readWavFile(cli.audio) : undefined;
  const video: LoadedVideo | undefined = cli.video ? await loadVideoSource(cli.video, { seed: context.seed, ...(context.secondsGiven ? { seconds: context.seconds } : {}) }) : undefined;

  let eeg: LoadedEeg | undefined;
  let drive: EegDrive | undefined;
  if (cli.eeg) {
    const source = cli.eeg;
    eeg = loadEegSource(source, { seed: context.seed, baselineSeconds, ...(context.secondsGiven ? { seconds: context.seconds } : {}) });
    const loaded = eeg;
    drive = asUserError(source, () => eegDrive(loaded.recording, { baselineSpan: loaded.baselineSpan, startSeconds: loaded.startSeconds, table }));
  }
  const audioSeconds = audio ? (audio.channels[0]?.length ?? 0) / audio.sampleRate : undefined;
  const seconds = context.secondsGiven ? context.seconds : Math.min(MAX_SECONDS, eeg?.pieceSeconds ?? audioSeconds ?? video?.seconds ?? context.seconds);
  const input: DuetInput | undefined = audio ? envelopeFromAudio(audio) : undefined;

  // --drummer surrogate (or a model folder): the trained TCN stands in for ASHLE's motor oscillator.
  const drummerModel = cli.drummer && cli.drummer !== 'ashle' ? await (await import('./surrogate-drummer.js')).loadSurrogateDrummer(cli.drummer) : undefined;
  let visual: MotionDuetRun | undefined;
  let run: DuetRun;
  if (video) {
    // The motion drives the listener (and through it the drummer), the height the melodist's register.
    const { composeMotionDuet } = await import('../engines/duet/motion-rhythm-duet.js');
    visual = composeMotionDuet(video.features, { ...params, ...(drummerModel ? { drummerModel } : {}), seed: context.seed, seconds, ...(drive ? { controls: drive.track } : {}), correlation: { seed: context.seed } });
    run = visual.run;
  } else {
    run = composeDuet({ ...params, ...(drummerModel ? { drummerModel } : {}), seed: context.seed, seconds, ...(drive ? { controls: drive.track } : {}), ...(input ? { input } : {}) });
  }

  const files: string[] = [];
  const base = join(context.outDir, 'duet');
  const midPath = `${base}.mid`;
  context.outputs.declare(midPath, `${base}.wav`, `${base}-trajectory.csv`);
  context.outputs.file(midPath, duetMidi(run));
  files.push(midPath);
  const bar = createProgress('rendering', context.quiet);
  const wavPath = `${base}.wav`;
  let mix;
  try {
    mix = duetAudio(run, { sampleRate: context.sampleRate, seed: context.seed });
    bar.update(0.7);
    context.outputs.wav(wavPath, mix);
  } finally {
    bar.stop();
  }
  files.push(wavPath);
  const csvPath = `${base}-trajectory.csv`;
  context.outputs.file(csvPath, duetCsv(run.trajectory));
  files.push(csvPath);
  let motionCsvPath: string | undefined;
  if (visual) {
    const { motionCsv } = await import('../analysis/video/motion.js');
    motionCsvPath = `${base}-motion.csv`;
    context.outputs.file(motionCsvPath, motionCsv(visual.features));
    files.push(motionCsvPath);
  }
  let eegCsvPath: string | undefined;
  if (eeg && drive) {
    eegCsvPath = `${base}-eeg.csv`;
    context.outputs.file(eegCsvPath, eegCsv(drive, annotationLabeller(eeg.recording.annotations)));
    files.push(eegCsvPath);
  }
  const inputLabel = [eeg?.label, cli.audio ? `audio: ${cli.audio}` : undefined, video ? `video: ${video.label}` : undefined].filter(Boolean).join('; ') || 'none (the drummer hears its own strokes)';
  if (context.report) {
    const { duetReportHtml } = await import('../engines/duet/report.js');
    const biomarkers = drive ? biomarkerTraces(drive) : [];
    const extraSections = visual && video ? await (await import('../engines/duet/motion-rhythm-report.js')).motionDuetSections(visual, video.thumbnails, cli.video!) : [];
    context.outputs.file(
      context.report,
      await duetReportHtml(run, { inputLabel, biomarkers, extraSections, audio: mix, footer: `${context.commandLine} · neuromusic ${context.version}`, ...(eeg ? { title: 'Neural Duet — EEG' } : video ? { title: 'Neural Duet — video' } : {}) }),
    );
    files.push(context.report);
  }

  const segments = eeg && drive ? segmentRows(eeg, drive, run) : [];
  const whole = duetDescriptors(run);
  const summary = tidyNumbers({
    seconds,
    seed: context.seed,
    key: run.score.meta.key,
    f0Hz: params.drummer.f0Hz,
    drummer: drummerModel ? drummerModel.label : 'ASHLE',
    input: { eeg: eeg ? eeg.label : null, audio: cli.audio ?? null, video: cli.video ?? null },
    ...(visual ? { video: videoSummary(visual) } : {}),
    ...(eeg ? { baselineSeconds, eegWarnings: eeg.warnings } : {}),
    notes: run.score.notes.length,
    beats: run.beats.length,
    descriptors: whole,
    ...(eeg ? { segments: segments.map((s) => ({ label: s.label, spans: s.spans, seconds: s.seconds, windows: s.windows, biomarkers: s.biomarkers, controls: s.controls, descriptors: s.descriptors })) } : {}),
  }) as Record<string, unknown>;

  const lines = [
    `duet: ${+seconds.toFixed(3)} s, seed ${context.seed}, ${run.score.meta.key}, f0 ${params.drummer.f0Hz} beats/s; input ${inputLabel}`,
    ...(eeg?.warnings ?? []).map((w) => `  warning: ${w}`),
    ...(segments.length ? ['  mean per ' + (eeg?.source.kind === 'twin' ? 'state' : 'annotated segment') + ':', ...tableLines(segments, eeg?.source.kind === 'twin' ? 'state' : 'segment'), TABLE_LEGEND] : []),
    `  melody ${whole.melodyNotes} notes (${whole.melodyNotesPerSecond.toFixed(2)}/s, interval entropy ${whole.intervalEntropyBits.toFixed(2)} bits), drums ${whole.drumStrokes} strokes, ` +
      `tempo ${whole.meanTempoBpm.toFixed(1)} bpm (beat intervals sd ${whole.beatIntervalSdMs.toFixed(1)} ms)`,
    `  wrote ${midPath} (melody on channel 1, drums on channel 10)`,
    `  wrote ${wavPath} (stereo: modal piano and drum kit)`,
    `  wrote ${csvPath} (controls, drummer, listener and Lorenz state over time)`,
    ...(visual ? videoLines(visual) : []),
    ...(motionCsvPath ? [`  wrote ${motionCsvPath} (motion features per frame: energy, positions, frequency)`] : []),
    ...(eegCsvPath ? [`  wrote ${eegCsvPath} (biomarkers and controls per analysis window)`] : []),
    ...(context.report ? [`  wrote ${context.report}`] : []),
  ];
  return { files, summary, lines };
}

/** The biomarkers over the piece, for the dashboard. */
function biomarkerTraces(drive: EegDrive): Array<{ name: string; time: Float64Array; values: Float64Array }> {
  const keep: number[] = [];
  drive.series.times.forEach((t, i) => {
    if (t >= drive.startSeconds) keep.push(i);
  });
  const time = Float64Array.from(keep, (i) => drive.series.times[i]! - drive.startSeconds);
  return (['stress', 'attention', 'engagement', 'relaxation'] as const).map((name) => ({ name: `${name} (z)`, time, values: Float64Array.from(keep, (i) => drive.series.indices[name][i]!) }));
}

/** A table row per label, with the descriptors of the music over that label's spans (within the piece). */
function segmentRows(eeg: LoadedEeg, drive: EegDrive, run: DuetRun): Array<TableRow & { spans: number; seconds: number; windows: number }> {
  return drive.segments.map((s) => {
    const spans: Array<[number, number]> = [];
    for (const a of eeg.recording.annotations) {
      if (a.text !== s.label) continue;
      const from = Math.max(0, a.onset - eeg.startSeconds);
      const to = Math.min(run.seconds, a.onset + a.duration - eeg.startSeconds);
      if (to > from) spans.push([from, to]);
    }
    const descriptors = spans.length ? duetDescriptorsOver(run, spans) : null;
    return { label: s.label, spans: s.spans, seconds: s.seconds, windows: s.windows, biomarkers: s.biomarkers, controls: s.controls, descriptors };
  });
}

/** The visual duet's figures for --json: the correlation, the drummer's tempo and its locking to the motion. */
function videoSummary(v: MotionDuetRun): Record<string, unknown> {
  const c = v.correlation;
  const f = v.features;
  return {
    frames: f.timeSeconds.length,
    width: f.width,
    height: f.height,
    fps: f.fps,
    motionHz: v.locking.motionHz,
    motionStrength: v.locking.motionStrength,
    motionTrack: v.locking.track,
    correlation: { r: c.r, p: c.p, lagSeconds: c.lagSeconds, permutations: c.permutations, exact: c.exact, nullMedian: c.nullMedian, null95: c.null95, maxLagSeconds: c.maxLagSeconds, kernelSeconds: c.kernelSeconds, fromSeconds: c.startSeconds },
    drummer: { tempoBpm: v.timing.meanTempoBpm, beatIntervalSdMs: v.timing.sdMs, rmssdMs: v.timing.rmssdMs, plv: v.locking.plv, plvRatio: v.locking.ratio },
    melodyHeightR: v.melodyHeightR,
  };
}

/** The visual duet's figures as printed lines. */
function videoLines(v: MotionDuetRun): string[] {
  const c = v.correlation;
  const l = v.locking;
  const n = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
  return [
    `  video: ${v.features.timeSeconds.length} frames at ${+v.features.fps.toFixed(3)} fps; motion frequency ${Number.isFinite(l.motionHz) ? `${n(l.motionHz)} Hz (${l.track} position)` : 'none dominant'}`,
    `  motion–rhythm r ${n(c.r)} at lag ${n(c.lagSeconds)} s, permutation p ${n(c.p, 4)} (N = ${c.permutations}; null median ${n(c.nullMedian)}, 95th percentile ${n(c.null95)})`,
    `  drummer ${n(v.timing.meanTempoBpm, 1)} bpm, PLV with the motion ${n(l.plv)}${l.ratio === 1 ? '' : Number.isFinite(l.ratio) ? ` (${l.ratio} beats a cycle)` : ''}; melody pitch vs height r ${n(v.melodyHeightR, 2)}`,
  ];
}
