/**
 * The HTML report of a run: the figures, the kymograph of body curvature (the travelling wave), the muscle raster,
 * the motor-neuron raster, the centroid trajectory, the undulation spectrum and the phase of the wave along the
 * body, a table per command step, and the model's equations and sources.
 */
import { escapeHtml, reportHtml, type ReportSection } from '../../../report/html.js';
import { plotSvg, type PlotSpec } from '../../../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../../../report/raster.js';
import { MUSCLES_PER_QUADRANT } from './anatomy.js';
import { travellingWave, undulationSpectrum } from './analysis.js';
import type { CommandSchedule } from './command.js';
import type { WormRecording } from './simulate.js';
import { summarizeRecording, type RecordingSummary, type WindowSummary } from './summary.js';

/** What the report says about how it was made. */
export interface WormReportContext {
  command?: CommandSchedule;
  /** The command line or call, for the footer. */
  invocation?: string;
  version?: string;
  /** Refractory period of the HH muscle measured by the paired-pulse protocol (ms), when known. */
  refractoryMs?: number;
}

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/**
 * Builds the report HTML of a recording.
 * @example
 * const html = await wormReportHtml(simulateWorm({ seconds: 6 }), {});
 */
export async function wormReportHtml(rec: WormRecording, ctx: WormReportContext = {}): Promise<string> {
  const summary = summarizeRecording(rec, ctx.command);
  const sections: ReportSection[] = [
    { heading: 'Summary', blocks: [{ kind: 'figures', items: summaryFigures(rec, summary, ctx) }, { kind: 'text', html: runDescription(rec, ctx) }] },
    { heading: 'Kymograph: body curvature along the body over time', blocks: [await kymograph(rec, ctx)] },
    { heading: 'Trajectory', blocks: [await wormTrajectoryPlot(rec)] },
    { heading: 'Undulation spectrum and the travelling wave', blocks: [await spectrum(rec, summary), await phasePlot(rec, summary)] },
    { heading: 'Body-wall muscles (95 × time)', blocks: [await muscleRasterPlot(rec)] },
    { heading: 'Motor neurons and command interneurons', blocks: [await neuronRaster(rec)] },
    { heading: 'Per command step', blocks: [segmentTable(summary)] },
    { heading: 'The model', blocks: [{ kind: 'text', html: MODEL_NOTE }] },
  ];
  return reportHtml({
    title: 'C. elegans locomotion: a neuromechanical simulation',
    subtitle: `${rec.params.environment.medium === 0 ? 'water' : rec.params.environment.medium === 1 ? 'agar' : `medium ${rec.params.environment.medium.toFixed(2)}`} · ${rec.params.muscles.model === 'hh' ? 'Hodgkin–Huxley muscles' : 'activation muscles'} · ${summary.durationS.toFixed(1)} s simulated`,
    sections,
    footer: `${ctx.invocation ?? ''}${ctx.version ? ` · neuromusic ${ctx.version}` : ''} · seed ${rec.params.seed}`,
  });
}

function summaryFigures(rec: WormRecording, s: RecordingSummary, ctx: WormReportContext): Array<{ label: string; value: string }> {
  const fwd = s.segments.find((g) => g.action === 'forward' && g.undulationHz !== null) ?? s.overall;
  const items = [
    { label: 'undulation (first forward step)', value: `${fmt(fwd.undulationHz)} Hz` },
    { label: 'wavelength', value: `${fmt(fwd.wavelengthBodyLengths)} body lengths` },
    { label: 'wave direction', value: fwd.waveDirection ?? '—' },
    { label: 'speed along the body', value: `${fmt(fwd.axialVelocityMmPerS, 3)} mm/s` },
    { label: 'dorsal–ventral muscle correlation', value: fmt(fwd.dorsoventralCorrelation) },
    { label: 'simulated / wall-clock time', value: `${s.realTimeFactor.toFixed(0)}×` },
  ];
  if (ctx.refractoryMs !== undefined) items.push({ label: 'muscle refractory period (paired pulses)', value: `${ctx.refractoryMs.toFixed(0)} ms` });
  void rec;
  return items;
}

function runDescription(rec: WormRecording, ctx: WormReportContext): string {
  const p = rec.params;
  return `<p>${escapeHtml(rec.circuitDescription)}. Body of ${p.body.segments} segments (${p.body.segments + 1} rods),
  medium M = ${p.environment.medium.toFixed(3)} (0 water, 1 agar). Engine step ${(p.numerics.stepS * 1000).toFixed(2)} ms,
  body step ${(p.numerics.stepS * p.numerics.bodyEvery * 1000).toFixed(2)} ms (linearly implicit Euler, banded LDLᵀ).
  ${ctx.command ? `Command: <code>${escapeHtml(ctx.command.text)}</code>.` : 'Command: forward throughout.'}
  ${rec.frames} frames at ${rec.frameRate.toFixed(1)} frames/s.</p>`;
}

