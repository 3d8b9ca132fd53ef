/**
 * The pattern analysis as a self-contained HTML page: the piano roll, the scree plot with the energy threshold,
 * silhouette and inertia against K, the K* cluster timeline drawn over the piano roll, the pattern chords (U_k)
 * with their rhythmic envelopes (V_k), and the clusters' chords. Dense images are PNGs under Vega-Lite axes;
 * everything renders in Node without a browser.
 */
import { plotSvg, type PlotSpec } from '../report/plot.js';
import { reportHtml, escapeHtml, type ReportSection } from '../report/html.js';
import { encodePng, imagePlotSpec, pngDataUri } from '../report/raster.js';
import { pitchName } from '../score/pitch.js';
import type { PatternAnalysis } from './patterns.js';
import { chordText, svdMethodText } from './patterns-summary.js';

import { CLUSTER_COLORS } from './cluster-colors.js';

export { CLUSTER_COLORS };

function clusterColor(c: number): string {
  return CLUSTER_COLORS[c % CLUSTER_COLORS.length]!;
}

function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Options of {@link patternReportHtml}. */
export interface PatternReportOptions {
  source: string;
  title?: string;
  flats?: boolean;
  /** The command line that produced the report, for the footer. */
  command?: string;
  /** Version and date line for the footer. */
  generator?: string;
}

/** Rows of the displayed roll: every MIDI pitch from the lowest to the highest used, so the y axis is pitch. */
function displayRows(a: PatternAnalysis): { lo: number; hi: number; rowOf: Int32Array } {
  const lo = a.roll.pitches[0]!;
  const hi = a.roll.pitches[a.roll.pitches.length - 1]!;
  const rowOf = Int32Array.from(a.roll.pitches, (p) => p - lo);
  return { lo, hi, rowOf };
}

/** Vega expression naming MIDI pitch `datum.value` (C4 = 60). */
function pitchLabelExpr(flats: boolean): string {
  const names = flats ? "['C','Db','D','Eb','E','F','Gb','G','Ab','A','Bb','B']" : "['C','C#','D','D#','E','F','F#','G','G#','A','A#','B']";
  return `${names}[datum.value % 12] + (floor(datum.value / 12) - 1)`;
}

function pitchAxis(spec: PlotSpec, lo: number, hi: number, flats: boolean): PlotSpec {
  const values: number[] = [];
  for (let p = Math.ceil(lo / 12) * 12; p <= hi + 1; p += 12) values.push(p);
  const enc = (spec as { encoding: { y: Record<string, unknown> } }).encoding.y;
  enc['axis'] = { values, labelExpr: pitchLabelExpr(flats), title: 'pitch' };
  return spec;
}

const WIDTH = 920;

/** Plot height for a roll of `rows` pitch rows. */
function rollHeight(rows: number): number {
  return Math.max(220, Math.min(420, rows * 5));
}

/**
 * A roll image at twice the plot's pixel size (crisp on high-density screens and when zoomed): each pitch row is a
 * band of whole pixels, each pixel column takes the cells of its frames through `paint` (null leaves it white).
 */
function rollRaster(a: PatternAnalysis, height: number, paint: (row: number, t0: number, t1: number) => [number, number, number] | null): string {
  const { lo, hi, rowOf } = displayRows(a);
  const rows = hi - lo + 1;
  const T = a.T;
  const width = Math.min(T, 2 * WIDTH);
  const rowPx = Math.max(1, Math.round((2 * height) / rows));
  const h = rows * rowPx;
  const rgba = new Uint8Array(width * h * 4).fill(255);
  for (let r = 0; r < a.P; r++) {
    const y0 = (rows - 1 - rowOf[r]!) * rowPx;
    for (let x = 0; x < width; x++) {
      const t0 = Math.floor((x * T) / width);
      const t1 = Math.max(t0 + 1, Math.floor(((x + 1) * T) / width));
      const rgb = paint(r, t0, t1);
      if (!rgb) continue;
      // A one-pixel gap under each row when rows are tall enough, like the lines of a piano roll.
      for (let y = y0; y < y0 + rowPx - (rowPx > 3 ? 1 : 0); y++) {
        const p = (y * width + x) * 4;
        rgba[p] = rgb[0];
        rgba[p + 1] = rgb[1];
        rgba[p + 2] = rgb[2];
      }
    }
  }
  return pngDataUri(encodePng(rgba, width, h));
}

