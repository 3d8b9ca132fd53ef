/**
 * The visual duet offline: a clip's motion features drive the duet — the motion energy is what the listener hears
 * (and through it the drummer), the height of the moving mass pulls the melodist's register — and the run is
 * measured against the motion: the motion–rhythm correlation with its permutation p ({@link motionRhythmCorrelation}),
 * the drummer's timing, its phase locking to the motion's own frequency, and how the melody follows the height.
 * docs/duet.md ("The visual duet") has the commands and the figures.
 */
import type { MotionFeatures } from '../../analysis/video/motion.js';
import { dominantFrequency } from '../../analysis/video/rhythm.js';
import { beatTiming, type BeatTiming } from './descriptors.js';
import { composeDuet, type ComposeDuetOptions, type DuetRun } from './compose.js';
import { DUET_VOICES } from './engine.js';
import { parseDuetParams } from './params.js';
import { motionRhythmCorrelation, type MotionRhythmCorrelation, type MotionRhythmOptions } from './motion-rhythm.js';
import { motionCyclePhase, motionToDuetInput, type MotionDuetOptions } from './video-input.js';

/** Options of {@link composeMotionDuet}: the duet's own (seconds default: the clip's length) and the measures'. */
export interface MotionDuetRunOptions extends Omit<ComposeDuetOptions, 'seconds' | 'input' | 'register'> {
  seconds?: number;
  /** The measures skip the drummer's entrainment transient: from this time on (s; default 2, at most a third of the run). */
  settleSeconds?: number;
  correlation?: Omit<MotionRhythmOptions, 'startSeconds'>;
  /** How the motion becomes what the listener hears (default: `rise`, the moments motion picks up). */
  input?: MotionDuetOptions;
  /** Let the height steer the melodist (default true). */
  register?: boolean;
  /**
   * How dominant the motion's periodogram peak must be (share of the band's power in its main lobe) for the duet
   * to be told the motion's cycle, so that a drummer far above it locks n:1 (default 0.65; above 1: never).
   */
  lockMinStrength?: number;
}

/** The least frequency learning λ1 of a drummer that locks n:1 to a periodic motion. */
export const N_TO_ONE_LAMBDA1 = 1.5;

/** The beats-a-cycle ratios the locking is measured at. */
const LOCK_RATIOS = [0.5, 1, 2, 3, 4];

/** The default of {@link MotionDuetRunOptions.lockMinStrength}. */
export const MOTION_LOCK_MIN_STRENGTH = 0.65;

/** Phase locking of the drummer's beats to the motion's frequency f at the ratio k (beats ≈ k·f). */
export interface BeatLocking {
  /** The motion's dominant frequency, from the more periodic position track (Hz; NaN when neither has one). */
  motionHz: number;
  /** How dominant that peak is (share of the band's power in its main lobe). */
  motionStrength: number;
  /** Which position track gave it. */
  track: 'vertical' | 'horizontal';
  /** The ratio k ∈ {1/2, 1, 2, 3, 4} nearest the drummer's tempo over f: beats a cycle. */
  ratio: number;
  /**
   * k:1 phase locking: |mean e^{i(φ_drum − k·φ_motion)}| over the beats t_b after the transient (φ_drum ≡ 0 at a
   * beat; φ_motion the cycle's phase, {@link motionCyclePhase}; Lachaux et al. 1999): 1 locked, ≈ 0 not.
   */
  plv: number;
}

/** A visual duet and its measures. */
export interface MotionDuetRun {
  run: DuetRun;
  features: MotionFeatures;
  /** The envelope the listener heard, one value a frame (before the duet's own shaping). */
  heard: Float64Array;
  /** The height series the melodist followed (0 bottom … 1 top), one value a frame. */
  height: Float64Array;
  settleSeconds: number;
  correlation: MotionRhythmCorrelation;
  timing: BeatTiming;
  locking: BeatLocking;
  /** Pearson r of each melody note's pitch with the height at its onset (NaN with fewer than 3 notes or no spread). */
  melodyHeightR: number;
  /** Mean velocity of the kick and snare strokes (the drummer's accents) after the transient. */
  accentVelocity: number;
}

/**
 * Runs the duet on a clip's motion and measures it.
 * @example
 * import { motionFeatures } from '../../analysis/video/motion.js';
 * import { videoStimulus } from './video-stimuli.js';
 * const clip = videoStimulus('bouncing-ball', { seconds: 8, width: 96, height: 72, rateHz: 2.2 });
 * const m = composeMotionDuet(motionFeatures(clip.frames, clip), { seed: 1, correlation: { permutations: 99 } });
 * m.locking.motionHz; // → 2.2
 * m.timing.meanTempoBpm > 125; // → true — the drummer left its 120 bpm for the ball's 132
 */
