/**
 * The drummer retuned to a visible periodic motion, as a musician counts a slow swing in two or four: the motion's
 * dominant frequency f̂ (estimated causally by the motion tracker over its sliding window, analysis/video/motion.ts)
 * picks a metrical ratio n — the number of beats per motion cycle that brings n·f̂ into the drummer's comfortable
 * range of beat rates — and the drummer's spontaneous tempo f0·s relaxes toward n·f̂:
 *
 *     ds/dt = (s* − s)/τ,   s* = n·f̂/f0 while the motion has a dominant rhythm (strength ≥ `minStrength`), else 1,
 *
 * τ = 1 s. ASHLE's own entrainment (the listener hears the motion's rises) then sets the phase; the retuning only
 * moves the rate it prefers (its f0, through the `tempoScale` control), which ASHLE alone cannot move further than its
 * entrainment range (about ±10 % of f0; docs/design/duet.md). n keeps its value while n·f̂ stays in range (no flipping
 * between 2 and 3 beats a cycle on a wandering estimate); otherwise the n whose n·f̂ lies nearest f0 (on a log
 * scale) is taken. Causal and allocation-free per frame: a live camera feeds the same follower frame by frame.
 * docs/design/duet.md ("Video coupling") has the equation and the measured effect.
 */
import { controlsAt, type ControlTrack } from './control-track.js';
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';

/** Options of the retuning. */
export interface MotionTempoOptions {
  /** The drummer's comfortable beat rates, beats per second (defaults 1.2 and 2.6). */
  minBeatHz?: number;
  maxBeatHz?: number;
  /** The beats per motion cycle that may be chosen (default 1/2, 1, 2, 3, 4). */
  ratios?: readonly number[];
  /** Least rhythm strength (the periodogram's main-lobe share of the band's power) for the motion to count (default 0.85). */
  minStrength?: number;
  /** Time constant τ of the retuning, seconds (default 1). */
  timeConstantSeconds?: number;
}

export const MOTION_TEMPO_DEFAULTS = { minBeatHz: 1.2, maxBeatHz: 2.6, ratios: [0.5, 1, 2, 3, 4], minStrength: 0.85, timeConstantSeconds: 1 } as const;

/**
 * The beats per motion cycle n that puts n·motionHz inside [minBeatHz, maxBeatHz], nearest `preferredHz` on a log
 * scale (NaN when none does).
 * @example
 * metricalRatio(0.82, 2); // → 2 — a 0.82-Hz bounce in two: 1.64 beats a second
 * metricalRatio(3, 2); // → 0.5
 */
export function metricalRatio(motionHz: number, preferredHz: number, options: MotionTempoOptions = {}): number {
  const lo = options.minBeatHz ?? MOTION_TEMPO_DEFAULTS.minBeatHz;
  const hi = options.maxBeatHz ?? MOTION_TEMPO_DEFAULTS.maxBeatHz;
  let best = NaN;
  if (!(motionHz > 0)) return best;
  for (const n of options.ratios ?? MOTION_TEMPO_DEFAULTS.ratios) {
    const beat = n * motionHz;
    if (beat < lo || beat > hi) continue;
    if (!(Math.abs(Math.log(beat / preferredHz)) >= Math.abs(Math.log((best * motionHz) / preferredHz)))) best = n;
  }
  return best;
}

/**
 * Follows a motion's frequency estimates frame by frame and gives the drummer's tempo scale s (see the module's
 * equation). `push` allocates nothing.
 * @example
 * const follow = new MotionTempoFollower(2);
 * for (let k = 0; k < 300; k++) follow.push(0.82, 0.9, 1 / 30); // 10 s of a 0.82-Hz bounce
 * [follow.ratio, +follow.tempoScale.toFixed(2)]; // → [2, 0.82]
 */
export class MotionTempoFollower {
  /** The tempo scale s now, and its target s*. */
  tempoScale = 1;
  targetScale = 1;
  /** Beats per motion cycle now (NaN while no rhythm counts). */
  ratio = NaN;
  private readonly options: Required<MotionTempoOptions>;