async function kymograph(rec: WormRecording, ctx: WormReportContext): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const points = rec.rods - 2;
  const values = new Float32Array(points * rec.frames);
  for (let f = 0; f < rec.frames; f++) for (let p = 0; p < points; p++) values[p * rec.frames + f] = rec.curvature[f * points + p]!;
  // Colour range: the 99th percentile of |curvature|, so that a held head bend does not wash out the wave.
  const sorted = Float32Array.from(values, Math.abs).sort();
  const max = Math.max(1e-6, sorted[Math.floor(0.99 * (sorted.length - 1))]!);
  const png = heatmapPng(values, points, rec.frames, { colormap: 'blue-red', min: -max, max, rowZeroAtBottom: false });
  const end = rec.times[rec.frames - 1]!;
  const image = imagePlotSpec(pngDataUri(png), { x: [0, end], y: [1, 0], xTitle: 'time (s)', yTitle: 'body (0 head, 1 tail)', height: 240 }) as unknown as Record<string, unknown>;
  const { width: _w, height: _h, ...imageLayer } = image;
  const layers: unknown[] = [imageLayer];
  if (ctx.command) {
    const rules = ctx.command.steps.filter((s) => s.startS > 0 && s.startS < end).map((s) => ({ t: s.startS, label: s.action }));
    if (rules.length) {
      layers.push({ data: { values: rules }, mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { x: { field: 't', type: 'quantitative' } } });
      layers.push({ data: { values: rules }, mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 11 }, encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } } });
    }
  }
  const svg = await plotSvg({ width: 900, height: 240, layer: layers } as unknown as PlotSpec);
  return {
    kind: 'plot',
    svg,
    caption: `Curvature (red: bent toward the dorsal side, blue: ventral; colour range ±${max.toFixed(1)} /mm, the 99th percentile). Stripes running down and to the right are a wave travelling from head to tail (forward); up and to the right, tail to head (backward).`,
  };
}

/** How {@link wormTrajectoryPlot} colours the path: a category per frame, the categories and their colours. */
export interface TrajectoryColouring {
  title: string;
  categoryOf: (frame: number) => string;
  domain: string[];
  range: string[];
  caption: string;
}

/** The recorded behaviour: forward, backward, turn, pause. */
const BEHAVIOUR_COLOURING = (rec: WormRecording): TrajectoryColouring => ({
  title: 'behaviour',
  categoryOf: (f) => rec.behaviour[f]!,
  domain: ['forward', 'backward', 'turn', 'pause'],
  range: ['#1f77b4', '#d62728', '#2ca02c', '#7f7f7f'],
  caption: 'Centroid path coloured by the classified behaviour; grey: the body midline at five moments (dot: head).',
});

/** The centroid path coloured by behaviour (or any per-frame category), with five body snapshots (a report block). */
export async function wormTrajectoryPlot(rec: WormRecording, colouring: TrajectoryColouring = BEHAVIOUR_COLOURING(rec)): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const step = Math.max(1, Math.floor(rec.frames / 1500));
  const path: Array<{ x: number; y: number; t: number; category: string }> = [];
  for (let f = 0; f < rec.frames; f += step) path.push({ x: rec.centroidX[f]!, y: rec.centroidY[f]!, t: rec.times[f]!, category: colouring.categoryOf(f) });
  const snaps: Array<{ x: number; y: number; i: number; snapshot: string }> = [];
  const count = 5;
  for (let k = 0; k < count; k++) {
    const f = Math.round(((rec.frames - 1) * k) / (count - 1));
    for (let i = 0; i < rec.rods; i++) snaps.push({ x: rec.midlineX[f * rec.rods + i]!, y: rec.midlineY[f * rec.rods + i]!, i, snapshot: `t = ${rec.times[f]!.toFixed(1)} s` });
  }
  const heads = snaps.filter((s) => s.i === 0);
  const all = [...path, ...snaps];
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const half = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 2 + 0.1;
  const scale = (c: number) => ({ domain: [c - half, c + half], nice: false, zero: false });
  const spec = {
    width: 520,
    height: 520,
    layer: [
      { data: { values: snaps }, mark: { type: 'line', color: '#bbb', strokeWidth: 5, strokeCap: 'round' }, encoding: { x: { field: 'x', type: 'quantitative', scale: scale(cx), title: 'x (mm)' }, y: { field: 'y', type: 'quantitative', scale: scale(cy), title: 'y (mm)' }, detail: { field: 'snapshot' }, order: { field: 'i' } } },
      { data: { values: heads }, mark: { type: 'point', filled: true, color: '#555', size: 30 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      { data: { values: path }, mark: { type: 'point', filled: true, size: 8 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'category', type: 'nominal', scale: { domain: colouring.domain, range: colouring.range }, title: colouring.title } } },
    ],
  };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: colouring.caption };
}

