/**
 * Beat tracking by neural resonance. A multi-band onset-strength signal (log-magnitude spectral flux, each band
 * weighed by its own level) drives a gradient-frequency bank of canonical oscillators (Large, Herrera & Velasco
 * 2015: the sensory layer listens to the rhythm's onsets). The oscillators that resonate reveal the periodicities
 * of the rhythm; the pulse is chosen among them by metrical support (its harmonics and the slower levels in
 * integer ratio above it) and a broad tempo preference, followed through time by a Viterbi path; the beats are then
 * decoded by dynamic programming (Ellis 2007) over the onsets and the pulse oscillator's phase, the period
 * allowed to follow the path's tempo and to bend with rubato.
 *
 * Offline steps:
 * 1. Bank: oscillators log-spaced from minBpm to `harmonics`·maxBpm (so every candidate pulse has its harmonics
 *    in the bank), time-scaled (constant Q), damped (α < 0: memory of about 1/(2π|α|) cycles).
 * 2. Windowed amplitude A_w(f) (mean |z| in windows of `windowSeconds`).
 * 3. Metrical salience S_w(f) = prior(f)·[Σ_h A_w(h·f)/√h + Σ_m A_w(f/m)/√m], h = 1…harmonics, m = 2, 3, 4
 *    (harmonic summation, Klapuri, Eronen & Astola 2006, IEEE TASLP 14:342, with the sub-harmonic levels
 *    of the same paper's metrical model), prior a log-normal preference around `preferredBpm`
 *    (Parncutt 1994; van Noorden & Moelants 1999).
 * 4. A Viterbi path through the candidate oscillators across windows, penalising tempo jumps.
 * 5. Beats (default): Viterbi through the beat-pointer HMM of Krebs, Böck & Widmer 2015 (beat period × position
 *    in the beat; the period walks from beat to beat; beat-hmm.ts), each beat scored by the onset evidence, the
 *    bass band's onsets (the beat is where the bass falls: Goto 2001) and the pulse oscillator's phase (its expected
 *    beat), each period by the bank's salience (step 3); then a fast pulse whose alternate beats differ in strength,
 *    in the bass first, is taken for a subdivision ({@link keepMetricalLevel}, metrical-level.ts). With
 *    `decoder: 'dp'`: Ellis's dynamic programming, each interval scored by its log-ratio to the path's period.
 *
 * Online (causal) mode: the same bank driven by the causally normalised evidence; amplitudes smoothed by a leaky
 * average, the salience every quarter second from the past only. The HMM of step 5 is decoded over a sliding
 * window of the past ({@link hmmSlidingWindow}), its metrical level chosen on the evidence heard so far, and the
 * next beats predicted from the path's last beats, each before its audio (latency 0); or, with
 * `onlineLatencySeconds`, the decoded beats that old are emitted (a stated latency). `decoder: 'dp'` keeps the
 * earlier online decoder (Ellis's DP forward, the next beat predicted as in Stark, Davies & Plumbley 2009).
 */
import { analyticSignal, type ComplexArray } from '../../math/complex.js';
import { GrfnnBank, runGrfnn, type GrfnnRecord } from '../../dynamics/grfnn.js';
import type { AudioBuffers } from '../../formats/wav.js';
import { BEAT_BANDS_HZ, decimate, mixToMono, normalizeOnsets, onsetEvidence, spectralFlux } from './onset-strength.js';
import { keepMetricalLevel } from './metrical-level.js';
import { hmmForward, hmmSlidingWindow, hmmViterbi, type HmmParams } from './beat-hmm.js';
import { beatsUntilLastOnset, musicStillPlaying } from './piece-end.js';