/** The roll in greys (darker = louder) under a time × pitch axis. */
async function pianoRollPlot(a: PatternAnalysis, flats: boolean): Promise<string> {
  const { lo, hi } = displayRows(a);
  const T = a.T;
  const height = rollHeight(hi - lo + 1);
  const uri = rollRaster(a, height, (r, t0, t1) => {
    let v = 0;
    for (let t = t0; t < t1; t++) if (a.roll.active[r * T + t]) v = Math.max(v, 0.25, a.roll.velocity[r * T + t]!);
    if (v === 0) return null;
    const g = Math.round(200 * (1 - v));
    return [g, g, g];
  });
  const spec = imagePlotSpec(uri, { x: [0, T * a.roll.frameSeconds], y: [lo - 0.5, hi + 0.5], xTitle: 'time (s)', yTitle: 'pitch', width: WIDTH, height });
  return plotSvg(pitchAxis(spec, lo, hi, flats));
}

/** Cumulative energy (line) and each mode's share (bars) with the threshold and k marked. */
async function screePlot(a: PatternAnalysis): Promise<string> {
  const rows = Array.from(a.sigma, (s, i) => ({
    mode: i + 1,
    share: (s * s) / a.totalEnergy,
    cumulative: a.cumulativeEnergy[i]!,
    kept: i < a.k ? 'kept (k)' : 'dropped',
  }));
  const threshold = a.options.energy;
  return plotSvg({
    width: WIDTH - 120,
    height: 240,
    title: `Scree: k = ${a.k} modes reach ${(100 * threshold).toFixed(0)} % of ‖M‖²_F (${(100 * a.cumulativeEnergy[a.k - 1]!).toFixed(1)} %)`,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.8 },
        encoding: {
          x: { field: 'mode', type: 'ordinal', title: 'mode (singular value index)' },
          y: { field: 'share', type: 'quantitative', title: 'fraction of ‖M‖²_F', scale: { domain: [0, 1] } },
          color: { field: 'kept', type: 'nominal', scale: { domain: ['kept (k)', 'dropped'], range: ['#4e79a7', '#bab0ac'] }, title: 'σᵢ²' },
        },
      },
      {
        mark: { type: 'line', point: { color: '#e15759' }, color: '#e15759' },
        encoding: { x: { field: 'mode', type: 'ordinal' }, y: { field: 'cumulative', type: 'quantitative' } },
      },
      {
        data: { values: [{ y: threshold }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#333' },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: [{ y: threshold, label: `threshold ${(100 * threshold).toFixed(0)} %` }] },
        mark: { type: 'text', align: 'right', dy: -7, x: WIDTH - 130, fontSize: 11 },
        encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ mode: a.k }] },
        mark: { type: 'rule', color: '#e15759', strokeDash: [2, 2] },
        encoding: { x: { field: 'mode', type: 'ordinal' } },
      },
      {
        data: { values: [{ mode: a.k, y: 0.5, label: `k = ${a.k}` }] },
        mark: { type: 'text', align: 'left', dx: 6, color: '#e15759', fontWeight: 'bold' },
        encoding: { x: { field: 'mode', type: 'ordinal' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  } as PlotSpec);
}

/** Silhouette against K (K* marked) beside inertia against K. */
async function sweepPlot(a: PatternAnalysis): Promise<string> {
  const rows = a.sweep.map((e) => ({ K: e.K, silhouette: e.silhouette, inertia: e.inertia, best: e.K === a.Kstar ? `K* = ${e.K}` : 'other' }));
  const method = a.options.silhouetteSample === undefined ? 'exact, all pairs' : `sampled, ${a.options.silhouetteSample} frames`;
  return plotSvg({
    data: { values: rows },
    hconcat: [
      {
        width: 430,
        height: 230,
        title: `Silhouette vs K (${method})`,
        layer: [
          {
            mark: { type: 'line', point: { size: 40 } },
            encoding: {
              x: { field: 'K', type: 'quantitative', scale: { zero: false }, axis: { tickMinStep: 1 } },
              y: { field: 'silhouette', type: 'quantitative', scale: { zero: false } },
            },
          },
          {
            transform: [{ filter: `datum.K == ${a.Kstar}` }],
            mark: { type: 'point', filled: true, size: 160, color: '#e15759' },
            encoding: { x: { field: 'K', type: 'quantitative' }, y: { field: 'silhouette', type: 'quantitative' } },
          },
          {
            transform: [{ filter: `datum.K == ${a.Kstar}` }],
            mark: { type: 'text', dx: -10, dy: -4, align: 'right', fontWeight: 'bold', color: '#e15759' },
            encoding: { x: { field: 'K', type: 'quantitative' }, y: { field: 'silhouette', type: 'quantitative' }, text: { field: 'best' } },
          },
        ],
      },
      {
        width: 380,
        height: 230,
        title: 'Inertia vs K (within-cluster Σ‖x − c‖²)',
        mark: { type: 'line', point: { size: 40 }, color: '#59a14f' },
        encoding: {
          x: { field: 'K', type: 'quantitative', scale: { zero: false }, axis: { tickMinStep: 1 } },
          y: { field: 'inertia', type: 'quantitative', scale: { zero: false } },
        },
      },
    ],
  } as PlotSpec);
}

