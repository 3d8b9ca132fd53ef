/**
 * EEG analysis: Welch power spectra (scipy's conventions), the conventional bands and band powers, and four
 * biomarker indices (stress, attention, engagement, relaxation) normalised against a baseline, online
 * ({@link BiomarkerTracker}) and offline ({@link biomarkerSeries}). Formulas and sources: docs/design/eeg.md.
 *
 * @example
 * ```ts
 * import { welchPsd, bandPowers } from 'neuromusic/analysis';
 * const fs = 128;
 * const x = Float64Array.from({ length: 10 * fs }, (_, i) => 20 * Math.sin(2 * Math.PI * 10 * i / fs));
 * bandPowers(welchPsd(x, fs, 2 * fs)).absolute.alpha; // → 200 — a sine of amplitude A has power A²/2
 * ```
 *
 * @module
 */
export { EPOC_CHANNELS, BIOMARKER_NAMES, type EpocChannel, type EegRecording, type BiomarkerIndices } from './types.js';
export { WelchEstimator, welchPsd, type PowerSpectrum } from './welch.js';
export { EEG_BANDS, BAND_NAMES, bandBins, bandPower, bandPowers, bandTable, type Band, type BandName, type BandPowerTable } from './bands.js';
export {
  INDEX_CHANNELS,
  BIOMARKER_DEFAULTS,
  BiomarkerWindow,
  BiomarkerTracker,
  biomarkerSeries,
  type BiomarkerName,
  type BiomarkerOptions,
  type BiomarkerBaseline,
  type BiomarkerTrackerOptions,
  type BiomarkerSeries,
} from './biomarkers.js';
