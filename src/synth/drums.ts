/**
 * A small synthesised drum kit, pure DSP on Float32Arrays (no Web Audio), after the analogue recipes of the
 * TR-808 family as described by Sound On Sound's "Synth Secrets" (Reid 2002): a kick is a sine whose pitch
 * falls quickly, a snare a pair of damped tones plus band-passed noise, a hi-hat high-passed noise with a short
 * (closed) or long (open) decay. Noise comes from the seeded generator, so a kit renders identically everywhere.
 */
import { createRandom } from '../math/random.js';

/** The kit's instruments. */
export const DRUMS = ['kick', 'snare', 'hihat', 'openhat'] as const;
export type DrumName = (typeof DRUMS)[number];

/** One drum stroke: time in seconds, velocity 0–1. */
export interface DrumHit {
  time: number;
  drum: DrumName;
  velocity: number;
}

/** One-pole high-pass then low-pass, in place: a gentle band-pass for noise. */
function bandPass(x: Float32Array, sampleRate: number, lowHz: number, highHz: number): void {
  const hp = Math.exp((-2 * Math.PI * lowHz) / sampleRate);
  const lp = 1 - Math.exp((-2 * Math.PI * highHz) / sampleRate);
  let prevIn = 0;
  let prevHp = 0;
  let y = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    prevHp = hp * (prevHp + v - prevIn);
    prevIn = v;
    y += lp * (prevHp - y);
    x[i] = y;
  }
}

/**
 * The waveform of one stroke at full velocity, peak about 1.
 * @example
 * const kick = drumSample('kick', 44100); // 0.5 s, a falling sine
 */
export function drumSample(drum: DrumName, sampleRate: number, seed = 0): Float32Array {
  const rng = createRandom(seed).fork(drum);
  const secs = drum === 'kick' ? 0.5 : drum === 'snare' ? 0.35 : drum === 'hihat' ? 0.09 : 0.45;
  const n = Math.round(secs * sampleRate);
  const out = new Float32Array(n);
  if (drum === 'kick') {
    // pitch 150 → 50 Hz with a 30 ms time constant; amplitude decays over 250 ms; a 2 ms click on the attack
    let phase = 0;
    for (let i = 0; i < n; i++) {
      const t = i / sampleRate;
      const f = 50 + 100 * Math.exp(-t / 0.03);
      phase += (2 * Math.PI * f) / sampleRate;
      out[i] = Math.sin(phase) * Math.exp(-t / 0.25) + (t < 0.002 ? 0.3 * (rng.next() * 2 - 1) : 0);
    }
  } else if (drum === 'snare') {
    const noise = new Float32Array(n);
    for (let i = 0; i < n; i++) noise[i] = rng.next() * 2 - 1;
    bandPass(noise, sampleRate, 1000, 8000);
    for (let i = 0; i < n; i++) {
      const t = i / sampleRate;
      const tone = 0.5 * Math.sin(2 * Math.PI * 185 * t) + 0.3 * Math.sin(2 * Math.PI * 330 * t);
      out[i] = tone * Math.exp(-t / 0.06) + 1.6 * noise[i]! * Math.exp(-t / 0.12);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
    bandPass(out, sampleRate, 7000, Math.min(16000, 0.45 * sampleRate));
    const tau = drum === 'hihat' ? 0.02 : 0.15;
    for (let i = 0; i < n; i++) out[i] = 2.5 * out[i]! * Math.exp(-i / sampleRate / tau);
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]!));
  if (peak > 0) for (let i = 0; i < n; i++) out[i] = out[i]! / peak;
  // 1 ms fade-out so no stroke ends with a click
  const fade = Math.min(n, Math.round(0.001 * sampleRate));
  for (let i = 0; i < fade; i++) out[n - 1 - i] = out[n - 1 - i]! * (i / fade);
  return out;
}

/** Relative levels of the kit's voices in a mix. */
const LEVELS: Record<DrumName, number> = { kick: 0.9, snare: 0.7, hihat: 0.35, openhat: 0.3 };

/**
 * Renders drum strokes to a mono track of `durationSeconds` (strokes past the end are cut).
 * @example
 * const track = renderDrums([{ time: 0, drum: 'kick', velocity: 1 }], { sampleRate: 44100, durationSeconds: 1 });
 */
export function renderDrums(hits: readonly DrumHit[], options: { sampleRate: number; durationSeconds: number; seed?: number }): Float32Array {
  const { sampleRate } = options;
  if (!(sampleRate >= 1000)) throw new RangeError(`sample rate must be at least 1000 Hz, got ${sampleRate}`);
  const n = Math.max(0, Math.round(options.durationSeconds * sampleRate));
  const out = new Float32Array(n);
  const samples = new Map<DrumName, Float32Array>();
  for (const hit of hits) {
    if (!(hit.time >= 0) || !(hit.velocity > 0)) continue;
    let s = samples.get(hit.drum);
    if (!s) {
      s = drumSample(hit.drum, sampleRate, options.seed ?? 0);
      samples.set(hit.drum, s);
    }
    const start = Math.round(hit.time * sampleRate);
    const g = LEVELS[hit.drum] * Math.min(1, hit.velocity);
    const end = Math.min(n, start + s.length);
    for (let i = start; i < end; i++) out[i] = out[i]! + g * s[i - start]!;
  }
  return out;
}