/** The roll's sounding cells coloured by their frame's K* cluster, with the timeline as a band below. */
async function timelinePlot(a: PatternAnalysis, flats: boolean): Promise<string> {
  const { lo, hi } = displayRows(a);
  const T = a.T;
  const height = rollHeight(hi - lo + 1);
  const colors = a.clusters.map((c) => hexRgb(clusterColor(c.cluster)));
  // A pixel takes the cluster of its first sounding frame.
  const uri = rollRaster(a, height, (r, t0, t1) => {
    for (let t = t0; t < t1; t++) if (a.roll.active[r * T + t]) return colors[a.frameLabels[t]!]!;
    return null;
  });
  const roll = pitchAxis(imagePlotSpec(uri, { x: [0, T * a.roll.frameSeconds], y: [lo - 0.5, hi + 0.5], xTitle: '', yTitle: 'pitch', width: WIDTH, height }), lo, hi, flats);
  (roll as { encoding: { x: Record<string, unknown> } }).encoding.x['axis'] = { labels: false, title: null };
  const domain = a.clusters.map((c) => c.cluster);
  const band: PlotSpec = {
    width: WIDTH,
    height: 28,
    data: { values: a.timeline.map((s) => ({ start: s.start, end: s.end, cluster: s.cluster })) },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: 'time (s)', scale: { domain: [0, T * a.roll.frameSeconds], nice: false } },
      x2: { field: 'end' },
      color: { field: 'cluster', type: 'nominal', scale: { domain, range: a.clusters.map((c) => clusterColor(c.cluster)) }, legend: null },
    },
  } as PlotSpec;
  return plotSvg({ vconcat: [roll, band], spacing: 2 } as PlotSpec);
}

/** U_k as a pitch × mode heatmap (signed loadings). */
async function loadingsPlot(a: PatternAnalysis, flats: boolean): Promise<string> {
  const values = a.patterns.flatMap((p) => a.roll.pitches.map((pitch, r) => ({ mode: p.index + 1, pitch: pitchName(pitch, { flats }), midi: pitch, loading: p.loadings[r]! })));
  return plotSvg({
    width: Math.min(WIDTH - 140, 40 * a.k),
    height: Math.max(200, Math.min(520, a.P * 11)),
    title: 'Pattern chords: loadings of U_k (pitch × mode)',
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'mode', type: 'ordinal', title: 'mode' },
      y: { field: 'pitch', type: 'ordinal', title: 'pitch', sort: { field: 'midi', order: 'descending' } },
      color: { field: 'loading', type: 'quantitative', scale: { scheme: 'redblue', reverse: true, domainMid: 0 }, title: 'loading' },
    },
  } as PlotSpec);
}

/** The first modes' rhythmic envelopes (V_k columns), averaged into ~900 bins. */
async function envelopePlot(a: PatternAnalysis): Promise<string> {
  const shown = a.patterns.slice(0, Math.min(4, a.k));
  const bins = Math.min(900, a.T);
  const values: Array<{ time: number; value: number; mode: string }> = [];
  for (const p of shown) {
    for (let b = 0; b < bins; b++) {
      const t0 = Math.floor((b * a.T) / bins);
      const t1 = Math.max(t0 + 1, Math.floor(((b + 1) * a.T) / bins));
      let s = 0;
      for (let t = t0; t < t1; t++) s += p.envelope[t]!;
      values.push({ time: t0 * a.roll.frameSeconds, value: s / (t1 - t0), mode: `mode ${p.index + 1}` });
    }
  }
  return plotSvg({
    width: WIDTH,
    height: 70,
    data: { values },
    mark: { type: 'area', line: true, opacity: 0.6 },
    encoding: {
      row: { field: 'mode', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } },
      x: { field: 'time', type: 'quantitative', title: 'time (s)', scale: { domain: [0, a.T * a.roll.frameSeconds], nice: false } },
      y: { field: 'value', type: 'quantitative', title: null },
      color: { field: 'mode', type: 'nominal', legend: null },
    },
    resolve: { scale: { y: 'independent' } },
  } as PlotSpec);
}

