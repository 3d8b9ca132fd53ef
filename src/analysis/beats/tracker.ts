/**
 * Beat tracking by neural resonance. The onset-strength signal (spectral flux) is made analytic (Hilbert) and
 * drives a gradient-frequency bank of canonical oscillators (Large, Herrera & Velasco 2015: the sensory layer
 * listens to the rhythm's onsets). The oscillators that resonate reveal the periodicities of the rhythm; the
 * pulse is chosen among them by harmonic support and a broad tempo preference, followed through time; the beats
 * are the moments the chosen oscillator's phase returns to the phase it holds at the onsets.
 *
 * Steps:
 * 1. Bank: oscillators log-spaced from minBpm to `harmonics`·maxBpm (so every candidate pulse has its harmonics
 *    in the bank), time-scaled (constant Q), damped (α < 0: memory of about 1/(2π|α|) cycles).
 * 2. Windowed amplitude A_w(f) (mean |z| in windows of `windowSeconds`).
 * 3. Pulse salience S_w(f) = prior(f)·Σ_h A_w(h·f)/h^{0.5}, h = 1…harmonics (harmonic summation, as in
 *    Klapuri, Eronen & Astola 2006, IEEE TASLP 14:342), prior a log-normal preference around `preferredBpm`
 *    (Parncutt 1994; van Noorden & Moelants 1999).
 * 4. A Viterbi path through the candidate oscillators across windows, penalising tempo jumps.
 * 5. Beat phase: the path oscillator's phase minus its onset-weighted mean phase in each window (the lag it
 *    has to the onsets); beats at its upward zero crossings.
 */
import { analyticSignal } from '../../math/complex.js';
import { GrfnnBank, runGrfnn, type GrfnnRecord } from '../../dynamics/grfnn.js';
import type { AudioBuffers } from '../../formats/wav.js';
import { decimate, mixToMono, normalizeOnsets, spectralFlux } from './onset-strength.js';

/** Options of {@link trackBeats}; every field has a default. */
export interface BeatTrackerOptions {
  minBpm?: number;
  maxBpm?: number;
  /** Oscillators per octave (default 24). */
  perOctave?: number;
  /** Damping α of the oscillators (default −0.1). */
  alpha?: number;
  /** Harmonics summed for the pulse salience (default 4). */
  harmonics?: number;
  /** Centre of the tempo preference, bpm (default 90). */
  preferredBpm?: number;
  /** Width of the tempo preference, octaves (standard deviation; default 1). */
  preferenceOctaves?: number;
  /** Salience window, seconds (default 8). */
  windowSeconds?: number;
  /** Penalty per octave of tempo change between consecutive windows, in log-salience units (default 8). */
  tempoChangePenalty?: number;
  /** Stimulus amplitude: the onset signal is scaled to this RMS (default 0.05). */
  inputRms?: number;
  onProgress?: (fraction: number) => void;
}

const DEFAULTS: Required<Omit<BeatTrackerOptions, 'onProgress'>> = {
  minBpm: 30,
  maxBpm: 240,
  perOctave: 24,
  alpha: -0.1,
  harmonics: 4,
  preferredBpm: 90,
  preferenceOctaves: 1,
  windowSeconds: 8,
  tempoChangePenalty: 8,
  inputRms: 0.05,
};

/** A beat track and what it was made from. */
export interface BeatTrack {
  /** Tempo from the median inter-beat interval (over spans of four beats), bpm; NaN with fewer than two beats. */
  tempoBpm: number;
  /** Beat times, seconds. */
  beats: number[];
  /** The onset-strength signal (spectral flux) and its frame rate. */
  onset: Float64Array;
  framesPerSecond: number;
  /** The bank's recorded states (for pictures). */
  record: GrfnnRecord;
  /** The pulse oscillator's natural frequency in each salience window. */
  pulseHz: Float64Array;
  windowSeconds: number;
  /** Salience per candidate frequency, averaged over the piece. */
  salience: { frequencyHz: Float64Array; value: Float64Array };
  durationSeconds: number;
}

/**
 * Tracks the beat of a recording (any sample rate, mono or multichannel).
 * @example
 * const track = trackBeats(renderScore(score, { sampleRate: 22050 }));
 * console.log(track.tempoBpm, track.beats.length);
 */
export function trackBeats(audio: AudioBuffers, options: BeatTrackerOptions = {}): BeatTrack {
  const mono = mixToMono(audio);
  // Onsets are measured below ~11 kHz: 44.1/48 kHz audio is analysed at half its rate, 88.2/96 kHz at a quarter.
  const { signal, sampleRate } = decimate(mono, audio.sampleRate, Math.floor(audio.sampleRate / 22050));
  const onset = spectralFlux(signal, sampleRate);
  return trackBeatsFromOnsets(onset.bands[0]!, onset.framesPerSecond, options, mono.length / audio.sampleRate);
}

