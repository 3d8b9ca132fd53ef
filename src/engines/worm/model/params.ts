/**
 * Every parameter of the worm model, with its default, unit and source, validated by zod. `parseWormParams({})`
 * gives the defaults; any subset can be overridden (`{ environment: { medium: 0.5 } }`). Sources:
 * [BBC] Boyle, Berri & Cohen 2012 (Front Comput Neurosci 6:10) and its program; [BC08] Boyle & Cohen 2008
 * (BioSystems 94:170) and openworm/muscle_model; see docs/design/worm.md for the equations and sources.
 */
import { z } from 'zod';

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/** Body mechanics [BBC]. */
export const BodyParamsSchema = z.object({
  segments: z.number().int().min(24).max(96).default(48),
  lengthM: positive.default(1e-3),
  diameterM: positive.default(80e-6),
  passiveStiffness24NPerM: positive.default(10e-3),
  passiveDampingTimeS: positive.default(0.025),
  activeToPassiveStiffness: positive.default(20),
  activeDampingFactor: nonNegative.default(5),
  diagonalToPassiveStiffness: positive.default(350),
  diagonalDampingTimeS: positive.default(0.01),
  maxContraction: z.number().min(0).max(0.9).default(0.65),
});

/**
 * The environment, water (medium 0) to agar (medium 1): each drag coefficient is C = C_water + M(C_agar − C_water)
 * [BBC]. Whole-body drag coefficients (kg/s) from BBC, after Berri et al. 2009 and Fang-Yen et al. 2010 (water from
 * the viscosity of water; agar from Niebur & Erdős 1991's measurements).
 */
export const EnvironmentParamsSchema = z.object({
  medium: z.number().min(0).max(1).default(0),
  alongWaterKgPerS: positive.default(3.3e-6),
  acrossWaterKgPerS: positive.default(5.2e-6),
  alongAgarKgPerS: positive.default(3.2e-3),
  acrossAgarKgPerS: positive.default(128e-3),
});

/** The ventral-cord circuit ([BBC] unless noted; see ventral-cord.ts). */
export const NeuralParamsSchema = z.object({
  units: z.number().int().min(4).max(48).default(12),
  /** Motor-neuron time constant (s); BBC's neurons switch within their 1 ms update. */
  motorTauS: positive.default(0.01),
  /** Command-interneuron time constant (s). */
  commandTauS: positive.default(0.05),
  /** Bistable B/A neurons: ON threshold (BBC 0.5 + H/2) and hysteresis width H (BBC 0.5). */
  onThreshold: z.number().default(0.75),
  hysteresis: nonNegative.default(0.5),
  /** Slope of the output sigmoid of motor neurons (per unit potential); BBC's units are binary. */
  motorGain: positive.default(40),
  /** Tonic drive to every B neuron from AVB + PVC (BBC's I_on = 0.675), and to every A neuron from AVA + AVD. */
  forwardDrive: z.number().default(0.675),
  backwardDrive: z.number().default(0.675),
  /** Bias on ventral B and A neurons compensating the one-way VD ⊣ VB inhibition (BBC's I_bias). */
  ventralBias: z.number().default(0.5),
  dInhibition: nonNegative.default(1),
  /** Mutual inhibition between the forward and backward command interneurons. */
  commandInhibition: nonNegative.default(2),
  /** Stretch-receptor field in units (BBC N_SR = 6) and gain (BBC 0.65). */
  stretchReceptorUnits: z.number().int().min(1).max(48).default(6),
  stretchGain: nonNegative.default(0.65),
  /** Dorsal stretch scaling when stretched / compressed (BBC 0.8 / 1.2), helps the worm go straight. */
  dorsalStretchScale: z.number().default(0.8),
  dorsalCompressionScale: z.number().default(1.2),
  /** NMJ strength 0.7(1 − 0.6 j/48), head segment ÷ 1.5 [BBC]. */
  nmjWeight: nonNegative.default(0.7),
  nmjGradient: z.number().min(0).max(1).default(0.6),
  headNmjDivisor: z.number().min(1).default(1.5),
  /** Gap junctions between neighbouring B (and A) neurons; BBC: 0, "virtually no effect". */
  neighbourCoupling: nonNegative.default(0),
  /** Head bias for turns: number of head units it reaches and its strength at full bias. */
  turnUnits: z.number().int().min(1).max(12).default(3),
  turnGain: nonNegative.default(0.25),
  /** Standard deviation of white noise on motor-neuron inputs (per √s); 0 = deterministic without the seed. */
  noisePerSqrtS: nonNegative.default(0),
});

