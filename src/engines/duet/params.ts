/**
 * The Neural Duet's parameters, validated once at the boundary (zod), with their defaults beside them. The
 * drummer's defaults are DedAI-Neurodynamics' ASHLE values (f0 = 2 Hz, λ1 = 0.5, λ2 = 2, γ = 0.01; Roman, Roman,
 * Kim & Large 2023, PLoS Comput Biol 19:e1011154), the melodist's the classic Lorenz ones (σ = 10, ρ = 28,
 * β = 8/3, dt = 0.02; Lorenz 1963, J Atmos Sci 20:130), the listener 30 oscillators over 0.5–8 Hz (Large, Herrera &
 * Velasco 2015, Front Syst Neurosci 9:159). The equations are in docs/design/duet.md.
 */
import { z } from 'zod';
import { parseKey } from '../../score/scales.js';

/**
 * Drum patterns on a bar of 16 sixteenths (slot 0 = beat 1, 4 = beat 2, …): the slots of each instrument.
 * Each beat is one cycle of the drummer's motor oscillator.
 */
export const DRUM_PATTERNS = {
  /** The backbeat: kick on 1 and 3, snare on 2 and 4, closed hi-hat on every eighth. */
  rock: { kick: [0, 8], snare: [4, 12], hihat: [0, 2, 4, 6, 8, 10, 12, 14], openhat: [] },
  /** Kick on every beat, snare on 2 and 4, open hi-hat on the off-beat eighths. */
  'four-on-the-floor': { kick: [0, 4, 8, 12], snare: [4, 12], hihat: [], openhat: [2, 6, 10, 14] },
  /** Half time: kick on 1 and the "and" of 3, snare on 3 only, hi-hat on eighths. */
  'half-time': { kick: [0, 10], snare: [8], hihat: [0, 2, 4, 6, 8, 10, 12, 14], openhat: [] },
  /** A broken beat: kick on 1, the "a" of 2 and the "and" of 3, snare on 2 and 4, hi-hat on sixteenths. */
  breakbeat: { kick: [0, 7, 10], snare: [4, 12], hihat: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], openhat: [] },
} as const satisfies Record<string, Record<'kick' | 'snare' | 'hihat' | 'openhat', readonly number[]>>;
export type DrumPatternName = keyof typeof DRUM_PATTERNS;

/** General MIDI percussion keys (channel 10) of the kit's instruments. */
export const GM_DRUM_KEYS = { kick: 36, snare: 38, hihat: 42, openhat: 46 } as const;

const finite = z.number().finite();
const pitch = z.number().int().min(0).max(127);

export const DuetParamsSchema = z
  .object({
    /** Seed of the one random stream (the melodist's starting point and its choice of slots). */
    seed: z.number().int().default(1),
    /** Rate of the dynamics, steps per second: every oscillator is stepped on this grid. */
    dynamicsHz: z.number().int().min(64).max(4096).default(256),
    drummer: z
      .object({
        /** Spontaneous tempo f0 (beats per second) before the control's tempoScale. */
        f0Hz: z.number().min(0.25).max(8).default(2),
        /** Hebbian frequency learning λ1. */
        lambda1: z.number().min(0).max(100).default(0.5),
        /** Sensory-to-motor frequency elasticity γ. */
        gamma: z.number().min(0).max(100).default(0.01),
        /** Gain F of the listener's output as the ASHLE stimulus. */
        forcing: z.number().min(0).max(10).default(1),
        pattern: z.enum(Object.keys(DRUM_PATTERNS) as [DrumPatternName, ...DrumPatternName[]]).default('rock'),
        /** Seconds each drum note lasts in the score. */
        noteSeconds: z.number().positive().max(2).default(0.1),
      })
      .strict()
      .prefault({}),
    melodist: z
      .object({
        sigma: finite.default(10),
        beta: finite.default(8 / 3),
        /** Lorenz integration step (Lorenz time units). */
        dt: z.number().positive().max(0.05).default(0.02),
        /** Lorenz steps per beat: the attractor's clock runs with the drummer's. */
        stepsPerBeat: z.number().int().min(1).max(256).default(12),
        /** Melodic slots per beat (4 = sixteenths). */
        slotsPerBeat: z.number().int().min(1).max(8).default(4),
        key: z.string().default('D minor'),
        lowPitch: pitch.default(57),
        highPitch: pitch.default(81),
        /** The x range mapped onto the register (the ρ = 28 attractor spans about ±18). */
        xRange: z.tuple([finite, finite]).default([-20, 20]),
        /** Share of the time to the next likely note that a note sounds. */
        legato: z.number().positive().max(1).default(0.9),
        /** How much the listener's pulse (cos of its phase) raises the chance of a note: 0 = not at all. */
        listenerAccent: z.number().min(0).max(1).default(0.5),
        /** With a register series r (0..1): the scale position is (1 − w)·u_x + w·r, w this weight (0 = ignore r). */
        registerWeight: z.number().min(0).max(1).default(0.6),
      })
      .strict()
      .prefault({}),
    listener: z
      .object({
        count: z.number().int().min(1).max(200).default(30),
        lowHz: z.number().positive().default(0.5),
        highHz: z.number().positive().default(8),
        /** Canonical-oscillator damping α (negative: a resonator that rings down without input). */
        alpha: finite.default(-1),
        /** Cubic saturation β1. */
        beta1: finite.default(-1),
        /** Gain of the input envelope into the bank. */
        inputGain: z.number().min(0).max(100).default(1),
        /** Time constant (s) of the alpha-function pulse each onset becomes. */
        pulseSeconds: z.number().positive().max(1).default(0.04),
        /** Without an input: the weight of the drummer's own strokes (kick, snare, hi-hats) in what it hears. */
        drumWeights: z.tuple([finite, finite, finite]).default([1, 0.8, 0.25]),
        /** Time constant (s) of the running phase-locking value. */
        plvSeconds: z.number().positive().default(2),
      })
      .strict()
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    if (p.listener.highHz < p.listener.lowHz) ctx.addIssue({ code: 'custom', message: 'listener.highHz must be at least listener.lowHz' });
    if (p.melodist.highPitch <= p.melodist.lowPitch) ctx.addIssue({ code: 'custom', message: 'melodist.highPitch must be above lowPitch' });
    if (!(p.melodist.xRange[1] > p.melodist.xRange[0])) ctx.addIssue({ code: 'custom', message: 'melodist.xRange must be increasing' });
    try {
      parseKey(p.melodist.key);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });
export type DuetParams = z.infer<typeof DuetParamsSchema>;
export type DuetParamsInput = z.input<typeof DuetParamsSchema>;

/**
 * Validates duet parameters and fills in the defaults; throws a ZodError naming every bad field.
 * @example
 * parseDuetParams({ drummer: { f0Hz: 2.5 } }).drummer.lambda1; // → 0.5
 */
export function parseDuetParams(input: DuetParamsInput = {}): DuetParams {
  return DuetParamsSchema.parse(input);
}