export { keepMetricalLevel } from './metrical-level.js';

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
  /** Centre of the tempo preference, bpm (default 80). */
  preferredBpm?: number;
  /** Width of the tempo preference, octaves (standard deviation; default 1). */
  preferenceOctaves?: number;
  /** Salience window, seconds (default 4); the online mode's amplitude memory is half of it. */
  windowSeconds?: number;
  /** Penalty per octave of tempo change between consecutive windows, in log-salience units (default 8). */
  tempoChangePenalty?: number;
  /** Stimulus amplitude: the onset signal is scaled to this RMS (default 0.05). */
  inputRms?: number;
  /** Causal mode: every beat decided from the audio before it (default false). */
  online?: boolean;
  /** How strictly the beat decoder keeps the pulse's period: weight of (log of interval/period)² (default 50). */
  tightness?: number;
  /**
   * Weight of the pulse oscillator's expected beat beside the onsets in the decoder (default 0 with the HMM, which
   * hears the resonance through its salience already, 1 with the DP, which has no other phase cue).
   */
  phaseWeight?: number;
  /** Delay of the onset signal behind the audio, seconds (trackBeats sets it from the flux window; default 0). */
  onsetDelaySeconds?: number;
  /**
   * The beat decoder: 'hmm', the beat-pointer HMM of Krebs, Böck & Widmer 2015 (tempo × phase states, the period
   * walking from beat to beat, the resonance's salience choosing the metrical level), or 'dp', Ellis's 2007 dynamic
   * programming along the resonance's pulse (default 'hmm'; online it is decoded over a sliding window of the past,
   * which scored above the DP's prediction on the development set: mean F 0.706 against 0.657).
   */
  decoder?: 'hmm' | 'dp';
  /** HMM: cost of a tempo change at a beat per unit of |ln(τ'/τ)| (default 30). */
  tempoChangeCost?: number;
  /** HMM: weight of the resonance's log-salience of a tempo, per second (default 1). */
  salienceWeight?: number;
  /**
   * HMM: weight of the tempo preference (the log-normal around `preferredBpm`, `preferenceOctaves` wide) per second,
   * beside the salience, which holds it once already (default 0).
   */
  tempoPreferenceWeight?: number;
  /**
   * Metrical level: a tracked pulse faster than this (bpm) whose alternate beats differ in onset strength by at
   * least `subdivisionContrast` is taken for a subdivision, and its stronger half kept (default 120).
   */
  subdivisionAboveBpm?: number;
  /** Ratio of the mean onset strength of the stronger to the weaker alternate beats that marks a subdivision (default 1.3). */
  subdivisionContrast?: number;
  /** HMM: cost of a beat, in units of the mean local evidence (default 1: a beat on a random frame scores nothing). */
  beatCost?: number;
  /**
   * Onset evidence of the bass band alone (0–200 Hz), at the same frame rate as the onsets: where the bass notes
   * fall tells the beat from its subdivision (`keepMetricalLevel` in metrical-level.ts). trackBeats supplies it.
   */
  bassOnset?: Float64Array;
  /** Weight of the bass band's onsets in the beat decoder's evidence, relative to all bands' (default 0). */
  bassWeight?: number;
  /**
   * Offline: the beats end at the music's last onset, the last frame whose evidence reaches this fraction of the
   * median evidence at the decoded beats (piece-end.ts); 0 keeps every decoded beat (default 0.5).
   */
  endOnsetFraction?: number;
  /**
   * Online HMM: a beat is emitted only while an onset reaching this fraction of the median evidence at the beats
   * emitted so far has been heard near it (`musicStillPlaying`, piece-end.ts); 0 emits every beat (default 0.5).
   */
  onlineEndOnsetFraction?: number;
  /** Online HMM: seconds of the past decoded by Viterbi at each step (default 8; 0: the forward filter). */
  onlineWindowSeconds?: number;
  /** Online HMM: seconds between decodings (default 0.5). */
  onlineHopSeconds?: number;
  /**
   * Online HMM: 0 (default) predicts each beat before it sounds; a positive latency emits the beats the sliding
   * window has decoded at least this long ago (each beat then decided up to latency + hop after it).
   */
  onlineLatencySeconds?: number;
  onProgress?: (fraction: number) => void;
}

const DEFAULTS: Required<Omit<BeatTrackerOptions, 'onProgress' | 'decoder' | 'bassOnset'>> & { decoder?: 'hmm' | 'dp'; bassOnset?: Float64Array } = {
  minBpm: 30,
  maxBpm: 240,
  perOctave: 24,
  alpha: -0.1,
  harmonics: 4,
  preferredBpm: 80,
  preferenceOctaves: 1,
  windowSeconds: 4,
  tempoChangePenalty: 8,
  inputRms: 0.05,
  online: false,
  tightness: 50,
  phaseWeight: 1, // the DP's; the HMM decodes without it (trackBeatsFromOnsets)
  onsetDelaySeconds: 0,
  tempoChangeCost: 30,
  salienceWeight: 1,
  tempoPreferenceWeight: 0,
  subdivisionAboveBpm: 120,
  subdivisionContrast: 1.3,
  beatCost: 1,
  onlineWindowSeconds: 8,
  onlineHopSeconds: 0.5,
  onlineLatencySeconds: 0,
  bassWeight: 1,
  endOnsetFraction: 0.5,
  onlineEndOnsetFraction: 0.5,
};

/**
 * Where the log flux of an attack peaks, as a fraction of the analysis window before the frame's end (the frames
 * are causal: frame f covers the window that ends at its time). Measured on click tracks (beats.test.ts).
 */
const FLUX_PEAK_FRACTION = 0.35;