/**
 * Whole-nervous-system mode (connectome-circuit.ts): gains of the connectome's synapses outside the roles the
 * locomotion circuit assigns, and the dynamics of neurons outside the ventral cord.
 */
export const ConnectomeParamsSchema = z.object({
  /** Total chemical input to a neuron from its other presynaptic partners (count-proportional shares). */
  chemicalGain: nonNegative.default(0.3),
  /** Largest total gap-junction conductance of a neuron (count-proportional shares). */
  gapGain: nonNegative.default(0.3),
  /** Time constant (s), threshold and gain of neurons that are not ventral-cord motor or command neurons. */
  otherTauS: positive.default(0.05),
  otherThreshold: z.number().default(0.5),
  otherGain: positive.default(4),
  /** Each other presynaptic class (AS, head motor neurons …) delivers this share of w_NMJ to a muscle. */
  otherNmjShare: nonNegative.default(0.25),
});

/** Activation-only muscles: a leaky integrator of the NMJ input [BBC: τ_m = 0.1 s]. */
export const ActivationMuscleParamsSchema = z.object({
  tauS: positive.default(0.1),
});

/**
 * Hodgkin–Huxley-style body-wall muscle [BC08]: EGL-19 L-type Ca²⁺ current with voltage and Ca²⁺-dependent
 * inactivation, a slow non-inactivating and a fast inactivating K⁺ current (SHK-1-like), leak, and a Ca²⁺ pool.
 * Conductances are in S/F (multiplied by the capacitance), voltages in mV, times in ms, as in the paper's table.
 */
export const HhMuscleParamsSchema = z.object({
  capacitancePF: positive.default(72.4),
  gKsPerF: nonNegative.default(435.8),
  gKfPerF: nonNegative.default(400.0),
  gCaPerF: nonNegative.default(220.2),
  gLeakPerF: nonNegative.default(19.3),
  eKsMV: z.number().default(-64.3),
  eKfMV: z.number().default(-55.0),
  eCaMV: z.number().default(49.1),
  eLeakMV: z.number().default(10.0),
  halfMV: z.object({ n: z.number(), p: z.number(), q: z.number(), e: z.number(), f: z.number() }).default({ n: 19.9, p: -8.05, q: -15.6, e: -3.36, f: 25.2 }),
  slopeMV: z.object({ n: z.number(), p: z.number(), q: z.number(), e: z.number(), f: z.number() }).default({ n: 15.9, p: 7.43, q: -9.97, e: 6.75, f: -5.03 }),
  tauMs: z.object({ n: positive, p: positive, q: positive, e: positive, f: positive }).default({ n: 25.0, p: 2.26, q: 150.0, e: 0.1, f: 150.9 }),
  tauCaMs: positive.default(11.6),
  alphaCa: z.number().min(0).max(1).default(0.2825),
  /** Ca²⁺-dependent inactivation h = 1/(1 + exp((Ca½ − Ca)/k_h)) in the model's concentration units. */
  caHalfInactivation: positive.default(64.19e-9),
  caSlopeInactivation: z.number().default(-10e-9),
  /** θ_Ca·τ_Ca·g_Ca: Ca²⁺ entry per unit current [BC08: 6.1e-6]. */
  caEntry: positive.default(6.1e-6),
  /** Cholinergic NMJ input → injected current: 1 unit of excitatory drive = this many pA. */
  currentPerDrivePA: positive.default(500),
  /**
   * GABAergic NMJ input → Cl⁻ conductance (nS per unit of inhibitory drive) and its reversal (mV). Our assumption:
   * a shunting-to-hyperpolarising Cl⁻ current, as GABA_A (UNC-49) receptors of body-wall muscle are chloride channels
   * (Bamber et al. 1999); the reversal value is not from BC08.
   */
  inhibitoryNSPerDrive: nonNegative.default(10),
  inhibitoryReversalMV: z.number().default(-60),
  /** Excitation–contraction: activation target = Ca^n/(Ca^n + K^n), low-passed with τ (s). */
  caHalfActivation: positive.default(5e-8),
  caHillCoefficient: positive.default(2),
  forceTauS: positive.default(0.1),
  /** Integration sub-step (ms) inside each engine step. */
  substepMs: positive.default(0.25),
});

export const MuscleParamsSchema = z.object({
  model: z.enum(['activation', 'hh']).default('activation'),
  activation: ActivationMuscleParamsSchema.default(ActivationMuscleParamsSchema.parse({})),
  hh: HhMuscleParamsSchema.default(HhMuscleParamsSchema.parse({})),
});

