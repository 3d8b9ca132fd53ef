/**
 * Experiment `detect`: beat detection by resonance (DedAI-Neurodynamics, figure 2; docs/design/dynamics.md:
 * "zero-error fundamental frequency detection (2.0 Hz) despite harmonic interference, n = 30 oscillators,
 * 0.5–8.0 Hz"). The stimulus is an isochronous 2.0 Hz pulse train (Gaussian pulses, σ = 10 ms): its Fourier series
 * has harmonics at 4, 6 and 8 Hz as strong as the fundamental. It drives a GrFNN of 30 critical canonical
 * oscillators (α = 0, β1 = β2 = −1, ε = 1, Large 2010's full input coupling, time-scaled) log-spaced over 0.5–8 Hz,
 * integrated by RK4 at h = 10 ms.
 *
 * Read-outs, over the second half of a 40 s run: (a) the strongest oscillator; (b) the pulse, as in `beats`: the
 * frequency with the greatest harmonic support S(f) = Σ_h A(h·f)/√h, h = 1…4, A the mean amplitude profile.
 * The pulse oscillator's frequency is then read from its phase (it is mode-locked, so it runs at the stimulus's
 * frequency, not at its own natural frequency, which the log grid places at 1.91 or 2.10 Hz, not at 2.0).
 */
import type { PlotSpec } from '../../../report/plot.js';
import { analyticSignal } from '../../../math/complex.js';
import { entrainedFrequency, GrfnnBank, meanAmplitude, runGrfnn } from '../../../dynamics/grfnn.js';
import { CANONICAL_REGIMES } from '../../../dynamics/params.js';
import { round, type ExperimentOptions, type ExperimentResult } from './types.js';

/** Options of the detect experiment. */
export interface DetectOptions extends ExperimentOptions {
  pulseHz?: number;
  /** Pulse width σ, seconds. */
  pulseWidthSeconds?: number;
  durationSeconds?: number;
}

const FS = 100;
const COUNT = 30;

/** Linear interpolation on a log-frequency grid; 0 outside it. */
function atFrequency(freqs: Float64Array, values: Float64Array, f: number): number {
  const n = freqs.length;
  if (f < freqs[0]! * (1 - 1e-9) || f > freqs[n - 1]! * (1 + 1e-9)) return 0;
  const pos = ((n - 1) * Math.log(f / freqs[0]!)) / Math.log(freqs[n - 1]! / freqs[0]!);
  const i = Math.max(0, Math.min(n - 2, Math.floor(pos)));
  const t = pos - i;
  return values[i]! * (1 - t) + values[i + 1]! * t;
}

