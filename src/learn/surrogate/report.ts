/**
 * The surrogate's HTML report: training curves of every loss term (training and validation), the seed's figure 9
 * (ASHLE and the surrogate on a held-out song: phase, frequency, amplitude), the figures on the held-out and
 * extrapolation sets beside the seed's, and the ablation table beside the seed's.
 */
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { escapeHtml, reportHtml, type ReportSection } from '../../report/html.js';
import type { TrainState } from './train.js';
import type { Evaluation } from './pipeline.js';
import type { SetMetrics } from './metrics.js';

/** The seed's published figures (DedAI-Neurodynamics, module 4). */
export const SEED_FIGURES = {
  plvRetentionPercent: 94.37,
  frequencyR: 0.606,
  phaseR: 0.417,
  groundTruthPlv: 0.921,
  surrogatePlv: 0.763,
  ablation: { full: 94.37, 'no-plv': 78.2, 'no-freq': 89.1, 'mse-only': 71.5 } as Record<string, number>,
};

/** One ablation variant's result over seeds. */
export interface AblationRow {
  variant: string;
  seeds: number[];
  steps: number[];
  plvRetention: number[];
  stimulusPlvRatio: number[];
  frequencyR: number[];
}

/** Mean ± sample sd of a list. */
export function meanSd(v: number[]): { mean: number; sd: number } {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

function smooth(values: number[], window: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    s += values[i]!;
    if (i >= window) s -= values[i - window]!;
    out.push(s / Math.min(i + 1, window));
  }
  return out;
}

const TERMS = ['total', 'mse', 'plv', 'freq', 'amp'] as const;

/** Vega-Lite spec of the training curves: one panel per loss term, training (smoothed) and validation. */
export function trainingCurvesSpec(state: Pick<TrainState, 'train' | 'validation'>): PlotSpec {
  const window = Math.max(1, Math.round(state.train.length / 60));
  const panels = TERMS.map((term) => {
    const tr = smooth(state.train.map((r) => r[term]), window);
    const values = [
      ...state.train.map((r, i) => ({ step: r.step, value: tr[i]!, set: `training (mean of ${window} steps)` })),
      ...state.validation.map((r) => ({ step: r.step, value: r[term], set: 'validation' })),
    ].filter((v) => v.value > 0 && Number.isFinite(v.value));
    return {
      title: term === 'total' ? 'L (total)' : `L_${term}`,
      width: 520,
      height: 110,
      data: { values },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null },
        color: { field: 'set', type: 'nominal', title: null, legend: { orient: 'bottom' } },
      },
    };
  });
  return { vconcat: panels, spacing: 14 } as unknown as PlotSpec;
}

/** Vega-Lite spec of figure 9: ASHLE (blue) and the surrogate (red) on one held-out song. */
export function figure9Spec(figure: Evaluation['figure']): PlotSpec {
  const { song, surrogate } = figure;
  const hz = song.sampleHz;
  const n = song.motor.phase.length;
  const rows = (f: (k: number) => [number, number], to = n): Array<{ t: number; value: number; model: string }> => {
    const out: Array<{ t: number; value: number; model: string }> = [];
    for (let k = 0; k < to; k++) {
      const [a, s] = f(k);
      out.push({ t: k / hz, value: a, model: 'ASHLE (ground truth)' }, { t: k / hz, value: s, model: 'TCN surrogate' });
    }
    return out;
  };
  const color = { field: 'model', type: 'nominal', title: null, scale: { domain: ['ASHLE (ground truth)', 'TCN surrogate'], range: ['#1f77b4', '#d62728'] }, legend: { orient: 'bottom' } };
  const panel = (title: string, values: unknown[], y: string): object => ({
    title,
    width: 620,
    height: 120,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'value', type: 'quantitative', title: y, scale: { zero: false } }, color },
  });
  const err: Array<{ t: number; value: number }> = [];
  for (let k = 0; k < n; k++) {
    let d = surrogate.phase[k]! - song.motor.phase[k]!;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    err.push({ t: k / hz, value: d });
  }
  const eight = Math.min(n, Math.round(8 * hz));
  return {
    vconcat: [
      panel(`Motor phase φ_m, first 8 s (held-out song ${song.seed}, ${song.bpm.toFixed(0)} bpm, ${song.beatsPerBar} beats a bar)`, rows((k) => [song.motor.phase[k]!, surrogate.phase[k]!], eight), 'phase (rad)'),
      { ...panel('Phase error φ̂ − φ (wrapped), whole song', err, 'rad'), encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'value', type: 'quantitative', title: 'rad', scale: { domain: [-Math.PI, Math.PI] } } } },
      panel('Motor frequency f_m', rows((k) => [song.motor.frequencyHz[k]!, surrogate.frequencyHz[k]!]), 'Hz'),
      panel('Motor amplitude |z_m|', rows((k) => [song.motor.amplitude[k]!, surrogate.amplitude[k]!]), '|z_m|'),
    ],
    spacing: 14,
  } as unknown as PlotSpec;
}

