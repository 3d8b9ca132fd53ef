/**
 * `neuromusic worm simulate`: runs the C. elegans locomotion model and writes its observables — a report, WCON,
 * JSON — as the user asks.
 */
import type { SimulateCliOptions } from './command-options.js';
import { resolveEnvironment } from './environment.js';
import { jsonTarget } from './common-options.js';
import { parseConnectome } from '../engines/worm/model/connectome-file.js';
import { readInputFile } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { parseCommandScript, type CommandSchedule } from '../engines/worm/model/command.js';
import { connectomeCircuit } from '../engines/worm/model/connectome-circuit.js';
import { measureRefractoryPeriod } from '../engines/worm/model/muscle-hh.js';
import { parseWormParams } from '../engines/worm/model/params.js';
import { wormReportHtml } from '../engines/worm/model/report.js';
import { simulateWorm } from '../engines/worm/model/simulate.js';
import { summarizeRecording, type WindowSummary } from '../engines/worm/model/summary.js';
import { recordingToWcon } from '../engines/worm/model/wcon-export.js';
import { UsageError } from './errors.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';

/** Runs `neuromusic worm simulate`. */
export async function runWormSimulate(opts: SimulateCliOptions): Promise<void> {
  const env = resolveEnvironment(opts.env);
  const frameRate = opts.frameRate ?? opts.fps;
  const outputs = new OutputSet().declare(opts.wcon, opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  let schedule: CommandSchedule;
  try {
    schedule = parseCommandScript(opts.command);
  } catch (err) {
    throw new UsageError(`--command: ${(err as Error).message}`);
  }
  const params = parseWormParams({ environment: { medium: env.medium }, muscles: { model: opts.muscles }, seed: opts.seed });
  let circuit;
  if (opts.connectome) {
    const text = new TextDecoder('utf-8').decode(readInputFile(opts.connectome));
    circuit = connectomeCircuit(parseConnectome(text, opts.connectome), params.neural, params.connectome, params.body.segments);
  }
  const bar = createProgress('simulating', opts.quiet || jsonTarget(opts.json) === 'stdout');
  let rec;
  try {
    rec = simulateWorm({
      seconds: opts.seconds,
      params: { environment: { medium: env.medium }, muscles: { model: opts.muscles }, seed: opts.seed },
      ...(circuit ? { circuit } : {}),
      command: schedule,
      frameRate,
      onProgress: bar.update,
    });
  } finally {
    bar.stop();
  }
  const summary = summarizeRecording(rec, schedule);
  const refractoryMs = opts.muscles === 'hh' ? measureRefractoryPeriod(params.muscles.hh).refractoryMs : undefined;
  const version = packageInfo().version;
  if (opts.wcon) outputs.file(opts.wcon, recordingToWcon(rec, { name: 'neuromusic', version }));
  if (opts.report) {
    const invocation = `neuromusic worm simulate --seconds ${opts.seconds} --env ${env.label} --muscles ${opts.muscles}${opts.connectome ? ` --connectome ${opts.connectome}` : ''} --command "${schedule.text}"`;
    outputs.file(opts.report, await wormReportHtml(rec, { command: schedule, invocation, version, ...(refractoryMs !== undefined ? { refractoryMs } : {}) }));
  }
  const result = {
    command: schedule.text,
    environment: { label: env.label, medium: env.medium },
    muscles: opts.muscles,
    circuit: rec.circuitDescription,
    seed: opts.seed,
    stepS: params.numerics.stepS,
    bodyStepS: params.numerics.stepS * params.numerics.bodyEvery,
    ...(refractoryMs !== undefined ? { muscleRefractoryMs: refractoryMs } : {}),
    summary,
    outputs: { wcon: opts.wcon ?? null, report: opts.report ?? null },
  };
  if (opts.json !== undefined) emitJson(opts.json, result, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  const line = (name: string, g: WindowSummary): string =>
    `  ${name.padEnd(14)} ${fmt(g.undulationHz)} Hz, wavelength ${fmt(g.wavelengthBodyLengths)} bodies, ${g.waveDirection ?? '—'}, ${fmt(g.axialVelocityMmPerS, 3)} mm/s along the body`;
  say(
    `C. elegans, ${env.label}, ${opts.muscles} muscles, ${opts.seconds} s simulated in ${rec.wallSeconds.toFixed(1)} s (${summary.realTimeFactor.toFixed(0)}× real time)`,
    `  ${rec.circuitDescription}`,
    `  command        ${schedule.text}`,
    ...summary.segments.map((g, i) => line(`${i + 1}. ${g.action}`, g)),
    ...(refractoryMs !== undefined ? [`  muscle refractory period ${refractoryMs.toFixed(0)} ms (paired pulses)`] : []),
    ...(opts.wcon ? [`  wrote ${opts.wcon}`] : []),
    ...(opts.report ? [`  wrote ${opts.report}`] : []),
    ...(typeof opts.json === 'string' ? [`  wrote ${opts.json}`] : []),
  );
}

function fmt(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}
