/**
 * The numbers a run is judged by, for the whole run and for each step of its command script: undulation frequency,
 * wavelength and direction of the body wave, speed along the body axis, heading change, behaviour shares. The first
 * seconds after each command change are left out (the command interneurons and the body settle).
 */
import { axialVelocity, behaviourShares, centroidSpeed, curvatureVariance, dorsoventralCorrelation, headingChange, travellingWave, undulationSpectrum } from './analysis.js';
import type { Behaviour } from './behaviour.js';
import type { CommandAction, CommandSchedule } from './command.js';
import type { WormRecording } from './simulate.js';

/** Metrics over one time window. */
export interface WindowSummary {
  fromS: number;
  toS: number;
  undulationHz: number | null;
  wavelengthBodyLengths: number | null;
  waveDirection: 'head-to-tail' | 'tail-to-head' | null;
  axialVelocityMmPerS: number | null;
  centroidSpeedMmPerS: number | null;
  headingChangeRad: number | null;
  dorsoventralCorrelation: number | null;
  curvatureVariancePerMm2: number | null;
  behaviour: Record<Behaviour, number> | null;
}

export interface SegmentSummary extends WindowSummary {
  action: CommandAction;
}

export interface RecordingSummary {
  durationS: number;
  frames: number;
  frameRate: number;
  wallSeconds: number;
  /** Simulated seconds per wall-clock second. */
  realTimeFactor: number;
  overall: WindowSummary;
  segments: SegmentSummary[];
}

/** Seconds skipped after each command change. */
export const SETTLE_S = 2;

/**
 * Summarises a window [fromS, toS]; metrics that need more data than the window holds are null.
 * @example
 * const rec = simulateWorm({ seconds: 4, params: { environment: { medium: 0 } } });
 * summarizeWindow(rec, 1, 4).undulationHz; // ≈ 2 in water
 */
export function summarizeWindow(rec: WormRecording, fromS: number, toS: number): WindowSummary {
  const w = { fromS, toS };
  const span = toS - fromS;
  const enough = span * rec.frameRate >= 16;
  const rhythm = span >= 3;
  let spectrumHz: number | null = null;
  let wave: ReturnType<typeof travellingWave> | null = null;
  if (rhythm) {
    spectrumHz = undulationSpectrum(rec, w).peakHz;
    wave = travellingWave(rec, w, spectrumHz);
  }
  return {
    fromS,
    toS,
    undulationHz: spectrumHz,
    wavelengthBodyLengths: wave ? wave.wavelengthBodyLengths : null,
    waveDirection: wave ? wave.direction : null,
    axialVelocityMmPerS: enough ? axialVelocity(rec, w) : null,
    centroidSpeedMmPerS: enough ? centroidSpeed(rec, w) : null,
    headingChangeRad: enough ? headingChange(rec, w) : null,
    dorsoventralCorrelation: enough ? finiteOrNull(dorsoventralCorrelation(rec, w)) : null,
    curvatureVariancePerMm2: enough ? curvatureVariance(rec, w) : null,
    behaviour: enough ? behaviourShares(rec, w) : null,
  };
}

/** Summarises a run, overall (after the first settling seconds) and per command step. */
export function summarizeRecording(rec: WormRecording, schedule?: CommandSchedule): RecordingSummary {
  const end = rec.times[rec.frames - 1]!;
  const overall = summarizeWindow(rec, Math.min(SETTLE_S, end / 4), end);
  const segments: SegmentSummary[] = [];
  const steps = schedule?.steps ?? [{ action: 'forward' as const, startS: 0, endS: Infinity }];
  for (const s of steps) {
    if (s.startS >= end) break;
    const from = Math.min(s.startS + SETTLE_S, (s.startS + Math.min(s.endS, end)) / 2);
    const to = Math.min(s.endS, end);
    segments.push({ action: s.action, ...summarizeWindow(rec, from, to) });
  }
  return { durationS: end, frames: rec.frames, frameRate: rec.frameRate, wallSeconds: rec.wallSeconds, realTimeFactor: end / rec.wallSeconds, overall, segments };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