/**
 * Tracks the beat in an onset-strength signal sampled at `framesPerSecond`.
 * @example
 * const clicks = Float64Array.from({ length: 1000 }, (_, i) => (i % 50 === 0 ? 1 : 0)); // a click every 0.5 s at 100 frames/s
 * const track = trackBeatsFromOnsets(clicks, 100); // track.tempoBpm near 120
 */
export function trackBeatsFromOnsets(
  onset: Float64Array,
  framesPerSecond: number,
  options: BeatTrackerOptions = {},
  durationSeconds = onset.length / framesPerSecond,
): BeatTrack {
  const o = { ...DEFAULTS, ...options };
  if (!(o.minBpm > 0 && o.maxBpm > o.minBpm)) throw new RangeError(`need 0 < minBpm < maxBpm, got ${o.minBpm} and ${o.maxBpm}`);
  const fps = framesPerSecond;
  const n = onset.length;
  const lowHz = o.minBpm / 60;
  const highHz = (o.harmonics * o.maxBpm) / 60;
  if (highHz >= fps / 2) throw new RangeError(`the bank's top frequency ${highHz.toFixed(1)} Hz needs an onset rate above ${2 * highHz} frames/s`);
  const octaves = Math.log2(highHz / lowHz);
  const count = Math.round(octaves * o.perOctave) + 1;

  // 1. Drive the bank with the analytic onset signal.
  const drive = normalizeOnsets(onset, Math.round(fps));
  const x = analyticSignal(drive);
  for (let i = 0; i < n; i++) {
    x.re[i] = x.re[i]! * o.inputRms;
    x.im[i] = x.im[i]! * o.inputRms;
  }
  const bank = new GrfnnBank({
    lowHz,
    highHz,
    count,
    params: { alpha: o.alpha, beta1: -1, beta2: 0, delta1: 0, delta2: 0, epsilon: 0 },
    coupling: 'linear',
    timeScaled: true,
  });
  bank.reset(0);
  const record = runGrfnn(bank, x, fps, o.onProgress ? { onProgress: (f) => o.onProgress!(0.9 * f) } : {});
  const freqs = record.frequenciesHz;

  // 2. Windowed mean amplitudes.
  const winFrames = Math.max(1, Math.round(o.windowSeconds * fps));
  const windows = Math.max(1, Math.ceil(n / winFrames));
  const amp = new Float64Array(windows * count);
  for (let w = 0; w < windows; w++) {
    const a = w * winFrames;
    const b = Math.min(n, a + winFrames);
    for (let f = a; f < b; f++) {
      for (let k = 0; k < count; k++) {
        const re = record.re[f * count + k]!;
        const im = record.im[f * count + k]!;
        amp[w * count + k] += Math.sqrt(re * re + im * im);
      }
    }
    for (let k = 0; k < count; k++) amp[w * count + k] /= Math.max(1, b - a);
  }

  // 3. Pulse salience over the candidate oscillators (minBpm … maxBpm).
  const candidates: number[] = [];
  for (let k = 0; k < count; k++) if (freqs[k]! <= (o.maxBpm / 60) * (1 + 1e-9)) candidates.push(k);
  const C = candidates.length;
  const logSal = new Float64Array(windows * C);
  const meanSal = new Float64Array(C);
  for (let w = 0; w < windows; w++) {
    const row = amp.subarray(w * count, (w + 1) * count);
    let total = 0;
    const sal = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const f = freqs[candidates[c]!]!;
      let s = 0;
      for (let h = 1; h <= o.harmonics; h++) s += interpolateLog(freqs, row, h * f) / Math.sqrt(h);
      const oct = Math.log2((60 * f) / o.preferredBpm) / o.preferenceOctaves;
      sal[c] = s * Math.exp(-0.5 * oct * oct);
      total += sal[c]!;
    }
    for (let c = 0; c < C; c++) {
      const v = total > 0 ? sal[c]! / total : 1 / C;
      meanSal[c] = meanSal[c]! + v / windows;
      logSal[w * C + c] = Math.log(v + 1e-12);
    }
  }

  // 4. Viterbi path across windows.
  const path = viterbi(logSal, windows, C, (a, b) => o.tempoChangePenalty * Math.abs(Math.log2(freqs[candidates[a]!]! / freqs[candidates[b]!]!)));
  const pulseHz = Float64Array.from(path, (c) => freqs[candidates[c]!]!);

  // 5. Beat phase and beats.
  // The lag is measured against the drive's positive part: onsets above their local mean, without the slow
  // tails of energy that follow them (weighting by the raw flux put beats ~70 ms late on soft piano attacks).
  const weights = Float64Array.from(drive, (v) => Math.max(0, v));
  const beats = beatsFromPhase(record, weights, path.map((c) => candidates[c]!), winFrames, fps);
  o.onProgress?.(1);
  // Tempo: the median of inter-beat intervals averaged over spans of four beats (a span cancels the small
  // alternation a strong half-tempo accent, e.g. kick–snare, imprints on the pulse oscillator's phase).
  const span = Math.min(4, beats.length - 1);
  const ibis: number[] = [];
  for (let i = 0; span > 0 && i + span < beats.length; i++) ibis.push((beats[i + span]! - beats[i]!) / span);
  ibis.sort((a, b) => a - b);
  const tempoBpm = ibis.length ? 60 / ibis[ibis.length >> 1]! : NaN;
  return {
    tempoBpm,
    beats,
    onset,
    framesPerSecond: fps,
    record,
    pulseHz,
    windowSeconds: winFrames / fps,
    salience: { frequencyHz: Float64Array.from(candidates, (k) => freqs[k]!), value: meanSal },
    durationSeconds,
  };
}

