/**
 * The beat-pointer HMM of Krebs, Böck & Widmer (2015, ISMIR: "An efficient state-space model for joint tempo and
 * meter tracking"): decoded by Viterbi over a whole recording (offline) or over a sliding window of the past
 * (online), or filtered forward.
 */
import { strongerParity } from './metrical-level.js';

/** Parameters of the beat-pointer HMM ({@link hmmBeats}). */
export interface HmmParams {
  /** Fastest and slowest beat periods, frames. */
  minPeriod: number;
  maxPeriod: number;
  /** Cost of a tempo change at a beat, per unit of |ln(τ/τ')| (log-score units). */
  tempoChange: number;
  /** Largest tempo change from one beat to the next, as a fraction. */
  maxChange: number;
  /** Weight of the resonance's log-salience of a tempo, per second spent at that tempo. */
  salienceWeight: number;
}

/**
 * The HMM's periods (every whole frame from `minPeriod` to `maxPeriod`), where each period's phase ring starts in one
 * flat array, the neighbour range [lo, hi] of periods reachable in one beat (within ±`maxChange`), and ln τ.
 */
function stateSpace(p: HmmParams): { periods: number[]; T: number; offsets: Int32Array; lo: Int32Array; hi: Int32Array; logP: Float64Array } {
  const periods: number[] = [];
  for (let tau = Math.max(2, Math.floor(p.minPeriod)); tau <= Math.ceil(p.maxPeriod); tau++) periods.push(tau);
  const T = periods.length;
  const offsets = new Int32Array(T + 1);
  for (let i = 0; i < T; i++) offsets[i + 1] = offsets[i]! + periods[i]!;
  const lo = new Int32Array(T);
  const hi = new Int32Array(T);
  for (let i = 0; i < T; i++) {
    let a = i;
    while (a > 0 && periods[a - 1]! >= periods[i]! * (1 - p.maxChange)) a--;
    let b = i;
    while (b < T - 1 && periods[b + 1]! <= periods[i]! * (1 + p.maxChange)) b++;
    lo[i] = a;
    hi[i] = b;
  }
  return { periods, T, offsets, lo, hi, logP: Float64Array.from(periods, Math.log) };
}

/**
 * Each period's salience prior, salienceWeight · (period in s) · log-salience: it changes slowly, so `at(t)`
 * recomputes it only every quarter second (shared by the Viterbi and the forward decoders).
 */
function salienceIn(periods: ArrayLike<number>, fps: number, p: HmmParams, logSalAt: (period: number, frame: number) => number): { values: Float64Array; at: (t: number) => void } {
  const values = new Float64Array(periods.length);
  let last = -Infinity;
  return {
    values,
    at(t) {
      if (t - last < fps / 4) return;
      for (let i = 0; i < periods.length; i++) values[i] = p.salienceWeight * (periods[i]! / fps) * logSalAt(periods[i]!, t);
      last = t;
    },
  };
}

/**
 * The beat-pointer HMM of Krebs, Böck & Widmer (2015, ISMIR: "An efficient state-space model for joint tempo and
 * meter tracking"), decoded by Viterbi (offline) or filtered forward (online, see {@link hmmForward}). A state is a
 * beat period τ (whole frames, every period from `minPeriod` to `maxPeriod`: the efficient state space, one phase
 * state per frame of the beat) and a position φ = 0…τ−1 in the beat; φ advances by one each frame, and at the end of
 * a beat the chain enters φ = 0 of a period τ' near τ, paying `tempoChange`·|ln(τ'/τ)| — rubato is a walk of the
 * period from beat to beat. A beat (φ = 0) at frame t scores the local evidence `score[t]` (onsets and the pulse
 * oscillator's expectation) plus the resonance's preference for that period, `salienceWeight`·(τ/fps)·ln S(τ, t),
 * where S is the bank's metrical salience there (the GrFNN chooses the metrical level, the onsets the phase).
 * Other frames score nothing, so only beats are computed: O(frames × periods × neighbours).
 *
 * Each period's phase states are a ring buffer: the state at position φ at frame t lives in slot (t − φ) mod τ, so
 * advancing time moves nothing. The back-pointers are stored at beat entries only.
 * @example
 * const score = Float64Array.from({ length: 600 }, (_, f) => (f % 50 === 10 ? 5 : -0.1)); // an onset every 50 frames
 * const p = { minPeriod: 25, maxPeriod: 100, tempoChange: 30, maxChange: 0.15, salienceWeight: 0 };
 * const beats = hmmViterbi(score, () => 0, 100, p);
 * beats.slice(0, 3); // → [10, 60, 110]
 * beats.length; // → 12 — the last at frame 560
 */
