/** `neuromusic resonance <experiment>`: the neural-resonance experiments, each a picture and JSON. */
import { OPTION_OWNERS, type ResonanceCliOptions } from './command-options.js';
import { jsonTarget } from './common-options.js';
import { RESONANCE_EXPERIMENTS, type ExperimentResult, type ResonanceExperimentName } from '../engines/resonance/experiments/index.js';
import type { PlotSpec } from '../report/plot.js';
import { escapeHtml, reportHtml, type ReportBlock } from '../report/html.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';

/** Runs `neuromusic resonance`. */
export async function runResonance(name: ResonanceExperimentName, opts: ResonanceCliOptions): Promise<void> {
  for (const [option, owners] of Object.entries(OPTION_OWNERS)) {
    if ((opts as unknown as Record<string, unknown>)[option] !== undefined && !owners.includes(name)) {
      const flag = option === 'perGroup' ? 'per-group' : option;
      throw new UsageError(`--${flag} applies to ${owners.join(' and ')}, not to ${name}`);
    }
  }
  if (opts.seconds !== undefined && opts.duration !== undefined) throw new UsageError('--duration is the old name of --seconds: give one of them');
  const outputs = new OutputSet().declare(opts.report, opts.svg, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const bar = createProgress(name, opts.quiet || jsonTarget(opts.json) === 'stdout');
  let result: ExperimentResult;
  try {
    result = runExperiment(name, opts, bar.update);
  } finally {
    bar.stop();
  }
  if (opts.svg) {
    // Vega loads only when a picture is asked for: it would double every command's start-up time.
    const { plotSvg } = await import('../report/plot.js');
    outputs.file(opts.svg, await plotSvg({ vconcat: result.plots.map((p) => p.spec), spacing: 30 } as PlotSpec));
  }
  if (opts.report) outputs.file(opts.report, await experimentReport(result, process.argv.slice(2).join(' ')));
  const json = { experiment: result.experiment, title: result.title, seed: result.seed, figures: result.figures, findings: result.findings, ...result.data };
  if (opts.json !== undefined) emitJson(opts.json, json, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  say(result.title, ...result.figures.map((f) => `  ${f.label}: ${f.value}`), '', ...result.findings.map((f) => `• ${f}`));
  if (opts.report) say(`wrote ${opts.report}`);
  if (opts.svg) say(`wrote ${opts.svg}`);
}

function runExperiment(name: ResonanceExperimentName, o: ResonanceCliOptions, onProgress: (f: number) => void): ExperimentResult {
  const base = { seed: o.seed, onProgress };
  switch (name) {
    case 'hopf':
      return RESONANCE_EXPERIMENTS.hopf(base);
    case 'metronome': {
      const params = Object.fromEntries(
        Object.entries({ spontaneousHz: o.f0, lambda1: o.lambda1, lambda2: o.lambda2, gamma: o.gamma }).filter(([, v]) => v !== undefined),
      );
      return RESONANCE_EXPERIMENTS.metronome({ ...base, tempoHz: o.tempo, durationSeconds: o.seconds ?? o.duration, params });
    }
    case 'detect':
      return RESONANCE_EXPERIMENTS.detect({ ...base, pulseHz: o.pulse, durationSeconds: o.seconds ?? o.duration });
    case 'consonance':
      return RESONANCE_EXPERIMENTS.consonance({ ...base, epsilon: o.epsilon, coupling: o.coupling, noise: o.noise });
    case 'population':
      return RESONANCE_EXPERIMENTS.population({ ...base, perGroup: o.perGroup, tempoHz: o.tempo, durationSeconds: o.seconds ?? o.duration, motorNoise: o.noise });
  }
}

/** A self-contained HTML page for an experiment's result. */
export async function experimentReport(result: ExperimentResult, commandLine: string): Promise<string> {
  const { plotSvg } = await import('../report/plot.js');
  const blocks: ReportBlock[] = [{ kind: 'figures', items: result.figures }];
  blocks.push({ kind: 'text', html: `<ul>${result.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` });
  for (const p of result.plots) blocks.push({ kind: 'plot', svg: await plotSvg(p.spec), caption: p.caption });
  for (const t of result.tables ?? []) blocks.push({ kind: 'table', header: t.header, rows: t.rows, caption: t.caption });
  return reportHtml({
    title: result.title,
    subtitle: `neuromusic resonance ${result.experiment} — seed ${result.seed}`,
    sections: [{ heading: 'Results', blocks }],
    footer: `neuromusic ${packageInfo().version} · ${commandLine} · ${new Date().toISOString().slice(0, 10)}`,
  });
}