/** A beat track and what it was made from. */
export interface BeatTrack {
  /** Tempo from the median inter-beat interval (over spans of four beats), bpm; NaN with fewer than two beats. */
  tempoBpm: number;
  /** Beat times, seconds. */
  beats: number[];
  /** The onset-strength signal (multi-band evidence) and its frame rate. */
  onset: Float64Array;
  framesPerSecond: number;
  /** The bank's recorded states (for pictures). */
  record: GrfnnRecord;
  /** The pulse oscillator's natural frequency in each salience window (online: every quarter second). */
  pulseHz: Float64Array;
  windowSeconds: number;
  /** Salience per candidate frequency, averaged over the piece. */
  salience: { frequencyHz: Float64Array; value: Float64Array };
  durationSeconds: number;
  /** Whether the track was made causally. */
  online: boolean;
  /**
   * Online: how long after a beat the tracker has decided it, seconds (0: each beat is predicted from the audio
   * before it, by the onset function's delay extrapolated along the pulse's phase; at most one frame late).
   * Offline: the whole recording is needed (Infinity).
   */
  latencySeconds: number;
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
  const bandsHz = BEAT_BANDS_HZ.filter(([lo]) => lo < sampleRate / 2).map(([lo, hi]) => [lo, hi] as [number, number]);
  const flux = spectralFlux(signal, sampleRate, { bandsHz });
  const causal = options.online ?? false;
  const evidence = onsetEvidence(flux.bands, flux.framesPerSecond, { causal });
  const bassOnset = onsetEvidence(flux.bands.slice(0, 1), flux.framesPerSecond, { causal });
  const onsetDelaySeconds = options.onsetDelaySeconds ?? (FLUX_PEAK_FRACTION * flux.windowSamples) / sampleRate;
  return trackBeatsFromOnsets(evidence, flux.framesPerSecond, { bassOnset, ...options, onsetDelaySeconds }, mono.length / audio.sampleRate);
}

/** The bank, its candidates and the metrical salience of a row of amplitudes. */
interface Resonance {
  bank: GrfnnBank;
  freqs: Float64Array;
  candidates: number[];
  /** Writes the normalised salience of each candidate for one row of bank amplitudes. */
  salience(row: Float64Array, out: Float64Array): void;
}

function resonance(o: typeof DEFAULTS, fps: number): Resonance {
  const lowHz = o.minBpm / 60;
  const highHz = (o.harmonics * o.maxBpm) / 60;
  if (highHz >= fps / 2) throw new RangeError(`the bank's top frequency ${highHz.toFixed(1)} Hz needs an onset rate above ${2 * highHz} frames/s`);
  const count = Math.round(Math.log2(highHz / lowHz) * o.perOctave) + 1;
  const bank = new GrfnnBank({
    lowHz,
    highHz,
    count,
    params: { alpha: o.alpha, beta1: -1, beta2: 0, delta1: 0, delta2: 0, epsilon: 0 },
    coupling: 'linear',
    timeScaled: true,
  });
  bank.reset(0);
  const freqs = Float64Array.from(bank.frequenciesHz);
  const candidates: number[] = [];
  for (let k = 0; k < count; k++) if (freqs[k]! <= (o.maxBpm / 60) * (1 + 1e-9)) candidates.push(k);
  const prior = Float64Array.from(candidates, (k) => {
    const oct = Math.log2((60 * freqs[k]!) / o.preferredBpm) / o.preferenceOctaves;
    return Math.exp(-0.5 * oct * oct);
  });
  return {
    bank,
    freqs,
    candidates,
    salience(row, out) {
      let total = 0;
      for (let c = 0; c < candidates.length; c++) {
        const f = freqs[candidates[c]!]!;
        let s = 0;
        for (let h = 1; h <= o.harmonics; h++) s += interpolateLog(freqs, row, h * f) / Math.sqrt(h);
        // the slower metrical levels in integer ratio (half, third, quarter of the pulse) support it too, at half weight
        for (let m = 2; m <= 4; m++) s += (0.5 * interpolateLog(freqs, row, f / m)) / Math.sqrt(m);
        out[c] = s * prior[c]!;
        total += out[c]!;
      }
      for (let c = 0; c < candidates.length; c++) out[c] = total > 0 ? out[c]! / total : 1 / candidates.length;
    },
  };
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
  o.decoder = options.decoder ?? 'hmm';
  // The oscillator's expected beat (its phase minus its onset-weighted mean phase over 8 s) is a smeared guess at
  // where the onsets fall: the DP needs it, but it pulls the HMM's beats off the onsets at the wrong metrical level
  // or behind rubato (development seeds 1000–1071: offline AMLt 0.909 → 0.942 without it, F 0.880 → 0.900).
  o.phaseWeight = options.phaseWeight ?? (o.decoder === 'hmm' ? 0 : 1);
  if (!(o.minBpm > 0 && o.maxBpm > o.minBpm)) throw new RangeError(`need 0 < minBpm < maxBpm, got ${o.minBpm} and ${o.maxBpm}`);
  const fps = framesPerSecond;
  const n = onset.length;
  const res = resonance(o, fps);
  const progress = o.onProgress;

  // 1. Drive the bank. Offline: the analytic signal of the locally normalised onsets; online: the causally
  //    normalised onsets as a real signal (twice as strong: a real sinusoid is half positive frequency).
  const drive = o.online ? causalNormalize(onset, fps) : normalizeOnsets(onset, Math.round(fps));
  let x: ComplexArray;
  if (o.online) {
    x = { re: Float64Array.from(drive, (v) => 2 * o.inputRms * v), im: new Float64Array(n) };
  } else {
    x = analyticSignal(drive);
    for (let i = 0; i < n; i++) {
      x.re[i] = x.re[i]! * o.inputRms;
      x.im[i] = x.im[i]! * o.inputRms;
    }
  }
  const record = runGrfnn(res.bank, x, fps, progress ? { onProgress: (f) => progress(0.8 * f) } : {});
  const weights = Float64Array.from(drive, (v) => Math.max(0, v));
  const result = o.online ? onlineBeats(o, res, record, weights, fps) : offlineBeats(o, res, record, weights, fps);
  progress?.(1);
  const beats = result.beats.filter((t) => t >= 0 && t <= durationSeconds);
  return {
    tempoBpm: tempoFromBeats(beats),
    beats,
    onset,
    framesPerSecond: fps,
    record,
    pulseHz: result.pulseHz,
    windowSeconds: result.windowSeconds,
    salience: { frequencyHz: Float64Array.from(res.candidates, (k) => res.freqs[k]!), value: result.meanSalience },
    durationSeconds,
    online: o.online,
    // the HMM filtered forward may switch to a state whose beat is nearer than the onset delay: then the beat is
    // decided up to that delay after it; the sliding-window decoder and the DP predict each beat before its audio
    latencySeconds: o.online ? onlineLatency(o) : Infinity,
  };
}

