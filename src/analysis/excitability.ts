/**
 * Excitability of musical patterns against a neural recording ("The Worm Dances to Chopin", Ghayoomie 2026, Part IV;
 * docs/design/worm.md): excitability(i) = max_j |Pearson(V[:, i], Z[:, j])| for a pattern's envelope V[:, i] and the
 * neural scores Z, with a p-value from a **circular-shift permutation test**.
 *
 * Why circular shifts: both series are strongly autocorrelated (a pattern lasts seconds; a body wave is periodic), so
 * shuffling frames would destroy that structure and make any correlation look significant. Rotating the envelope
 * against the scores by s frames keeps both autocorrelations intact and breaks only their alignment (the standard
 * surrogate for a pair of autocorrelated series: Lancaster et al. 2018, "Surrogate data for hypothesis testing of
 * physical systems", Phys Rep 748:1–60, time-shifted surrogates). Every
 * allowed shift is used — s from `minShift` to T − `minShift`, so that no rotation is near the real alignment — which
 * makes the test exact for that group of rotations and deterministic: p = (1 + #{s: stat(s) ≥ stat(0)}) / (1 + #S),
 * with stat(s) = max_j |r_ij(s)| (the max over j is inside the statistic, so picking the best score is accounted
 * for). All shifts come from one DFT per series: r_ij(s) = IDFT(V̂_i · conj(Ẑ_j))(s) / (‖v_i‖‖z_j‖) on centred
 * series (means and norms do not change under rotation), zero-padded to a power of two and folded back into circular
 * correlations, two real correlations per complex inverse DFT.
 */
import { Dft } from '../math/dft.js';
import { nextPowerOfTwo } from '../math/complex.js';
import type { FlatMatrix } from '../math/flat-matrix.js';

/** Options of {@link excitability}. */
export interface ExcitabilityOptions {
  /** Smallest rotation used by the test, in frames (default 10 % of the frames). */
  minShift?: number;
}

/** One pattern's excitability. */
export interface ExcitabilityEntry {
  /** Column of V. */
  pattern: number;
  /** max_j |r_ij|. */
  excitability: number;
  /** The signed correlation at that j, and j. */
  r: number;
  component: number;
  /** Circular-shift permutation p-value. */
  pValue: number;
  /** 1 = most excitable. */
  rank: number;
}

/** The result: entries in pattern order, and the test's set-up. */
export interface ExcitabilityResult {
  entries: ExcitabilityEntry[];
  /** Rotations used by the test (the smallest p-value is 1 / (shifts + 1)). */
  shifts: number;
  minShift: number;
  /** Correlation of every pattern (rows) with every neural score (columns), at zero shift. */
  correlations: FlatMatrix;
}

function centredColumn(m: FlatMatrix, j: number): { x: Float64Array; norm: number } {
  const x = new Float64Array(m.rows);
  let mean = 0;
  for (let i = 0; i < m.rows; i++) mean += m.data[i * m.cols + j]!;
  mean /= m.rows;
  let ss = 0;
  for (let i = 0; i < m.rows; i++) {
    const v = m.data[i * m.cols + j]! - mean;
    x[i] = v;
    ss += v * v;
  }
  return { x, norm: Math.sqrt(ss) };
}

/**
 * Excitability of each column of V (T × k, pattern envelopes) against Z (T × m, neural scores), ranked, with
 * circular-shift p-values. A constant column correlates 0 (p = 1).
 * @example
 * const t = Array.from({ length: 200 }, (_, i) => i);
 * const V = matrixFromRows(t.map((i) => [Math.sin(i / 5), Math.cos(i / 17)])); // two pattern envelopes
 * const Z = matrixFromRows(t.map((i) => [Math.sin(i / 5 + 0.1)])); // a neural score that follows the first
 * const { entries } = excitability(V, Z);
 * entries.map((e) => [e.rank, e.excitability.toFixed(2), e.pValue]);
 */
