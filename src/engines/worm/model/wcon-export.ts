/**
 * A recorded run as WCON (formats/wcon.ts): the 49 midline points per frame in millimetres, head first, the ventral
 * side clockwise from the head (the body's ventral side lies to the right of the head-to-tail direction in the
 * plane), the centroid, the behaviour per frame as a custom feature, and the model settings in the metadata.
 */
import { writeWcon, type WconDocument } from '../../../formats/wcon.js';
import type { WormRecording } from './simulate.js';

/** Which frames a WCON document keeps: every `every`-th (default 1, all). */
export interface WconExportOptions {
  every?: number;
}

/** Builds the WCON document of a recording. */
export function recordingToWconDocument(rec: WormRecording, software: { name: string; version: string } = { name: 'neuromusic', version: '0' }, options: WconExportOptions = {}): WconDocument {
  const { rods } = rec;
  const every = options.every ?? 1;
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`every must be a whole number ≥ 1, got ${every}`);
  const kept = Array.from({ length: Math.ceil(rec.frames / every) }, (_, i) => i * every);
  const x: number[][] = [];
  const y: number[][] = [];
  for (const f of kept) {
    x.push(Array.from(rec.midlineX.subarray(f * rods, (f + 1) * rods)));
    y.push(Array.from(rec.midlineY.subarray(f * rods, (f + 1) * rods)));
  }
  const pick = <T>(values: ArrayLike<T>): T[] => kept.map((f) => values[f]!);
  const m = rec.params.environment.medium;
  return {
    units: { t: 's', x: 'mm', y: 'mm', cx: 'mm', cy: 'mm' },
    metadata: {
      media: m === 0 ? 'water (simulated)' : m === 1 ? 'agar (simulated)' : `simulated medium ${m.toFixed(3)} between water (0) and agar (1)`,
      stage: 'adult',
      protocol: [
        'Simulated C. elegans: Boyle-Berri-Cohen 2012 body and ventral-cord circuit, extended (neuromusic)',
        `circuit: ${rec.circuitDescription}`,
        `muscles: ${rec.params.muscles.model === 'hh' ? 'Hodgkin-Huxley (Boyle & Cohen 2008)' : 'activation-only (leaky integrator)'}`,
        ...(rec.commandText ? [`command: ${rec.commandText}`] : []),
      ],
      software: { tracker: { name: software.name, version: software.version }, featureID: '@neuromusic' },
    },
    custom: {
      '@neuromusic': {
        seed: rec.params.seed,
        medium: m,
        muscles: rec.params.muscles.model,
        stepS: rec.params.numerics.stepS,
        bodyStepS: rec.params.numerics.stepS * rec.params.numerics.bodyEvery,
      },
    },
    tracks: [
      {
        id: '1',
        t: pick(rec.times),
        x,
        y,
        cx: pick(rec.centroidX),
        cy: pick(rec.centroidY),
        custom: { '@neuromusic': { behaviour: pick(rec.behaviour) } },
      },
    ],
  };
}

/**
 * A recording as WCON text.
 * @example
 * const text = recordingToWcon(simulateWorm({ seconds: 2 })); // validates against wcon_schema.json
 */
export function recordingToWcon(rec: WormRecording, software?: { name: string; version: string }, options: WconExportOptions = {}): string {
  return writeWcon(recordingToWconDocument(rec, software, options), { head: 'L', ventral: 'CW' });
}
