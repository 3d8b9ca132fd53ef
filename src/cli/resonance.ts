/** `neuromusic resonance <experiment>`: the seed's neural-resonance experiments, each a picture and JSON. */
import type { Command } from 'commander';
import { RESONANCE_EXPERIMENTS, type ExperimentResult, type ResonanceExperimentName } from '../engines/resonance/experiments/index.js';
import type { PlotSpec } from '../report/plot.js';
import { escapeHtml, reportHtml, type ReportBlock } from '../report/html.js';
import { prepareOutput, writeFileAtomic } from '../node/files.js';
import { packageInfo } from '../node/package-info.js';
import { UsageError } from './errors.js';
import { numberIn, oneOf, seedOption } from './options.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';

const NAMES = Object.keys(RESONANCE_EXPERIMENTS) as ResonanceExperimentName[];

interface ResonanceCliOptions {
  seed: number;
  json?: string | boolean;
  report?: string;
  svg?: string;
  quiet?: boolean;
  tempo?: number;
  f0?: number;
  lambda1?: number;
  lambda2?: number;
  gamma?: number;
  duration?: number;
  pulse?: number;
  epsilon?: number;
  coupling?: number;
  noise?: number;
  perGroup?: number;
}

/** Which experiment each tuning option belongs to. */
const OPTION_OWNERS: Record<string, ResonanceExperimentName[]> = {
  tempo: ['metronome', 'population'],
  f0: ['metronome'],
  lambda1: ['metronome'],
  lambda2: ['metronome'],
  gamma: ['metronome'],
  duration: ['metronome', 'detect', 'population'],
  pulse: ['detect'],
  epsilon: ['consonance'],
  coupling: ['consonance'],
  noise: ['consonance', 'population'],
  perGroup: ['population'],
};

export function registerResonance(program: Command): void {
  program
    .command('resonance')
    .description('run a neural-resonance experiment: hopf, metronome, detect, consonance or population')
    .argument('<experiment>', `one of ${NAMES.join(', ')}`, oneOf(NAMES))
    .option('--seed <n>', 'random seed (noise and simulated subjects)', seedOption, 1)
    .option('--json [file]', 'print the results as JSON (or write them to a file)')
    .option('--report <file.html>', 'write an HTML report with the plots and numbers')
    .option('--svg <file.svg>', 'write the plots as one SVG picture')
    .option('--tempo <hz>', 'metronome / population: metronome frequency', numberIn(0.2, 20))
    .option('--f0 <hz>', 'metronome: spontaneous rate of ASHLE', numberIn(0.2, 20))
    .option('--lambda1 <x>', 'metronome: Hebbian frequency-learning rate λ1', numberIn(0, 100))
    .option('--lambda2 <x>', 'metronome: elasticity λ2', numberIn(0, 100))
    .option('--gamma <x>', 'metronome: sensory elasticity γ', numberIn(0, 100))
    .option('--duration <s>', 'metronome / detect / population: simulated seconds', numberIn(2, 600))
    .option('--pulse <hz>', 'detect: pulse frequency (within 0.5–2 Hz so that 4 harmonics fit the bank)', numberIn(0.5, 2))
    .option('--epsilon <x>', 'consonance: ε of the coupling nonlinearity', numberIn(0.01, 0.95))
    .option('--coupling <x>', 'consonance: coupling strength', numberIn(0, 10))
    .option('--noise <x>', 'consonance / population: noise amplitude', numberIn(0, 10))
    .option('--per-group <n>', 'population: subjects per group', numberIn(2, 1000, { integer: true }))
    .option('-q, --quiet', 'no progress bar')
    .action(async (name: ResonanceExperimentName, opts: ResonanceCliOptions) => {
      for (const [option, owners] of Object.entries(OPTION_OWNERS)) {
        if ((opts as unknown as Record<string, unknown>)[option] !== undefined && !owners.includes(name)) {
          const flag = option === 'perGroup' ? 'per-group' : option;
          throw new UsageError(`--${flag} applies to ${owners.join(' and ')}, not to ${name}`);
        }
      }
      if (opts.report) prepareOutput(opts.report);
      if (opts.svg) prepareOutput(opts.svg);
      if (typeof opts.json === 'string') prepareOutput(opts.json);
      const bar = createProgress(name, opts.quiet);
      let result: ExperimentResult;
      try {
        result = runExperiment(name, opts, bar.update);
      } finally {
        bar.stop();
      }
      if (opts.svg) {
        // Vega loads only when a picture is asked for: it would double every command's start-up time.
        const { plotSvg } = await import('../report/plot.js');
        writeFileAtomic(opts.svg, await plotSvg({ vconcat: result.plots.map((p) => p.spec), spacing: 30 } as PlotSpec));
      }
      if (opts.report) writeFileAtomic(opts.report, await experimentReport(result, process.argv.slice(2).join(' ')));
      const json = { experiment: result.experiment, title: result.title, seed: result.seed, figures: result.figures, findings: result.findings, ...result.data };
      if (opts.json) {
        emitJson(opts.json, json);
        if (opts.json === true) return;
      }
      say(result.title, ...result.figures.map((f) => `  ${f.label}: ${f.value}`), '', ...result.findings.map((f) => `• ${f}`));
      if (opts.report) say(`wrote ${opts.report}`);
      if (opts.svg) say(`wrote ${opts.svg}`);
    });
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
      return RESONANCE_EXPERIMENTS.metronome({ ...base, tempoHz: o.tempo, durationSeconds: o.duration, params });
    }
    case 'detect':
      return RESONANCE_EXPERIMENTS.detect({ ...base, pulseHz: o.pulse, durationSeconds: o.duration });
    case 'consonance':
      return RESONANCE_EXPERIMENTS.consonance({ ...base, epsilon: o.epsilon, coupling: o.coupling, noise: o.noise });
    case 'population':
      return RESONANCE_EXPERIMENTS.population({ ...base, perGroup: o.perGroup, tempoHz: o.tempo, durationSeconds: o.duration, motorNoise: o.noise });
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