/** Linear interpolation of values sampled at log-spaced frequencies; 0 outside the range. */
function interpolateLog(freqs: Float64Array, values: Float64Array, f: number): number {
  const n = freqs.length;
  if (f < freqs[0]! || f > freqs[n - 1]!) return 0;
  const pos = ((n - 1) * Math.log(f / freqs[0]!)) / Math.log(freqs[n - 1]! / freqs[0]!);
  const i = Math.min(n - 2, Math.floor(pos));
  const t = pos - i;
  return values[i]! * (1 - t) + values[i + 1]! * t;
}

/** Best state sequence maximising Σ score − Σ cost(prev, next). */
function viterbi(score: Float64Array, steps: number, states: number, cost: (a: number, b: number) => number): number[] {
  let prev = score.slice(0, states);
  const back = new Int32Array(steps * states);
  for (let t = 1; t < steps; t++) {
    const cur = new Float64Array(states);
    for (let b = 0; b < states; b++) {
      let best = -Infinity;
      let arg = 0;
      for (let a = 0; a < states; a++) {
        const v = prev[a]! - cost(a, b);
        if (v > best) {
          best = v;
          arg = a;
        }
      }
      cur[b] = best + score[t * states + b]!;
      back[t * states + b] = arg;
    }
    prev = cur;
  }
  let s = 0;
  for (let b = 1; b < states; b++) if (prev[b]! > prev[s]!) s = b;
  const path = new Array<number>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    path[t] = s;
    s = back[t * states + s]!;
  }
  return path;
}

/**
 * Beats from the pulse oscillator's phase. In each window the oscillator's lag to the onsets is the argument of
 * Σ onset(n)·e^{iφ(n)} (the phase it holds, on average, when onsets happen); the beat phase is φ minus that lag,
 * interpolated between window centres, and a beat falls where it crosses zero upward.
 */
function beatsFromPhase(rec: GrfnnRecord, onset: Float64Array, oscillatorPerWindow: number[], winFrames: number, fps: number): number[] {
  const N = rec.frequenciesHz.length;
  const n = Math.min(onset.length, rec.frames);
  const windows = oscillatorPerWindow.length;
  const phaseAt = (f: number, k: number): number => Math.atan2(rec.im[f * N + k]!, rec.re[f * N + k]!);
  // Onset-weighted circular mean of the phase, per window, of that window's oscillator.
  const lagRe = new Float64Array(windows);
  const lagIm = new Float64Array(windows);
  for (let w = 0; w < windows; w++) {
    const k = oscillatorPerWindow[w]!;
    // a window twice as long, centred on this one, steadies the estimate
    const a = Math.max(0, w * winFrames - (winFrames >> 1));
    const b = Math.min(n, (w + 1) * winFrames + (winFrames >> 1));
    let re = 0;
    let im = 0;
    for (let f = a; f < b; f++) {
      const o = onset[f]!;
      const ph = phaseAt(f, k);
      re += o * Math.cos(ph);
      im += o * Math.sin(ph);
    }
    const m = Math.hypot(re, im) || 1;
    lagRe[w] = re / m;
    lagIm[w] = im / m;
  }
  const beats: number[] = [];
  let prevPsi = NaN;
  let lastBeat = -Infinity;
  for (let f = 0; f < n; f++) {
    const w = Math.min(windows - 1, Math.floor(f / winFrames));
    const k = oscillatorPerWindow[w]!;
    // circular interpolation of the lag between this window's centre and the neighbouring one
    const pos = (f + 0.5) / winFrames - 0.5;
    const w0 = Math.max(0, Math.min(windows - 1, Math.floor(pos)));
    const w1 = Math.min(windows - 1, w0 + 1);
    const t = Math.max(0, Math.min(1, pos - w0));
    const lr = lagRe[w0]! * (1 - t) + lagRe[w1]! * t;
    const li = lagIm[w0]! * (1 - t) + lagIm[w1]! * t;
    const lag = Math.atan2(li, lr);
    let psi = phaseAt(f, k) - lag;
    psi -= 2 * Math.PI * Math.round(psi / (2 * Math.PI));
    if (f > 0 && prevPsi < 0 && psi >= 0 && psi - prevPsi < Math.PI) {
      const frac = -prevPsi / (psi - prevPsi);
      const time = (f - 1 + frac) / fps;
      const period = 1 / rec.frequenciesHz[k]!;
      if (time - lastBeat > 0.5 * period) {
        beats.push(time);
        lastBeat = time;
      }
    }
    prevPsi = psi;
  }
  return beats;
}