function patternTableHtml(a: PatternAnalysis, flats: boolean): string {
  const rows = a.patterns
    .map((p) => `<tr><td>${p.index + 1}</td><td>${p.sigma.toFixed(2)}</td><td>${(100 * p.energyShare).toFixed(1)} %</td><td>${(100 * a.cumulativeEnergy[p.index]!).toFixed(1)} %</td><td style="text-align:left">${escapeHtml(chordText(p.chord, flats))}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>mode</th><th>σ</th><th>energy</th><th>cumulative</th><th style="text-align:left">chord: strongest loadings of U's column (− = negative)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function clusterLegendHtml(a: PatternAnalysis, flats: boolean): string {
  const rows = a.clusters
    .map((c) => `<tr><td><span style="display:inline-block;width:12px;height:12px;background:${clusterColor(c.cluster)};margin-right:6px;vertical-align:-1px"></span>${c.cluster}</td><td>${c.seconds.toFixed(1)}</td><td>${(100 * c.share).toFixed(1)} %</td><td>${c.segments}</td><td style="text-align:left">${escapeHtml(chordText(c.chord, flats))}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>cluster</th><th>seconds</th><th>share</th><th>segments</th><th style="text-align:left">chord (pitches in ≥ half of its frames)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Builds the report page.
 * @example
 * const html = await patternReportHtml(analyzePatterns(score), { source: 'prelude.mid', title: 'Prelude' });
 */
export async function patternReportHtml(a: PatternAnalysis, options: PatternReportOptions): Promise<string> {
  const flats = options.flats ?? false;
  const best = a.sweep.find((e) => e.K === a.Kstar)!;
  const o = a.options;
  const sections: ReportSection[] = [
    {
      heading: 'Summary',
      blocks: [
        {
          kind: 'figures',
          items: [
            { label: 'pitches P', value: String(a.P) },
            { label: `frames T (${o.frameSeconds * 1000} ms)`, value: a.T.toLocaleString('en-US') },
            { label: 'duration', value: `${(a.T * o.frameSeconds).toFixed(1)} s` },
            { label: 'density of M', value: `${(100 * a.density).toFixed(2)} %` },
            { label: 'distinct frames', value: a.distinctFrames.toLocaleString('en-US') },
            { label: `modes k (≥ ${(100 * o.energy).toFixed(0)} % energy)`, value: String(a.k) },
            { label: 'σ₁ share of energy', value: `${(100 * a.patterns[0]!.energyShare).toFixed(1)} %` },
            { label: 'clusters K*', value: String(a.Kstar) },
            { label: 'silhouette at K*', value: best.silhouette.toFixed(3) },
          ],
        },
        { kind: 'plot', svg: await pianoRollPlot(a, flats), caption: `Piano roll M: ${a.P} distinct pitches × ${a.T} frames; darker = louder (velocity).` },
      ],
    },
    {
      heading: 'SVD and the choice of k',
      blocks: [
        { kind: 'plot', svg: await screePlot(a), caption: `${svdMethodText(a)}; ${a.computedRank} singular values of M shown. Bars: each mode's σᵢ²/‖M‖²_F; line: cumulative fraction; dashed: the threshold.` },
      ],
    },
    {
      heading: 'K-means on the rows of V_k',
      blocks: [
        { kind: 'plot', svg: await sweepPlot(a), caption: `K-means (k-means++, ${o.restarts} restarts, seed ${o.seed}) on the ${a.T} frames in ${a.k}-mode coordinates, for K = ${o.kMin}…${o.kMax}.` },
        { kind: 'table', header: ['K', 'silhouette', 'inertia', 'Lloyd iterations'], rows: a.sweep.map((e) => [e.K === a.Kstar ? `${e.K} (K*)` : String(e.K), e.silhouette, e.inertia, e.iterations]) },
      ],
    },
    {
      heading: `Cluster timeline (K* = ${a.Kstar}) over the piano roll`,
      blocks: [
        { kind: 'plot', svg: await timelinePlot(a, flats), caption: `Each sounding note is coloured by its frame's cluster; the band below is the timeline (${a.timeline.length} segments).` },
        { kind: 'text', html: clusterLegendHtml(a, flats) },
      ],
    },
    {
      heading: 'Patterns: chords (U_k) and rhythmic envelopes (V_k)',
      blocks: [
        { kind: 'text', html: patternTableHtml(a, flats) },
        { kind: 'plot', svg: await loadingsPlot(a, flats) },
        { kind: 'plot', svg: await envelopePlot(a), caption: 'Rhythmic envelopes of the first modes: columns of V_k over time (bin means).' },
      ],
    },
  ];
  const s = a.seconds;
  return reportHtml({
    title: `Patterns of ${options.title ?? options.source}`,
    subtitle: `${options.source} — piano roll → randomized SVD → K-means + exact silhouette (Halko et al. 2011; Rousseeuw 1987)`,
    sections,
    footer: [
      options.command ? `Command: ${options.command}.` : '',
      `Seed ${o.seed}. Time ${s.total.toFixed(3)} s (roll ${s.roll.toFixed(3)}, SVD ${s.svd.toFixed(3)}, K-means ${s.kmeans.toFixed(3)}, silhouette ${s.silhouette.toFixed(3)}).`,
      options.generator ?? '',
    ].filter(Boolean).join(' '),
  });
}