const pct = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)} %` : '—');
const num = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** The table of a set's figures beside the seed's. */
export function metricsRows(heldOut: Omit<SetMetrics, 'perSong'>, extrapolation: Omit<SetMetrics, 'perSong'>): Array<Array<string | number>> {
  return [
    ['PLV retention: mean PLV(φ̂, φ)', pct(heldOut.plvRetentionPercent), pct(extrapolation.plvRetentionPercent), pct(SEED_FIGURES.plvRetentionPercent)],
    ['stimulus–motor PLV, ASHLE', num(heldOut.stimulusPlvAshle), num(extrapolation.stimulusPlvAshle), num(SEED_FIGURES.groundTruthPlv)],
    ['stimulus–motor PLV, surrogate', num(heldOut.stimulusPlvSurrogate), num(extrapolation.stimulusPlvSurrogate), num(SEED_FIGURES.surrogatePlv)],
    ['stimulus–motor PLV ratio', pct(heldOut.stimulusPlvRatioPercent), pct(extrapolation.stimulusPlvRatioPercent), pct((100 * SEED_FIGURES.surrogatePlv) / SEED_FIGURES.groundTruthPlv)],
    ['frequency correlation r', num(heldOut.frequencyR), num(extrapolation.frequencyR), num(SEED_FIGURES.frequencyR)],
    ['phase correlation (circular)', num(heldOut.phaseR), num(extrapolation.phaseR), num(SEED_FIGURES.phaseR)],
    ['|drift| (cycles per 30 s)', num(heldOut.driftCyclesPer30s), num(extrapolation.driftCyclesPer30s), '—'],
    ['frequency RMS error (Hz)', num(heldOut.frequencyRmseHz), num(extrapolation.frequencyRmseHz), '—'],
    ['amplitude RMS error', num(heldOut.amplitudeRmse), num(extrapolation.amplitudeRmse), '—'],
  ];
}

/** The ablation table: mean ± sd over seeds beside the seed's figure. */
export function ablationRows(rows: AblationRow[]): Array<Array<string | number>> {
  return rows.map((r) => {
    const p = meanSd(r.plvRetention);
    const s = meanSd(r.stimulusPlvRatio);
    const f = meanSd(r.frequencyR);
    return [
      r.variant,
      r.seeds.length,
      `${p.mean.toFixed(2)} ± ${p.sd.toFixed(2)} %`,
      `${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)} %`,
      `${f.mean.toFixed(3)} ± ${f.sd.toFixed(3)}`,
      Math.round(meanSd(r.steps).mean),
      SEED_FIGURES.ablation[r.variant] !== undefined ? `${SEED_FIGURES.ablation[r.variant]} %` : '—',
    ];
  });
}

/** Header of {@link ablationRows}. */
export const ABLATION_HEADER = ['loss', 'seeds', 'PLV retention (held-out)', 'stimulus–motor PLV ratio', 'frequency r', 'steps (mean)', 'seed (PLV retention)'];

/** Options of {@link surrogateReport}. */
export interface SurrogateReportInput {
  state?: Pick<TrainState, 'train' | 'validation' | 'step' | 'seconds'>;
  evaluation: Evaluation;
  ablation?: { rows: AblationRow[]; note: string };
  /** A line about the run: steps, time, load. */
  context: string;
  footer: string;
}

/** The report as one self-contained HTML page. */
export async function surrogateReport(input: SurrogateReportInput): Promise<string> {
  const { evaluation: e } = input;
  const sections: ReportSection[] = [];
  sections.push({
    heading: 'Figures',
    blocks: [
      {
        kind: 'figures',
        items: [
          { label: 'PLV retention, held-out', value: pct(e.heldOut.plvRetentionPercent) },
          { label: 'PLV retention, extrapolation', value: pct(e.extrapolation.plvRetentionPercent) },
          { label: 'stimulus–motor PLV ratio, held-out', value: pct(e.heldOut.stimulusPlvRatioPercent) },
          { label: 'frequency r, held-out', value: num(e.heldOut.frequencyR) },
        ],
      },
      { kind: 'table', header: ['figure', `held-out (${e.heldOut.songs} songs, 80–160 bpm)`, `extrapolation (${e.extrapolation.songs} songs, 60–78 and 165–200 bpm)`, 'seed'], rows: metricsRows(e.heldOut, e.extrapolation), caption: 'Definitions in docs/surrogate.md. The seed\'s figures come from its own (undefined) protocol and are shown for orientation.' },
    ],
  });
  if (input.state && input.state.train.length > 0) {
    sections.push({ heading: 'Training curves', blocks: [{ kind: 'plot', svg: await plotSvg(trainingCurvesSpec(input.state)), caption: `Every loss term on the training batches (smoothed) and on the validation songs; ${input.state.step} steps in ${input.state.seconds.toFixed(0)} s.` }] });
  }
  sections.push({ heading: 'Figure 9: surrogate vs ASHLE on a held-out song', blocks: [{ kind: 'plot', svg: await plotSvg(figure9Spec(e.figure)), caption: 'ASHLE (blue) and the TCN surrogate (red), the held-out song with the median PLV.' }] });
  const perSong = e.heldOut.perSong.map((s) => [s.seed, s.bpm.toFixed(1), num(s.plv), num(s.stimulusPlvAshle), num(s.stimulusPlvSurrogate), num(s.frequencyR), num(s.driftCyclesPer30s, 2)]);
  sections.push({ heading: 'Held-out songs', blocks: [{ kind: 'table', header: ['song seed', 'bpm', 'PLV(φ̂, φ)', 'PLV ASHLE–stimulus', 'PLV surrogate–stimulus', 'frequency r', 'drift (cycles/30 s)'], rows: perSong }] });
  if (input.ablation) {
    sections.push({ heading: 'Ablation', blocks: [{ kind: 'text', html: `<p>${escapeHtml(input.ablation.note)}</p>` }, { kind: 'table', header: ABLATION_HEADER, rows: ablationRows(input.ablation.rows) }] });
  }
  return reportHtml({ title: 'TCN surrogate of ASHLE', subtitle: input.context, sections, footer: input.footer });
}
