/**
 * Onset strength by spectral flux (Masri 1996; Bello et al. 2005, IEEE TSAP 13:1035; the log-compressed variant
 * of Böck, Krebs & Schedl 2012): the short-time Fourier magnitudes are log-compressed, and each frame's
 * increases over the previous frame, summed over the frequency bins of a band, measure how much new energy
 * began. Computed with fft.js on a Hann window.
 */
import FFT from 'fft.js';
import type { AudioBuffers } from '../../formats/wav.js';

/** Options of {@link spectralFlux}. */
export interface OnsetOptions {
  /** Frames per second of the result (default 100: a 10 ms hop). */
  framesPerSecond?: number;
  /** Window length in seconds, rounded to the nearest power of two in samples (default 0.046: 2048 at 44.1 kHz). */
  windowSeconds?: number;
  /** Log compression: log(1 + compression·|X|) with |X| normalised by the window's sum (default 1000). */
  compression?: number;
  /** Frequency bands [lowHz, highHz) to measure separately (default one band, 0 Hz to Nyquist). */
  bandsHz?: Array<[number, number]>;
}

/** Onset strength, one series per band, at a fixed frame rate. */
export interface OnsetStrength {
  /** Frames per second (= sample rate / hop, so not always a whole number). */
  framesPerSecond: number;
  hopSamples: number;
  windowSamples: number;
  /** One series per requested band (a single one by default). */
  bands: Float64Array[];
  bandsHz: Array<[number, number]>;
}

/** The power of two nearest to n on a log scale (at least 16). */
function nearestPowerOfTwo(n: number): number {
  return 2 ** Math.max(4, Math.round(Math.log2(Math.max(1, n))));
}

/**
 * Averages the channels of a multichannel recording into one.
 * @example
 * mixToMono({ sampleRate: 8000, channels: [Float32Array.of(1, 0), Float32Array.of(0, 1)] }); // → [0.5, 0.5]
 */
export function mixToMono(audio: AudioBuffers): Float32Array {
  const { channels } = audio;
  if (channels.length === 0) throw new RangeError('audio has no channels');
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Float32Array(n);
  const g = 1 / channels.length;
  for (const c of channels) for (let i = 0; i < n; i++) out[i] = out[i]! + g * c[i]!;
  return out;
}

/**
 * Decimates a signal by an integer factor after a windowed-sinc low-pass (Blackman window, 8·factor + 1 taps,
 * cut-off at 90 % of the new Nyquist frequency). Beat tracking needs onsets, not the top octave: analysing
 * 44.1/48 kHz audio at half the rate halves the cost of the spectral flux.
 * @example
 * const { signal, sampleRate } = decimate(new Float32Array(44100), 44100, 2);
 * sampleRate; // → 22050
 */
export function decimate(x: Float32Array, sampleRate: number, factor: number): { signal: Float32Array; sampleRate: number } {
  const q = Math.max(1, Math.floor(factor));
  if (q === 1) return { signal: x, sampleRate };
  const taps = 8 * q + 1;
  const mid = (taps - 1) / 2;
  const cutoff = 0.9 / (2 * q); // cycles per input sample
  const h = new Float64Array(taps);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const k = i - mid;
    const sinc = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * w;
    sum += h[i]!;
  }
  for (let i = 0; i < taps; i++) h[i] = h[i]! / sum;
  const n = Math.floor(x.length / q);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const c = j * q;
    let acc = 0;
    if (c - mid >= 0 && c + mid < x.length) {
      for (let i = 0; i < taps; i++) acc += h[i]! * x[c - mid + i]!;
    } else {
      for (let i = 0; i < taps; i++) {
        const idx = c - mid + i;
        if (idx >= 0 && idx < x.length) acc += h[i]! * x[idx]!;
      }
    }
    out[j] = acc;
  }
  return { signal: out, sampleRate: sampleRate / q };
}

/**
 * Log-compressed spectral flux of a mono signal, per band.
 * @example
 * const audio = renderScore(score, { sampleRate: 22050 });
 * const onset = spectralFlux(mixToMono(audio), audio.sampleRate); // onset.bands[0] at 100 frames/s
 */
