/**
 * Phase-randomised surrogates (Theiler, Eubank, Longtin, Galdrikian & Farmer, "Testing for nonlinearity in time
 * series: the method of surrogate data", Physica D 58, 1992): keep every Fourier amplitude of a signal, draw every
 * phase uniformly at random (Hermitian symmetry kept, so the result is real). The surrogate has exactly the same
 * power spectrum — hence the same autocorrelation, mean and variance — as the original, and no other structure.
 *
 * The evaluation protocol's control replaces each worm feature by its own surrogate (independent phases per
 * feature): a learner that scores as well on surrogates as on the real worm learned nothing the worm's spectrum
 * could not give.
 */
import { Dft } from '../math/dft.js';
import type { Random } from '../math/random.js';
import { featureMatrix, column, type FeatureMatrix } from './feature-matrix.js';

/**
 * A surrogate of one real signal with the same amplitude spectrum and random phases.
 * @example
 * const signal = Float64Array.from({ length: 64 }, (_, n) => Math.sin(n / 3));
 * const s = phaseRandomizedSurrogate(signal, createRandom(1)); // same |FFT|, same mean and variance
 */
export function phaseRandomizedSurrogate(x: ArrayLike<number>, rng: Random, dft = new Dft(x.length)): Float64Array {
  const n = x.length;
  if (n < 2) return Float64Array.from(x);
  if (dft.n !== n) throw new RangeError(`DFT plan of length ${dft.n} for a signal of ${n}`);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  dft.forward(x, undefined, re, im);
  // Bins 1 … ⌈N/2⌉−1 get random phases; their mirrors N−k the conjugates. DC (and Nyquist for even N) stay real.
  const half = Math.ceil(n / 2);
  for (let k = 1; k < half; k++) {
    const amp = Math.hypot(re[k]!, im[k]!);
    const phi = 2 * Math.PI * rng.next();
    re[k] = amp * Math.cos(phi);
    im[k] = amp * Math.sin(phi);
    re[n - k] = re[k]!;
    im[n - k] = -im[k]!;
  }
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  dft.inverse(re, im, outRe, outIm);
  return outRe;
}

/**
 * The matrix with every column of the given groups replaced by its own phase-randomised surrogate (other columns
 * unchanged). Columns are processed in order from forks of `rng` named by column, so the result does not depend
 * on how many other columns there are.
 * @example
 * const X = featureMatrix([{ name: 'PC1', group: 'worm', values: [0, 1, 0, -1] }, { name: 'beat', group: 'fourier', values: [1, 0, 1, 0] }]);
 * const control = surrogateColumns(X, ['worm'], random.fork('control')); // 'beat' unchanged
 */
export function surrogateColumns(X: FeatureMatrix, groups: string[], rng: Random): FeatureMatrix {
  if (!X.groups.some((g) => groups.includes(g))) throw new RangeError(`no columns in groups ${groups.join(', ')} to replace`);
  const dft = new Dft(X.rows);
  return featureMatrix(
    X.names.map((name, c) => ({
      name,
      group: X.groups[c]!,
      values: groups.includes(X.groups[c]!) ? phaseRandomizedSurrogate(column(X, c), rng.fork(`surrogate:${name}`), dft) : column(X, c),
    })),
  );
}