/** How long after a beat the online tracker has decided it, seconds (see {@link BeatTrack.latencySeconds}). */
function onlineLatency(o: typeof DEFAULTS): number {
  if (o.decoder !== 'hmm') return 0;
  if (!(o.onlineWindowSeconds > 0)) return o.onsetDelaySeconds;
  return o.onlineLatencySeconds > 0 ? o.onlineLatencySeconds + o.onlineHopSeconds : 0;
}

interface BeatResult {
  beats: number[];
  pulseHz: Float64Array;
  windowSeconds: number;
  meanSalience: Float64Array;
}

/**
 * The pulse frequency between the bank's log-spaced candidates: a parabola through the log-salience of candidate c
 * and its neighbours (the bank's 24 per octave are 2.9 % apart, too coarse for a period a decoder predicts from).
 */
function refinedHz(freqs: Float64Array, candidates: readonly number[], sal: ArrayLike<number>, c: number): number {
  const f = freqs[candidates[c]!]!;
  if (c <= 0 || c >= candidates.length - 1) return f;
  const y0 = Math.log(sal[c - 1]! + 1e-12);
  const y1 = Math.log(sal[c]! + 1e-12);
  const y2 = Math.log(sal[c + 1]! + 1e-12);
  const den = y0 - 2 * y1 + y2;
  if (!(den < 0)) return f;
  const delta = Math.max(-0.5, Math.min(0.5, (0.5 * (y0 - y2)) / den));
  return f * (freqs[candidates[c + 1]!]! / f) ** delta;
}

/** The median interval between consecutive frames (0 with fewer than two). */
function medianInterval(frames: readonly number[]): number {
  const d = frames.slice(1).map((f, i) => f - frames[i]!).sort((a, b) => a - b);
  return d.length ? d[d.length >> 1]! : 0;
}

/** Tempo: the median of inter-beat intervals averaged over spans of four beats (a span cancels small alternations). */
function tempoFromBeats(beats: readonly number[]): number {
  const span = Math.min(4, beats.length - 1);
  const ibis: number[] = [];
  for (let i = 0; span > 0 && i + span < beats.length; i++) ibis.push((beats[i + span]! - beats[i]!) / span);
  ibis.sort((a, b) => a - b);
  return ibis.length ? 60 / ibis[ibis.length >> 1]! : NaN;
}

/** Onsets normalised from the past only: minus a running mean (1 s), over a running RMS (8 s). */
function causalNormalize(x: Float64Array, fps: number): Float64Array {
  const out = new Float64Array(x.length);
  const aMean = Math.exp(-1 / fps);
  const aVar = Math.exp(-1 / (8 * fps));
  let m = 0;
  let mw = 0;
  let v = 0;
  let vw = 0;
  for (let i = 0; i < x.length; i++) {
    m = aMean * m + (1 - aMean) * x[i]!;
    mw = aMean * mw + (1 - aMean);
    const d = x[i]! - m / mw;
    v = aVar * v + (1 - aVar) * d * d;
    vw = aVar * vw + (1 - aVar);
    const sd = Math.sqrt(v / vw);
    out[i] = sd > 1e-12 ? d / sd : 0;
  }
  return out;
}