export function composeMotionDuet(features: MotionFeatures, options: MotionDuetRunOptions = {}): MotionDuetRun {
  const { seconds: wanted, settleSeconds: settleWanted, correlation: corr, input: inputOptions, register, lockMinStrength, ...duet } = options;
  const n = features.energy.length;
  if (n === 0) throw new RangeError('the video has no frames');
  const seconds = wanted ?? n / features.fps;
  const settleSeconds = Math.min(settleWanted ?? 2, seconds / 3);
  const { input, height } = motionToDuetInput(features, { envelope: 'rise', ...inputOptions });
  // The motion's frequency from the position track that is more periodic: the height, or the horizontal position
  // (a cart on a track, a pendulum swinging sideways).
  const peakY = dominantFrequency(features.y, features.fps);
  const peakX = dominantFrequency(features.x, features.fps);
  const horizontal = peakX.strength > peakY.strength && Number.isFinite(peakX.frequencyHz);
  const peak = horizontal ? peakX : Number.isFinite(peakY.frequencyHz) ? peakY : peakX;
  // A clearly periodic motion (one peak holding most of the band's power) tells the duet its frequency: a drummer
  // far above it then plays n beats a cycle (n:1 locking, docs/design/duet.md#video-coupling).
  const periodic = (lockMinStrength ?? MOTION_LOCK_MIN_STRENGTH) <= peak.strength && Number.isFinite(peak.frequencyHz);
  if (periodic) input.cycle = { frequencyHz: peak.frequencyHz, phase: motionCyclePhase(peak === peakX ? features.x : features.y, features.fps, peak.frequencyHz) };
  // Locking n:1 (n ≥ 2) asks the drummer to move its tempo further from f0 than 1:1 entrainment does, and a real
  // bounce's period drifts: faster Hebbian frequency learning (λ1 at least 1.5) lets the learned tempo follow.
  const { f0Hz: f0, lambda1 } = parseDuetParams({ drummer: duet.drummer }).drummer;
  const nToOne = periodic && Math.round(f0 / peak.frequencyHz) >= 2;
  const drummer = nToOne ? { ...duet.drummer, lambda1: Math.max(lambda1, N_TO_ONE_LAMBDA1) } : duet.drummer;
  const run = composeDuet({ ...duet, ...(drummer ? { drummer } : {}), seconds, input, ...(register === false ? {} : { register: height }) });
  const drums = run.score.notes.filter((x) => x.voice === DUET_VOICES.drums);
  const beatsAfter = run.beats.filter((t) => t >= settleSeconds);
  const timing = beatTiming(run.beats, settleSeconds);
  const beatSeconds = 60 / timing.meanTempoBpm;
  // The lag window is one beat, or a quarter of what is left after the transient when the clip is that short.
  const rateHz = corr?.rateHz ?? features.fps;
  const fit = Math.floor(((seconds - settleSeconds) * rateHz - 3) / 4) / rateHz;
  const correlation = motionRhythmCorrelation({ values: input.envelope, sampleRateHz: input.sampleRateHz }, drums, seconds, {
    maxLagSeconds: Math.max(0, Math.min(Number.isFinite(beatSeconds) ? beatSeconds : 0.5, fit)),
    ...corr,
    startSeconds: settleSeconds,
  });
  const tempoHz = timing.meanTempoBpm / 60;
  let ratio = NaN;
  let plv = NaN;
  if (Number.isFinite(peak.frequencyHz) && Number.isFinite(tempoHz)) {
    ratio = LOCK_RATIOS.reduce((best, k) => (Math.abs(Math.log(tempoHz / (k * peak.frequencyHz))) < Math.abs(Math.log(tempoHz / (best * peak.frequencyHz))) ? k : best));
    // n:1 locking: at each beat the drummer's phase is 0 (mod 2π), so φ_drum − k·φ_motion = −k·φ_motion(t_b), with
    // φ_motion the cycle's measured phase (a real bounce's period drifts; a fixed frequency would not follow it).
    const cycle = motionCyclePhase(peak === peakX ? features.x : features.y, features.fps, peak.frequencyHz);
    let re = 0;
    let im = 0;
    for (const t of beatsAfter) {
      const u = Math.min(n - 1, t * features.fps);
      const i = Math.min(n - 2, Math.floor(u));
      const phi = n > 1 ? cycle[i]! + (u - i) * (cycle[i + 1]! - cycle[i]!) : cycle[0]!;
      re += Math.cos(ratio * phi);
      im += Math.sin(ratio * phi);
    }
    plv = beatsAfter.length ? Math.hypot(re, im) / beatsAfter.length : NaN;
  }
  const melody = run.score.notes.filter((x) => x.voice === DUET_VOICES.melody && x.onset >= settleSeconds);
  const heights = melody.map((x) => height.values[Math.min(n - 1, Math.round(x.onset * features.fps))]!);
  const accents = drums.filter((x) => x.onset >= settleSeconds && (x.pitch === 36 || x.pitch === 38));
  return {
    run,
    features,
    heard: Float64Array.from(input.envelope),
    height: height.values,
    settleSeconds,
    correlation,
    timing,
    locking: { motionHz: peak.frequencyHz, motionStrength: peak.strength, track: peak === peakX ? 'horizontal' : 'vertical', ratio, plv },
    melodyHeightR: pearsonOrNaN(melody.map((x) => x.pitch), heights),
    accentVelocity: accents.length ? accents.reduce((s, x) => s + x.velocity, 0) / accents.length : NaN,
  };
}

function pearsonOrNaN(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 3) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
