/**
 * The visual duet's panels in the duet's dashboard: a few frames of the video (grey PNG thumbnails), the motion
 * features over time (energy as the listener hears it, the height and horizontal position of the moving mass), and
 * the motion–rhythm correlation beside its definition, its permutation null and the drummer's locking to the motion.
 */
import { escapeHtml, type ReportSection } from '../../report/html.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { heatmapPng, pngDataUri } from '../../report/raster.js';
import type { MotionDuetRun } from './motion-rhythm-duet.js';
import { drumOnsetEnvelope, gaussianSmooth, resampleSeries } from './motion-rhythm.js';
import { DUET_VOICES } from './engine.js';

/** A frame kept for the dashboard: its time and its luma plane. */
export interface VideoThumbnail {
  timeSeconds: number;
  width: number;
  height: number;
  luma: Uint8Array;
}

const WIDTH = 860;
const r3 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(4)) : null);
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** The definition of the correlation, as the dashboard and docs/duet.md state it. */
export const MOTION_RHYTHM_DEFINITION =
  'r is the largest Pearson correlation, over lags within ±L, between the motion envelope the listener hears (the rise of ' +
  'the motion energy, resampled to the video’s frame rate and smoothed by a Gaussian of σ) and the drum-onset envelope ' +
  '(each stroke a Gaussian of σ, area velocity × 1, 0.8, 0.25 for kick, snare, hi-hats), from the end of the drummer’s ' +
  'transient on. p is its circular-shift permutation p-value: the drum envelope ' +
  'shifted by N random offsets (more than 2L from 0), r recomputed with the same lag search each time, ' +
  'p = (1 + #{r_null ≥ r}) / (N + 1). Strictly periodic motion aligns about as well at every offset, so read r against ' +
  'the null’s 95th percentile as well as p.';

/**
 * The video sections of the dashboard (to pass as `extraSections` to duetReportHtml).
 * @example
 * // not run: a fragment — the CLI builds these from a decoded video (compose --engine duet --video)
 * const sections = await motionDuetSections(measures, thumbnails, 'stimulus:ball');
 */
export async function motionDuetSections(m: MotionDuetRun, thumbnails: readonly VideoThumbnail[], label: string): Promise<ReportSection[]> {
  const f = m.features;
  const images = thumbnails
    .map((t) => {
      const uri = pngDataUri(heatmapPng(t.luma, t.height, t.width, { colormap: 'greys', min: 0, max: 255, rowZeroAtBottom: false, maxColumns: 4096 }));
      const w = Math.min(200, t.width);
      return `<figure style="display:inline-block;margin:4px"><img src="${uri}" width="${w}" alt="frame at ${t.timeSeconds.toFixed(2)} s" style="image-rendering:pixelated"><figcaption>${t.timeSeconds.toFixed(2)} s</figcaption></figure>`;
    })
    .join('');
  const every = Math.max(1, Math.ceil(f.timeSeconds.length / 1500));
  const values: Array<Record<string, unknown>> = [];
  for (let i = 0; i < f.timeSeconds.length; i += every) {
    const t = r3(f.timeSeconds[i]!);
    values.push({ t, value: r3(f.energy[i]!), what: 'motion energy' });
    values.push({ t, value: r3(f.y[i]!), what: 'height of the moving mass (0 bottom … 1 top)' });
    values.push({ t, value: r3(f.x[i]!), what: 'horizontal position (0 left … 1 right)' });
    values.push({ t, value: r3(f.frequencyHz[i]!), what: 'dominant motion frequency (Hz)' });
  }
  const featureSpec = {
    title: 'Motion features, frame by frame',
    data: { values },
    facet: { row: { field: 'what', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 420, labelFontSize: 11 } } },
    spec: { width: WIDTH, height: 60, mark: { type: 'line', strokeWidth: 1.1 }, encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } } },
    resolve: { scale: { y: 'independent' } },
  } as PlotSpec;

  // The two envelopes the correlation compares, z-scored, the drums moved back by the lag found.
  const c = m.correlation;
  const frames = c.frames;
  const motion = gaussianSmooth(resampleSeries({ values: m.heard, sampleRateHz: f.fps }, c.rateHz, frames, c.startSeconds), c.kernelSeconds * c.rateHz);
  const drums = drumOnsetEnvelope(
    m.run.score.notes.filter((n) => n.voice === DUET_VOICES.drums).map((n) => ({ ...n, onset: n.onset - c.lagSeconds })),
    frames,
    c.rateHz,
    c.kernelSeconds,
    c.startSeconds,
  );
  const z = (a: Float64Array): Float64Array => {
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length) || 1;
    return a.map((v) => (v - mean) / sd);
  };
  const zm = z(motion);
  const zd = z(drums);
  const pairs: Array<Record<string, unknown>> = [];
  const step = Math.max(1, Math.ceil(frames / 1500));
  for (let i = 0; i < frames; i += step) {
    const t = r3(c.startSeconds + i / c.rateHz);
    pairs.push({ t, value: r3(zm[i]!), what: 'motion energy (as heard), z' });
    pairs.push({ t, value: r3(zd[i]!), what: `drum onsets, moved back by the lag (${fmt(c.lagSeconds)} s), z` });
  }
  const pairSpec = {
    title: 'The motion–rhythm correlation: the two envelopes it compares',
    width: WIDTH,
    height: 180,
    data: { values: pairs },
    mark: { type: 'line', strokeWidth: 1 },
    encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'value', type: 'quantitative', title: 'z' }, color: { field: 'what', type: 'nominal', title: null, legend: { labelLimit: 400 } } },
  } as PlotSpec;
  const l = m.locking;
  return [
    {
      heading: 'The video',
      blocks: [
        { kind: 'figures', items: [
          { label: 'video', value: label },
          { label: 'frames', value: `${f.timeSeconds.length} of ${f.width}×${f.height} at ${+f.fps.toFixed(3)} fps` },
          { label: 'motion frequency', value: Number.isFinite(l.motionHz) ? `${fmt(l.motionHz)} Hz (${l.track} position)` : 'none dominant' },
        ] },
        { kind: 'text', html: images || '<p>(no frames kept)</p>' },
        { kind: 'plot', svg: await plotSvg(featureSpec) },
      ],
    },
    {
      heading: 'Motion and rhythm',
      blocks: [
        { kind: 'figures', items: [
          { label: 'motion–rhythm r', value: fmt(c.r) },
          { label: 'lag (drums after motion)', value: `${fmt(c.lagSeconds)} s` },
          { label: `permutation p (N = ${c.permutations})`, value: fmt(c.p, 4) },
          { label: 'null median / 95th percentile', value: `${fmt(c.nullMedian)} / ${fmt(c.null95)}` },
          { label: 'drummer tempo', value: `${fmt(m.timing.meanTempoBpm, 1)} bpm (beat intervals sd ${fmt(m.timing.sdMs, 1)} ms)` },
          { label: `drummer PLV with the motion (${l.ratio === 1 ? '1:1' : l.ratio === 2 ? '2 beats a cycle' : Number.isFinite(l.ratio) ? 'a beat every 2 cycles' : '—'})`, value: fmt(l.plv) },
          { label: 'melody pitch vs height, r', value: fmt(m.melodyHeightR) },
        ] },
        { kind: 'text', html: `<p>${escapeHtml(MOTION_RHYTHM_DEFINITION)} Here L = ${fmt(c.maxLagSeconds)} s (one beat), σ = ${fmt(c.kernelSeconds)} s, from ${fmt(c.startSeconds, 1)} s on.</p>` },
        { kind: 'plot', svg: await plotSvg(pairSpec) },
      ],
    },
  ];
}
