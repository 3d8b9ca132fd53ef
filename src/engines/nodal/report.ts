/**
 * The nodal report: the firing raster on the ring, the weight matrix over time, firing intervals against the
 * breakpoints, pairs that talk (cross-correlation), and the pitch and velocity flocks against their contours.
 * Isomorphic: returns the Report (and HTML); the CLI writes the file.
 */
import { reportHtml, type Report, type ReportBlock } from '../../report/html.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../../report/raster.js';
import { ContourReader } from './contour.js';
import type { NodalRun } from './compose.js';
import { crossCorrelogram, firingTimesByNode, pairTalking, propagationSteps, ringRaster } from './analysis.js';
import { nodalSummary, quantile } from './summary.js';
import { longestDelay } from './layout.js';
import { speakerOfNode } from './speakers.js';
import { modificationIncrement } from './weight-rule.js';

/** Options of {@link nodalReport}. */
export interface NodalReportOptions {
  /** The command line or call that made the run, for the footer. */
  command?: string;
  version?: string;
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');


/**
 * Builds the report of a run.
 * @example
 * const run = composeNodal({ params: nodalParams({ nodes: 8 }), seed: 1, seconds: 10, sampleEverySeconds: 5 });
 * const html = reportHtml(await nodalReport(run));
 */
export async function nodalReport(run: NodalRun, options: NodalReportOptions = {}): Promise<Report> {
  const n = run.layout.nodes;
  const { seconds, params } = run;
  const times = firingTimesByNode(run.firings, n);
  const summary = nodalSummary(run);
  const sections: Report['sections'] = [];

  sections.push({
    heading: 'The run',
    blocks: [
      {
        kind: 'figures',
        items: [
          { label: 'nodes on the ring', value: String(n) },
          { label: 'speakers', value: String(params.speakers) },
          { label: 'seconds', value: fmt(seconds, 0) },
          { label: 'notes (firings)', value: String(run.firings.count) },
          { label: 'notes per second', value: fmt(summary.notesPerSecond!, 1) },
          { label: '10-s windows without a note', value: `${summary.silentWindows10s} of ${summary.windows10s}` },
          { label: 'busiest 10 s, share of the recovery-limited maximum', value: `${fmt(100 * summary.busiestWindowShareOfMaximum!, 1)} %` },
          { label: 'median firing interval, second half (s)', value: fmt(summary.medianIntervalSecondsLateHalf!) },
          { label: 'signals delivered / lost in recovery', value: `${run.counters.signalsDelivered} / ${run.counters.signalsIgnored}` },
          { label: 'restarts after a complete halt', value: String(run.counters.restarts) },
        ],
      },
      {
        kind: 'text',
        html: `<p>McIlwain &amp; Pietsch (1996): ${n} accumulator nodes on a ${run.layout.name === 'circle' ? 'circle (delays exponential in circular distance)' : `layout from ${escape(run.layout.name)}`}, trigger threshold ${fmt(run.threshold, 1)}, recovery ${params.recoverySeconds} s, weights modified on every signal by M(x) = a·(e<sup>k/x</sup> − d), k = b·ln d: triggering inputs a = ${params.triggering.amplitude}, b = ${params.triggering.breakpointSeconds} s, d = ${params.triggering.dampeningRatio}; non-triggering a = ${params.nonTriggering.amplitude}, b = ${params.nonTriggering.breakpointSeconds} s, d = ${params.nonTriggering.dampeningRatio}. Seed ${run.seed}.</p>`,
      },
    ],
  });

  sections.push({ heading: 'Firings on the ring', blocks: await ringBlocks(run, times) });
  sections.push({ heading: 'Weights over time', blocks: await weightBlocks(run) });
  sections.push({ heading: 'Firing intervals and the breakpoints', blocks: await intervalBlocks(run) });
  sections.push({ heading: 'Talking pairs', blocks: await talkingBlocks(run, times) });
  sections.push({ heading: 'Pitch and velocity flocks', blocks: await flockBlocks(run) });
  sections.push({
    heading: 'Parameters',
    blocks: [{ kind: 'text', html: `<pre style="font-size:12px">${escape(JSON.stringify(params, null, 1))}</pre>` }],
  });
  return {
    title: `Nodal network: ${n} nodes, ${params.speakers} speakers, ${fmt(seconds, 0)} s`,
    subtitle: 'Event-driven nodal network with self-regulating weights and flocking melodies (McIlwain & Pietsch, ICMC 1996)',
    sections,
    footer: [options.command, options.version ? `neuromusic ${options.version}` : '', `seed ${run.seed}`].filter(Boolean).join(' · '),
  };
}

/**
 * The report as one self-contained HTML page.
 * @example
 * const run = composeNodal({ params: nodalParams({ nodes: 8 }), seed: 1, seconds: 10, sampleEverySeconds: 5 });
 * const html = await nodalReportHtml(run, { command: 'neuromusic compose' });
 */
export async function nodalReportHtml(run: NodalRun, options: NodalReportOptions = {}): Promise<string> {
  return reportHtml(await nodalReport(run, options));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

async function ringBlocks(run: NodalRun, times: Float64Array[]): Promise<ReportBlock[]> {
  const n = run.layout.nodes;
  const bin = Math.max(0.02, run.seconds / 2000);
  const raster = ringRaster(run.firings, n, run.seconds, bin);
  const png = heatmapPng(raster.values, n, raster.bins, { colormap: 'greys', min: 0, max: 1 });
  const full = imagePlotSpec(pngDataUri(png), {
    x: [0, raster.bins * bin],
    y: [-0.5, n - 0.5],
    xTitle: 'time (s)',
    yTitle: 'node (position on the ring)',
    height: Math.min(360, Math.max(160, 6 * n)),
    title: 'Every firing of the run',
  });
  // A window from the middle of the run, as points coloured by speaker: waves travel as slanted lines.
  const span = Math.min(20, run.seconds);
  const t0 = Math.max(0, run.seconds / 2 - span / 2);
  const points: Array<{ t: number; node: number; speaker: number }> = [];
  for (let i = 0; i < run.firings.count; i++) {
    const t = run.firings.timesSeconds[i]!;
    if (t >= t0 && t < t0 + span) points.push({ t, node: run.firings.nodes[i]!, speaker: speakerOfNode(run.firings.nodes[i]!, n, run.params.speakers) + 1 });
    if (points.length >= 5000) break;
  }
  const zoom: PlotSpec = {
    width: 900,
    height: Math.min(360, Math.max(160, 8 * n)),
    title: `${fmt(span, 0)} s from the middle of the run`,
    data: { values: points },
    mark: { type: 'tick', thickness: 2, orient: 'vertical' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)', scale: { domain: [t0, t0 + span], nice: false, zero: false } },
      y: { field: 'node', type: 'quantitative', title: 'node', scale: { domain: [-0.5, n - 0.5], nice: false, zero: false } },
      color: { field: 'speaker', type: 'nominal', title: 'speaker', scale: { scheme: 'tableau20' } },
    },
  } as PlotSpec;
  const strip = await plotSvg(filmStrip(run, t0 + span / 2));
  const prop = propagationSteps(run.firings, n);
  const stepRows = Array.from(prop.steps, (count, k) => ({ step: k - prop.half, share: prop.triggered ? count / prop.triggered : 0 }));
  const propagation: PlotSpec = {
    width: 900,
    height: 160,
    title: 'Which way firings travel: step from the triggering node to the node it fired (+ = up the ring)',
    data: { values: stepRows },
    mark: 'bar',
    encoding: {
      x: { field: 'step', type: 'ordinal', title: 'signed circular distance, cause → fired node' },
      y: { field: 'share', type: 'quantitative', title: 'share of triggered firings', axis: { format: '.0%' } },
    },
  } as PlotSpec;
  const perNode = times.map((t) => t.length);
  return [
    { kind: 'plot', svg: await plotSvg(full), caption: `Firing raster: one row per node in ring order (node 0 next to node ${n - 1}), ${fmt(bin * 1000, 0)} ms bins. Slanted streaks are firings that travel round the ring.` },
    { kind: 'plot', svg: await plotSvg(zoom), caption: 'Close-up; colour = speaker. Neighbours trigger each other after the shortest delays, so patterns move along the ring.' },
    { kind: 'plot', svg: strip, caption: 'The ring seen from above, frame by frame (node 0 at the top, numbers growing clockwise; a filled dot fired during the frame, a larger one more than once): the pattern travels round the ring.' },
    { kind: 'plot', svg: await plotSvg(propagation), caption: `${prop.triggered} firings were triggered by another node's signal; bars show how far round the ring each was from its cause.` },
    { kind: 'text', html: `<p>Firings per node: min ${Math.min(...perNode)}, median ${quantile([...perNode].sort((a, b) => a - b), 0.5)}, max ${Math.max(...perNode)}.</p>` },
  ];
}

/** Ten consecutive frames of the ring around `centreSeconds`, nodes on a circle, firings filled. */
function filmStrip(run: NodalRun, centreSeconds: number): PlotSpec {
  const n = run.layout.nodes;
  const frames = 10;
  const frame = Math.max(0.1, Math.min(0.5, 2 * run.layout.delaysSeconds[1]!));
  const start = Math.max(0, centreSeconds - (frames * frame) / 2);
  const counts = new Int32Array(frames * n);
  for (let i = 0; i < run.firings.count; i++) {
    const k = Math.floor((run.firings.timesSeconds[i]! - start) / frame);
    if (k >= 0 && k < frames) counts[k * n + run.firings.nodes[i]!]!++;
  }
  const rows: Array<{ frame: string; x: number; y: number; fired: number }> = [];
  for (let k = 0; k < frames; k++) {
    for (let node = 0; node < n; node++) {
      const angle = (2 * Math.PI * node) / n;
      rows.push({ frame: `${fmt(start + k * frame, 2)} s`, x: Math.sin(angle), y: Math.cos(angle), fired: counts[k * n + node]! });
    }
  }
  return {
    data: { values: rows },
    facet: { column: { field: 'frame', type: 'ordinal', title: null, sort: null, header: { labelFontSize: 10 } } },
    spec: {
      width: 80,
      height: 80,
      mark: { type: 'circle', stroke: '#333', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'x', type: 'quantitative', axis: null, scale: { domain: [-1.2, 1.2] } },
        y: { field: 'y', type: 'quantitative', axis: null, scale: { domain: [-1.2, 1.2] } },
        size: { field: 'fired', type: 'quantitative', legend: null, scale: { domain: [0, 2], range: [12, 70] } },
        color: { condition: { test: 'datum.fired > 0', value: '#c0392b' }, value: '#ffffff' },
      },
    },
    spacing: 6,
    title: `The ring in ${frames} frames of ${fmt(frame * 1000, 0)} ms`,
  } as PlotSpec;
}