export function runDetectExperiment(options: DetectOptions): ExperimentResult {
  const pulseHz = options.pulseHz ?? 2;
  const sigma = options.pulseWidthSeconds ?? 0.01;
  const duration = options.durationSeconds ?? 40;
  const n = Math.round(duration * FS);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cycle = ((i / FS) * pulseHz) % 1;
    const d = Math.min(cycle, 1 - cycle) / pulseHz;
    x[i] = Math.exp(-0.5 * (d / sigma) ** 2);
  }
  let mean = 0;
  for (const v of x) mean += v / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    x[i] = x[i]! - mean;
    ss += x[i]! * x[i]!;
  }
  const rms = Math.sqrt(ss / n);
  const stim = analyticSignal(x);
  const scale = 0.05 / rms; // stimulus RMS 0.05, as GrFNNRhythm scales its onset envelopes
  for (let i = 0; i < n; i++) {
    stim.re[i] = stim.re[i]! * scale;
    stim.im[i] = stim.im[i]! * scale;
  }
  const bank = new GrfnnBank({ lowHz: 0.5, highHz: 8, count: COUNT, params: CANONICAL_REGIMES.critical, coupling: 'full' });
  const rec = runGrfnn(bank, stim, FS, { onProgress: options.onProgress });
  const half = rec.frames >> 1;
  const amp = meanAmplitude(rec, half);
  const freqs = rec.frequenciesHz;
  let strongest = 0;
  for (let k = 1; k < COUNT; k++) if (amp[k]! > amp[strongest]!) strongest = k;
  const salience = new Float64Array(COUNT);
  let pulse = 0;
  for (let k = 0; k < COUNT; k++) {
    let s = 0;
    for (let h = 1; h <= 4; h++) s += atFrequency(freqs, amp, h * freqs[k]!) / Math.sqrt(h);
    salience[k] = s;
    if (s > salience[pulse]!) pulse = k;
  }
  const pulseEntrained = entrainedFrequency(rec, pulse, half);
  const strongestEntrained = entrainedFrequency(rec, strongest, half);
  const error = pulseEntrained - pulseHz;
  // subharmonic check: the response at f/2, f/3 and f/4 relative to the response at the fundamental
  const fundamental = atFrequency(freqs, amp, pulseEntrained);
  let sub = 0;
  for (const d of [2, 3, 4]) sub = Math.max(sub, atFrequency(freqs, amp, pulseEntrained / d));

  const rows = Array.from(freqs, (f, k) => ({
    naturalHz: round(f, 4),
    amplitude: round(amp[k]!, 5),
    salience: round(salience[k]!, 5),
    entrainedHz: round(entrainedFrequency(rec, k, half), 4),
  }));
  const trace: Array<{ t: number; naturalHz: string; amplitude: number }> = [];
  for (const k of [pulse, strongest]) {
    for (let f = 0; f < rec.frames; f += 5) {
      trace.push({ t: round(f / FS, 2), naturalHz: `${freqs[k]!.toFixed(2)} Hz`, amplitude: round(Math.hypot(rec.re[f * COUNT + k]!, rec.im[f * COUNT + k]!), 5) });
    }
  }
  return {
    experiment: 'detect',
    title: `GrFNN beat detection: a ${pulseHz} Hz pulse with strong harmonics`,
    seed: options.seed,
    figures: [
      { label: 'detected pulse frequency (Hz)', value: pulseEntrained.toFixed(4) },
      { label: 'error (Hz)', value: error.toFixed(4) },
      { label: 'strongest single oscillator (natural / entrained Hz)', value: `${freqs[strongest]!.toFixed(2)} / ${strongestEntrained.toFixed(3)}` },
      { label: 'response at f/2, f/3 or f/4 relative to f', value: (sub / fundamental).toFixed(3) },
    ],
    findings: [
      `The pulse read-out (harmonic support) finds ${pulseEntrained.toFixed(4)} Hz: an error of ${error.toFixed(4)} Hz (${((100 * error) / pulseHz).toFixed(3)} %). The winning oscillator's natural frequency is ${freqs[pulse]!.toFixed(3)} Hz (the 30-oscillator grid has no 2.0 Hz point); the stimulus pulls it to its own frequency — the slow beating of its amplitude in the first tens of seconds is that capture — so its phase advance, averaged over the second half, reads the stimulus frequency rather than the grid's.`,
      strongest === pulse
        ? `The single strongest oscillator is the pulse oscillator itself (${freqs[strongest]!.toFixed(2)} Hz).`
        : `The single strongest oscillator is the one at ${freqs[strongest]!.toFixed(2)} Hz (locked at ${strongestEntrained.toFixed(3)} Hz), a harmonic: with pulses this sharp the harmonics drive the bank as hard as the fundamental, and which one responds most depends on how close each lies to a grid frequency. So the raw amplitude profile does not suppress the harmonics; the harmonic-support read-out (the one the beat tracker uses) finds the fundamental.`,
      `Subharmonics: the response at half, a third and a quarter of the pulse frequency is at most ${(sub / fundamental).toFixed(3)} of the response at the pulse (the published "suppression of subharmonic responses"), because nothing in the stimulus drives them and the oscillators are critical (no spontaneous activity).`,
    ],
    data: {
      stimulus: { pulseHz, pulseWidthSeconds: sigma, durationSeconds: duration, sampleRateHz: FS, rms: 0.05 },
      network: { oscillators: COUNT, lowHz: 0.5, highHz: 8, params: CANONICAL_REGIMES.critical, coupling: 'full', timeScaled: true, integrator: 'RK4', stepSeconds: 1 / FS },
      detectedHz: round(pulseEntrained, 6),
      errorHz: round(error, 6),
      pulseOscillatorNaturalHz: round(freqs[pulse]!, 6),
      strongestOscillatorNaturalHz: round(freqs[strongest]!, 6),
      strongestOscillatorEntrainedHz: round(strongestEntrained, 6),
      subharmonicRatio: round(sub / fundamental, 5),
      profile: rows,
    },
    plots: [
      { spec: profileSpec(rows, pulseHz), caption: `Mean amplitude of each oscillator over the second half (bars) and its harmonic support (line); dashed rules: ${pulseHz} Hz and its harmonics.` },
      { spec: traceSpec(trace), caption: 'Amplitude over time of the pulse oscillator and of the strongest oscillator.' },
    ],
  };
}

function profileSpec(rows: object[], pulseHz: number): PlotSpec {
  const rules = [1, 2, 3, 4].map((h) => ({ f: h * pulseHz }));
  const x = { field: 'naturalHz', type: 'quantitative', title: 'natural frequency (Hz)', scale: { type: 'log', domain: [0.45, 9], nice: false } };
  return {
    width: 640,
    height: 260,
    layer: [
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'f', type: 'quantitative' } } },
      { data: { values: rows }, mark: { type: 'bar', width: 6, color: '#4e79a7' }, encoding: { x, y: { field: 'amplitude', type: 'quantitative', title: 'mean |z| (bars), harmonic support (line)' } } },
      { data: { values: rows }, mark: { type: 'line', color: '#e15759', point: true }, encoding: { x, y: { field: 'salience', type: 'quantitative' } } },
    ],
  } as PlotSpec;
}

function traceSpec(values: object[]): PlotSpec {
  return {
    width: 640,
    height: 180,
    data: { values },
    mark: { type: 'line' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'amplitude', type: 'quantitative', title: '|z|' },
      color: { field: 'naturalHz', type: 'nominal', title: 'oscillator' },
    },
  } as PlotSpec;
}
