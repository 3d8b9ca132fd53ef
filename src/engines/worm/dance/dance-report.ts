/**
 * The HTML report of `neuromusic dance`: how the piece drove the worm, the excitability of its modes and patterns
 * with their permutation p-values, the neural → muscle map and the poses (heat map and correlations), the body
 * wave and the behaviours it commands, and the trajectory of the physical dance.
 */
import { escapeHtml, reportHtml, type ReportBlock, type ReportSection } from '../../../report/html.js';
import { plotSvg, type PlotSpec } from '../../../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../../../report/raster.js';
import { CLUSTER_COLORS } from '../../../analysis/cluster-colors.js';
import { chordText } from '../../../analysis/patterns-summary.js';
import type { ExcitabilityResult } from '../../../analysis/excitability.js';
import { BODY_WALL_MUSCLES } from '../model/anatomy.js';
import { DANCE_BEHAVIOURS } from './body-wave.js';
import { danceSummary, formatPValue } from './dance-summary.js';
import { wormTrajectoryPlot } from '../model/report.js';
import { waveActivations, type Dance } from './dance.js';

/** Columns of the muscle raster (heatmapPng's default width). */
const RASTER_COLUMNS = 2000;

const BEHAVIOUR_COLORS = ['#7f7f7f', '#1f77b4', '#2ca02c', '#ff7f0e', '#d62728'];
const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** What the report says about how it was made. */
export interface DanceReportContext {
  title: string;
  source: string;
  flats?: boolean;
  command?: string;
  version?: string;
}

/**
 * Builds the report.
 * @example
 * const html = await danceReportHtml(danceToPiece(score), { title: 'Prelude', source: 'prelude.mid' });
 */
export async function danceReportHtml(d: Dance, ctx: DanceReportContext): Promise<string> {
  const s = danceSummary(d);
  const a = d.analysis;
  const figures = [
    { label: 'frames (20 ms)', value: String(d.frames) },
    { label: 'modes k / patterns K*', value: `${a.k} / ${a.Kstar}` },
    { label: 'most excitable mode', value: `${s.mostExcitableMode.index + 1} (|r| = ${fmt(s.mostExcitableMode.excitability)})` },
    { label: 'cond(Z_worm)', value: fmt(d.map.conditionNumber, 1) },
    { label: 'R² of Z_worm·W', value: fmt(d.map.rSquared) },
    { label: 'pairs of poses with |r| < 0.9', value: `${(100 * s.poses.shareBelow09).toFixed(0)} % (median |r| ${fmt(s.poses.medianAbsCorrelation)})` },
    { label: 'wave frequency', value: `${fmt(d.wave.undulationHz)} Hz` },
    ...(s.body ? [{ label: 'physical dance: path', value: `${fmt(s.body.pathMm)} mm` }] : []),
  ];
  const sections: ReportSection[] = [
    {
      heading: 'Summary',
      blocks: [
        { kind: 'figures', items: figures },
        {
          kind: 'text',
          html: `<p><b>${escapeHtml(ctx.title)}</b> (${escapeHtml(ctx.source)}). <b>The piece drives the worm:</b> its loudness drives the
          forward command interneurons AVB and PVC, its bass weight the backward ones AVA and AVD, its register the head bias; the locomotion
          model (${d.options.medium === 1 ? 'agar' : d.options.medium === 0 ? 'water' : `medium ${d.options.medium}`}) runs for the whole piece.
          Z<sub>worm</sub> = the first ${d.zWorm.cols} principal-component scores of its ${d.driven.motorNeurons.length} ventral-cord motor neurons
          (${Array.from(d.zVarianceRatio, (v) => `${(100 * v).toFixed(0)} %`).join(', ')} of their variance).
          <b>The worm dances:</b> the body wave from the piano modes (mode 1 amplitude, 2 phase, 3 dorsal/ventral bias, 4 left/right offset)
          runs at the driven worm's own undulation frequency, head → tail while its forward command interneurons lead; it drives the body model.</p>`,
        },
      ],
    },
    { heading: 'Excitability: which modes and patterns move the worm', blocks: [await excitabilityBars(d.modeExcitability, 'mode', (i) => `mode ${i + 1}: ${chordText(a.patterns[i]!.chord, ctx.flats)}`), await excitabilityBars(d.patternExcitability, 'pattern', (j) => `P${j + 1}: ${chordText(a.clusters[j]!.chord, ctx.flats) || '—'}`, true)] },
    { heading: 'The drive and the worm it moved', blocks: [await drivePlot(d)] },
    { heading: 'Neural → muscle map and the poses', blocks: [mapTable(d), await posesHeatmap(d), await poseCorrelationPlot(d)] },
    { heading: 'The body wave and navigation', blocks: [await waveRaster(d), await behaviourBars(d, s)] },
    ...(d.body || d.trajectory ? [{ heading: 'Trajectory of the physical dance', blocks: [await trajectoryPlot(d)] }] : []),
  ];
  return reportHtml({
    title: 'The worm dances',
    subtitle: `${ctx.title} · ${(d.frames * d.frameSeconds).toFixed(1)} s · ${a.Kstar} patterns · ${d.zWorm.cols} neural components`,
    sections,
    footer: `${ctx.command ?? ''}${ctx.version ? ` · neuromusic ${ctx.version}` : ''} · analysis seed ${d.options.seed}`,
  });
}