async function weightBlocks(run: NodalRun): Promise<ReportBlock[]> {
  const n = run.layout.nodes;
  const s = run.samples;
  if (!s.timesSeconds.length) return [{ kind: 'text', html: '<p>No samples were taken.</p>' }];
  const fair = run.threshold / (n - 1);
  const picks = [...new Set(Array.from({ length: 6 }, (_, k) => Math.round((k * (s.timesSeconds.length - 1)) / 5)))];
  let maxW = 0;
  for (const k of picks) for (const v of s.weights[k]!) maxW = Math.max(maxW, v);
  const panels = picks.map((k) =>
    imagePlotSpec(pngDataUri(heatmapPng(s.weights[k]!, n, n, { colormap: 'viridis', min: 0, max: maxW, rowZeroAtBottom: false })), {
      x: [-0.5, n - 0.5],
      y: [n - 0.5, -0.5],
      xTitle: 'to node',
      yTitle: 'from node',
      width: 130,
      height: 130,
      title: `t = ${fmt(s.timesSeconds[k]!, 0)} s`,
    }),
  );
  const snapshots = { hconcat: panels } as PlotSpec;
  const rows: Array<{ t: number; series: string; value: number }> = [];
  for (let k = 0; k < s.timesSeconds.length; k++) {
    const w = s.weights[k]!;
    let sum = 0;
    let strongest = 0;
    for (let b = 0; b < n; b++) {
      let top = 0;
      for (let a = 0; a < n; a++) {
        if (a === b) continue;
        sum += w[a * n + b]!;
        top = Math.max(top, w[a * n + b]!);
      }
      strongest += top;
    }
    rows.push({ t: s.timesSeconds[k]!, series: 'mean weight', value: sum / (n * (n - 1)) / fair });
    rows.push({ t: s.timesSeconds[k]!, series: 'strongest input of each node (mean)', value: strongest / n / fair });
  }
  const lines: PlotSpec = {
    width: 900,
    height: 200,
    title: 'Weights in units of the fair share threshold/(N − 1)',
    data: { values: rows },
    mark: { type: 'line' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'value', type: 'quantitative', title: 'weight / fair share', scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 400 } },
    },
  } as PlotSpec;
  return [
    { kind: 'plot', svg: await plotSvg(snapshots), caption: `The weight matrix W (row = sender, column = receiver; colour 0 … ${fmt(maxW, 1)}) at six times. Bright cells are connections that keep triggering their receiver.` },
    { kind: 'plot', svg: await plotSvg(lines), caption: 'Triggering inputs are strengthened and the many non-triggering ones weakened, so each node comes to listen to a few others.' },
  ];
}

