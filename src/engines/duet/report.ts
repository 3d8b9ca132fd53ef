/**
 * The duet's dashboard: one self-contained HTML page in four panels — what came in (the input envelope, the
 * biomarkers when there are some, the controls over time), the oscillators (the drummer's tempo beside the
 * listener's strongest resonance, the listener's amplitudes as a heatmap, the Lorenz trajectory), the notes (a
 * piano roll of melody and drums), and the waveform of the mix.
 */
import { reportHtml, type ReportBlock, type ReportSection } from '../../report/html.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../../report/raster.js';
import type { AudioBuffers } from '../../formats/wav.js';
import { waveformSpec } from '../../analysis/beats/figures.js';
import { mixToMono } from '../../analysis/beats/onset-strength.js';
import type { DuetRun } from './compose.js';
import { DUET_VOICE_NAMES } from './engine.js';

/** A named series over time (a biomarker, say), drawn in the input panel. */
export interface TimeSeries {
  name: string;
  time: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Options of {@link duetReportHtml}. */
export interface DuetReportOptions {
  title?: string;
  /** Where the input came from, e.g. "audio: song.wav", "EEG twin, seed 3", "none". */
  inputLabel?: string;
  /** Series to show beside the controls (EEG biomarkers). */
  biomarkers?: readonly TimeSeries[];
  /** The rendered mix, for the waveform panel. */
  audio?: AudioBuffers;
  /** Shown at the bottom (command line, seed, version). */
  footer?: string;
  /** Sections placed after the input panel (the visual duet's video and motion–rhythm panels). */
  extraSections?: readonly ReportSection[];
}

const WIDTH = 860;
const MAX_POINTS = 1500;

/** Indices of at most MAX_POINTS frames spread over n. */
function thin(n: number): number[] {
  const every = Math.max(1, Math.ceil(n / MAX_POINTS));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  return out;
}

const round = (x: number, digits = 4): number | null => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : null);

function linesSpec(values: Array<Record<string, unknown>>, title: string, yTitle: string, facet = false): PlotSpec {
  const layer = {
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'value', type: 'quantitative', title: facet ? null : yTitle, scale: { zero: false } },
      color: { field: 'what', type: 'nominal', title: null, legend: { labelLimit: 320 } },
    },
  };
  if (facet) {
    return {
      title,
      data: { values },
      facet: { row: { field: 'what', type: 'nominal', title: null } },
      spec: { width: WIDTH, height: 60, ...layer },
      resolve: { scale: { y: 'independent' } },
    } as PlotSpec;
  }
  return { title, width: WIDTH, height: 180, data: { values }, ...layer } as PlotSpec;
}

/**
 * The dashboard of a duet run as one HTML page (inline SVG and PNG).
 * @example
 * const run = composeDuet({ seconds: 2 });
 * const html = await duetReportHtml(run, { inputLabel: 'none' });
 * html.includes('<svg'); // → true
 */
