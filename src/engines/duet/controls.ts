/**
 * The controls of the Neural Duet: the four numbers an outside source (an EEG mapping, a slider, a script) may
 * change while the duet plays. Everything else about the duet is fixed when it is created.
 */

/** What steers the duet while it plays; every field is read at each dynamics step. */
export interface DuetControls {
  /**
   * λ2 (1/s): the drummer's elasticity, how fast its preferred tempo relaxes back to f0 once the input stops
   * pulling it (ASHLE; Roman, Roman, Kim & Large 2023, PLoS Comput Biol 19:e1011154). A large λ2 makes a stubborn drummer.
   */
  lambda2: number;
  /** ρ: the Lorenz melodist's Rayleigh parameter (Lorenz 1963); below ≈ 24.74 the melody settles, at 28 it wanders. */
  rho: number;
  /** A factor on the drummer's natural tempo f0 (1 = as set; 1.2 = 20 % faster). */
  tempoScale: number;
  /** The melodist's note density, 0..1: the share of the rhythmic grid's slots on which it plays. */
  density: number;
}

/**
 * The controls when nothing steers the duet: λ2 = 2 /s, ρ = 28, tempo as set, half the grid's slots played.
 *
 * @example
 * DEFAULT_DUET_CONTROLS.rho; // → 28
 */
export const DEFAULT_DUET_CONTROLS: Readonly<DuetControls> = Object.freeze({ lambda2: 2.0, rho: 28, tempoScale: 1, density: 0.5 });
