/**
 * The conventional EEG frequency bands and band power from a power spectrum.
 *
 * Bands are half-open, [low, high) Hz, so that adjacent bands share no bin and delta + theta + alpha + beta +
 * gamma is exactly the total over [1, 45) Hz. Band power is the rectangle rule: the sum of the PSD over the
 * bins whose frequency f satisfies low ≤ f < high, times the bin width Δf = fs / N. (With 0.5 Hz bins the alpha
 * band [8, 13) takes the ten bins 8.0 … 12.5 Hz.) The rectangle rule is what makes the bands add up; a
 * trapezoid or Simpson rule over each band would count the shared edge bins twice.
 */
import type { PowerSpectrum } from './welch.js';

/** A frequency band [low, high) in Hz. */
export type Band = readonly [lowHz: number, highHz: number];

/**
 * The bands: delta 1–4, theta 4–8, alpha 8–13, beta 13–30 (low beta 13–20, high beta 20–30), gamma 30–45 Hz,
 * and the total 1–45 Hz that relative powers divide by (45 Hz stays under the 64 Hz Nyquist of a 128 Hz
 * headset and above its ≈ 43 Hz anti-aliasing corner).
 *
 * @example
 * EEG_BANDS.alpha; // → [8, 13]
 */
export const EEG_BANDS = Object.freeze({
  delta: [1, 4],
  theta: [4, 8],
  alpha: [8, 13],
  beta: [13, 30],
  lowBeta: [13, 20],
  highBeta: [20, 30],
  gamma: [30, 45],
  total: [1, 45],
} as const satisfies Record<string, Band>);

/** The name of one of {@link EEG_BANDS}. */
export type BandName = keyof typeof EEG_BANDS;

/** The band names in a fixed order (the order of {@link BandPowerTable}'s columns). */
export const BAND_NAMES = Object.keys(EEG_BANDS) as BandName[];

/**
 * Bins [first, end) of the frequencies f with low ≤ f < high. Throws when the band holds no bin.
 *
 * @example
 * bandBins(Float64Array.from({ length: 65 }, (_, k) => k), EEG_BANDS.alpha); // → [8, 13] — 8, 9, …, 12 Hz
 */
export function bandBins(frequencies: Float64Array, band: Band): [first: number, end: number] {
  const [low, high] = band;
  if (!(low < high)) throw new RangeError(`band [${low}, ${high}) Hz is empty`);
  let first = 0;
  while (first < frequencies.length && frequencies[first]! < low) first++;
  let end = first;
  while (end < frequencies.length && frequencies[end]! < high) end++;
  if (end === first) {
    const nyquist = frequencies[frequencies.length - 1] ?? 0;
    const df = frequencies.length > 1 ? frequencies[1]! - frequencies[0]! : 0;
    throw new RangeError(`band [${low}, ${high}) Hz holds no bin of a spectrum with ${df} Hz bins up to ${nyquist} Hz`);
  }
  return [first, end];
}

/**
 * Power in a band: Σ PSD over low ≤ f < high, times the bin width (the rectangle rule).
 *
 * @example
 * const spectrum = { frequencies: Float64Array.of(0, 1, 2, 3), psd: Float64Array.of(5, 1, 2, 4), segments: 1 };
 * bandPower(spectrum, [1, 3]); // → 3
 */
export function bandPower(spectrum: PowerSpectrum, band: Band): number {
  const { frequencies, psd } = spectrum;
  const [first, end] = bandBins(frequencies, band);
  const df = frequencies[1]! - frequencies[0]!;
  let sum = 0;
  for (let k = first; k < end; k++) sum += psd[k]!;
  return sum * df;
}

/**
 * Power in every band of {@link EEG_BANDS} (absolute, signal unit²) and relative to the total 1–45 Hz.
 *
 * @example
 * const fs = 128;
 * const x = Float64Array.from({ length: 1280 }, (_, i) => Math.sin(2 * Math.PI * 10 * i / fs));
 * const p = bandPowers(welchPsd(x, fs, 256));
 * p.relative.alpha; // → 1
 */
export function bandPowers(spectrum: PowerSpectrum): { absolute: Record<BandName, number>; relative: Record<BandName, number> } {
  const absolute = {} as Record<BandName, number>;
  const relative = {} as Record<BandName, number>;
  for (const name of BAND_NAMES) absolute[name] = bandPower(spectrum, EEG_BANDS[name]);
  for (const name of BAND_NAMES) relative[name] = absolute[name] / absolute.total;
  return { absolute, relative };
}

/** Bin ranges of every band of {@link EEG_BANDS} for one frequency grid, in {@link BAND_NAMES} order. */
export type BandPowerTable = Array<[first: number, end: number]>;

/**
 * Precomputes {@link BandPowerTable} for a frequency grid (so a live loop never searches for bins).
 *
 * @example
 * bandTable(Float64Array.from({ length: 65 }, (_, k) => k))[BAND_NAMES.indexOf('total')]; // → [1, 45]
 */
export function bandTable(frequencies: Float64Array): BandPowerTable {
  return BAND_NAMES.map((name) => bandBins(frequencies, EEG_BANDS[name]));
}
