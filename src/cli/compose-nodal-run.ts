/**
 * The nodal engine's run in `neuromusic compose`: McIlwain & Pietsch's nodal network on a speaker ring. Writes an
 * N-channel WAV (one channel per speaker, modal piano), a stereo mix-down for headphones, a MIDI file with a track
 * and channel per speaker, and, with --report, the HTML report.
 */
import { join } from 'node:path';
import { FormatError } from '../formats/errors.js';
import { readJsonFile } from '../node/read-json.js';
import { composeNodal, nodalMidi } from '../engines/nodal/compose.js';
import { parseContourFile, type ContourFile } from '../engines/nodal/contour.js';
import { parseDelayLayout, type DelayLayout } from '../engines/nodal/layout.js';
import { nodalParams, parseNodalParamsFile, type NodalParams } from '../engines/nodal/params.js';
import { nodalSummary } from '../engines/nodal/summary.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';

/** Engine options as the CLI hands them over (only those given). */
interface NodalCliOptions {
  nodes?: number;
  speakers?: number;
  contour?: string;
  layout?: string;
}

/**
 * Everything a nodal run needs from the files and options the user gave: parameters (file, then --nodes and
 * --speakers on top), layout, contours. Throws FormatError naming a bad file, UsageError for conflicting options.
 */
export function nodalInputs(context: Pick<ComposeContext, 'paramsPath'>, options: NodalCliOptions): { params: NodalParams; layout?: DelayLayout; contours: ContourFile } {
  let params = context.paramsPath ? parseNodalParamsFile(readJsonFile(context.paramsPath), context.paramsPath) : nodalParams();
  const layout = options.layout ? parseDelayLayout(readJsonFile(options.layout), options.layout) : undefined;
  if (layout && options.nodes !== undefined && options.nodes !== layout.nodes) {
    throw new UsageError(`--nodes ${options.nodes} disagrees with ${options.layout}, a ${layout.nodes} × ${layout.nodes} delay matrix`);
  }
  const contours = options.contour ? parseContourFile(readJsonFile(options.contour), options.contour) : {};
  params = nodalParams({
    ...params,
    nodes: layout?.nodes ?? options.nodes ?? params.nodes,
    speakers: options.speakers ?? params.speakers,
    pitch: { ...params.pitch, ...(contours.scale !== undefined ? { scale: contours.scale } : {}), ...(contours.root !== undefined ? { root: contours.root } : {}) },
  });
  return { params, ...(layout ? { layout } : {}), contours };
}

/** Runs the nodal engine: simulates the ring, writes the MIDI, the N-channel and stereo WAVs and the report when asked for. */
export async function runNodalCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const { params, layout, contours } = nodalInputs(context, options as NodalCliOptions);
  const bytesPerSecond = params.speakers * context.sampleRate * 2;
  if (bytesPerSecond * (context.seconds + 5) > 0xfffffff0) {
    throw new UsageError(`${params.speakers} channels × ${context.seconds} s at ${context.sampleRate} Hz exceed the 4 GiB a WAV file can hold; use fewer speakers, fewer seconds or a lower --sr`);
  }
  const simBar = createProgress('simulating', context.quiet);
  let run;
  try {
    run = composeNodal({
      params,
      seed: context.seed,
      seconds: context.seconds,
      ...(layout ? { layout } : {}),
      ...(contours.pitch ? { pitchContour: contours.pitch } : {}),
      ...(contours.velocity ? { velocityContour: contours.velocity } : {}),
      sampleEverySeconds: context.report ? Math.max(0.5, context.seconds / 240) : 0,
      onProgress: simBar.update,
    });
  } finally {
    simBar.stop();
  }
  if (run.score.notes.length === 0) throw new FormatError(context.paramsPath ?? 'the nodal network', 'the network never fired: no notes to write (raise the initial weights or lower the trigger threshold)');
  const base = join(context.outDir, 'nodal');
  const files: string[] = [];
  const midPath = `${base}.mid`;
  context.outputs.declare(midPath, `${base}-${params.speakers}ch.wav`, `${base}-stereo.wav`);
  context.outputs.file(midPath, nodalMidi(run.score, params.speakers));
  files.push(midPath);
  const wavPath = `${base}-${params.speakers}ch.wav`;
  const ringBar = createProgress('rendering ring', context.quiet);
  try {
    // One channel per speaker (also for a ring of one or two), streamed through a temporary file when long: memory
    // does not grow with the length.
    context.outputs.wav(wavPath, run.score, { sampleRate: context.sampleRate, channels: params.speakers, speakerChannels: true, onProgress: ringBar.update });
  } finally {
    ringBar.stop();
  }
  files.push(wavPath);
  const stereoPath = `${base}-stereo.wav`;
  const stereoBar = createProgress('rendering mix', context.quiet);
  try {
    context.outputs.wav(stereoPath, run.score, { sampleRate: context.sampleRate, channels: 2, ringSize: params.speakers, onProgress: stereoBar.update });
  } finally {
    stereoBar.stop();
  }
  files.push(stereoPath);
  if (context.report) {
    // Loaded only when asked for: the plotting libraries take a while to load.
    const { nodalReportHtml } = await import('../engines/nodal/report.js');
    context.outputs.file(context.report, await nodalReportHtml(run, { command: context.commandLine, version: context.version }));
    files.push(context.report);
  }
  const summary = nodalSummary(run);
  const ports = params.speakers > 16 ? ` (speakers 17–${params.speakers} on MIDI port 2, channels 1–16 again)` : '';
  return {
    files,
    summary,
    lines: [
      `nodal network: ${run.layout.nodes} nodes on ${params.speakers} speakers, ${context.seconds} s, seed ${context.seed}`,
      `  ${summary.notes} notes (${summary.notesPerSecond!.toFixed(1)} per second), ${summary.silentWindows10s} silent 10-s windows, median firing interval ${summary.medianIntervalSecondsLateHalf!.toFixed(2)} s` +
        (run.counters.restarts ? `, ${run.counters.restarts} restart${run.counters.restarts > 1 ? 's' : ''} after a complete halt` : ''),
      `  wrote ${midPath} (a track and channel per speaker${ports})`,
      `  wrote ${wavPath} (${params.speakers} channels, one per speaker)`,
      `  wrote ${stereoPath} (stereo mix-down of the ring)`,
      ...(context.report ? [`  wrote ${context.report}`] : []),
    ],
  };
}
