/**
 * The melodist's register from outside: a series in 0..1 over time (0 = the register's bottom, 1 = its top), such as
 * the height of the moving mass in a video (`1 − verticalPosition`, image rows counting down). It is sampled onto the
 * dynamics grid once, as the listener's input is, so that a live run reads the same samples as an offline one; after
 * its end the last value holds. docs/design/duet.md ("Video coupling") has the mapping it enters.
 */

/** A register series sampled at `sampleRateHz` from time 0; values in 0..1 (clipped), NaN where unknown. */
export interface DuetRegisterInput {
  values: ArrayLike<number>;
  sampleRateHz: number;
}

/**
 * The register series on a grid of `rateHz`, `steps + 1` samples: linear interpolation, clipped to 0..1; an unknown
 * (NaN) sample takes the last known value (0.5 before any); after the end the last value holds.
 * @example
 * Array.from(registerOnGrid({ values: [0, 1], sampleRateHz: 1 }, 4, 6)); // → [0, 0.25, 0.5, 0.75, 1, 1, 1]
 */
export function registerOnGrid(input: DuetRegisterInput, rateHz: number, steps: number): Float64Array {
  const { values, sampleRateHz } = input;
  if (!(sampleRateHz > 0)) throw new RangeError(`register sample rate must be positive, got ${sampleRateHz}`);
  if (values.length === 0) throw new RangeError('the register series is empty');
  // Unknown samples hold the last known value, so that a frame without motion does not throw the melody to the middle.
  const known = new Float64Array(values.length);
  let last = 0.5;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) last = Math.min(1, Math.max(0, v));
    known[i] = last;
  }
  const out = new Float64Array(steps + 1);
  const n = known.length;
  for (let k = 0; k <= steps; k++) {
    const u = (k / rateHz) * sampleRateHz;
    const i = Math.floor(u);
    out[k] = i + 1 < n ? (1 - (u - i)) * known[i]! + (u - i) * known[i + 1]! : known[n - 1]!;
  }
  return out;
}
