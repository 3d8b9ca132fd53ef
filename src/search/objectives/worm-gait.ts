/**
 * The worm's gait against measured worms: swim in water (medium 0) and crawl on agar (medium 1), measure the
 * undulation frequency, the wavelength in body lengths and the forward speed the way tracked worms are measured
 * (engines/worm/model/analysis.ts), and score each against the published value and its reported spread:
 * loss = mean over the six figures of ((model − measured) / spread)². A loss below 1 means the model lies, on
 * average, within the reported spread. Measured figures (docs/design/search.md has the details):
 *
 * - swimming frequency 1.7–2 Hz (Berri et al. 2009, HFSP J 3:186; Fang-Yen et al. 2010, PNAS 107:20323;
 *   Sznitman et al. 2010, Exp Mech 50:1303 found ~1.7–2 Hz),
 * - swimming wavelength ≈ 1.5 body lengths (Fang-Yen et al. 2010, Fig. 2),
 * - swimming speed ≈ 0.35 mm/s (Sznitman et al. 2010),
 * - crawling frequency 0.3–0.5 Hz and wavelength 0.6–0.7 body lengths on agar (Fang-Yen et al. 2010; Berri et al.
 *   2009),
 * - crawling speed 0.1–0.25 mm/s (as collected for the model's design from Izquierdo & Beer 2018 and the tracking
 *   literature).
 */
import { axialVelocity, travellingWave, undulationSpectrum } from '../../engines/worm/model/analysis.js';
import { simulateWorm } from '../../engines/worm/model/simulate.js';
import type { Params } from '../space.js';
import type { Metrics, Objective } from './objective.js';
import { wormParamsAt } from './worm-params.js';

/** One measured figure: the value and the spread a model within the measurements may differ by. */
export interface GaitTarget {
  metric: string;
  label: string;
  value: number;
  spread: number;
  unit: string;
  source: string;
}

/** The measured gait (centre ± half the reported range). */
export const GAIT_TARGETS: readonly GaitTarget[] = [
  { metric: 'water_hz', label: 'swimming frequency', value: 1.85, spread: 0.15, unit: 'Hz', source: 'Berri et al. 2009; Fang-Yen et al. 2010; Sznitman et al. 2010: 1.7–2 Hz' },
  { metric: 'water_wavelength', label: 'swimming wavelength', value: 1.5, spread: 0.15, unit: 'body lengths', source: 'Fang-Yen et al. 2010: ≈ 1.5' },
  { metric: 'water_speed', label: 'swimming speed', value: 0.35, spread: 0.05, unit: 'mm/s', source: 'Sznitman et al. 2010: ≈ 0.35 mm/s' },
  { metric: 'agar_hz', label: 'crawling frequency', value: 0.4, spread: 0.1, unit: 'Hz', source: 'Fang-Yen et al. 2010; Berri et al. 2009: 0.3–0.5 Hz' },
  { metric: 'agar_wavelength', label: 'crawling wavelength', value: 0.65, spread: 0.05, unit: 'body lengths', source: 'Fang-Yen et al. 2010: 0.6–0.7' },
  { metric: 'agar_speed', label: 'crawling speed', value: 0.175, spread: 0.075, unit: 'mm/s', source: 'Izquierdo & Beer 2018 and tracking studies: 0.1–0.25 mm/s' },
];

interface GaitOptions {
  seconds: number;
  settleSeconds: number;
}

function gaitOptions(options: Record<string, unknown>): GaitOptions {
  for (const key of Object.keys(options)) if (key !== 'seconds' && key !== 'settleSeconds') throw new RangeError(`options.${key}: unknown option (worm-gait takes seconds, settleSeconds)`);
  const seconds = options['seconds'] ?? 10;
  const settle = options['settleSeconds'] ?? 3;
  if (typeof seconds !== 'number' || !(seconds >= 2 && seconds <= 600)) throw new RangeError(`options.seconds: must be 2–600 s, got ${String(seconds)}`);
  if (typeof settle !== 'number' || !(settle >= 0 && settle <= seconds - 1.5)) throw new RangeError(`options.settleSeconds: must be 0 … seconds − 1.5, got ${String(settle)}`);
  return { seconds, settleSeconds: settle };
}

/**
 * The gait figures of a parameter set: frequency (Hz), wavelength (body lengths) and forward speed (mm/s) in water
 * and on agar, measured after `settleSeconds`.
 * @example
 * const g = measureGait({}, { seconds: 4, settleSeconds: 1 });
 * g.water_hz > g.agar_hz; // → true
 */
export function measureGait(params: Params, options: Partial<GaitOptions> = {}, seed = 1): Metrics {
  const o = gaitOptions(options);
  const out: Metrics = {};
  for (const [medium, name] of [[0, 'water'], [1, 'agar']] as const) {
    const wp = wormParamsAt(params, { 'environment.medium': medium, seed });
    const rec = simulateWorm({ seconds: o.seconds, params: wp });
    const window = { fromS: o.settleSeconds };
    const f = undulationSpectrum(rec, window).peakHz;
    out[`${name}_hz`] = f;
    out[`${name}_wavelength`] = travellingWave(rec, window, f).wavelengthBodyLengths;
    out[`${name}_speed`] = axialVelocity(rec, window);
  }
  return out;
}

/** The mean squared z-score of the gait figures against {@link GAIT_TARGETS}. */
export function gaitLoss(metrics: Metrics): number {
  let sum = 0;
  for (const t of GAIT_TARGETS) {
    const v = metrics[t.metric]!;
    sum += Number.isFinite(v) ? ((v - t.value) / t.spread) ** 2 : 1e6;
  }
  return sum / GAIT_TARGETS.length;
}

export const wormGaitObjective: Objective = {
  description: 'the worm swims in water and crawls on agar; loss = mean squared z of frequency, wavelength and speed against measured worms',
  metrics: ['loss', ...GAIT_TARGETS.map((t) => t.metric)],
  checkOptions: (options) => void gaitOptions(options),
  evaluate(params: Params, options: Record<string, unknown>, seed: number): Metrics {
    const gait = measureGait(params, options, seed);
    return { loss: gaitLoss(gait), ...gait };
  },
};