async function spectrum(rec: WormRecording, s: RecordingSummary): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const windows = s.segments.filter((g) => g.undulationHz !== null).slice(0, 4);
  const use = windows.length ? windows : [{ ...s.overall, action: 'whole run' }];
  const values: Array<{ f: number; p: number; step: string }> = [];
  for (const [k, g] of use.entries()) {
    const sp = undulationSpectrum(rec, { fromS: g.fromS, toS: g.toS });
    let max = 0;
    for (let i = 0; i < sp.frequenciesHz.length; i++) if (sp.frequenciesHz[i]! <= 5) max = Math.max(max, sp.power[i]!);
    for (let i = 0; i < sp.frequenciesHz.length; i++) {
      if (sp.frequenciesHz[i]! > 5) break;
      values.push({ f: sp.frequenciesHz[i]!, p: sp.power[i]! / max, step: `${k + 1}. ${g.action} ${g.fromS.toFixed(0)}–${g.toS.toFixed(0)} s (${fmt(g.undulationHz)} Hz)` });
    }
  }
  const spec = { width: 420, height: 220, data: { values }, mark: { type: 'line' }, encoding: { x: { field: 'f', type: 'quantitative', title: 'frequency (Hz)' }, y: { field: 'p', type: 'quantitative', title: 'curvature power (normalised)' }, color: { field: 'step', type: 'nominal', title: 'command step', legend: { labelLimit: 400 } } } };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: 'Power spectrum of body curvature (20–80 % of the body, Hann window); its peak is the undulation frequency.' };
}

async function phasePlot(rec: WormRecording, s: RecordingSummary): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const values: Array<{ s: number; lag: number; step: string }> = [];
  for (const [k, g] of s.segments.entries()) {
    if (g.undulationHz === null || (g.action !== 'forward' && g.action !== 'reverse')) continue;
    const wave = travellingWave(rec, { fromS: g.fromS, toS: g.toS }, g.undulationHz);
    wave.positions.forEach((pos, i) => values.push({ s: pos, lag: wave.phaseLags[i]! / (2 * Math.PI), step: `${k + 1}. ${g.action} (${wave.direction})` }));
  }
  const spec = { width: 420, height: 220, data: { values }, mark: { type: 'line', point: { size: 12 } }, encoding: { x: { field: 's', type: 'quantitative', title: 'position along the body (0 head, 1 tail)' }, y: { field: 'lag', type: 'quantitative', title: 'phase lag (cycles)' }, color: { field: 'step', type: 'nominal', title: 'command step', legend: { labelLimit: 400 } } } };
  return { kind: 'plot', svg: await plotSvg(spec as unknown as PlotSpec), caption: 'Phase lag of curvature along the body at the undulation frequency: rising toward the tail = a head-to-tail wave (forward), falling = tail-to-head (backward). The slope is one over the wavelength.' };
}

/** The 95 muscles' activation over time as an image (a report block). */
export async function muscleRasterPlot(rec: WormRecording): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const rows = rec.muscleNames.length;
  const png = heatmapPng(rec.muscles, rows, rec.frames, { colormap: 'viridis', min: 0, max: 1, rowZeroAtBottom: false });
  const end = rec.times[rec.frames - 1]!;
  const spec = imagePlotSpec(pngDataUri(png), { x: [0, end], y: [rows, 0], xTitle: 'time (s)', yTitle: 'muscle (DL, DR, VL, VR)', height: 300 });
  return { kind: 'plot', svg: await plotSvg(spec), caption: `Contractile activation 0 (dark) to 1 (yellow) of the 95 body-wall muscles, ${MUSCLES_PER_QUADRANT} per quadrant head to tail, quadrants dorsal-left, dorsal-right, ventral-left (23), ventral-right. Dorsal and ventral alternate; the stripes' slope is the wave.` };
}

async function neuronRaster(rec: WormRecording): Promise<{ kind: 'plot'; svg: string; caption: string }> {
  const order: number[] = [];
  const classes = ['AVB', 'PVC', 'AVA', 'AVD', 'DB', 'VB', 'DA', 'VA', 'DD', 'VD'];
  const classOf = (n: string): string => n.replace(/(\[\d+\]|\d+|L|R)$/, '').replace(/(\[\d+\]|\d+)$/, '');
  for (const c of classes) rec.neuronNames.forEach((n, i) => {
    if (classOf(n) === c) order.push(i);
  });
  const n = rec.neuronNames.length;
  const values = new Float32Array(order.length * rec.frames);
  order.forEach((unit, r) => {
    for (let f = 0; f < rec.frames; f++) values[r * rec.frames + f] = rec.neurons[f * n + unit]!;
  });
  const png = heatmapPng(values, order.length, rec.frames, { colormap: 'viridis', min: 0, max: 1, rowZeroAtBottom: false });
  const end = rec.times[rec.frames - 1]!;
  const spec = imagePlotSpec(pngDataUri(png), { x: [0, end], y: [order.length, 0], xTitle: 'time (s)', yTitle: 'neuron', height: Math.min(420, 40 + 3 * order.length) });
  return { kind: 'plot', svg: await plotSvg(spec), caption: `Output (0–1) of ${order.length} neurons, top to bottom: ${classes.join(', ')}, each class head to tail. The command interneurons switch with the command; B-class neurons carry the forward rhythm, A-class the backward one.` };
}

