/**
 * The registry of objectives a search spec may name. Each loads lazily: listing them, or a worker that evaluates
 * only test functions, loads no engine.
 */
import type { Objective, ObjectiveEntry } from './objective.js';

export const OBJECTIVES: Readonly<Record<string, ObjectiveEntry>> = {
  sphere: { description: 'Σ x_i² over parameters x1, x2, … (known minimum 0 at 0)', load: async () => (await import('./test-functions.js')).sphereObjective },
  rosenbrock: { description: "Rosenbrock's valley over x1, x2, … (known minimum 0 at 1)", load: async () => (await import('./test-functions.js')).rosenbrockObjective },
  rastrigin: { description: "Rastrigin's function over x1, x2, … (known minimum 0 at 0, many local minima)", load: async () => (await import('./test-functions.js')).rastriginObjective },
  'worm-gait': { description: 'the worm swims in water and crawls on agar; loss: gait against measured worms (frequency, wavelength, speed)', load: async () => (await import('./worm-gait.js')).wormGaitObjective },
  'worm-ion-channels': { description: 'the HH-muscle worm hears the prelude; loss: 1 − held-out onset F1 of the ridge step on muscle features', load: async () => (await import('./ion-channels.js')).wormIonChannelsObjective },
};

const loaded = new Map<string, Promise<Objective>>();

/**
 * The objective of that name, loaded once.
 * @example
 * const sphere = await loadObjective('sphere');
 * sphere.evaluate({ x1: 3, x2: 4 }, {}, 1); // → { loss: 25 }
 */
export function loadObjective(name: string): Promise<Objective> {
  const entry = OBJECTIVES[name];
  if (!entry) return Promise.reject(new RangeError(`objective: unknown objective "${name}" (known: ${Object.keys(OBJECTIVES).join(', ')})`));
  if (!loaded.has(name)) loaded.set(name, entry.load());
  return loaded.get(name)!;
}
