/**
 * `neuromusic surrogate train|eval|ablation` (docs/surrogate.md): thin — parses, calls learn/surrogate, presents.
 * Training shows the loss terms on a progress bar (or, when stderr is not a terminal, one log line every 15 s),
 * checkpoints at every validation, and continues from the checkpoint in --out. The ablation runs this same command
 * in child processes, two at a time at most.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { Failure, UsageError } from './errors.js';
import { jsonTarget } from './common-options.js';
import { clock, emitJson, say } from './output.js';
import { LOSS_VARIANTS, type LossVariant, type SurrogateAblationOptions, type SurrogateEvalOptions, type SurrogateTrainOptions } from './surrogate-options.js';
import { loadCheckpoint, loadModel, modelFiles, saveCheckpoint, shippedModelDir } from './surrogate-files.js';
import type { LossTerms } from '../learn/surrogate/loss.js';
import type { Evaluation } from '../learn/surrogate/pipeline.js';
import type { SurrogateModel } from '../learn/surrogate/model.js';
import type { AblationRow } from '../learn/surrogate/report.js';

const f4 = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : 'nan');

/** A progress display for training: a bar with the loss terms on a terminal, log lines otherwise, nothing with --quiet. */
function trainingDisplay(quiet: boolean, budgetSeconds: number): { update: (step: number, seconds: number, t: LossTerms, val?: number) => void; stop: () => void } {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    let last = -Infinity;
    return {
      update: (step, seconds, t, val) => {
        if (seconds - last < 15) return;
        last = seconds;
        process.stderr.write(`surrogate train: step ${step}, ${clock(seconds)} of ${clock(budgetSeconds)}; L ${f4(t.total)} mse ${f4(t.mse)} plv ${f4(t.plv)} freq ${f4(t.freq)} amp ${f4(t.amp)}${val !== undefined ? `; validation L ${f4(val)}` : ''}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'train {bar} {percentage}% | step {step} | L {total} mse {mse} plv {plv} freq {freq} amp {amp} | val {val}', hideCursor: true, clearOnComplete: true, barsize: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { step: 0, total: '-', mse: '-', plv: '-', freq: '-', amp: '-', val: '-' });
  let val = '-';
  return {
    update: (step, seconds, t, v) => {
      if (v !== undefined) val = v.toFixed(3);
      bar.update(Math.min(1000, Math.round((1000 * seconds) / budgetSeconds)), { step, total: t.total.toFixed(3), mse: t.mse.toFixed(3), plv: t.plv.toFixed(3), freq: t.freq.toFixed(3), amp: t.amp.toFixed(3), val });
    },
    stop: () => bar.stop(),
  };
}

function figuresLines(e: Pick<Evaluation, 'heldOut' | 'extrapolation'>): string[] {
  const row = (name: string, m: Evaluation['heldOut']): string =>
    `  ${name.padEnd(14)} PLV retention ${m.plvRetentionPercent.toFixed(2)} %, stimulus–motor PLV ${m.stimulusPlvSurrogate.toFixed(3)} vs ASHLE ${m.stimulusPlvAshle.toFixed(3)} (${m.stimulusPlvRatioPercent.toFixed(1)} %), frequency r ${m.frequencyR.toFixed(3)}, phase r ${m.phaseR.toFixed(3)}, |drift| ${m.driftCyclesPer30s.toFixed(2)} cycles/30 s`;
  return [row(`held-out (${e.heldOut.songs})`, e.heldOut), row(`extrap. (${e.extrapolation.songs})`, e.extrapolation)];
}

/** This process's CPU time (user + system), seconds. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `neuromusic surrogate train`. */
export async function runSurrogateTrain(opts: SurrogateTrainOptions): Promise<void> {
  const { ABLATION_VARIANTS } = await import('../learn/surrogate/loss.js');
  const { trainModel, evaluateModel, summary, buildSets, DEFAULT_SET_SIZES } = await import('../learn/surrogate/pipeline.js');
  const { DEFAULT_TCN, checkTcnConfig } = await import('../learn/surrogate/tcn-stream.js');
  if (opts.attention > 0 && DEFAULT_TCN.channels % opts.attention !== 0) throw new UsageError(`--attention ${opts.attention}: the heads must divide the ${DEFAULT_TCN.channels} channels`);
  const config = checkTcnConfig(opts.attention > 0 ? { ...DEFAULT_TCN, attentionHeads: opts.attention, attentionWindow: opts.attentionWindow } : DEFAULT_TCN);
  ensureDirectory(opts.out);
  // The model, the report and the JSON are published together at the end; the checkpoint is saved as training goes.
  const outputs = new OutputSet().declare(join(opts.out, 'model.json'), join(opts.out, 'weights.bin'), opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  // The attention settings are recorded only when attention is on, so that earlier checkpoints still match.
  const settings: Record<string, unknown> = { loss: opts.loss, songs: opts.songs, batch: opts.batch, seed: opts.seed, clock: opts.clock, ...(opts.attention > 0 ? { attention: opts.attention, 'attention-window': opts.attentionWindow } : {}) };
  const checkpoint = opts.fresh ? undefined : loadCheckpoint(opts.out);
  if (checkpoint) {
    const defaults: Record<string, unknown> = { attention: 0 };
    for (const k of new Set([...Object.keys(settings), ...Object.keys(checkpoint.settings)])) {
      const was = checkpoint.settings[k] ?? defaults[k];
      const now = settings[k] ?? defaults[k];
      if (was !== now) throw new UsageError(`${join(opts.out, 'checkpoint.json')} was trained with --${k} ${String(was)}, not ${String(now)}: use the same settings to continue, or --fresh to start afresh`);
    }
  }
  const budgetSeconds = opts.minutes * 60;
  const wall0 = performance.now();
  const quiet = Boolean(opts.quiet) || jsonTarget(opts.json) === 'stdout';
  if (!quiet && checkpoint) process.stderr.write(`surrogate train: continuing ${opts.out} from step ${checkpoint.state.step} (${clock(checkpoint.state.seconds)} spent)\n`);
  const sets = buildSets({ ...DEFAULT_SET_SIZES, training: opts.songs }, undefined, ['training', 'validation']);
  const display = trainingDisplay(quiet, budgetSeconds);
  let lastVal: number | undefined;
  let result;
  try {
    result = await trainModel({
      seed: opts.seed,
      budgetSeconds,
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
      weights: ABLATION_VARIANTS[opts.loss],
      config,
      batchSize: opts.batch,
      sets,
      ...(opts.clock === 'cpu' ? { clock: cpuSeconds } : {}),
      ...(checkpoint ? { resume: checkpoint.state } : {}),
      onStep: (s, t) => display.update(s.step, s.seconds, t, lastVal),
      onValidate: (s, t) => {
        lastVal = t.total;
        saveCheckpoint(opts.out, s, settings);
      },
    });
  } finally {
    display.stop();
  }
  const { model, state } = result;
  saveCheckpoint(opts.out, state, settings);
  const evaluation = await evaluateModel(model);
  const load = loadavg()[0]!;
  const command = `neuromusic surrogate train --minutes ${opts.minutes} --clock ${opts.clock} --seed ${opts.seed} --loss ${opts.loss} --songs ${opts.songs} --batch ${opts.batch}${opts.attention > 0 ? ` --attention ${opts.attention} --attention-window ${opts.attentionWindow}` : ''}${opts.maxSteps ? ` --max-steps ${opts.maxSteps}` : ''}`;
  const trained: SurrogateModel = {
    ...model,
    training: { ...model.training!, command, clock: opts.clock, wallSeconds: +((performance.now() - wall0) / 1000).toFixed(1), loadAverage: +load.toFixed(2) },
    metrics: { heldOut: summary(evaluation.heldOut), extrapolation: summary(evaluation.extrapolation) },
  };
  for (const f of modelFiles(opts.out, trained)) outputs.file(f.path, f.data);
  const info = {
    out: opts.out,
    loss: opts.loss,
    seed: opts.seed,
    steps: state.step,
    clock: opts.clock,
    seconds: +state.seconds.toFixed(1),
    wallSeconds: +((performance.now() - wall0) / 1000).toFixed(1),
    secondsPerStep: +(state.seconds / Math.max(1, state.step)).toFixed(3),
    loadAverage: +load.toFixed(2),
    finalTraining: state.train.at(-1) ?? null,
    finalValidation: state.validation.at(-1) ?? null,
    heldOut: summary(evaluation.heldOut),
    extrapolation: summary(evaluation.extrapolation),
  };
  if (opts.report) {
    const { surrogateReport } = await import('../learn/surrogate/report.js');
    outputs.file(opts.report, await surrogateReport({ state, evaluation, context: `${state.step} steps in ${clock(state.seconds)} ${opts.clock === 'cpu' ? 'of CPU time' : 'wall-clock'} on ${result.backend} (load average ${load.toFixed(1)} on ${2} cores); loss ${opts.loss}; seed ${opts.seed}`, footer: `${command} — neuromusic ${packageInfo().version}` }));
  }
  if (opts.json) emitJson(opts.json, info, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  say(
    `surrogate: ${state.step} steps in ${clock(state.seconds)} ${opts.clock === 'cpu' ? 'of CPU time' : ''} (${info.secondsPerStep} s a step; ${clock(info.wallSeconds)} wall-clock this session, load average ${load.toFixed(1)}), loss ${opts.loss}, seed ${opts.seed}`,
    ...figuresLines(evaluation),
    `  wrote ${join(opts.out, 'model.json')}, ${join(opts.out, 'weights.bin')} and the checkpoint`,
    ...(opts.report ? [`  wrote ${opts.report}`] : []),
  );
}

/** Runs `neuromusic surrogate eval [model]`. */
export async function runSurrogateEval(dir: string | undefined, opts: SurrogateEvalOptions): Promise<void> {
  const folder = dir ?? shippedModelDir();
  if (dir === undefined && !existsSync(join(folder, 'model.json'))) throw new Failure(`this installation has no shipped surrogate (${folder}): train one with \`neuromusic surrogate train --out DIR\` and pass DIR`);
  const model = await loadModel(folder);
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const { evaluateModel, summary } = await import('../learn/surrogate/pipeline.js');
  const t0 = performance.now();
  const extrapolation = Math.max(1, Math.round((2 * opts.songs) / 3));
  const evaluation = await evaluateModel(model, undefined, { heldOut: opts.songs, extrapolation });
  const seconds = (performance.now() - t0) / 1000;
  const info = { model: folder, training: model.training ?? null, heldOut: summary(evaluation.heldOut), extrapolation: summary(evaluation.extrapolation), perSong: evaluation.heldOut.perSong, seconds: +seconds.toFixed(2) };
  if (opts.report) {
    const { surrogateReport } = await import('../learn/surrogate/report.js');
    const t = model.training;
    outputs.file(opts.report, await surrogateReport({ evaluation, context: `model ${folder}${t ? `: ${t.steps} steps in ${clock(t.seconds)}, loss weights ${JSON.stringify(t.weights)}` : ''}`, footer: `neuromusic surrogate eval — neuromusic ${packageInfo().version}` }));
  }
  if (opts.json) emitJson(opts.json, info, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  const t = model.training;
  say(`surrogate ${folder}${t ? ` (${t.steps} steps, ${clock(t.seconds)})` : ''}: evaluated in ${seconds.toFixed(1)} s`, ...figuresLines(evaluation), ...(opts.report ? [`  wrote ${opts.report}`] : []));
}

/** One child run of the ablation; resolves to its summary, reusing a finished one. */
function ablationRun(cli: string, dir: string, variant: LossVariant, seed: number, minutes: number, budgetClock: string, quiet: boolean): Promise<{ variant: LossVariant; seed: number; summary: { steps: number; heldOut: { plvRetentionPercent: number; stimulusPlvRatioPercent: number; frequencyR: number } } }> {
  const summaryPath = join(dir, 'summary.json');
  if (existsSync(summaryPath)) {
    const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as { minutes?: number; clock?: string; steps: number; heldOut: { plvRetentionPercent: number; stimulusPlvRatioPercent: number; frequencyR: number } };
    if (s.minutes === minutes && s.clock === budgetClock) return Promise.resolve({ variant, seed, summary: s });
  }
  return new Promise((resolvePromise, reject) => {
    const args = [cli, 'surrogate', 'train', '--loss', variant, '--seed', String(seed), '--minutes', String(minutes), '--clock', budgetClock, '--out', dir, '--json', summaryPath, '--quiet'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Failure(`ablation run ${variant} seed ${seed} failed (exit ${code}): ${err.trim().split('\n').at(-1) ?? ''}`));
      const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
      // Remember the budget so that a rerun with the same --minutes reuses the run.
      s.minutes = minutes;
      void import('../node/files.js').then(({ writeFileAtomic }) => {
        writeFileAtomic(summaryPath, JSON.stringify(s, null, 2));
        if (!quiet) process.stderr.write(`surrogate ablation: ${variant} seed ${seed} done\n`);
        resolvePromise({ variant, seed, summary: s as never });
      }, reject);
    });
  });
}

/** Runs `neuromusic surrogate ablation`. */
export async function runSurrogateAblation(opts: SurrogateAblationOptions): Promise<void> {
  const variants = opts.variants.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of variants) if (!(LOSS_VARIANTS as readonly string[]).includes(v)) throw new UsageError(`--variants: "${v}" is not one of ${LOSS_VARIANTS.join(', ')}`);
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  ensureDirectory(opts.out);
  const cli = resolve(process.argv[1]!);
  const jobs = variants.flatMap((v) => Array.from({ length: opts.seeds }, (_, s) => ({ variant: v as LossVariant, seed: s })));
  const quiet = Boolean(opts.quiet) || jsonTarget(opts.json) === 'stdout';
  if (!quiet) process.stderr.write(`surrogate ablation: ${jobs.length} runs of ${opts.minutes} min, ${opts.parallel} at a time (about ${Math.ceil((jobs.length / opts.parallel) * opts.minutes)} min)\n`);
  const results: Array<Awaited<ReturnType<typeof ablationRun>>> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const j = jobs[next++]!;
      results.push(await ablationRun(cli, join(opts.out, `${j.variant}-seed${j.seed}`), j.variant, j.seed, opts.minutes, opts.clock, quiet));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.parallel, jobs.length) }, worker));
  const rows: AblationRow[] = variants.map((v) => {
    const rs = results.filter((r) => r.variant === v).sort((a, b) => a.seed - b.seed);
    return {
      variant: v,
      seeds: rs.map((r) => r.seed),
      steps: rs.map((r) => r.summary.steps),
      plvRetention: rs.map((r) => r.summary.heldOut.plvRetentionPercent),
      stimulusPlvRatio: rs.map((r) => r.summary.heldOut.stimulusPlvRatioPercent),
      frequencyR: rs.map((r) => r.summary.heldOut.frequencyR),
    };
  });
  const { ablationRows, ABLATION_HEADER, meanSd } = await import('../learn/surrogate/report.js');
  const note = `${opts.seeds} seeds per variant, ${opts.minutes} min of ${opts.clock === 'cpu' ? 'CPU time' : 'wall-clock time'} of training each (${Math.round(meanSd(rows.flatMap((r) => r.steps)).mean)} steps on average), ${opts.parallel} runs at a time on this machine (load average ${loadavg()[0]!.toFixed(1)} at the end); held-out songs as in \`surrogate eval\`.`;
  if (opts.report) {
    const { reportHtml } = await import('../report/html.js');
    outputs.file(opts.report, reportHtml({ title: 'TCN surrogate of ASHLE: ablation', subtitle: note, sections: [{ heading: 'Ablation', blocks: [{ kind: 'table', header: ABLATION_HEADER, rows: ablationRows(rows) }] }], footer: `neuromusic surrogate ablation --minutes ${opts.minutes} --clock ${opts.clock} --seeds ${opts.seeds} — neuromusic ${packageInfo().version}` }));
  }
  const table = rows.map((r) => ({ ...r, plvRetentionMean: +meanSd(r.plvRetention).mean.toFixed(3), plvRetentionSd: +meanSd(r.plvRetention).sd.toFixed(3) }));
  if (opts.json) emitJson(opts.json, { minutes: opts.minutes, seeds: opts.seeds, rows: table }, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  say(`surrogate ablation: ${note}`, `  ${ABLATION_HEADER.join(' | ')}`, ...ablationRows(rows).map((r) => `  ${r.join(' | ')}`), ...(opts.report ? [`  wrote ${opts.report}`] : []));
}