export function spectralFlux(signal: Float32Array, sampleRate: number, options: OnsetOptions = {}): OnsetStrength {
  if (!(sampleRate >= 1000)) throw new RangeError(`sample rate must be at least 1000 Hz, got ${sampleRate}`);
  const fps = options.framesPerSecond ?? 100;
  const hop = Math.max(1, Math.round(sampleRate / fps));
  const size = nearestPowerOfTwo((options.windowSeconds ?? 0.046) * sampleRate);
  const compression = options.compression ?? 1000;
  const bandsHz = options.bandsHz ?? [[0, sampleRate / 2 + 1]];
  const half = size / 2;
  const binHz = sampleRate / size;
  const bandBins = bandsHz.map(([lo, hi]) => [Math.max(1, Math.ceil(lo / binHz)), Math.min(half, Math.ceil(hi / binHz))] as const);
  const frames = Math.max(1, Math.ceil(signal.length / hop));
  const window = new Float64Array(size);
  let wsum = 0;
  for (let i = 0; i < size; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
    wsum += window[i]!;
  }
  const fft = new FFT(size);
  const frame = new Float64Array(size);
  const spectrum: number[] = fft.createComplexArray();
  let prev = new Float64Array(half + 1);
  let cur = new Float64Array(half + 1);
  const bands = bandsHz.map(() => new Float64Array(frames));
  const scale = compression / wsum;
  for (let f = 0; f < frames; f++) {
    // frame f ends at sample f·hop: the flux at frame f is computed from the past only (causal)
    const start = f * hop - size;
    for (let i = 0; i < size; i++) {
      const j = start + i;
      frame[i] = j >= 0 && j < signal.length ? signal[j]! * window[i]! : 0;
    }
    fft.realTransform(spectrum, frame);
    for (let k = 0; k <= half; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      cur[k] = Math.log1p(scale * Math.sqrt(re * re + im * im));
    }
    if (f > 0) {
      for (let b = 0; b < bandBins.length; b++) {
        const [lo, hi] = bandBins[b]!;
        let s = 0;
        for (let k = lo; k < hi; k++) {
          const d = cur[k]! - prev[k]!;
          if (d > 0) s += d;
        }
        bands[b]![f] = s;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return { framesPerSecond: sampleRate / hop, hopSamples: hop, windowSamples: size, bands, bandsHz };
}

/**
 * Removes a moving average (window in frames) and scales to unit standard deviation: the zero-mean drive an
 * oscillator bank needs, independent of the recording's level.
 * @example
 * const drive = normalizeOnsets(Float64Array.of(0, 2, 0, 4), 4); // each frame over the local spread
 */
export function normalizeOnsets(x: Float64Array, window: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const w = Math.max(1, Math.floor(window));
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + x[i]!;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - (w >> 1));
    const b = Math.min(n, i + (w >> 1) + 1);
    out[i] = x[i]! - (prefix[b]! - prefix[a]!) / (b - a);
    ss += out[i]! * out[i]!;
  }
  const sd = Math.sqrt(ss / Math.max(1, n));
  if (sd > 0) for (let i = 0; i < n; i++) out[i] = out[i]! / sd;
  return out;
}

/** A band's flux counts at most this many times its mean level (one attack after a silence cannot dominate). */
const RATIO_CAP = 20;

/** The bands of {@link onsetEvidence}: low (bass), low-mid, mid, upper-mid, presence, air — Hz. */
export const BEAT_BANDS_HZ: ReadonlyArray<readonly [number, number]> = [
  [0, 200],
  [200, 500],
  [500, 1200],
  [1200, 3000],
  [3000, 6500],
  [6500, 11100],
];

/**
 * Multi-band onset evidence: the log-magnitude spectral flux of each band divided by its own mean level, then
 * averaged over the bands (the band-wise accent of Klapuri, Eronen & Astola 2006, on Böck et al.'s log flux). A soft
 * bass note, whose flux is small beside the bright sixteenths above it, weighs as much as they do: that is what
 * carries the beat in music of steady subdivisions. `causal` divides by a running mean (time constant
 * `seconds`) so that each frame depends on the past only; otherwise by the band's mean over the whole signal.
 * @example
 * const clicks = Float32Array.from({ length: 22050 * 4 }, (_, i) => (i % 11025 < 40 ? Math.sin(i) : 0)); // 2 clicks/s
 * const flux = spectralFlux(clicks, 22050, { bandsHz: BEAT_BANDS_HZ.map(([a, b]) => [a, b] as [number, number]) });
 * const evidence = onsetEvidence(flux.bands, flux.framesPerSecond);
 * evidence.length; // → 400
 */
export function onsetEvidence(bands: readonly Float64Array[], framesPerSecond: number, options: { causal?: boolean; seconds?: number } = {}): Float64Array {
  const n = bands[0]?.length ?? 0;
  const out = new Float64Array(n);
  if (bands.length === 0) return out;
  const causal = options.causal ?? false;
  const decay = Math.exp(-1 / (Math.max(0.1, options.seconds ?? 8) * framesPerSecond));
  for (const band of bands) {
    if (causal) {
      // running mean with a bias correction for the start (an exponential average started at zero)
      let m = 0;
      let w = 0;
      for (let i = 0; i < n; i++) {
        m = decay * m + (1 - decay) * band[i]!;
        w = decay * w + (1 - decay);
        const level = m / w;
        out[i] = out[i]! + (level > 1e-9 ? Math.min(RATIO_CAP, band[i]! / level) : 0) / bands.length;
      }
    } else {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += band[i]!;
      const level = sum / Math.max(1, n);
      if (level > 1e-9) for (let i = 0; i < n; i++) out[i] = out[i]! + Math.min(RATIO_CAP, band[i]! / level) / bands.length;
    }
  }
  return out;
}