async function excitabilityBars(e: ExcitabilityResult, kind: string, label: (i: number) => string, colour = false): Promise<ReportBlock> {
  const values = e.entries
    .slice()
    .sort((x, y) => x.rank - y.rank)
    .map((x) => ({ label: label(x.pattern), r: x.excitability, text: `p ${formatPValue(x.pValue, e.shifts)} (PC${x.component + 1})`, color: colour ? CLUSTER_COLORS[x.pattern % CLUSTER_COLORS.length]! : x.pValue < 0.05 ? '#4e79a7' : '#bab0ac' }));
  const spec = {
    width: 520,
    height: Math.max(60, 18 * values.length),
    data: { values },
    layer: [
      { mark: { type: 'bar' }, encoding: { y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } }, x: { field: 'r', type: 'quantitative', title: 'excitability max_j |r(·, Z_worm[:, j])|', scale: { domain: [0, Math.max(0.1, ...values.map((v) => v.r)) * 1.3] } }, color: { field: 'color', type: 'nominal', scale: null } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { y: { field: 'label', type: 'nominal', sort: null }, x: { field: 'r', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  };
  return {
    kind: 'plot',
    svg: await plotSvg(spec as unknown as PlotSpec),
    caption: `Each ${kind} ranked by its largest |Pearson r| with a neural score (the score in brackets), and its p-value from the circular-shift permutation test: the ${kind}'s ${kind === 'mode' ? 'envelope (V_k column)' : 'indicator (1 in its frames)'} rotated against Z_worm by every shift from ${e.minShift} to T − ${e.minShift} frames (${e.shifts} rotations), which keeps both series' autocorrelation.${colour ? '' : ' Blue: p < 0.05.'}`,
  };
}

async function drivePlot(d: Dance): Promise<ReportBlock> {
  const step = Math.max(1, Math.floor(d.frames / 1500));
  const names = d.driven.neuronNames;
  const n = names.length;
  const idx = (x: string): number => names.indexOf(x);
  const values: Array<{ t: number; v: number; series: string }> = [];
  for (let f = 0; f < d.frames; f += step) {
    const t = f * d.frameSeconds;
    values.push({ t, v: d.drive.forward[f]!, series: 'forward drive (loudness)' }, { t, v: d.drive.backward[f]!, series: 'backward drive (bass weight)' }, { t, v: d.drive.turn[f]!, series: 'head bias (register)' });
    const out = d.driven.neurons.subarray(f * n, (f + 1) * n);
    const fwd = (out[idx('AVB')]! + out[idx('PVC')]!) / 2;
    const bwd = (out[idx('AVA')]! + out[idx('AVD')]!) / 2;
    values.push({ t, v: fwd - bwd, series: 'AVB+PVC − AVA−AVD (worm)' });
  }
  const spec = { width: 900, height: 200, data: { values }, mark: { type: 'line', strokeWidth: 1 }, encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'v', type: 'quantitative', title: null }, color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 300 } } } };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: 'The piece\'s drive (from its loudness, bass weight and register) and the driven worm\'s command interneurons: forward pair minus backward pair. The dance\'s wave runs backward while the backward pair leads.' };
}

function mapTable(d: Dance): ReportBlock {
  const m = d.map;
  return {
    kind: 'table',
    header: ['quantity', 'value'],
    rows: [
      ['W = lstsq(Z_worm, V_mus)', `${m.W.rows} × ${m.W.cols}`],
      ['Tikhonov λ', m.tikhonov],
      ['rank of Z_worm', m.rank],
      ['condition number σ₁/σ_min of Z_worm', Number.isFinite(m.conditionNumber) ? m.conditionNumber : 'singular'],
      ['R² of Z_worm·W against the muscles (about their means)', m.rSquared],
    ],
    caption: 'V_mus: the driven worm\'s 95 muscle activations per frame. Z_worm has orthogonal columns (PCA scores), so it is well conditioned; --tikhonov shrinks W where a piece makes it ill-conditioned.',
  };
}

