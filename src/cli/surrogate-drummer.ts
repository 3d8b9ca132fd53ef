/** `--drummer surrogate|DIR` of the duet: the shipped (or a trained) TCN surrogate as the drummer's motor oscillator. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SurrogateDrummer } from '../learn/surrogate/drummer.js';
import { Failure } from './errors.js';
import { loadModel, shippedModelDir } from './surrogate-files.js';

/** The drummer for `--drummer <value>`: 'surrogate' is the shipped model, anything else a model folder. */
export async function loadSurrogateDrummer(value: string): Promise<SurrogateDrummer> {
  const dir = value === 'surrogate' ? shippedModelDir() : value;
  if (value === 'surrogate' && !existsSync(join(dir, 'model.json'))) throw new Failure(`--drummer surrogate: this installation has no shipped surrogate (${dir}); train one with \`neuromusic surrogate train --out DIR\` and pass --drummer DIR`);
  return new SurrogateDrummer(await loadModel(dir));
}

/** What the surrogate (and, beside it, ASHLE) did while listening to a recording. */
export interface SurrogateListening {
  csv: string;
  frames: number;
  /** PLV between the surrogate's motor phase and ASHLE's over the recording, and the mean tempo of each (bpm). */
  plvWithAshle: number;
  surrogateBpm: number;
  ashleBpm: number;
}

/**
 * The seed's inference path: the surrogate drummer listens to a recording (its onset envelope through the duet's
 * GrFNN listener, as the ASHLE drummer does) and its motor phase, frequency and amplitude are recorded at 64 Hz,
 * beside ASHLE's own on the same input.
 */
export async function surrogateListens(audio: import('../formats/wav.js').AudioBuffers, modelDir: string): Promise<SurrogateListening> {
  const { composeDuet } = await import('../engines/duet/compose.js');
  const { envelopeFromAudio } = await import('../engines/duet/input.js');
  const drummerModel = await loadSurrogateDrummer(modelDir);
  const input = envelopeFromAudio(audio);
  const seconds = Math.max(0.1, (audio.channels[0]?.length ?? 0) / audio.sampleRate);
  const s = composeDuet({ seconds, input, drummerModel, recordHz: 64 }).trajectory;
  const a = composeDuet({ seconds, input, recordHz: 64 }).trajectory;
  const n = Math.min(s.time.length, a.time.length);
  const rows: string[] = ['time_s,surrogate_phase_rad,surrogate_frequency_hz,surrogate_learned_hz,surrogate_amplitude,ashle_phase_rad,ashle_frequency_hz,ashle_learned_hz,ashle_amplitude'];
  let re = 0;
  let im = 0;
  for (let k = 0; k < n; k++) {
    re += Math.cos(s.drummerPhase[k]! - a.drummerPhase[k]!);
    im += Math.sin(s.drummerPhase[k]! - a.drummerPhase[k]!);
    const f = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : '');
    rows.push([f(s.time[k]!), f(s.drummerPhase[k]!), f(s.drummerHz[k]!), f(s.drummerLearnedHz[k]!), f(s.drummerAmplitude[k]!), f(a.drummerPhase[k]!), f(a.drummerHz[k]!), f(a.drummerLearnedHz[k]!), f(a.drummerAmplitude[k]!)].join(','));
  }
  const meanHz = (v: Float64Array): number => v.slice(0, n).reduce((x, y) => x + y, 0) / Math.max(1, n);
  return { csv: rows.join('\n') + '\n', frames: n, plvWithAshle: n > 0 ? Math.hypot(re, im) / n : NaN, surrogateBpm: 60 * meanHz(s.drummerHz), ashleBpm: 60 * meanHz(a.drummerHz) };
}
