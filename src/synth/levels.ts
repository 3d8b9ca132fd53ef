/** Signal levels of a channel: what a user checks first about a WAV. */
export interface AudioLevels {
  /** Largest absolute sample. */
  peak: number;
  /** Root-mean-square level. */
  rms: number;
  /** Samples at or beyond full scale (|x| ≥ 1). */
  clipped: number;
}

/**
 * Peak, RMS and clipped-sample count of a channel.
 * @example
 * audioLevels(new Float32Array([0.5, -0.5])); // → { peak: 0.5, rms: 0.5, clipped: 0 }
 */
export function audioLevels(samples: Float32Array | Float64Array): AudioLevels {
  let peak = 0;
  let sum = 0;
  let clipped = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    const a = Math.abs(x);
    if (a > peak) peak = a;
    if (a >= 1) clipped++;
    sum += x * x;
  }
  return { peak, rms: samples.length ? Math.sqrt(sum / samples.length) : 0, clipped };
}