async function posesHeatmap(d: Dance): Promise<ReportBlock> {
  const K = d.poses.rows;
  const values: Array<{ pattern: string; muscle: string; q: string; v: number }> = [];
  let max = 1e-12;
  for (let j = 0; j < K; j++) for (let m = 0; m < d.poses.cols; m++) max = Math.max(max, Math.abs(d.poses.data[j * d.poses.cols + m]!));
  for (let j = 0; j < K; j++) {
    for (let m = 0; m < d.poses.cols; m++) {
      const mu = BODY_WALL_MUSCLES[m]!;
      values.push({ pattern: `P${j + 1}`, muscle: mu.name, q: mu.quadrant, v: d.poses.data[j * d.poses.cols + m]! });
    }
  }
  const order = BODY_WALL_MUSCLES.map((mu) => mu.name);
  const spec = {
    width: 900,
    height: Math.max(80, 22 * K),
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'muscle', type: 'ordinal', sort: order, title: 'muscle (DL 1–24, DR 1–24, VL 1–23, VR 1–24; head first)', axis: { labels: false, ticks: false } },
      y: { field: 'pattern', type: 'ordinal', sort: null, title: null },
      color: { field: 'v', type: 'quantitative', scale: { scheme: 'redblue', reverse: true, domain: [-max, max] }, title: 'Δ activation' },
    },
  };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: 'pose_j = mean(Z_worm over pattern j\'s frames)·W: how each muscle departs from the driven worm\'s mean posture while the pattern plays (red: more contracted).' };
}

async function poseCorrelationPlot(d: Dance): Promise<ReportBlock> {
  const K = d.poseCorrelations.rows;
  const values: Array<{ a: string; b: string; r: number }> = [];
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) values.push({ a: `P${i + 1}`, b: `P${j + 1}`, r: d.poseCorrelations.data[i * K + j]! });
  const spec = {
    width: Math.min(420, 34 * K),
    height: Math.min(420, 34 * K),
    data: { values },
    layer: [
      { mark: 'rect', encoding: { x: { field: 'a', type: 'ordinal', sort: null, title: null }, y: { field: 'b', type: 'ordinal', sort: null, title: null }, color: { field: 'r', type: 'quantitative', scale: { scheme: 'redblue', reverse: true, domain: [-1, 1] }, title: 'r' } } },
      { mark: { type: 'text', fontSize: 9 }, encoding: { x: { field: 'a', type: 'ordinal', sort: null }, y: { field: 'b', type: 'ordinal', sort: null }, text: { field: 'r', type: 'quantitative', format: '.2f' } } },
    ],
  };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: 'Pearson correlation of every pair of poses over the 95 muscles. The published poses (PyANNOW v2) were one pose up to scale (r = 0.9997 for every pair); these differ.' };
}