async function intervalBlocks(run: NodalRun): Promise<ReportBlock[]> {
  const s = run.samples;
  const bT = run.params.triggering.breakpointSeconds;
  const bN = run.params.nonTriggering.breakpointSeconds;
  const rows: Array<{ t: number; q10: number; q50: number; q90: number }> = [];
  for (let k = 0; k < s.timesSeconds.length; k++) {
    const x = Float64Array.from(s.intervals[k]!).sort();
    rows.push({ t: s.timesSeconds[k]!, q10: quantile(x, 0.1), q50: quantile(x, 0.5), q90: quantile(x, 0.9) });
  }
  const lo = Math.min(bT / 2, ...rows.map((r) => r.q10));
  const hi = Math.max(bN * 2, ...rows.map((r) => r.q90));
  const band: PlotSpec = {
    width: 900,
    height: 240,
    title: 'Recent average firing interval x of the nodes (10 %, 50 %, 90 % over nodes) and the two breakpoints',
    layer: [
      {
        data: { values: rows },
        mark: { type: 'area', opacity: 0.25 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (s)' },
          y: { field: 'q10', type: 'quantitative', title: 'x (s)', scale: { type: 'log', domain: [lo, hi] } },
          y2: { field: 'q90' },
        },
      },
      { data: { values: rows }, mark: { type: 'line' }, encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'q50', type: 'quantitative' } } },
      {
        data: { values: [{ y: bT, label: `triggering breakpoint ${bT} s` }, { y: bN, label: `non-triggering breakpoint ${bN} s` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 4], color: '#c0392b' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#c0392b' }, encoding: { y: { field: 'y', type: 'quantitative' }, x: { datum: 0 }, text: { field: 'label' } } },
        ],
      },
    ],
  } as PlotSpec;
  const curve: Array<{ x: number; M: number; module: string }> = [];
  for (let e = -2; e <= 2.0001; e += 0.05) {
    const x = 10 ** e;
    curve.push({ x, M: modificationIncrement(x, run.params.triggering), module: 'triggering' });
    curve.push({ x, M: modificationIncrement(x, run.params.nonTriggering), module: 'non-triggering' });
  }
  const rule: PlotSpec = {
    width: 900,
    height: 200,
    title: 'The modification functions M(x) = a·(e^(k/x) − d), k = b·ln d (cf. the paper\'s Figure 2)',
    layer: [
      {
        data: { values: curve },
        mark: 'line',
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'recent average firing interval x (s)', scale: { type: 'log' } },
          y: { field: 'M', type: 'quantitative', title: 'increment M' },
          color: { field: 'module', type: 'nominal', title: null, legend: { orient: 'bottom' } },
        },
      },
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as PlotSpec;
  const last = rows[rows.length - 1];
  return [
    { kind: 'plot', svg: await plotSvg(band), caption: last ? `At the end: median x ${fmt(last.q50)} s (10–90 %: ${fmt(last.q10)}–${fmt(last.q90)} s). Between the breakpoints the two modules pull against each other: non-triggering inputs are weakened (pushing x up toward ${bN} s), triggering inputs strengthened (pulling x down toward ${bT} s).` : '' },
    { kind: 'plot', svg: await plotSvg(rule), caption: 'Below its breakpoint a module weakens the weights (dampening), above it strengthens them (sensitising); the asymptotes lie a apart, a share d of the range below zero.' },
  ];
}

