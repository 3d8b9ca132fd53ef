/** Colours of the Worm view: behaviours (the body and its trail), motor-neuron classes, muscle sides. */
import type { Behaviour } from 'neuromusic/worm';

/** A behaviour's colour: forward green, backward orange, turn violet, pause grey. */
export const BEHAVIOUR_COLOURS: Record<Behaviour, string> = {
  forward: '#52d19a',
  backward: '#ff8a4c',
  turn: '#c77dff',
  pause: '#8b94a3',
};

/** Motor-neuron classes: B (forward) blue, A (backward) orange, D (inhibitory) grey-violet; dorsal a shade lighter. */
export const CLASS_COLOURS: Record<string, [number, number, number]> = {
  DB: [110, 178, 255],
  VB: [79, 157, 255],
  DA: [255, 170, 110],
  VA: [255, 138, 76],
  DD: [196, 170, 255],
  VD: [167, 139, 250],
  AVB: [110, 178, 255],
  PVC: [79, 157, 255],
  AVA: [255, 170, 110],
  AVD: [255, 138, 76],
};

/** Dorsal and ventral muscle activation. */
export const DORSAL_RGB: [number, number, number] = [255, 99, 132];
export const VENTRAL_RGB: [number, number, number] = [77, 201, 246];

/** Brightness steps of `glow` (its colours are made once per colour). */
const GLOW_STEPS = 20;
const glowCache = new WeakMap<readonly number[], string[]>();

/** rgb(…) of a colour scaled up from a dark base (12 %) by `level` 0–1, in 20 steps: a neuron lighting up. */
export function glow(rgb: readonly [number, number, number], level: number): string {
  let steps = glowCache.get(rgb);
  if (!steps) {
    steps = Array.from({ length: GLOW_STEPS + 1 }, (_, i) => {
      const k = 0.12 + (0.88 * i) / GLOW_STEPS;
      return `rgb(${Math.round(rgb[0] * k)}, ${Math.round(rgb[1] * k)}, ${Math.round(rgb[2] * k)})`;
    });
    glowCache.set(rgb, steps);
  }
  return steps[Math.round(Math.min(1, Math.max(0, level)) * GLOW_STEPS)]!;
}