async function waveRaster(d: Dance): Promise<ReportBlock> {
  const T = d.frames;
  const rows = 95;
  // At most RASTER_COLUMNS columns, each the frames it covers at their largest |activation| (heatmapPng's rule, here
  // applied while the activations are computed, so that a long piece needs no T × 95 array).
  const width = Math.min(T, RASTER_COLUMNS);
  const values = new Float32Array(rows * width);
  const row = new Float64Array(rows);
  for (let x = 0; x < width; x++) {
    const f0 = Math.floor((x * T) / width);
    const f1 = Math.max(f0 + 1, Math.floor(((x + 1) * T) / width));
    for (let f = f0; f < f1; f++) {
      waveActivations(d.wave, f, row);
      for (let m = 0; m < rows; m++) if (f === f0 || Math.abs(row[m]!) > Math.abs(values[m * width + x]!)) values[m * width + x] = row[m]!;
    }
  }
  const png = heatmapPng(values, rows, width, { colormap: 'viridis', min: 0, max: 1, rowZeroAtBottom: false, maxColumns: RASTER_COLUMNS });
  const end = T * d.frameSeconds;
  const { width: _w, height: _h, ...image } = imagePlotSpec(pngDataUri(png), { x: [0, end], y: [rows, 0], xTitle: 'time (s)', yTitle: 'muscle (DL, DR, VL, VR)' }) as unknown as Record<string, unknown>;
  // Pattern timeline and commanded behaviour as coloured bands under the raster.
  const bands: Array<{ t0: number; t1: number; row: string; color: string; label: string }> = [];
  const push = (row: string, key: (f: number) => string, color: (k: string) => string): void => {
    let start = 0;
    for (let f = 1; f <= T; f++) {
      if (f === T || key(f) !== key(start)) {
        bands.push({ t0: start * d.frameSeconds, t1: f * d.frameSeconds, row, color: color(key(start)), label: key(start) });
        start = f;
      }
    }
  };
  push('pattern', (f) => `P${d.analysis.frameLabels[f]! + 1}`, (k) => CLUSTER_COLORS[(Number(k.slice(1)) - 1) % CLUSTER_COLORS.length]!);
  push('behaviour', (f) => d.wave.behaviour[f]!, (k) => BEHAVIOUR_COLORS[DANCE_BEHAVIOURS.indexOf(k as (typeof DANCE_BEHAVIOURS)[number])]!);
  const spec = {
    vconcat: [
      { width: 900, height: 260, layer: [image] },
      {
        width: 900,
        height: 40,
        data: { values: bands },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 't0', type: 'quantitative', title: 'time (s)', scale: { domain: [0, end], nice: false } },
          x2: { field: 't1' },
          y: { field: 'row', type: 'nominal', title: null, sort: ['pattern', 'behaviour'] },
          color: { field: 'color', type: 'nominal', scale: null },
          tooltip: { field: 'label' },
        },
      },
    ],
  };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: `The dance's 95 activations (0 dark … 1 yellow): the body wave from the piano modes at ${fmt(d.wave.undulationHz)} Hz. Below: the musical pattern of each frame (colours as in the excitability bars) and the behaviour it commands (grey HALT, blue FORWARD, green FWD+L, orange FWD+R, red BACKWARD).` };
}

async function behaviourBars(d: Dance, s: ReturnType<typeof danceSummary>): Promise<ReportBlock> {
  const values = DANCE_BEHAVIOURS.map((b, i) => ({ behaviour: b, share: d.behaviourShares[b], color: BEHAVIOUR_COLORS[i]! }));
  const spec = {
    width: 420,
    height: 160,
    data: { values },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'behaviour', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } }, y: { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share of frames' }, color: { field: 'color', type: 'nominal', scale: null } } },
      { mark: { type: 'text', dy: -6 }, encoding: { x: { field: 'behaviour', type: 'nominal', sort: null }, y: { field: 'share', type: 'quantitative' }, text: { field: 'share', type: 'quantitative', format: '.1%' } } },
    ],
  };
  const agreement = s.body ? ` The physical body, classified from its own motion (centroid along the body axis, rotation of the axis), moved forward ${(100 * s.body.behaviour.forward).toFixed(0)} %, backward ${(100 * s.body.behaviour.backward).toFixed(0)} %, turned ${(100 * s.body.behaviour.turn).toFixed(0)} % and paused ${(100 * s.body.behaviour.pause).toFixed(0)} % of the time.` : '';
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: `Behaviour commanded by each frame's muscles: HALT below amplitude ${0.08}, BACKWARD while the wave runs tail → head, FWD+L / FWD+R when headDL − headDR (smoothed over a wave period) passes ±8 % of the amplitude. The published distribution (PyANNOW v2, 800 samples of the Nocturne): HALT 51 %, FORWARD 26 %, FWD+R 15 %, FWD+L 8 %.${agreement}` };
}

async function trajectoryPlot(d: Dance): Promise<ReportBlock> {
  const K = d.analysis.Kstar;
  const labels = Array.from({ length: K }, (_, j) => `P${j + 1}`);
  // The recording, or (streamed dances) every stride-th frame of it: frame f there is the dance's frame f · stride.
  const { recording, stride } = d.body ? { recording: d.body, stride: 1 } : d.trajectory!;
  return wormTrajectoryPlot(recording, {
    title: 'pattern',
    categoryOf: (f) => labels[d.analysis.frameLabels[Math.min(d.frames - 1, f * stride)]!]!,
    domain: labels,
    range: labels.map((_, j) => CLUSTER_COLORS[j % CLUSTER_COLORS.length]!),
    caption: 'The centroid of the body driven by the dance\'s activations, coloured by the musical pattern playing; grey: the midline at five moments (dot: head). The 2-D body bends only dorsally and ventrally, so the left/right offset steers it through the head (see the body-wave equations).',
  });
}