async function talkingBlocks(run: NodalRun, times: Float64Array[]): Promise<ReportBlock[]> {
  const n = run.layout.nodes;
  if (n > 128) return [{ kind: 'text', html: `<p>Pair cross-correlation is shown for networks of up to 128 nodes (this one has ${n}).</p>` }];
  const maxLag = Math.min(2 * longestDelay(run.layout), 10);
  const bin = 0.02;
  const talk = pairTalking(times, run.seconds, { maxLagSeconds: maxLag, binSeconds: bin, minCount: 5 });
  const matrix = imagePlotSpec(pngDataUri(heatmapPng(talk.matrix.map((v) => Math.log10(Math.max(1, v))), n, n, { colormap: 'viridis', min: 0, rowZeroAtBottom: false })), {
    x: [-0.5, n - 0.5],
    y: [n - 0.5, -0.5],
    xTitle: 'node',
    yTitle: 'node',
    width: 300,
    height: 300,
    title: 'Peak cross-correlation (log10 of observed / chance)',
  });
  const top = talk.pairs.slice(0, 8);
  const d = run.layout.delaysSeconds;
  const ccRows: Array<{ lag: number; ratio: number; pair: string }> = [];
  for (const p of top.slice(0, 3)) {
    const cc = crossCorrelogram(times[p.a]!, times[p.b]!, run.seconds, maxLag, bin);
    for (let k = 0; k < cc.ratio.length; k++) ccRows.push({ lag: cc.lagsSeconds[k]!, ratio: cc.ratio[k]!, pair: `${p.a} ↔ ${p.b}` });
  }
  const cc: PlotSpec = {
    width: 560,
    height: 220,
    title: 'Cross-correlograms of the three most talkative pairs',
    data: { values: ccRows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'lag', type: 'quantitative', title: 'lag t_b − t_a (s)' },
      y: { field: 'ratio', type: 'quantitative', title: 'observed / chance' },
      color: { field: 'pair', type: 'nominal', title: 'pair a ↔ b' },
    },
  } as PlotSpec;
  return [
    { kind: 'plot', svg: await plotSvg({ hconcat: [matrix, cc] } as PlotSpec), caption: `For each pair, the histogram of t_b − t_a within ±${fmt(maxLag, 1)} s (${bin * 1000} ms bins) divided by what independent firing at the same rates would give; a pair "talks" when one reliably fires a delay after the other.` },
    {
      kind: 'table',
      header: ['pair a ↔ b', 'peak (× chance)', 'lag at peak (s)', 'delay a→b (s)', 'delay b→a (s)', 'coincidences'],
      rows: top.map((p) => [`${p.a} ↔ ${p.b}`, p.peakRatio, p.peakLagSeconds, d[p.a * n + p.b]!, d[p.b * n + p.a]!, p.peakCount]),
      caption: 'The most talkative pairs: peaks at lags near the delays between them are signals answered by firings.',
    },
  ];
}

