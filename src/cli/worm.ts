/**
 * `neuromusic worm simulate`: runs the C. elegans locomotion model and writes its observables — a report, WCON,
 * JSON — as the user asks.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { parseConnectome } from '../engines/worm/model/connectome-file.js';
import { readInputFile, prepareOutput, writeFileAtomic } from '../node/files.js';
import { packageInfo } from '../node/package-info.js';
import { parseCommandScript, type CommandSchedule } from '../engines/worm/model/command.js';
import { connectomeCircuit } from '../engines/worm/model/connectome-circuit.js';
import { measureRefractoryPeriod } from '../engines/worm/model/muscle-hh.js';
import { ENVIRONMENTS, mediumForDragRatio, parseWormParams } from '../engines/worm/model/params.js';
import { wormReportHtml } from '../engines/worm/model/report.js';
import { simulateWorm } from '../engines/worm/model/simulate.js';
import { summarizeRecording, type WindowSummary } from '../engines/worm/model/summary.js';
import { recordingToWcon } from '../engines/worm/model/wcon-export.js';
import { UsageError } from './errors.js';
import { numberIn, oneOf, seedOption } from './options.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';

/** The script run when --command is not given: the worm swims, reverses and turns. */
export const DEFAULT_WORM_COMMAND = 'forward 12s, reverse 6s, turn-left 6s, forward';

interface SimulateCliOptions {
  seconds: number;
  env: { medium: number; label: string };
  command?: string;
  muscles: 'hh' | 'activation';
  connectome?: string;
  wcon?: string;
  json?: string | boolean;
  report?: string;
  seed: number;
  frameRate: number;
  quiet?: boolean;
}