export async function duetReportHtml(run: DuetRun, options: DuetReportOptions = {}): Promise<string> {
  const tr = run.trajectory;
  const frames = tr.time.length;
  const idx = thin(frames);
  const sections: ReportSection[] = [];

  // 1. Input, biomarkers and controls.
  const inputValues: Array<Record<string, unknown>> = [];
  for (const i of idx) inputValues.push({ t: round(tr.time[i]!), value: round(tr.inputEnvelope[i]!), what: 'heard envelope' });
  for (const s of options.biomarkers ?? []) {
    const every = Math.max(1, Math.ceil(s.time.length / MAX_POINTS));
    for (let i = 0; i < s.time.length; i += every) inputValues.push({ t: round(s.time[i]!), value: round(s.values[i]!), what: s.name });
  }
  const controlValues: Array<Record<string, unknown>> = [];
  for (const i of idx) {
    const t = round(tr.time[i]!);
    controlValues.push({ t, value: round(tr.lambda2[i]!), what: 'λ2 (elasticity, 1/s)' });
    controlValues.push({ t, value: round(tr.rho[i]!), what: 'ρ (Lorenz)' });
    controlValues.push({ t, value: round(tr.tempoScale[i]!), what: 'tempo scale' });
    controlValues.push({ t, value: round(tr.density[i]!), what: 'note density' });
  }
  sections.push({
    heading: 'Input and controls',
    blocks: [
      { kind: 'figures', items: [{ label: 'input', value: options.inputLabel ?? 'none' }, { label: 'length', value: `${run.seconds} s` }] },
      { kind: 'plot', svg: await plotSvg(linesSpec(inputValues, 'What the listener hears' + (options.biomarkers?.length ? ', and the biomarkers' : ''), 'value', (options.biomarkers?.length ?? 0) > 0)) },
      { kind: 'plot', svg: await plotSvg(linesSpec(controlValues, 'Controls over time', 'value', true)) },
    ],
  });

  sections.push(...(options.extraSections ?? []));

  // 2. The oscillators.
  const tempo: Array<Record<string, unknown>> = [];
  // The per-step instantaneous frequency jitters with the phase's wobble: show it averaged over a quarter second.
  const span = Math.max(1, Math.round(0.25 / tr.frameSeconds));
  for (const i of idx) {
    const t = round(tr.time[i]!);
    let s = 0;
    let n = 0;
    for (let j = Math.max(1, i - span + 1); j <= i; j++, n++) s += tr.drummerHz[j]!;
    if (n > 0) tempo.push({ t, value: round(s / n), what: 'drummer tempo (beats/s)' });
    tempo.push({ t, value: round(tr.drummerLearnedHz[i]!), what: 'drummer learned f_m' });
  }
  const N = tr.listenerFrequencies.length;
  // The listener's strongest resonance over half-second windows (each pulse briefly excites the fast oscillators).
  const window = Math.max(1, Math.round(0.5 / tr.frameSeconds));
  const mean = new Float64Array(N);
  for (let a = 0; a + window <= frames; a += window) {
    mean.fill(0);
    for (let f = a; f < a + window; f++) for (let k = 0; k < N; k++) mean[k] = mean[k]! + tr.listenerAmplitudes[f * N + k]!;
    let best = 0;
    for (let k = 1; k < N; k++) if (mean[k]! > mean[best]!) best = k;
    if (mean[best]! / window >= 1e-3) tempo.push({ t: round(tr.time[a + window - 1]!), value: round(tr.listenerFrequencies[best]!), what: 'listener strongest, 0.5 s windows (Hz)' });
  }
  const matrix = new Float32Array(N * frames);
  for (let f = 0; f < frames; f++) for (let k = 0; k < N; k++) matrix[k * frames + f] = tr.listenerAmplitudes[f * N + k]!;
  const heat = imagePlotSpec(pngDataUri(heatmapPng(matrix, N, frames, { maxColumns: 1200 })), {
    x: [0, tr.time[frames - 1]!],
    y: [0, N],
    xTitle: 'time (s)',
    yTitle: `oscillator (${tr.listenerFrequencies[0]!.toFixed(2)}–${tr.listenerFrequencies[N - 1]!.toFixed(1)} Hz, log-spaced)`,
    width: WIDTH,
    height: 200,
    title: 'Listener (GrFNN) amplitudes |z_k|',
  });
  const lorenz: Array<Record<string, unknown>> = thin(frames).map((i) => ({ x: round(tr.lorenzX[i]!), z: round(tr.lorenzZ[i]!), t: round(tr.time[i]!) }));
  const lorenzSpec = {
    title: 'Melodist: the Lorenz trajectory (x, z)',
    width: 420,
    height: 300,
    data: { values: lorenz },
    mark: { type: 'point', filled: true, size: 6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x (→ pitch)' },
      y: { field: 'z', type: 'quantitative', title: 'z (→ velocity)' },
      color: { field: 't', type: 'quantitative', title: 'time (s)', scale: { scheme: 'viridis' } },
    },
  } as PlotSpec;
  const blocks: ReportBlock[] = [
    { kind: 'plot', svg: await plotSvg(linesSpec(tempo, 'Drummer tempo and the listener’s strongest resonance', 'Hz')) },
    { kind: 'plot', svg: await plotSvg(heat) },
    { kind: 'plot', svg: await plotSvg(lorenzSpec) },
  ];
  sections.push({ heading: 'Oscillator dynamics', blocks });

  // 3. The notes.
  const notes = run.score.notes.slice(0, 6000).map((n) => ({
    t: round(n.onset),
    t2: round(n.onset + Math.max(n.duration, 0.03)),
    pitch: n.pitch,
    voice: DUET_VOICE_NAMES[n.voice] ?? `voice ${n.voice + 1}`,
    velocity: round(n.velocity, 3),
  }));
  const roll = {
    title: 'Notes (drums at their General MIDI keys: 36 kick, 38 snare, 42/46 hi-hats)',
    width: WIDTH,
    height: 240,
    data: { values: notes },
    mark: { type: 'bar', height: 3 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      x2: { field: 't2' },
      y: { field: 'pitch', type: 'quantitative', title: 'MIDI pitch', scale: { zero: false } },
      color: { field: 'voice', type: 'nominal', title: null },
      opacity: { field: 'velocity', type: 'quantitative', legend: null, scale: { domain: [0, 1], range: [0.25, 1] } },
    },
  } as PlotSpec;
  const melodyCount = run.score.notes.filter((n) => n.voice === 0).length;
  sections.push({
    heading: 'Notes',
    blocks: [
      { kind: 'figures', items: [
        { label: 'melody notes', value: String(melodyCount) },
        { label: 'drum strokes', value: String(run.score.notes.length - melodyCount) },
        { label: 'beats', value: String(run.beats.length) },
      ] },
      { kind: 'plot', svg: await plotSvg(roll) },
    ],
  });

  // 4. The waveform (the beat tracker's min/max envelope of the mono mix).
  if (options.audio) {
    const waveSpec = waveformSpec(mixToMono(options.audio), options.audio.sampleRate, 'The mix (min–max per pixel)');
    sections.push({ heading: 'Waveform', blocks: [{ kind: 'plot', svg: await plotSvg(waveSpec) }] });
  }

  return reportHtml({
    title: options.title ?? 'Neural Duet',
    subtitle: 'An ASHLE drummer and a Lorenz melodist, coupled through a GrFNN listener',
    sections,
    ...(options.footer ? { footer: options.footer } : {}),
  });
}