export function hmmViterbi(score: Float64Array, logSalAt: (period: number, frame: number) => number, fps: number, p: HmmParams): number[] {
  const n = score.length;
  const { periods, T, offsets, lo, hi, logP } = stateSpace(p);
  if (T === 0 || n === 0) return [];
  const ring = new Float64Array(offsets[T]!);
  const back = new Int16Array(n * T).fill(-1);
  const ends = new Float64Array(T);
  const prior = salienceIn(periods, fps, p, logSalAt);
  for (let t = 0; t < n; t++) {
    prior.at(t);
    for (let i = 0; i < T; i++) ends[i] = ring[offsets[i]! + (t % periods[i]!)]!;
    const s = score[t]!;
    for (let i = 0; i < T; i++) {
      let best = -Infinity;
      let arg = -1;
      for (let j = lo[i]!; j <= hi[i]!; j++) {
        const v = ends[j]! - p.tempoChange * Math.abs(logP[i]! - logP[j]!);
        if (v > best) {
          best = v;
          arg = j;
        }
      }
      ring[offsets[i]! + (t % periods[i]!)] = best + s + prior.values[i]!;
      back[t * T + i] = arg;
    }
  }
  // The best final state: its last beat, then back through the entries. A beat's entry was charged the salience
  // of its whole period; a state part-way through that period has earned only the part φ/τ of it, so the rest is
  // given back — else a short period, charged less at its entry, wins the comparison at the end, and the last beat
  // decoded comes early (which the online decoder, predicting from the last beat, would carry forward).
  let bestI = 0;
  let bestSlot = 0;
  let bestV = -Infinity;
  for (let i = 0; i < T; i++) {
    const tau = periods[i]!;
    for (let k = 0; k < tau; k++) {
      const phi = ((((n - 1 - k) % tau) + tau) % tau) + 1;
      const v = ring[offsets[i]! + k]! - prior.values[i]! * (1 - phi / tau);
      if (v > bestV) {
        bestV = v;
        bestI = i;
        bestSlot = k;
      }
    }
  }
  const tau = periods[bestI]!;
  const last = n - 1;
  let b = last - ((((last - bestSlot) % tau) + tau) % tau);
  let i = bestI;
  const beats: number[] = [];
  while (b >= 0) {
    beats.push(b);
    const j = back[b * T + i]!;
    if (j < 0) break;
    b -= periods[j]!;
    i = j;
  }
  return beats.reverse();
}

/**
 * The beat-pointer HMM filtered forward (causal): the same recursion as {@link hmmViterbi}, and at every frame the
 * best state so far says how many frames remain to its next beat; when that is `leadFrames` (the onset function's
 * delay, so that the beat sounds no later than the audio that carries it), the beat is emitted, at most one per half
 * period. The metrical-level test of {@link keepMetricalLevel} runs on the past beats: above `subdivisionAboveBpm`,
 * when the alternate past beats (the last 16) differ in onset strength by `subdivisionContrast`, only the stronger
 * parity sounds.
 * @example
 * const score = Float64Array.from({ length: 600 }, (_, f) => (f % 50 === 10 ? 5 : -0.1));
 * const p = { minPeriod: 25, maxPeriod: 100, tempoChange: 30, maxChange: 0.15, salienceWeight: 0 };
 * hmmForward(score, score, () => 0, 100, p, 2, { subdivisionAboveBpm: 240, subdivisionContrast: 1.3 }); // beats near 60, 110, …
 */