/** Time stepping. */
export const NumericsParamsSchema = z.object({
  /**
   * Neural, muscle and stretch-receptor step (s). BBC update neurons every 1 ms; at 2 ms the undulation frequency
   * moves by < 1 % (the body step is what matters: see the convergence table in bench/RESULTS.md).
   */
  stepS: positive.max(0.01).default(0.002),
  /** The body advances every this many neural steps (one linearly implicit step of stepS × bodyEvery). */
  bodyEvery: z.number().int().min(1).max(20).default(1),
});

export const WormParamsSchema = z.object({
  body: BodyParamsSchema.default(BodyParamsSchema.parse({})),
  environment: EnvironmentParamsSchema.default(EnvironmentParamsSchema.parse({})),
  neural: NeuralParamsSchema.default(NeuralParamsSchema.parse({})),
  connectome: ConnectomeParamsSchema.default(ConnectomeParamsSchema.parse({})),
  muscles: MuscleParamsSchema.default(MuscleParamsSchema.parse({})),
  numerics: NumericsParamsSchema.default(NumericsParamsSchema.parse({})),
  seed: z.number().int().min(0).default(1),
});

export type BodyParamsInput = z.input<typeof BodyParamsSchema>;
export type NeuralParams = z.output<typeof NeuralParamsSchema>;
export type ConnectomeParams = z.output<typeof ConnectomeParamsSchema>;
export type EnvironmentParams = z.output<typeof EnvironmentParamsSchema>;
export type HhMuscleParams = z.output<typeof HhMuscleParamsSchema>;
export type MuscleParams = z.output<typeof MuscleParamsSchema>;
export type WormParams = z.output<typeof WormParamsSchema>;
/** Any subset of the parameters, nested. */
export type WormParamsInput = z.input<typeof WormParamsSchema>;

/**
 * Validates a (partial) parameter object and fills in the defaults. Throws a RangeError naming the first bad field.
 * @example
 * const params = parseWormParams({ environment: { medium: 1 }, muscles: { model: 'hh' } });
 */
export function parseWormParams(input: WormParamsInput = {}): WormParams {
  const r = WormParamsSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new RangeError(`worm parameter ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

/** The defaults. */
export const DEFAULT_PARAMS: WormParams = parseWormParams({});

/** Named environments and how a drag ratio K = C_⊥/C_∥ maps to the medium M. */
export const ENVIRONMENTS = { water: 0, agar: 1 } as const;

/**
 * The medium M ∈ [0, 1] whose drag ratio C_⊥/C_∥ equals `ratio` under BBC's linear interpolation (the ratio grows
 * monotonically from ≈1.6 in water to 40 on agar). Throws outside that range.
 * @example
 * mediumForDragRatio(40); // → 1 — agar
 */
export function mediumForDragRatio(ratio: number, env: EnvironmentParams = DEFAULT_PARAMS.environment): number {
  const cl0 = env.alongWaterKgPerS;
  const cn0 = env.acrossWaterKgPerS;
  const dcl = env.alongAgarKgPerS - cl0;
  const dcn = env.acrossAgarKgPerS - cn0;
  const lo = cn0 / cl0;
  const hi = env.acrossAgarKgPerS / env.alongAgarKgPerS;
  if (!(ratio >= Math.min(lo, hi) - 1e-9 && ratio <= Math.max(lo, hi) + 1e-9)) {
    throw new RangeError(`drag ratio must lie between ${lo.toFixed(2)} (water) and ${hi.toFixed(0)} (agar), got ${ratio}`);
  }
  // K(C_L0 + M ΔC_L) = C_N0 + M ΔC_N  ⇒  M = (C_N0 − K C_L0)/(K ΔC_L − ΔC_N).
  const m = (cn0 - ratio * cl0) / (ratio * dcl - dcn);
  return Math.min(1, Math.max(0, m));
}

/** Drag per rod (kg/s) for a medium: whole-body coefficients split over the 2(N + 1) rod ends ([RB] convention). */
export function rodDrag(env: EnvironmentParams, medium: number, segments: number): { alongBody: number; acrossBody: number } {
  const along = env.alongWaterKgPerS + medium * (env.alongAgarKgPerS - env.alongWaterKgPerS);
  const across = env.acrossWaterKgPerS + medium * (env.acrossAgarKgPerS - env.acrossWaterKgPerS);
  return { alongBody: along / (2 * (segments + 1)), acrossBody: across / (2 * (segments + 1)) };
}