export function excitability(V: FlatMatrix, Z: FlatMatrix, options: ExcitabilityOptions = {}): ExcitabilityResult {
  const T = V.rows;
  if (Z.rows !== T) throw new RangeError(`pattern envelopes have ${T} frames, neural scores ${Z.rows}`);
  if (T < 4) throw new RangeError(`excitability needs at least 4 frames, got ${T}`);
  const minShift = options.minShift ?? Math.max(1, Math.round(0.1 * T));
  if (!(Number.isInteger(minShift) && minShift >= 1 && 2 * minShift <= T)) throw new RangeError(`minShift must be a whole number in 1…${Math.floor(T / 2)}, got ${minShift}`);
  const shifts = T - 2 * minShift + 1;
  // Linear correlations by a power-of-two DFT of length N ≥ 2T − 1 (no wrap-around), folded into circular ones:
  // Σ_t v[(t + s) mod T]·z[t] = c_lin(s) + c_lin(s − T).
  const N = nextPowerOfTwo(2 * T - 1);
  const dft = new Dft(N);
  const padded = new Float64Array(N);
  const spectrum = (x: Float64Array): { re: Float64Array; im: Float64Array } => {
    const re = new Float64Array(N);
    const im = new Float64Array(N);
    padded.set(x);
    dft.forward(padded, undefined, re, im);
    return { re, im };
  };
  const zs = Array.from({ length: Z.cols }, (_, j) => {
    const c = centredColumn(Z, j);
    return { ...c, ...spectrum(c.x) };
  });
  const correlations = { rows: V.cols, cols: Z.cols, data: new Float64Array(V.cols * Z.cols) };
  const prodRe = new Float64Array(N);
  const prodIm = new Float64Array(N);
  const outRe = new Float64Array(N);
  const outIm = new Float64Array(N);
  const circular = new Float64Array(T);
  const stat = new Float64Array(T);
  const entries: ExcitabilityEntry[] = [];
  for (let i = 0; i < V.cols; i++) {
    const v = centredColumn(V, i);
    stat.fill(0);
    let best = 0;
    let bestR = 0;
    let bestJ = 0;
    if (v.norm > 0) {
      const vs = spectrum(v.x);
      // Two real correlations per inverse DFT: IDFT(P_j + i·P_j+1) = c_j + i·c_j+1, both c real.
      for (let j = 0; j < Z.cols; j += 2) {
        const a = zs[j]!;
        const b = j + 1 < Z.cols ? zs[j + 1]! : undefined;
        // V̂ · conj(Ẑ): its inverse DFT is c(s) = Σ_t v[t + s] z[t].
        for (let k = 0; k < N; k++) {
          const vr = vs.re[k]!;
          const vi = vs.im[k]!;
          let re = vr * a.re[k]! + vi * a.im[k]!;
          let im = vi * a.re[k]! - vr * a.im[k]!;
          if (b) {
            const br = vr * b.re[k]! + vi * b.im[k]!;
            const bi = vi * b.re[k]! - vr * b.im[k]!;
            re -= bi;
            im += br;
          }
          prodRe[k] = re;
          prodIm[k] = im;
        }
        dft.inverse(prodRe, prodIm, outRe, outIm);
        for (const [jj, z, out] of b ? ([[j, a, outRe], [j + 1, b, outIm]] as const) : ([[j, a, outRe]] as const)) {
          if (z.norm === 0) continue;
          const scale = 1 / (v.norm * z.norm);
          circular[0] = out[0]!;
          for (let s = 1; s < T; s++) circular[s] = out[s]! + out[N - T + s]!;
          for (let s = 0; s < T; s++) {
            const r = Math.abs(circular[s]! * scale);
            if (r > stat[s]!) stat[s] = r;
          }
          const r0 = circular[0]! * scale;
          correlations.data[i * Z.cols + jj] = r0;
          if (Math.abs(r0) > best) {
            best = Math.abs(r0);
            bestR = r0;
            bestJ = jj;
          }
        }
      }
    }
    let exceed = 0;
    // A relative tolerance keeps rotations that tie with the real alignment (up to rounding) counted as ties.
    const tie = best * (1 - 1e-12);
    for (let s = minShift; s <= T - minShift; s++) if (stat[s]! >= tie) exceed++;
    entries.push({ pattern: i, excitability: best, r: bestR, component: bestJ, pValue: v.norm > 0 ? (1 + exceed) / (1 + shifts) : 1, rank: 0 });
  }
  [...entries].sort((a, b) => b.excitability - a.excitability || a.pattern - b.pattern).forEach((e, k) => (e.rank = k + 1));
  return { entries, shifts, minShift, correlations };
}
