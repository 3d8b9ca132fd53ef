/**
 * Pictures of a beat track (Vega-Lite specs, rendered by report/plot.ts): the waveform, the onset strength with
 * the beats, the oscillator bank's amplitudes with the pulse it followed, the pulse salience, and drum events.
 * Dense series are reduced to at most ~2,000 points per panel (min/max or max per pixel), the bank as a raster.
 */
import type { PlotSpec } from '../../report/plot.js';
import { heatmapPng, pngDataUri } from '../../report/raster.js';
import { amplitudeMatrix } from '../../dynamics/grfnn.js';
import type { BeatTrack } from './tracker.js';

const WIDTH = 900;
const COLUMNS = 1800;

const timeAxis = (duration: number, title: string | null = 'time (s)') => ({
  type: 'quantitative',
  title,
  scale: { domain: [0, duration], nice: false, zero: false },
});

/**
 * The waveform as a min/max envelope.
 * @example
 * const audio = renderScore(score, { sampleRate: 22050 });
 * waveformSpec(mixToMono(audio), audio.sampleRate).title; // → 'waveform'
 */
export function waveformSpec(mono: Float32Array, sampleRate: number, title = 'waveform'): PlotSpec {
  const n = mono.length;
  const cols = Math.max(1, Math.min(COLUMNS, n));
  const values: Array<{ t: number; lo: number; hi: number }> = [];
  for (let c = 0; c < cols; c++) {
    const a = Math.floor((c * n) / cols);
    const b = Math.max(a + 1, Math.floor(((c + 1) * n) / cols));
    let lo = 0;
    let hi = 0;
    for (let i = a; i < b && i < n; i++) {
      const v = mono[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    values.push({ t: +(a / sampleRate).toFixed(4), lo: +lo.toFixed(4), hi: +hi.toFixed(4) });
  }
  return {
    width: WIDTH,
    height: 90,
    title,
    data: { values },
    mark: { type: 'area', color: '#4e79a7', opacity: 0.85 },
    encoding: { x: { field: 't', ...timeAxis(n / sampleRate, null) }, y: { field: 'lo', type: 'quantitative', title: 'amplitude' }, y2: { field: 'hi' } },
  } as PlotSpec;
}

/** Max-pools a series to at most COLUMNS points. */
function pooled(x: Float64Array, fps: number): Array<{ t: number; v: number }> {
  const cols = Math.min(COLUMNS, x.length);
  const out: Array<{ t: number; v: number }> = [];
  for (let c = 0; c < cols; c++) {
    const a = Math.floor((c * x.length) / cols);
    const b = Math.max(a + 1, Math.floor(((c + 1) * x.length) / cols));
    let m = 0;
    for (let i = a; i < b; i++) m = Math.max(m, x[i]!);
    out.push({ t: +(a / fps).toFixed(3), v: +m.toFixed(4) });
  }
  return out;
}

/** Onset strength with the tracked beats as rules. */
export function onsetSpec(track: BeatTrack, title = 'onset strength (spectral flux) and tracked beats'): PlotSpec {
  const d = track.durationSeconds;
  return {
    width: WIDTH,
    height: 110,
    title,
    layer: [
      { data: { values: track.beats.map((t) => ({ t: +t.toFixed(3) })) }, mark: { type: 'rule', color: '#e15759', opacity: 0.55, strokeWidth: 0.8 }, encoding: { x: { field: 't', ...timeAxis(d, null) } } },
      { data: { values: pooled(track.onset, track.framesPerSecond) }, mark: { type: 'line', color: '#333', strokeWidth: 0.8 }, encoding: { x: { field: 't', ...timeAxis(d, null) }, y: { field: 'v', type: 'quantitative', title: 'flux' } } },
    ],
  } as PlotSpec;
}

/** The bank's amplitudes over time (rows: oscillators, log frequency as bpm) with the pulse path. */
export function oscillatorSpec(track: BeatTrack, title = 'oscillator amplitudes (GrFNN) and the pulse followed'): PlotSpec {
  const rec = track.record;
  const N = rec.frequenciesHz.length;
  const png = heatmapPng(amplitudeMatrix(rec), N, rec.frames, { colormap: 'viridis', maxColumns: COLUMNS, min: 0 });
  const lo = 60 * rec.frequenciesHz[0]!;
  const hi = 60 * rec.frequenciesHz[N - 1]!;
  // rows are log-spaced; widen by half a row at each end so row centres sit on their frequencies
  const half = Math.sqrt(rec.frequenciesHz[1]! / rec.frequenciesHz[0]!);
  const d = track.durationSeconds;
  const path = Array.from(track.pulseHz, (f, w) => [
    { t: +(w * track.windowSeconds).toFixed(2), bpm: +(60 * f).toFixed(2) },
    { t: +Math.min(d, (w + 1) * track.windowSeconds).toFixed(2), bpm: +(60 * f).toFixed(2) },
  ]).flat();
  const yScale = { type: 'log', domain: [lo / half, hi * half], nice: false };
  return {
    width: WIDTH,
    height: 200,
    title,
    layer: [
      {
        data: { values: [{ x0: 0, x1: d, y0: lo / half, y1: hi * half, url: pngDataUri(png) }] },
        mark: { type: 'image', aspect: false },
        encoding: {
          x: { field: 'x0', ...timeAxis(d, null) },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 'oscillator (bpm)', scale: yScale },
          y2: { field: 'y1' },
          url: { field: 'url', type: 'nominal' },
        },
      },
      { data: { values: path }, mark: { type: 'line', color: '#ff4040', strokeWidth: 1.5, strokeDash: [5, 3] }, encoding: { x: { field: 't', ...timeAxis(d, null) }, y: { field: 'bpm', type: 'quantitative', scale: yScale } } },
    ],
  } as PlotSpec;
}

/** Pulse salience against tempo, averaged over the piece. */
export function salienceSpec(track: BeatTrack): PlotSpec {
  const values = Array.from(track.salience.frequencyHz, (f, k) => ({ bpm: +(60 * f).toFixed(2), salience: +track.salience.value[k]!.toFixed(5) }));
  return {
    width: 420,
    height: 180,
    title: Number.isFinite(track.tempoBpm) ? `pulse salience (tempo ${track.tempoBpm.toFixed(1)} bpm)` : 'pulse salience (no steady beat)',
    layer: [
      { data: { values }, mark: { type: 'line', color: '#4e79a7' }, encoding: { x: { field: 'bpm', type: 'quantitative', title: 'tempo (bpm)', scale: { type: 'log', nice: false } }, y: { field: 'salience', type: 'quantitative', title: 'salience' } } },
      { data: { values: Number.isFinite(track.tempoBpm) ? [{ bpm: +track.tempoBpm.toFixed(2) }] : [] }, mark: { type: 'rule', color: '#e15759', strokeDash: [4, 3] }, encoding: { x: { field: 'bpm', type: 'quantitative' } } },
    ],
  } as PlotSpec;
}

/** Drum events (one row per instrument) over the beat grid. */
export function eventsSpec(events: ReadonlyArray<{ time: number; instrument: string; strength: number }>, beats: readonly number[], durationSeconds: number, title = 'drum events (band-limited onsets) on the beat grid'): PlotSpec {
  return {
    width: WIDTH,
    height: 110,
    title,
    layer: [
      { data: { values: beats.map((t) => ({ t: +t.toFixed(3) })) }, mark: { type: 'rule', color: '#bbb', strokeWidth: 0.6 }, encoding: { x: { field: 't', ...timeAxis(durationSeconds) } } },
      {
        data: { values: events.map((e) => ({ t: +e.time.toFixed(3), instrument: e.instrument, strength: +e.strength.toFixed(3) })) },
        mark: { type: 'tick', thickness: 1.5 },
        encoding: {
          x: { field: 't', ...timeAxis(durationSeconds) },
          y: { field: 'instrument', type: 'nominal', title: null, sort: ['hihat', 'snare', 'kick'] },
          color: { field: 'instrument', type: 'nominal', legend: null, scale: { domain: ['kick', 'snare', 'hihat'], range: ['#4e79a7', '#f28e2b', '#59a14f'] } },
          opacity: { field: 'strength', type: 'quantitative', legend: null, scale: { domain: [0, 1], range: [0.25, 1] } },
        },
      },
    ],
  } as PlotSpec;
}