/** `water`, `agar` or a drag ratio C⊥/C∥ between water's ≈1.6 and agar's 40 (the `--env` option's parser). */
export function environmentOption(value: string): { medium: number; label: string } {
  const key = value.trim().toLowerCase();
  if (key in ENVIRONMENTS) return { medium: ENVIRONMENTS[key as keyof typeof ENVIRONMENTS], label: key };
  const ratio = Number(value);
  if (value.trim() === '' || !Number.isFinite(ratio)) throw new InvalidArgumentError(`must be water, agar or a drag ratio such as 10, got "${value}".`);
  try {
    return { medium: mediumForDragRatio(ratio), label: `drag ratio ${ratio}` };
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
}

export function registerWorm(program: Command): void {
  const worm = program.command('worm').description('the C. elegans locomotion model: a nervous system and a body that swim');
  worm
    .command('simulate')
    .description('simulate the worm (body, ventral-cord circuit, command interneurons, muscles) and write its observables')
    .option('--seconds <s>', 'simulated time', numberIn(0.5, 3600), 30)
    .addOption(new Option('--env <env>', 'water, agar, or a drag ratio C⊥/C∥ from 1.6 (water) to 40 (agar)').argParser(environmentOption).default({ medium: 0, label: 'water' }, 'water'))
    .option('--command <script>', `command script, e.g. "forward 20s, reverse 5s, turn-left 4s, forward" (default "${DEFAULT_WORM_COMMAND}")`)
    .option('--muscles <model>', 'hh (Hodgkin–Huxley, Boyle & Cohen 2008) or activation (leaky integrator)', oneOf(['hh', 'activation'] as const), 'activation')
    .option('--connectome <file>', 'whole-nervous-system mode: a connectome edge list (Cook 2019 CSV or White 1986 TSV)')
    .option('--wcon <file>', 'write the body midline per frame as WCON')
    .option('--json [file]', 'print a JSON summary (or write it to a file)')
    .option('--report <file>', 'write an HTML report (kymograph, muscle raster, trajectory, spectrum)')
    .option('--frame-rate <fps>', 'frames recorded per second', numberIn(1, 200), 25)
    .option('--seed <n>', 'random seed', seedOption, 1)
    .option('-q, --quiet', 'no progress bar')
    .action(async (opts: SimulateCliOptions) => {
      for (const out of [opts.wcon, opts.report, typeof opts.json === 'string' ? opts.json : undefined]) if (out) prepareOutput(out);
      let schedule: CommandSchedule;
      try {
        schedule = parseCommandScript(opts.command ?? DEFAULT_WORM_COMMAND);
      } catch (err) {
        throw new UsageError(`--command: ${(err as Error).message}`);
      }
      const params = parseWormParams({ environment: { medium: opts.env.medium }, muscles: { model: opts.muscles }, seed: opts.seed });
      let circuit;
      if (opts.connectome) {
        const text = new TextDecoder('utf-8').decode(readInputFile(opts.connectome));
        circuit = connectomeCircuit(parseConnectome(text, opts.connectome), params.neural, params.connectome, params.body.segments);
      }
      const bar = createProgress('simulating', opts.quiet || opts.json === true);
      let rec;
      try {
        rec = simulateWorm({
          seconds: opts.seconds,
          params: { environment: { medium: opts.env.medium }, muscles: { model: opts.muscles }, seed: opts.seed },
          ...(circuit ? { circuit } : {}),
          command: schedule,
          frameRate: opts.frameRate,
          onProgress: bar.update,
        });
      } finally {
        bar.stop();
      }
      const summary = summarizeRecording(rec, schedule);
      const refractoryMs = opts.muscles === 'hh' ? measureRefractoryPeriod(params.muscles.hh).refractoryMs : undefined;
      const version = packageInfo().version;
      if (opts.wcon) writeFileAtomic(opts.wcon, recordingToWcon(rec, { name: 'neuromusic', version }));
      if (opts.report) {
        const invocation = `neuromusic worm simulate --seconds ${opts.seconds} --env ${opts.env.label} --muscles ${opts.muscles}${opts.connectome ? ` --connectome ${opts.connectome}` : ''} --command "${schedule.text}"`;
        writeFileAtomic(opts.report, await wormReportHtml(rec, { command: schedule, invocation, version, ...(refractoryMs !== undefined ? { refractoryMs } : {}) }));
      }
      const result = {
        command: schedule.text,
        environment: { label: opts.env.label, medium: opts.env.medium },
        muscles: opts.muscles,
        circuit: rec.circuitDescription,
        seed: opts.seed,
        stepS: params.numerics.stepS,
        bodyStepS: params.numerics.stepS * params.numerics.bodyEvery,
        ...(refractoryMs !== undefined ? { muscleRefractoryMs: refractoryMs } : {}),
        summary,
        outputs: { wcon: opts.wcon ?? null, report: opts.report ?? null },
      };
      if (opts.json) {
        emitJson(opts.json, result);
        if (opts.json === true) return;
      }
      const line = (name: string, g: WindowSummary): string =>
        `  ${name.padEnd(14)} ${fmt(g.undulationHz)} Hz, wavelength ${fmt(g.wavelengthBodyLengths)} bodies, ${g.waveDirection ?? '—'}, ${fmt(g.axialVelocityMmPerS, 3)} mm/s along the body`;
      say(
        `C. elegans, ${opts.env.label}, ${opts.muscles} muscles, ${opts.seconds} s simulated in ${rec.wallSeconds.toFixed(1)} s (${summary.realTimeFactor.toFixed(0)}× real time)`,
        `  ${rec.circuitDescription}`,
        `  command        ${schedule.text}`,
        ...summary.segments.map((g, i) => line(`${i + 1}. ${g.action}`, g)),
        ...(refractoryMs !== undefined ? [`  muscle refractory period ${refractoryMs.toFixed(0)} ms (paired pulses)`] : []),
        ...(opts.wcon ? [`  wrote ${opts.wcon}`] : []),
        ...(opts.report ? [`  wrote ${opts.report}`] : []),
        ...(typeof opts.json === 'string' ? [`  wrote ${opts.json}`] : []),
      );
    });
  for (const cmd of worm.commands) cmd.exitOverride();
}

function fmt(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}
