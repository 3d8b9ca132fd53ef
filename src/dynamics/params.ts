/**
 * Parameters of the resonance engines, validated once at the boundary (zod), with their defaults beside them.
 * Sources: Large, Almonte & Velasco 2010 (Physica D 239:905) for the canonical oscillator; Kim & Large 2015
 * (Front Comput Neurosci 9:152) for its parameter regimes; Large, Herrera & Velasco 2015 (Front Syst Neurosci
 * 9:159) for the beat network; Roman, Roman, Kim & Large 2023 (PLoS Comput Biol 19:e1011154) for ASHLE; Lorenz
 * 1963 (J Atmos Sci 20:130).
 */
import { z } from 'zod';

const finite = z.number().finite();

/**
 * The canonical oscillator's intrinsic parameters (Large et al. 2010, eq. 20):
 * dz/dt = z(α + iω + (β1 + iδ1)|z|² + ε(β2 + iδ2)|z|⁴/(1 − ε|z|²)) + input.
 */
export const CanonicalParamsSchema = z.object({
  alpha: finite,
  beta1: finite,
  beta2: finite,
  delta1: finite.default(0),
  delta2: finite.default(0),
  epsilon: z.number().min(0).max(100),
});
export type CanonicalParams = z.infer<typeof CanonicalParamsSchema>;

/**
 * Named regimes (GrFNN Toolbox example 1; classes of Kim & Large 2015). The spontaneous amplitude of each is
 * the positive root of ε(β2 − β1)r⁴ + (β1 − εα)r² + α = 0, when it exists.
 */
export const CANONICAL_REGIMES = {
  /** Damped linear oscillator: r = F/√(α² + Ω²). */
  linear: { alpha: -1, beta1: 0, beta2: 0, delta1: 0, delta2: 0, epsilon: 1 },
  /** Critical Hopf: no spontaneous oscillation, compressive response r ≈ (F/|β1|)^{1/3} at resonance. */
  critical: { alpha: 0, beta1: -1, beta2: -1, delta1: 0, delta2: 0, epsilon: 1 },
  /** Supercritical Hopf: a limit cycle of radius 1/√2 for these values. */
  supercritical: { alpha: 1, beta1: -1, beta2: -1, delta1: 0, delta2: 0, epsilon: 1 },
  /** Large, Herrera & Velasco 2015, layer 1 (sensory): just above criticality, β2 keeps |z| below the pole. */
  beatSensory: { alpha: 1e-5, beta1: 0, beta2: -2, delta1: 0, delta2: 0, epsilon: 1 },
} as const satisfies Record<string, CanonicalParams>;

/** How the stimulus x enters an oscillator (Large et al. 2010; Toolbox `zdot`). */
export const InputCouplingSchema = z.enum(['linear', 'active', 'full']);
export type InputCoupling = z.infer<typeof InputCouplingSchema>;

/** A gradient-frequency bank: oscillators log-spaced over [lowHz, highHz]. */
export const GrfnnOptionsSchema = z
  .object({
    lowHz: z.number().positive().finite(),
    highHz: z.number().positive().finite(),
    count: z.number().int().min(1).max(10_000),
    params: CanonicalParamsSchema,
    /** linear: w·x; active: w·x·A(ε, z̄); full: w·P(ε, x)·A(ε, z̄) — Large 2010's canonical input term. */
    coupling: InputCouplingSchema.default('full'),
    /** Stimulus weight w. */
    inputGain: z.number().finite().default(1),
    /**
     * Toolbox default: every term (input included) is multiplied by the oscillator's frequency, so time runs
     * in each oscillator's own cycles and bandwidths are proportional to frequency (constant Q).
     */
    timeScaled: z.boolean().default(true),
  })
  .refine((o) => o.highHz >= o.lowHz, { message: 'highHz must be at least lowHz' });
export type GrfnnOptions = z.input<typeof GrfnnOptionsSchema>;

/**
 * ASHLE (Roman et al. 2023): a sensory and a motor Hopf oscillator (α = 1, β = −1) with Hebbian frequency
 * learning (λ1), elasticity of the motor frequency back to the spontaneous rate f0 (λ2) and of the sensory
 * frequency toward the motor one (γ). Defaults are DedAI-Neurodynamics' (docs/design/dynamics.md; f0 = 2 Hz,
 * λ1 = 0.5, λ2 = 2.0, γ = 0.01); the paper fitted λ1 = 4, λ2 = 2, γ = 0.02.
 */
export const AshleParamsSchema = z.object({
  spontaneousHz: z.number().positive().max(100).default(2),
  lambda1: z.number().min(0).max(1000).default(0.5),
  lambda2: z.number().min(0).max(1000).default(2),
  gamma: z.number().min(0).max(1000).default(0.01),
  alpha: finite.default(1),
  beta: finite.default(-1),
  /** Stimulus gain F. */
  forcing: z.number().min(0).max(100).default(1),
  /** Standard deviation of complex white noise added to the motor oscillator, per √s (0 = deterministic). */
  motorNoise: z.number().min(0).max(100).default(0),
});
export type AshleParams = z.infer<typeof AshleParamsSchema>;
export const DEFAULT_ASHLE: AshleParams = AshleParamsSchema.parse({});

/** The Lorenz system, with the classic parameters (σ = 10, ρ = 28, β = 8/3) as defaults. */
export const LorenzParamsSchema = z.object({
  sigma: finite.default(10),
  rho: finite.default(28),
  beta: finite.default(8 / 3),
});
export type LorenzParams = z.infer<typeof LorenzParamsSchema>;
export const DEFAULT_LORENZ: LorenzParams = LorenzParamsSchema.parse({});