function offlineBeats(o: typeof DEFAULTS, res: Resonance, record: GrfnnRecord, weights: Float64Array, fps: number): BeatResult {
  const { freqs, candidates } = res;
  const count = freqs.length;
  const n = Math.min(weights.length, record.frames);
  const C = candidates.length;
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
  // 3. Metrical salience per window.
  const logSal = new Float64Array(windows * C);
  const meanSal = new Float64Array(C);
  const sal = new Float64Array(C);
  for (let w = 0; w < windows; w++) {
    res.salience(amp.subarray(w * count, (w + 1) * count), sal);
    for (let c = 0; c < C; c++) {
      meanSal[c] = meanSal[c]! + sal[c]! / windows;
      logSal[w * C + c] = Math.log(sal[c]! + 1e-12);
    }
  }
  // 4. Viterbi path across windows (the penalty is per 8 s of music, whatever the window).
  const penalty = (o.tempoChangePenalty * o.windowSeconds) / 8;
  const path = viterbi(logSal, windows, C, (a, b) => penalty * Math.abs(Math.log2(freqs[candidates[a]!]! / freqs[candidates[b]!]!)));
  const pulseHz = Float64Array.from(path, (c, w) => refinedHz(freqs, candidates, logSal.subarray(w * C, (w + 1) * C).map(Math.exp), c));
  let active = false;
  for (let f = 0; f < n && !active; f++) active = weights[f]! > 0;
  if (!active) return { beats: [], pulseHz, windowSeconds: winFrames / fps, meanSalience: meanSal };

  // 5. The pulse oscillator's beat phase and the period, frame by frame; then the decoder.
  const oscillators = path.map((c) => candidates[c]!);
  const psi = beatPhase(record, weights, oscillators, winFrames);
  const period = new Float64Array(n);
  const amplitude = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    // log-frequency interpolation between window centres
    const pos = (f + 0.5) / winFrames - 0.5;
    const w0 = Math.max(0, Math.min(windows - 1, Math.floor(pos)));
    const w1 = Math.min(windows - 1, w0 + 1);
    const t = Math.max(0, Math.min(1, pos - w0));
    const hz = Math.exp(Math.log(pulseHz[w0]!) * (1 - t) + Math.log(pulseHz[w1]!) * t);
    period[f] = fps / hz;
    const k = oscillators[Math.min(windows - 1, Math.floor(f / winFrames))]!;
    amplitude[f] = Math.hypot(record.re[f * count + k]!, record.im[f * count + k]!);
  }
  let meanAmp = 0;
  for (let f = 0; f < n; f++) meanAmp += amplitude[f]! / n;
  const local = new Float64Array(n);
  const bass = bassEvidence(o, weights, n);
  for (let f = 0; f < n; f++) {
    // onsets, lightly smoothed (±1 frame), plus the oscillator's expectation where it resonates
    const e = (weights[f - 1] ?? 0) * 0.25 + weights[f]! * 0.5 + (weights[f + 1] ?? 0) * 0.25 + (bass ? bass[f]! : 0);
    const expect = Math.max(0, Math.cos(psi[f]!)) ** 4 * Math.min(1, amplitude[f]! / (meanAmp || 1));
    local[f] = e + o.phaseWeight * expect;
  }
  let frames: number[];
  if (o.decoder === 'hmm') {
    let meanLocal = 0;
    for (let f = 0; f < n; f++) meanLocal += local[f]! / n;
    const score = Float64Array.from(local, (v) => v - o.beatCost * meanLocal);
    const candHz = freqs.subarray(0, C);
    const row = new Float64Array(C);
    let rowWindow = -1;
    const logSalAt = (p: number, f: number): number => {
      const w = Math.min(windows - 1, Math.floor(f / winFrames));
      if (w !== rowWindow) {
        row.set(logSal.subarray(w * C, (w + 1) * C));
        rowWindow = w;
      }
      const hz = Math.max(candHz[0]!, Math.min(candHz[C - 1]!, fps / p));
      const oct = Math.log2((60 * fps) / p / o.preferredBpm) / o.preferenceOctaves;
      return interpolateLog(candHz, row, hz) - (o.tempoPreferenceWeight / Math.max(1e-9, o.salienceWeight)) * 0.5 * oct * oct;
    };
    frames = hmmViterbi(score, logSalAt, fps, hmmParams(o, fps));
    frames = keepMetricalLevel(frames, weights, fps, o.subdivisionAboveBpm, o.subdivisionContrast, o.bassOnset);
    frames = beatsUntilLastOnset(frames, weights, o.endOnsetFraction, 0.3 * medianInterval(frames));
  } else {
    frames = dynamicProgrammingBeats(local, period, o.tightness);
  }
  return { beats: frames.map((f) => f / fps - o.onsetDelaySeconds), pulseHz, windowSeconds: winFrames / fps, meanSalience: meanSal };
}

