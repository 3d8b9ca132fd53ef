/**
 * `neuromusic bcmi`: the brain–computer music experiment (src/engines/duet/bcmi.ts). The EEG twin in each of its
 * five states steers the duet for the same length from the same seed after the same neutral calibration; writes a
 * WAV and a MIDI file per state (`bcmi-<state>.wav`, `.mid`), prints the table of biomarkers, mapped controls and
 * musical descriptors per state, and puts it in --json and the --report page.
 */
import { join } from 'node:path';
import { bcmiExperiment, type BcmiRow } from '../engines/duet/bcmi.js';
import { duetAudio, duetMidi } from '../engines/duet/outputs.js';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import type { BcmiCliOptions } from './command-options.js';
import { readMappingTable } from './compose-duet-run.js';
import { jsonTarget } from './common-options.js';
import { TABLE_LEGEND, tableLines, tidyNumbers } from './eeg-table.js';
import { UsageError } from './errors.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';

/** Runs `neuromusic bcmi`. */
export async function runBcmi(opts: BcmiCliOptions): Promise<void> {
  if (!(opts.settle < opts.secondsPerState)) throw new UsageError(`--settle ${opts.settle} must be shorter than --seconds-per-state ${opts.secondsPerState}`);
  ensureDirectory(opts.out);
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const table = readMappingTable(opts.mapping);
  const quiet = Boolean(opts.quiet) || jsonTarget(opts.json) === 'stdout';
  const bar = createProgress('experiment', quiet);
  let rows: BcmiRow[];
  const files: string[] = [];
  try {
    rows = bcmiExperiment({
      seed: opts.seed,
      secondsPerState: opts.secondsPerState,
      baselineSeconds: opts.baseline,
      settleSeconds: opts.settle,
      table,
      onState: (done, of) => bar.update((0.5 * done) / of),
    });
    rows.forEach((row, i) => {
      const base = join(opts.out, `bcmi-${row.state}`);
      outputs.file(`${base}.mid`, duetMidi(row.run));
      outputs.wav(`${base}.wav`, duetAudio(row.run, { sampleRate: opts.sr, seed: opts.seed }));
      files.push(`${base}.wav`, `${base}.mid`);
      bar.update(0.5 + (0.5 * (i + 1)) / rows.length);
    });
  } finally {
    bar.stop();
  }
  const commandLine = ['neuromusic', ...process.argv.slice(2)].join(' ');
  if (opts.report) {
    outputs.file(opts.report, await bcmiReportHtml(rows, opts, `${commandLine} · neuromusic ${packageInfo().version}`));
    files.push(opts.report);
  }
  const result = tidyNumbers({
    seed: opts.seed,
    secondsPerState: opts.secondsPerState,
    baselineSeconds: opts.baseline,
    settleSeconds: opts.settle,
    files,
    states: rows.map((r) => ({ state: r.state, biomarkers: r.biomarkers, controls: r.controls, descriptors: r.descriptors })),
  });
  if (opts.json !== undefined) emitJson(opts.json, result, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  say(
    `BCMI experiment: the EEG twin (seed ${opts.seed}) in ${rows.length} states × ${opts.secondsPerState} s, each after a ${opts.baseline}-s neutral baseline, steering the duet; descriptors from ${opts.settle} s on`,
    ...tableLines(rows.map((r) => ({ label: r.state, biomarkers: r.biomarkers, controls: r.controls, descriptors: r.descriptors }))),
    TABLE_LEGEND,
    `  wrote ${rows.map((r) => `bcmi-${r.state}.wav`).join(', ')} and the .mid files into ${opts.out}`,
    ...(opts.report ? [`  wrote ${opts.report}`] : []),
  );
}

/** The experiment's page: the table, then the biomarkers and controls over time and each state's notes. */
async function bcmiReportHtml(rows: BcmiRow[], opts: BcmiCliOptions, footer: string): Promise<string> {
  const { reportHtml } = await import('../report/html.js');
  const { plotSvg } = await import('../report/plot.js');
  type Spec = Parameters<typeof plotSvg>[0];
  const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const header = ['state', 'stress', 'attention', 'engagement', 'relaxation', 'λ2 (1/s)', 'ρ', 'tempo scale', 'density', 'melody notes/s', 'interval entropy (bits)', 'tempo (bpm)', 'beat-interval sd (ms)', 'RMSSD (ms)'];
  const tableRows = rows.map((r) => [
    r.state, f(r.biomarkers.stress), f(r.biomarkers.attention), f(r.biomarkers.engagement), f(r.biomarkers.relaxation),
    f(r.controls.lambda2), f(r.controls.rho, 1), f(r.controls.tempoScale), f(r.controls.density),
    f(r.descriptors.melodyNotesPerSecond), f(r.descriptors.intervalEntropyBits), f(r.descriptors.meanTempoBpm, 1), f(r.descriptors.beatIntervalSdMs, 1), f(r.descriptors.beatIntervalRmssdMs, 1),
  ]);
  const series: Array<Record<string, unknown>> = [];
  for (const r of rows) {
    const { series: s, controls, startSeconds } = r.drive;
    const every = Math.max(1, Math.round(0.5 / Math.max(1e-9, (s.times[1] ?? 1) - (s.times[0] ?? 0))));
    for (let i = 0; i < s.times.length; i += every) {
      const t = Number((s.times[i]! - startSeconds).toFixed(3));
      series.push({ t, state: r.state, what: 'stress (z)', value: s.indices.stress[i] });
      series.push({ t, state: r.state, what: 'relaxation (z)', value: s.indices.relaxation[i] });
      series.push({ t, state: r.state, what: 'λ2', value: controls.lambda2[i] });
      series.push({ t, state: r.state, what: 'ρ', value: controls.rho[i] });
    }
  }
  const overTime = {
    title: 'Biomarkers and controls over time (negative times: the neutral baseline)',
    data: { values: series },
    facet: { row: { field: 'what', type: 'nominal', title: null } },
    spec: {
      width: 760,
      height: 80,
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (s)' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'state', type: 'nominal', title: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as Spec;
  const notes: Array<Record<string, unknown>> = [];
  for (const r of rows) for (const n of r.run.score.notes) if (n.voice === 0) notes.push({ t: Number(n.onset.toFixed(3)), pitch: n.pitch, state: r.state });
  const roll = {
    title: 'The melody in each state',
    data: { values: notes },
    facet: { row: { field: 'state', type: 'nominal', title: null, sort: rows.map((r) => r.state) } },
    spec: {
      width: 760,
      height: 70,
      mark: { type: 'tick', thickness: 2 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (s)' },
        y: { field: 'pitch', type: 'quantitative', title: 'pitch', scale: { zero: false } },
      },
    },
  } as unknown as Spec;
  return reportHtml({
    title: 'BCMI experiment: five mental states through the Neural Duet',
    subtitle: `The EEG twin (seed ${opts.seed}), ${opts.secondsPerState} s per state after a ${opts.baseline}-s neutral baseline; descriptors from ${opts.settle} s on`,
    sections: [
      {
        heading: 'Per state',
        blocks: [
          { kind: 'table', header, rows: tableRows, caption: 'Biomarkers are z-scores against the neutral baseline; controls are what the mapping table made of them (means over the state); the descriptors are measured on the music.' },
        ],
      },
      { heading: 'Over time', blocks: [{ kind: 'plot', svg: await plotSvg(overTime) }, { kind: 'plot', svg: await plotSvg(roll) }] },
    ],
    footer,
  });
}