async function flockBlocks(run: NodalRun): Promise<ReportBlock[]> {
  const f = run.firings;
  const stride = Math.max(1, Math.ceil(f.count / 4000));
  const pitchPoints: Array<{ t: number; v: number }> = [];
  const velocityPoints: Array<{ t: number; v: number }> = [];
  for (let i = 0; i < f.count; i += stride) {
    pitchPoints.push({ t: f.timesSeconds[i]!, v: f.pitches[i]! });
    velocityPoints.push({ t: f.timesSeconds[i]!, v: f.velocities[i]! });
  }
  const contourLine = (reader: ContourReader): Array<{ t: number; v: number }> =>
    Array.from({ length: 401 }, (_, k) => ({ t: (k * run.seconds) / 400, v: reader.at((k * run.seconds) / 400) }));
  const plot = (points: Array<{ t: number; v: number }>, line: Array<{ t: number; v: number }>, title: string, yTitle: string): PlotSpec =>
    ({
      width: 900,
      height: 220,
      title,
      layer: [
        { data: { values: points }, mark: { type: 'circle', size: 6, opacity: 0.35 }, encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'v', type: 'quantitative', title: yTitle, scale: { zero: false } } } },
        { data: { values: line }, mark: { type: 'line', color: '#c0392b', strokeWidth: 2 }, encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } } },
      ],
    }) as PlotSpec;
  const note = stride > 1 ? ` (every ${stride}th note shown)` : '';
  return [
    { kind: 'plot', svg: await plotSvg(plot(pitchPoints, contourLine(new ContourReader(run.pitchContour)), 'Pitch flock (dots) and its guiding contour (line)', 'MIDI pitch')), caption: `Each note's pitch${note}. The flock follows the contour's general path, kept apart by the safety zone of ${run.params.pitch.safetyZone} semitones.` },
    { kind: 'plot', svg: await plotSvg(plot(velocityPoints, contourLine(new ContourReader(run.velocityContour)), 'Velocity flock (dots) and its guiding contour (line)', 'MIDI velocity')), caption: `Each note's velocity${note}; safety zone ${run.params.velocity.safetyZone}.` },
  ];
}