/**
 * The bass band's onsets as extra beat evidence, `bassWeight` times the drive's mean over the bass's mean (so the
 * weight is relative to the all-band onsets whatever the levels): null when there is no bass evidence or no weight.
 */
function bassEvidence(o: typeof DEFAULTS, weights: Float64Array, n: number): Float64Array | null {
  const b = o.bassOnset;
  if (!b || !(o.bassWeight > 0)) return null;
  let mb = 0;
  let mw = 0;
  for (let f = 0; f < n; f++) {
    mb += b[f] ?? 0;
    mw += weights[f]!;
  }
  if (!(mb > 0)) return null;
  const g = (o.bassWeight * mw) / mb;
  return Float64Array.from({ length: n }, (_, f) => g * (b[f] ?? 0));
}

/**
 * Ellis's (2007) beat decoder: C(t) = L(t) + max over τ ∈ [t − 2P, t − P/2] of C(τ) − tightness·ln²((t − τ)/P), with
 * P the local period; the beats are the back-pointers from the last strong maximum of C.
 */
function dynamicProgrammingBeats(local: Float64Array, period: Float64Array, tightness: number): number[] {
  const n = local.length;
  const cum = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    const P = period[t]!;
    const lo = Math.max(0, Math.round(t - 2 * P));
    const hi = Math.round(t - P / 2);
    let best = 0;
    let arg = -1;
    for (let tau = lo; tau <= hi; tau++) {
      const l = Math.log((t - tau) / P);
      const v = cum[tau]! - tightness * l * l;
      if (v > best) {
        best = v;
        arg = tau;
      }
    }
    cum[t] = local[t]! + best;
    back[t] = arg;
  }
  // the last beat: the last local maximum of C within the final period that is at least half the median maximum
  const maxima: number[] = [];
  for (let t = 1; t + 1 < n; t++) if (cum[t]! > cum[t - 1]! && cum[t]! >= cum[t + 1]! && local[t]! > 0) maxima.push(t);
  if (maxima.length === 0) return [];
  const values = maxima.map((t) => cum[t]!).sort((a, b) => a - b);
  const threshold = 0.5 * values[values.length >> 1]!;
  let last = -1;
  for (let i = maxima.length - 1; i >= 0 && last < 0; i--) if (cum[maxima[i]!]! >= threshold) last = maxima[i]!;
  // among the maxima within one period of it, the best
  let end = last;
  for (const t of maxima) if (t > last - period[last]! && t <= n - 1 && cum[t]! > cum[end]!) end = t;
  const out: number[] = [];
  for (let t = end; t >= 0; t = back[t]!) out.push(t);
  return out.reverse();
}

