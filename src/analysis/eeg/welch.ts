/**
 * Welch's power spectral density (Welch 1967, IEEE Trans. Audio Electroacoust. 15:70): the signal is cut into
 * segments of `segmentLength` samples that overlap by `overlap` samples (default half a segment), each segment
 * loses its mean ("constant" detrending), is multiplied by a periodic Hann window and transformed; the squared
 * magnitudes are averaged over the segments. The conventions are scipy.signal.welch's with `scaling='density'`
 * and a one-sided spectrum, so the result is in units²/Hz and sums (times the bin width) to the signal's
 * variance:
 *
 *   P(f_k) = c_k / (fs · Σ w²) · mean over segments |Σ_n w_n (x_n − x̄) e^{−2πikn/N}|²,
 *
 * with c_k = 2 for every bin except 0 Hz and (N even) the Nyquist bin, where c_k = 1. FFTs come from
 * math/dft.ts (fft.js for powers of two, Bluestein otherwise); all buffers are allocated once per estimator.
 */
import { Dft } from '../../math/dft.js';

/** A one-sided power spectrum. */
export interface PowerSpectrum {
  /** Bin frequencies in Hz: k · fs / N for k = 0 … ⌊N/2⌋. */
  frequencies: Float64Array;
  /** Power spectral density in (signal unit)²/Hz at each bin. */
  psd: Float64Array;
  /** How many segments were averaged. */
  segments: number;
}

/**
 * A planned Welch estimator for one segment length and overlap: the window, the DFT and the work buffers are
 * allocated here, so {@link WelchEstimator.estimate} allocates nothing (it runs in a live tracker's block loop).
 */
export class WelchEstimator {
  /** Bin frequencies in Hz (k · fs / N). */
  readonly frequencies: Float64Array;
  /** Samples between segment starts (segmentLength − overlap). */
  readonly step: number;
  private readonly window: Float64Array;
  private readonly scale: number;
  private readonly dft: Dft;
  private readonly segment: Float64Array;
  private readonly outRe: Float64Array;
  private readonly outIm: Float64Array;

  /**
   * @param sampleRate samples per second
   * @param segmentLength samples per segment (N ≥ 2; any length, powers of two are fastest)
   * @param overlap samples shared by consecutive segments, 0 ≤ overlap < N (default ⌊N/2⌋)
   * @example
   * const w = new WelchEstimator(128, 128);
   * w.frequencies.length; // → 65
   * w.step; // → 64
   */
  constructor(
    readonly sampleRate: number,
    readonly segmentLength: number,
    readonly overlap: number = Math.floor(segmentLength / 2),
  ) {
    if (!(sampleRate > 0 && Number.isFinite(sampleRate))) throw new RangeError(`Welch: sample rate must be positive, got ${sampleRate}`);
    if (!(Number.isInteger(segmentLength) && segmentLength >= 2)) {
      throw new RangeError(`Welch: segment length must be a whole number ≥ 2 samples, got ${segmentLength}`);
    }
    if (!(Number.isInteger(overlap) && overlap >= 0 && overlap < segmentLength)) {
      throw new RangeError(`Welch: overlap must be a whole number in [0, ${segmentLength}), got ${overlap}`);
    }
    const n = segmentLength;
    this.step = n - overlap;
    this.window = new Float64Array(n);
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      // The periodic ("DFT-even") Hann window, scipy.signal.get_window('hann', N)'s default.
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
      this.window[i] = w;
      sumSquares += w * w;
    }
    this.scale = 1 / (sampleRate * sumSquares);
    const bins = Math.floor(n / 2) + 1;
    this.frequencies = new Float64Array(bins);
    for (let k = 0; k < bins; k++) this.frequencies[k] = (k * sampleRate) / n;
    this.dft = new Dft(n);
    this.segment = new Float64Array(n);
    this.outRe = new Float64Array(n);
    this.outIm = new Float64Array(n);
  }

  /** How many segments fit in `length` samples (0 when fewer than one segment). */
  segmentCount(length: number): number {
    return length < this.segmentLength ? 0 : Math.floor((length - this.segmentLength) / this.step) + 1;
  }

  /**
   * Writes the PSD of `signal[start … start + length)` into `out` (length ⌊N/2⌋ + 1) and returns the number of
   * segments averaged. Throws when the span holds less than one segment or `out` has the wrong length.
   * @example
   * const w = new WelchEstimator(4, 4, 0);
   * const out = new Float64Array(3);
   * w.estimate(Float64Array.of(1, -1, 1, -1), 0, 4, out); // → 1
   * out; // → [0, 0.3333, 0.6667] — the Hann window leaks a third of the Nyquist tone into bin 1
   */
  estimate(signal: ArrayLike<number>, start: number, length: number, out: Float64Array): number {
    const n = this.segmentLength;
    const bins = this.frequencies.length;
    if (out.length !== bins) throw new RangeError(`Welch: output needs ${bins} bins, got ${out.length}`);
    if (start < 0 || start + length > signal.length) {
      throw new RangeError(`Welch: span [${start}, ${start + length}) lies outside a signal of ${signal.length} samples`);
    }
    const segments = this.segmentCount(length);
    if (segments === 0) throw new RangeError(`Welch: ${length} samples hold no segment of ${n}`);
    out.fill(0);
    const { window, segment, outRe, outIm } = this;
    for (let s = 0; s < segments; s++) {
      const offset = start + s * this.step;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += signal[offset + i]!;
      mean /= n;
      for (let i = 0; i < n; i++) segment[i] = (signal[offset + i]! - mean) * window[i]!;
      this.dft.forward(segment, undefined, outRe, outIm);
      for (let k = 0; k < bins; k++) out[k] += outRe[k]! * outRe[k]! + outIm[k]! * outIm[k]!;
    }
    const f = this.scale / segments;
    const lastDoubled = n % 2 === 0 ? bins - 1 : bins; // the Nyquist bin of an even N is not doubled
    out[0] *= f;
    for (let k = 1; k < bins; k++) out[k] *= k < lastDoubled ? 2 * f : f;
    return segments;
  }
}

/**
 * Welch's PSD of a whole signal (scipy.signal.welch's defaults apart from the segment length: Hann, half
 * overlap, constant detrend, density scaling, one-sided, mean over segments).
 *
 * @param signal the samples
 * @param sampleRate samples per second
 * @param segmentLength samples per segment (e.g. 2 s · fs)
 * @param overlap samples shared by consecutive segments (default half a segment)
 * @example
 * const fs = 128;
 * const x = Float64Array.from({ length: 1280 }, (_, i) => Math.sin(2 * Math.PI * 10 * i / fs));
 * const { frequencies, psd } = welchPsd(x, fs, 256);
 * frequencies[psd.indexOf(Math.max(...psd))]; // → 10
 */
export function welchPsd(signal: ArrayLike<number>, sampleRate: number, segmentLength: number, overlap?: number): PowerSpectrum {
  const estimator = new WelchEstimator(sampleRate, segmentLength, overlap);
  if (signal.length < segmentLength) {
    throw new RangeError(`Welch: the signal has ${signal.length} samples, fewer than one segment of ${segmentLength}`);
  }
  const psd = new Float64Array(estimator.frequencies.length);
  const segments = estimator.estimate(signal, 0, signal.length, psd);
  return { frequencies: estimator.frequencies, psd, segments };
}