export function hmmForward(
  score: Float64Array,
  onset: Float64Array,
  logSalAt: (period: number, frame: number) => number,
  fps: number,
  p: HmmParams,
  leadFrames: number,
  level: { subdivisionAboveBpm: number; subdivisionContrast: number; bassOnset?: Float64Array | undefined },
): number[] {
  const n = score.length;
  const { periods, T, offsets, lo, hi, logP } = stateSpace(p);
  if (T === 0 || n === 0) return [];
  const ring = new Float64Array(offsets[T]!);
  const ends = new Float64Array(T);
  // the best entry of each period's ring, kept up to date as entries are written (a ring's maximum can only be
  // lost when its slot is overwritten; then that period's ring is rescanned)
  // States are compared as if each had run on to now at the best path's rate of score per frame g: an entry written
  // at frame t₀ with score v counts v + g·(t − t₀), so a state late in its beat is not beaten by one that has just had
  // its beat (adj holds v − g·t₀).
  const adj = new Float64Array(offsets[T]!);
  let g = 0;
  const ringBest = new Float64Array(T);
  const ringArg = new Int32Array(T);
  const prior = salienceIn(periods, fps, p, logSalAt);
  const candidates: number[] = [];
  const out: number[] = [];
  let lastCandidate = -Infinity;
  for (let t = 0; t < n; t++) {
    prior.at(t);
    for (let i = 0; i < T; i++) ends[i] = ring[offsets[i]! + (t % periods[i]!)]!;
    const s = score[t]!;
    let top = -Infinity;
    let topI = 0;
    let topEntry = -Infinity;
    for (let i = 0; i < T; i++) {
      let best = -Infinity;
      for (let j = lo[i]!; j <= hi[i]!; j++) best = Math.max(best, ends[j]! - p.tempoChange * Math.abs(logP[i]! - logP[j]!));
      const slot = t % periods[i]!;
      const v = best + s + prior.values[i]!;
      ring[offsets[i]! + slot] = v;
      const u = v - g * t;
      adj[offsets[i]! + slot] = u;
      topEntry = Math.max(topEntry, v);
      if (slot === ringArg[i]! || t < periods[i]!) {
        let m = -Infinity;
        let a = 0;
        const lim = Math.min(periods[i]!, t + 1);
        for (let k = 0; k < lim; k++) {
          const r = adj[offsets[i]! + k]!;
          if (r > m) {
            m = r;
            a = k;
          }
        }
        ringBest[i] = m;
        ringArg[i] = a;
      } else if (u > ringBest[i]!) {
        ringBest[i] = u;
        ringArg[i] = slot;
      }
      if (ringBest[i]! > top) {
        top = ringBest[i]!;
        topI = i;
      }
    }
    g = Math.max(0, topEntry / (t + 1));
    const tau = periods[topI]!;
    const phi = (((t - ringArg[topI]!) % tau) + tau) % tau;
    const next = t + (tau - phi);
    if (tau - phi <= leadFrames && next - lastCandidate > tau / 2) {
      candidates.push(next);
      lastCandidate = next;
      const k = candidates.length - 1;
      // the parity test on the past beats whose onsets are already heard
      let emit = true;
      if ((60 * fps) / tau > level.subdivisionAboveBpm) {
        const evidence = level.bassOnset ? [level.bassOnset, onset] : [onset];
        const keep = strongerParity(candidates, evidence, level.subdivisionContrast, { from: k - 16, to: k, heardBeforeFrame: t + 1, minEach: 3 });
        if (keep >= 0) emit = (k & 1) === keep;
      }
      if (emit) out.push(next);
    }
  }
  return out;
}

/**
 * The next beat of a beat sequence: a least-squares parabola through its last six beats against their index (a
 * period that bends linearly), carried one beat on; the step is kept within 10 % of the median of the last four
 * intervals. Rubato bends the period from beat to beat, and a median alone lags the bend by two beats, which at
 * a sinusoidal rubato of ±10 % puts a predicted beat outside the ±70 ms of the F-measure; fitting the beats
 * themselves, not their differences, keeps one displaced beat from tilting the prediction.
 * @example
 * nextBeat([0, 101, 204, 309, 416, 525]); // → 636 — the intervals grow by 2: 101, 103, …, 109, then 111
 */
export function nextBeat(beats: readonly number[]): number {
  const n = beats.length;
  const ibis: number[] = [];
  for (let k = Math.max(1, n - 4); k < n; k++) ibis.push(beats[k]! - beats[k - 1]!);
  const median = [...ibis].sort((a, b) => a - b)[ibis.length >> 1]!;
  const last = beats[n - 1]!;
  const m = Math.min(6, n);
  if (m < 4) return last + median;
  // normal equations of y = a + b·x + c·x² over x = 0…m−1 (centred for conditioning)
  const xm = (m - 1) / 2;
  const S = new Float64Array(5);
  const T = new Float64Array(3);
  for (let i = 0; i < m; i++) {
    const x = i - xm;
    const y = beats[n - m + i]! - last;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      S[k] = S[k]! + p;
      if (k < 3) T[k] = T[k]! + p * y;
      p *= x;
    }
  }
  const [s0, s1, s2, s3, s4] = S as unknown as [number, number, number, number, number];
  const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
  if (!(Math.abs(det) > 1e-12)) return last + median;
  const solve = (c0: number, c1: number, c2: number): number => c0 * (s2 * s4 - s3 * s3) - c1 * (s1 * s4 - s3 * s2) + c2 * (s1 * s3 - s2 * s2);
  // Cramer's rule, one coefficient at a time
  const a = solve(T[0]!, T[1]!, T[2]!) / det;
  const b = (s0 * (T[1]! * s4 - s3 * T[2]!) - T[0]! * (s1 * s4 - s3 * s2) + s2 * (s1 * T[2]! - T[1]! * s2)) / det;
  const c = (s0 * (s2 * T[2]! - T[1]! * s3) - s1 * (s1 * T[2]! - T[1]! * s2) + T[0]! * (s1 * s3 - s2 * s2)) / det;
  const x = m - xm;
  const xl = m - 1 - xm;
  const step = a + b * x + c * x * x - (a + b * xl + c * xl * xl);
  return last + Math.max(0.9 * median, Math.min(1.1 * median, step));
}