function onlineBeats(o: typeof DEFAULTS, res: Resonance, record: GrfnnRecord, weights: Float64Array, fps: number): BeatResult {
  const { freqs, candidates } = res;
  const count = freqs.length;
  const C = candidates.length;
  const n = Math.min(weights.length, record.frames);
  const aAmp = Math.exp(-1 / ((o.windowSeconds / 2) * fps));
  const aLag = Math.exp(-1 / (o.windowSeconds * fps));
  const stepFrames = Math.max(1, Math.round(0.25 * fps));
  const penalty = o.tempoChangePenalty;
  const evidenceScale = stepFrames / fps / 8; // log-salience per step: the offline evidence rate per second
  const ampS = new Float64Array(count);
  const fwd = new Float64Array(C);
  const nextFwd = new Float64Array(C);
  const sal = new Float64Array(C);
  const meanSal = new Float64Array(C);
  const lagRe = new Float64Array(C);
  const lagIm = new Float64Array(C);
  const pulse: number[] = [];
  const stepLogSal: Float64Array[] = [];
  const beats: number[] = [];
  let current = -1;
  let steps = 0;
  const cum = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  const local = new Float64Array(n);
  let ampMean = 0;
  let lastBeatFrame = -Infinity;
  let predicted = -1;
  let bassMean = 0;
  let driveMean = 0;
  const logRatio = (a: number, b: number): number => Math.abs(Math.log2(freqs[candidates[a]!]! / freqs[candidates[b]!]!));
  for (let f = 0; f < n; f++) {
    for (let k = 0; k < count; k++) {
      const a = Math.hypot(record.re[f * count + k]!, record.im[f * count + k]!);
      ampS[k] = aAmp * ampS[k]! + (1 - aAmp) * a;
    }
    const w = weights[f]!;
    for (let c = 0; c < C; c++) {
      const k = candidates[c]!;
      const ph = Math.atan2(record.im[f * count + k]!, record.re[f * count + k]!);
      lagRe[c] = aLag * lagRe[c]! + w * Math.cos(ph);
      lagIm[c] = aLag * lagIm[c]! + w * Math.sin(ph);
    }
    if (f % stepFrames === 0) {
      res.salience(ampS, sal);
      for (let b = 0; b < C; b++) {
        let best = -Infinity;
        for (let a = 0; a < C; a++) best = Math.max(best, fwd[a]! - penalty * logRatio(a, b));
        nextFwd[b] = best + evidenceScale * Math.log(sal[b]! + 1e-12);
        meanSal[b] = meanSal[b]! + sal[b]!;
      }
      let arg = 0;
      for (let b = 0; b < C; b++) if (nextFwd[b]! > nextFwd[arg]!) arg = b;
      const top = nextFwd[arg]!;
      for (let b = 0; b < C; b++) fwd[b] = nextFwd[b]! - top;
      current = arg;
      stepLogSal.push(Float64Array.from(sal, (v) => Math.log(v + 1e-12)));
      pulse.push(freqs[candidates[current]!]!);
      steps++;
    }
    const k = candidates[current]!;
    const hz = refinedHz(freqs, candidates, sal, current);
    const P = fps / hz;
    // the causal score of a beat at f: the onsets plus the oscillator's expectation (its phase minus its lag)
    const lagNorm = Math.hypot(lagRe[current]!, lagIm[current]!);
    let expect = 0;
    if (lagNorm > 1e-9) {
      let psi = Math.atan2(record.im[f * count + k]!, record.re[f * count + k]!) - Math.atan2(lagIm[current]!, lagRe[current]!);
      psi -= 2 * Math.PI * Math.round(psi / (2 * Math.PI));
      expect = Math.max(0, Math.cos(psi)) ** 4 * Math.min(1, ampS[k]! / (ampMean || 1));
    }
    ampMean = (ampMean * f + ampS[k]!) / (f + 1);
    // the bass band's onsets, scaled by the running means (the offline weighting, from the past only)
    let bassTerm = 0;
    if (o.bassOnset && o.bassWeight > 0) {
      bassMean += o.bassOnset[f] ?? 0;
      driveMean += w;
      if (bassMean > 0) bassTerm = (o.bassWeight * driveMean * (o.bassOnset[f] ?? 0)) / bassMean;
    }
    local[f] = w + bassTerm + o.phaseWeight * expect;
    // Ellis's forward recursion is causal: C(f) from C before f only
    let best = 0;
    for (let tau = Math.max(0, Math.round(f - 2 * P)); tau <= Math.round(f - P / 2); tau++) {
      const l = Math.log((f - tau) / P);
      const v = cum[tau]! - o.tightness * l * l;
      if (v > best) {
        best = v;
        back[f] = tau;
      }
    }
    cum[f] = local[f]! + best;
    // Stark, Davies & Plumbley (2009): once past the middle of the beat, the next beat is predicted from C so far —
    // the frame v in the next period that the past scores best as the following beat, weighted by its distance
    // from one period after the last beat. It sounds when the clock reaches it: nothing waits for the future.
    if (predicted < 0 && Math.abs(lagNorm) > 1e-9 && f >= lastBeatFrame + P / 2) {
      let bestV = -1;
      let bestScore = -Infinity;
      // the period that rubato has bent: the last two intervals the decoder chose (their geometric mean), when
      // they are of the oscillator's metrical level (else the oscillator's period)
      let Pn = P;
      let top = -1;
      for (let tau = Math.max(0, Math.round(f - P)); tau <= f; tau++) if (top < 0 || cum[tau]! > cum[top]!) top = tau;
      const b1 = top >= 0 ? back[top]! : -1;
      const b2 = b1 >= 0 ? back[b1]! : -1;
      if (b2 >= 0) {
        const i1 = top - b1;
        const i2 = b1 - b2;
        if (i1 > 0.75 * P && i1 < 1.33 * P && i2 > 0.75 * P && i2 < 1.33 * P) Pn = Math.exp((Math.log(i1) + Math.log(i2)) / 2);
      }
      const expected = lastBeatFrame > -Infinity ? lastBeatFrame + Pn : f + Pn / 2;
      for (let v = f + 1; v <= f + Math.round(Pn); v++) {
        let g = -Infinity;
        for (let tau = Math.max(0, Math.round(v - 2 * Pn)); tau <= Math.min(f, Math.round(v - Pn / 2)); tau++) {
          const l = Math.log((v - tau) / Pn);
          g = Math.max(g, cum[tau]! - o.tightness * l * l);
        }
        const d = (v - expected) / (0.25 * Pn);
        const score = g - 0.5 * d * d;
        if (score > bestScore) {
          bestScore = score;
          bestV = v;
        }
      }
      predicted = bestV;
    }
    if (predicted >= 0 && f >= predicted) {
      // emitted at frame `predicted` (the audio up to it), placed where the onsets it predicts are in the audio
      if (cum[f]! > 0) beats.push(predicted / fps - o.onsetDelaySeconds);
      lastBeatFrame = predicted;
      predicted = -1;
    }
  }
  for (let c = 0; c < C; c++) meanSal[c] = meanSal[c]! / Math.max(1, steps);
  if (o.decoder === 'hmm') {
    // the same HMM as offline, filtered forward: at frame f only the scores and saliences of frames ≤ f are used
    let meanLocal = 0;
    const score = new Float64Array(n);
    for (let f = 0; f < n; f++) {
      meanLocal = (meanLocal * f + local[f]!) / (f + 1);
      score[f] = local[f]! - o.beatCost * meanLocal;
    }
    const candHz = freqs.subarray(0, C);
    const logSalAt = (p: number, f: number): number => {
      const row = stepLogSal[Math.min(stepLogSal.length - 1, Math.floor(f / stepFrames))]!;
      const hz = Math.max(candHz[0]!, Math.min(candHz[C - 1]!, fps / p));
      const oct = Math.log2((60 * fps) / p / o.preferredBpm) / o.preferenceOctaves;
      return interpolateLog(candHz, row, hz) - (o.tempoPreferenceWeight / Math.max(1e-9, o.salienceWeight)) * 0.5 * oct * oct;
    };
    const leadFrames = Math.max(1, Math.ceil(o.onsetDelaySeconds * fps));
    const frames =
      o.onlineWindowSeconds > 0
        ? hmmSlidingWindow(score, logSalAt, fps, hmmParams(o, fps), {
            windowFrames: o.onlineWindowSeconds * fps,
            hopFrames: o.onlineHopSeconds * fps,
            leadFrames,
            lagFrames: Math.round(o.onlineLatencySeconds * fps),
            level: (beats, heard) =>
              keepMetricalLevel(beats, weights.subarray(0, heard), fps, o.subdivisionAboveBpm, o.subdivisionContrast, o.bassOnset?.subarray(0, heard)),
            keep: musicStillPlaying(weights, o.onlineEndOnsetFraction),
          })
        : hmmForward(score, weights, logSalAt, fps, hmmParams(o, fps), leadFrames, o);
    return { beats: frames.map((f) => f / fps - o.onsetDelaySeconds), pulseHz: Float64Array.from(pulse), windowSeconds: stepFrames / fps, meanSalience: meanSal };
  }
  return { beats, pulseHz: Float64Array.from(pulse), windowSeconds: stepFrames / fps, meanSalience: meanSal };
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
 * The pulse oscillator's beat phase, frame by frame. In each window the oscillator's lag to the onsets is the
 * argument of Σ onset(n)·e^{iφ(n)} (the phase it holds, on average, when onsets happen); the beat phase is φ minus
 * that lag, interpolated between window centres: 0 where the oscillator expects a beat.
 */
function beatPhase(rec: GrfnnRecord, onset: Float64Array, oscillatorPerWindow: number[], winFrames: number): Float64Array {
  const N = rec.frequenciesHz.length;
  const n = Math.min(onset.length, rec.frames);
  const windows = oscillatorPerWindow.length;
  const phaseAt = (f: number, k: number): number => Math.atan2(rec.im[f * N + k]!, rec.re[f * N + k]!);
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
  const psi = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    const k = oscillatorPerWindow[Math.min(windows - 1, Math.floor(f / winFrames))]!;
    const pos = (f + 0.5) / winFrames - 0.5;
    const w0 = Math.max(0, Math.min(windows - 1, Math.floor(pos)));
    const w1 = Math.min(windows - 1, w0 + 1);
    const t = Math.max(0, Math.min(1, pos - w0));
    const lag = Math.atan2(lagIm[w0]! * (1 - t) + lagIm[w1]! * t, lagRe[w0]! * (1 - t) + lagRe[w1]! * t);
    let p = phaseAt(f, k) - lag;
    p -= 2 * Math.PI * Math.round(p / (2 * Math.PI));
    psi[f] = p;
  }
  return psi;
}

function hmmParams(o: typeof DEFAULTS, fps: number): HmmParams {
  return {
    minPeriod: (60 * fps) / o.maxBpm,
    maxPeriod: (60 * fps) / o.minBpm,
    tempoChange: o.tempoChangeCost,
    maxChange: 0.15,
    salienceWeight: o.salienceWeight,
  };
}