function segmentTable(s: RecordingSummary): { kind: 'table'; header: string[]; rows: Array<Array<string | number>>; caption: string } {
  const row = (name: string, g: WindowSummary): Array<string | number> => [
    name,
    `${g.fromS.toFixed(1)}–${g.toS.toFixed(1)}`,
    fmt(g.undulationHz),
    fmt(g.wavelengthBodyLengths),
    g.waveDirection ?? '—',
    fmt(g.axialVelocityMmPerS, 3),
    fmt(g.headingChangeRad),
    g.behaviour ? Object.entries(g.behaviour).filter(([, v]) => v >= 0.05).map(([k, v]) => `${k} ${(100 * v).toFixed(0)} %`).join(', ') : '—',
  ];
  return {
    kind: 'table',
    header: ['command step', 'window (s)', 'undulation (Hz)', 'wavelength (body lengths)', 'wave', 'axial speed (mm/s)', 'heading change (rad)', 'behaviour'],
    rows: [...s.segments.map((g, i) => row(`${i + 1}. ${g.action}`, g)), row('whole run', s.overall)],
    caption: `Windows start ${2} s after each command change.`,
  };
}

const MODEL_NOTE = `
<p><b>Body</b> (Boyle, Berri &amp; Cohen 2012): 48 segments between 49 rigid rods across the body; each segment has a
dorsal and a ventral visco-elastic lateral element (passive k<sub>PE</sub> = 20 mN/m, D<sub>PE</sub> = 0.025 k<sub>PE</sub>;
active k<sub>AE</sub> = 20 k<sub>PE</sub>, D<sub>AE</sub> = 100 D<sub>PE</sub>, rest length shortened by activation A toward
L<sub>min</sub> = L<sub>0</sub>(1 − 0.65(R<sub>i</sub>+R<sub>i+1</sub>)/D)) and two diagonals (k<sub>DE</sub> = 350 k<sub>PE</sub>,
D<sub>DE</sub> = 0.01 k<sub>DE</sub>). Inertia is neglected; anisotropic drag C<sub>∥</sub>, C<sub>⊥</sub> interpolates between
water (3.3·10⁻⁶, 5.2·10⁻⁶ kg/s) and agar (3.2·10⁻³, 0.128 kg/s) with the medium M. M(q) q̇ = F(q) is stepped by a
linearly implicit Euler step with the banded stiffness matrix.</p>
<p><b>Nervous system</b>: 12 repeated units of bistable B-class (DB, VB) and A-class (DA, VA) motor neurons
(ON above 0.75, OFF below 0.25), GABAergic DD/VD driven by the opposite side, one-way VD ⊣ VB/VA inhibition with a
0.5 ventral bias, stretch receptors over half a body length behind (B) or in front of (A) each unit, command
interneurons AVB + PVC (forward) and AVA + AVD (backward) that drive and gate their class and inhibit each other, and a
head bias for turns. Graded units: τ dy/dt = −y + Σ w r + Σ g (y<sub>j</sub> − y) + I, r = σ(k(y − θ)).</p>
<p><b>Muscles</b>: 95 body-wall muscles (dBWML1–24, dBWMR1–24, vBWML1–23, vBWMR1–24). Activation mode: τ = 0.1 s
leaky integrator (BBC). Hodgkin–Huxley mode (Boyle &amp; Cohen 2008): EGL-19 Ca²⁺ current with voltage and Ca²⁺
inactivation, fast (SHK-1-like) and slow K⁺ currents, leak, Ca²⁺ pool; contraction follows Ca²⁺ through a Hill
function; the refractory period comes out of the channel kinetics.</p>
<p>Sources: Boyle JH, Berri S, Cohen N (2012) Front Comput Neurosci 6:10; Boyle JH, Cohen N (2008) BioSystems 94:170;
Izquierdo EJ, Beer RD (2018) Phil Trans R Soc B 373:20170374; Olivares E, Izquierdo EJ, Beer RD (2021) Front Comput
Neurosci 15:572339; White JG et al. (1986) Phil Trans R Soc B 314:1; Cook SJ et al. (2019) Nature 571:63;
Fang-Yen C et al. (2010) PNAS 107:20323.</p>`;