/** Options of {@link hmmSlidingWindow}. */
export interface SlidingWindowOptions {
  /** Length of the past decoded at each step, frames. */
  windowFrames: number;
  /** Frames between decodings; each decoding predicts the beats of the next hop. */
  hopFrames: number;
  /** Frames by which a beat is predicted ahead of its onset frame (the onset function's delay). */
  leadFrames: number;
  /**
   * 0: each beat predicted before its onset frame. Above 0: the beats decoded at least this many frames before the
   * decision frame are emitted as decoded (fixed-lag smoothing: the decoder has heard the onsets after them).
   */
  lagFrames?: number;
  /** The metrical level chosen on the decoded past ({@link keepMetricalLevel}). */
  level: (beats: number[], heardFrames: number) => number[];
  /**
   * Whether a beat is emitted at all, asked at decision frame `now` with the beats emitted so far: the online end of
   * the music (`musicStillPlaying`, piece-end.ts); every beat when omitted.
   */
  keep?: (beat: number, now: number, period: number, emitted: readonly number[]) => boolean;
}

/**
 * The beat-pointer HMM online over a sliding window: every `hopFrames` the Viterbi path of the last `windowFrames`
 * of evidence (all of it from the past) is decoded and its metrical level chosen. With no lag, the beats of the
 * next hop are predicted from its last beats ({@link nextBeat}), each `leadFrames` or more before its onset frame
 * and at least half a period after the last; with `lagFrames`, the decoded beats at least that old are emitted as
 * they are (fixed-lag smoothing: the decoder has heard the onsets after them). A Viterbi path over several seconds
 * keeps the memory that a forward filter loses (the filter's best state at each frame flips between metrical levels
 * and phases; the path through the window does not), at the cost of one decoding per hop.
 * @example
 * const score = Float64Array.from({ length: 1500 }, (_, f) => (f % 50 === 10 ? 5 : -0.1));
 * const p = { minPeriod: 25, maxPeriod: 100, tempoChange: 30, maxChange: 0.15, salienceWeight: 0 };
 * const beats = hmmSlidingWindow(score, () => 0, 100, p, { windowFrames: 800, hopFrames: 50, leadFrames: 2, level: (b) => b });
 * beats.slice(-2); // → [1410, 1460]
 */
export function hmmSlidingWindow(
  score: Float64Array,
  logSalAt: (period: number, frame: number) => number,
  fps: number,
  p: HmmParams,
  o: SlidingWindowOptions,
): number[] {
  const n = score.length;
  const out: number[] = [];
  const hop = Math.max(1, Math.round(o.hopFrames));
  for (let t = hop; t < n + hop; t += hop) {
    const now = Math.min(t, n - 1);
    const start = Math.max(0, now + 1 - Math.round(o.windowFrames));
    const decoded = hmmViterbi(score.subarray(start, now + 1), (period, f) => logSalAt(period, f + start), fps, p).map((b) => b + start);
    const beats = o.level(decoded, now + 1);
    if (beats.length < 3) continue;
    const period = nextBeat(beats) - beats[beats.length - 1]!;
    const last = beats[beats.length - 1]!;
    if ((o.lagFrames ?? 0) > 0) {
      for (const b of beats) {
        if (b > now - o.lagFrames! || (out.length && b - out[out.length - 1]! < period / 2) || b <= (out[out.length - 1] ?? -Infinity)) continue;
        if (o.keep && !o.keep(b, now, period, out)) continue;
        out.push(b);
      }
      continue;
    }
    const from = now + o.leadFrames;
    for (let k = Math.max(1, Math.ceil((from - last) / period)); last + k * period <= from + hop; k++) {
      const b = Math.round(last + k * period);
      if (b <= from || b >= n) continue;
      if (out.length && b - out[out.length - 1]! < period / 2) continue;
      if (o.keep && !o.keep(b, now, period, out)) continue;
      out.push(b);
    }
  }
  return out;
}
