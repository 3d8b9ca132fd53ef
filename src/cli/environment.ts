/** The worm's medium from the `--env` choice: loaded with the commands that simulate, not with `--help`. */
import { DEFAULT_PARAMS, ENVIRONMENTS, mediumForDragRatio } from '../engines/worm/model/params.js';
import type { EnvironmentChoice } from './common-options.js';
import { UsageError } from './errors.js';

/** The medium M ∈ [0, 1] (0 water, 1 agar) of an `--env` choice; a drag ratio outside the model's range is refused. */
export function resolveEnvironment(choice: EnvironmentChoice): { medium: number; label: string } {
  if (!('dragRatio' in choice)) return { medium: ENVIRONMENTS[choice.label as keyof typeof ENVIRONMENTS], label: choice.label };
  // Checked here, on the user's value, before the model sees it: outside this range is the user's mistake.
  const env = DEFAULT_PARAMS.environment;
  const water = env.acrossWaterKgPerS / env.alongWaterKgPerS;
  const agar = env.acrossAgarKgPerS / env.alongAgarKgPerS;
  const ratio = choice.dragRatio;
  if (!(ratio >= Math.min(water, agar) - 1e-9 && ratio <= Math.max(water, agar) + 1e-9)) {
    throw new UsageError(`--env: drag ratio must lie between ${water.toFixed(2)} (water) and ${agar.toFixed(0)} (agar), got ${ratio}`);
  }
  return { medium: mediumForDragRatio(ratio), label: choice.label };
}