  constructor(readonly f0Hz: number, options: MotionTempoOptions = {}) {
    if (!(f0Hz > 0)) throw new RangeError(`the drummer's f0 must be positive, got ${f0Hz}`);
    this.options = { ...MOTION_TEMPO_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.minBeatHz > 0 && o.maxBeatHz > o.minBeatHz)) throw new RangeError(`need 0 < minBeatHz < maxBeatHz, got ${o.minBeatHz}–${o.maxBeatHz}`);
    if (!(o.timeConstantSeconds > 0)) throw new RangeError(`the retuning time constant must be positive, got ${o.timeConstantSeconds}`);
  }

  reset(): void {
    this.tempoScale = 1;
    this.targetScale = 1;
    this.ratio = NaN;
  }

  /** One frame: the motion's frequency estimate (NaN for none) and its strength, `dtSeconds` after the last. */
  push(frequencyHz: number, strength: number, dtSeconds: number): number {
    const o = this.options;
    if (frequencyHz > 0 && strength >= o.minStrength) {
      const kept = this.ratio * frequencyHz;
      if (!(kept >= o.minBeatHz && kept <= o.maxBeatHz)) this.ratio = metricalRatio(frequencyHz, this.f0Hz, o);
    } else {
      this.ratio = NaN;
    }
    this.targetScale = Number.isFinite(this.ratio) ? (this.ratio * frequencyHz) / this.f0Hz : 1;
    // The exact step of the first-order lag over dt with the target held.
    this.tempoScale += (1 - Math.exp(-Math.max(0, dtSeconds) / o.timeConstantSeconds)) * (this.targetScale - this.tempoScale);
    return this.tempoScale;
  }
}

/** The retuning over a clip: the control track the duet plays and, per frame, the ratio and the tempo scale. */
export interface MotionTempoTrack {
  track: ControlTrack;
  ratio: Float64Array;
  tempoScale: Float64Array;
}

/**
 * Runs a {@link MotionTempoFollower} over per-frame frequency estimates (frame i at i/fps) and writes the result as a
 * control track: one keyframe a frame, the `base` track's controls (default: the defaults) with their tempoScale
 * multiplied by s (so an EEG mapping still speeds or slows the drummer around the motion's tempo).
 * @example
 * const frames = 90;
 * const t = motionTempoTrack(new Float64Array(frames).fill(0.8), new Float64Array(frames).fill(0.9), 30, 2);
 * [t.ratio[frames - 1], +t.tempoScale[frames - 1]!.toFixed(2)]; // → [2, 0.81] — 3 s of a 0.8-Hz motion, in two: s → 0.8
 */
export function motionTempoTrack(frequencyHz: ArrayLike<number>, strength: ArrayLike<number>, fps: number, f0Hz: number, options: MotionTempoOptions = {}, base: ControlTrack = []): MotionTempoTrack {
  const n = frequencyHz.length;
  const follow = new MotionTempoFollower(f0Hz, options);
  const ratio = new Float64Array(n);
  const tempoScale = new Float64Array(n);
  const track: { timeSeconds: number; controls: DuetControls }[] = [];
  const at: DuetControls = { ...DEFAULT_DUET_CONTROLS };
  for (let i = 0; i < n; i++) {
    tempoScale[i] = follow.push(frequencyHz[i]!, strength[i]!, i === 0 ? 0 : 1 / fps);
    ratio[i] = follow.ratio;
    const t = i / fps;
    controlsAt(base, t, at);
    track.push({ timeSeconds: t, controls: { ...at, tempoScale: Math.min(4, at.tempoScale * tempoScale[i]!) } });
  }
  // The base track's keyframes after the clip keep their own controls, scaled by the last s.
  for (const k of base) if (k.timeSeconds > (n - 1) / fps) track.push({ timeSeconds: k.timeSeconds, controls: { ...k.controls, tempoScale: Math.min(4, k.controls.tempoScale * tempoScale[n - 1]!) } });
  return { track, ratio, tempoScale };
}
