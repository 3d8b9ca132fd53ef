/**
 * The body wave from the piano modes ("The Worm Dances to Chopin", Ghayoomie 2026, Part V; docs/design/worm.md) and
 * navigation from it.
 *
 * Four numbers of a musical frame set the 95 body-wall muscles (quadrant q ∈ {DL, VL, DR, VR}, segment s = 0 head …
 * 23 tail):
 *
 *     mus[q, s] = g_q · A · (1 + sin(φ(s) + φ_q)) / 2 + σ_q · (b·A/2 − h(s)·κ·ℓ·A),   φ(s) = φ0 + s·2π/24,
 *
 * with φ_q = 0, π, ε, π + ε for DL, VL, DR, VR (ε = 0.05 rad, PyANNOW v2's bilateral offset), σ_q = +1 dorsal and −1
 * ventral, and
 * - A, the amplitude (mode 0);
 * - φ0, the wave phase (mode 1 shifts it; the wave clock advances it, so the crest runs head → tail, or back);
 * - b, the dorsal/ventral bias (mode 2): the body curls toward one side;
 * - ℓ, the left/right offset (mode 3): the left quadrants contract by g = 1 + ℓ, the right ones by 1 − ℓ, the
 *   steady turning signal (ε alone gives only a signal that changes sign twice a cycle); and, because the 2-D body
 *   model bends only dorsally and ventrally (worms crawl on their side), the same ℓ bends the head ventrally
 *   (h(s) = 1 over the first four segments, tapering to 0 at the eighth; κ = 0.5) — so a worm told "left" turns left.
 *
 * **Why PyANNOW v2's navigation uses headDL vs headDR.** On one side, DL + VL = g·A·[(1 + sin θ) + (1 + sin(θ + π))]/2
 * + (b·A/2 − h·κ·ℓ·A) − (b·A/2 − h·κ·ℓ·A) = g·A: the sine terms cancel exactly (sin(θ + π) = −sin θ), and so do the
 * bias and steering terms. (DL + VL)/2 = g·A/2 whatever the wave's phase — PyANNOW v2 wrote A/4, an arithmetic slip —
 * so a dorsal+ventral average carries no locomotion signal. The two dorsal head quadrants do not cancel:
 * headDL − headDR = mean over s = 0…7 of (DL − DR) ≈ ℓ·A·(1 + sin θ̄) plus an ε-term of order ε·A/2.
 */
import { BODY_WALL_MUSCLES, MUSCLES_PER_QUADRANT, type Quadrant } from '../model/anatomy.js';

/** The dance's behaviours, in the order reports list them. */
export const DANCE_BEHAVIOURS = ['HALT', 'FORWARD', 'FWD+L', 'FWD+R', 'BACKWARD'] as const;
export type DanceBehaviour = (typeof DANCE_BEHAVIOURS)[number];

/** Phase offset of each quadrant (rad): dorsal in phase, ventral in antiphase, right lagging left by ε. */
export const BILATERAL_OFFSET_RAD = 0.05;
export const QUADRANT_PHASE: Record<Quadrant, number> = { DL: 0, VL: Math.PI, DR: BILATERAL_OFFSET_RAD, VR: Math.PI + BILATERAL_OFFSET_RAD };

/** Head segments the navigation reads (s = 0…7, PyANNOW v2's headDL / headDR). */
export const HEAD_SEGMENTS = 8;

/** One frame's wave parameters. */
export interface BodyWaveFrame {
  /** Amplitude A ≥ 0 (activation units). */
  amplitude: number;
  /** Phase φ0 at the head (rad). */
  phase: number;
  /** Dorsal/ventral bias b (share of A; positive: dorsal). */
  dorsoventralBias: number;
  /** Left/right offset ℓ in [−1, 1] (positive: left). */
  leftRight: number;
}

/** Settings of the wave and the navigation. */
export interface BodyWaveSettings {
  /** Head steering gain κ (share of ℓ·A moved from dorsal to ventral in the head). */
  steering: number;
  /** Below this amplitude the worm halts. */
  haltBelow: number;
  /** |headDL − headDR| above this share of A turns. */
  turnThreshold: number;
}

export const BODY_WAVE_DEFAULTS: BodyWaveSettings = { steering: 0.5, haltBelow: 0.08, turnThreshold: 0.08 };

/** Quadrant, segment (0 head … 23 tail), phase offset and side sign of each of the 95 muscles, in BODY_WALL_MUSCLES order. */
const LAYOUT = BODY_WALL_MUSCLES.map((m) => ({
  quadrant: m.quadrant,
  segment: m.number - 1,
  phase: QUADRANT_PHASE[m.quadrant],
  dorsal: m.side === 'dorsal' ? 1 : -1,
  left: m.quadrant[1] === 'L' ? 1 : -1,
}));
const SEG_PHASE = Float64Array.from(LAYOUT, (l) => (l.segment * 2 * Math.PI) / MUSCLES_PER_QUADRANT + l.phase);
const SIDE = Float64Array.from(LAYOUT, (l) => l.dorsal);
const LEFT = Float64Array.from(LAYOUT, (l) => l.left);
/** h(s): 1 over segments 0–3, tapering to 0 at 8. */
const HEAD_TAPER = Float64Array.from(LAYOUT, (l) => (l.segment < 4 ? 1 : l.segment < HEAD_SEGMENTS ? (HEAD_SEGMENTS - l.segment) / 4 : 0));
const HEAD_DL = LAYOUT.flatMap((l, i) => (l.quadrant === 'DL' && l.segment < HEAD_SEGMENTS ? [i] : []));
const HEAD_DR = LAYOUT.flatMap((l, i) => (l.quadrant === 'DR' && l.segment < HEAD_SEGMENTS ? [i] : []));

/**
 * Writes the 95 activations of one frame into `out` (BODY_WALL_MUSCLES order), clipped to [0, 1] when `clip`.
 * Allocation-free.
 * @example
 * const mus = new Float64Array(95);
 * bodyWaveActivations({ amplitude: 0.8, phase: 0, dorsoventralBias: 0, leftRight: 0 }, mus);
 */
export function bodyWaveActivations(frame: BodyWaveFrame, out: Float64Array, settings: BodyWaveSettings = BODY_WAVE_DEFAULTS, clip = true): Float64Array {
  const A = frame.amplitude;
  const l = frame.leftRight;
  const bias = (frame.dorsoventralBias * A) / 2;
  const steer = settings.steering * l * A;
  for (let i = 0; i < out.length; i++) {
    const gain = 1 + LEFT[i]! * l;
    const v = (gain * A * (1 + Math.sin(frame.phase + SEG_PHASE[i]!))) / 2 + SIDE[i]! * (bias - HEAD_TAPER[i]! * steer);
    out[i] = clip ? (v < 0 ? 0 : v > 1 ? 1 : v) : v;
  }
  return out;
}

/** Mean activation of the dorsal-left and dorsal-right head quadrants (s = 0…7). */
export function headDorsal(activations: ArrayLike<number>): { headDL: number; headDR: number } {
  let dl = 0;
  let dr = 0;
  for (const i of HEAD_DL) dl += activations[i]!;
  for (const i of HEAD_DR) dr += activations[i]!;
  return { headDL: dl / HEAD_DL.length, headDR: dr / HEAD_DR.length };
}

/**
 * The behaviour commanded by a frame's amplitude, wave direction and head difference headDL − headDR (see
 * {@link headDorsal}; the dance smooths it over a wave cycle): HALT when the amplitude is below `haltBelow`;
 * BACKWARD when the wave runs tail → head; otherwise FWD+L / FWD+R when the difference exceeds ±turnThreshold·A,
 * else FORWARD.
 * @example
 * const { headDL, headDR } = headDorsal(new Float64Array(95).fill(0.5));
 * navigate(headDL - headDR, 0.8, 1); // → 'FORWARD' — no left–right difference
 */
export function navigate(headDifference: number, amplitude: number, direction: number, settings: BodyWaveSettings = BODY_WAVE_DEFAULTS): DanceBehaviour {
  if (amplitude < settings.haltBelow) return 'HALT';
  if (direction < 0) return 'BACKWARD';
  if (headDifference > settings.turnThreshold * amplitude) return 'FWD+L';
  if (headDifference < -settings.turnThreshold * amplitude) return 'FWD+R';
  return 'FORWARD';
}
