/**
 * Musical patterns of a piece, after "The Worm Dances to Chopin" (Ghayoomie 2026; docs/design/analysis.md): piano roll
 * M → randomized SVD (Halko et al. 2011) → k = the smallest rank holding a fraction of ‖M‖²_F → K-means on the rows of
 * V_k (the frames in mode coordinates) for K = kMin … kMax, each scored by the exact silhouette → K* = the best score →
 * a cluster timeline, the pattern chords (columns of U_k) and rhythmic envelopes (columns of V_k).
 *
 * Exploits the roll's structure without approximation: identical frames are identical columns of M, hence identical
 * rows of V_k. The SVD runs on the distinct columns scaled by √multiplicity (M·Mᵀ = M_u·D·M_uᵀ, so the singular
 * values and U are those of M, and V's rows follow by dividing by √multiplicity), and K-means and the silhouette
 * run on the distinct rows with their multiplicities as weights — the same objective, labels and score as over all
 * T frames, at a few hundred points instead of thousands. `dedupe: false` runs the same steps on every frame.
 */
import { z } from 'zod';
import type { Score } from '../score/types.js';
import { createRandom } from '../math/random.js';
import { formatIssues, ValidationError } from '../score/schema.js';
import { flatMatrix, type FlatMatrix } from '../math/flat-matrix.js';
import { randomizedSvd, RSVD_DEFAULTS } from '../math/randomized-svd.js';
import { cumulativeEnergy, energyRank } from '../math/energy-rank.js';
import { kmeans, KMEANS_DEFAULTS } from '../math/kmeans.js';
import { silhouetteScores } from '../math/silhouette.js';
import { distinctFrames, pianoRoll, PIANO_ROLL_DEFAULTS, rollMatrix, type PianoRoll } from './piano-roll.js';
import { clusterSegments, type ClusterSegment } from './timeline.js';

/** Options of {@link analyzePatterns}, with their defaults (PyANNOW v2's values). */
export const patternOptionsSchema = z
  .object({
    /** Frame length of the piano roll, seconds. */
    frameSeconds: z.number().finite().min(0.001).max(1).default(PIANO_ROLL_DEFAULTS.frameSeconds),
    /** Fraction of ‖M‖²_F the k leading modes must hold, in (0, 1]. */
    energy: z.number().gt(0, 'energy must be in (0, 1]').lte(1, 'energy must be in (0, 1]').default(0.9),
    /** Smallest and largest number of clusters K tried. */
    kMin: z.number().int().min(2).max(200).default(2),
    kMax: z.number().int().min(2).max(200).default(12),
    /** k-means++ restarts per K. */
    restarts: z.number().int().min(1).max(1000).default(KMEANS_DEFAULTS.restarts),
    /** Seed of every random choice (sketch, seeding, sampling). */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
    /** Randomized SVD oversampling p and power iterations q. */
    oversampling: z.number().int().min(0).max(100).default(RSVD_DEFAULTS.oversampling),
    powerIterations: z.number().int().min(0).max(20).default(RSVD_DEFAULTS.powerIterations),
    /** First rank the randomized SVD computes (doubled until the energy is reached), as the reference's 40. */
    sketchRank: z.number().int().min(1).max(1000).default(40),
    /** Estimate each silhouette from this many sampled frames instead of all pairs (opt-in). */
    silhouetteSample: z.number().int().min(10).optional(),
    /** Work on distinct frames with multiplicities (exact, default) or on every frame. */
    dedupe: z.boolean().default(true),
    /** Lloyd iterations with Hamerly's bounds (default) or plain. */
    algorithm: z.enum(['hamerly', 'lloyd']).default(KMEANS_DEFAULTS.algorithm),
  })
  .refine((o) => o.kMin <= o.kMax, { message: 'kMin must not exceed kMax', path: ['kMin'] });

export type PatternOptions = z.input<typeof patternOptionsSchema>;
type ResolvedOptions = z.output<typeof patternOptionsSchema>;

/** One pitch of a chord with its loading. */
export interface ChordTone {
  pitch: number;
  /** Loading in U_k's column (signed), or the share of the cluster's frames in which the pitch sounds. */
  weight: number;
}

/** A mode of the SVD: a chord (U_k's column) with its rhythmic envelope (V_k's column). */
export interface PatternMode {
  index: number;
  sigma: number;
  /** σ² / ‖M‖²_F. */
  energyShare: number;
  /** The strongest pitches of U's column (|loading| ≥ half the largest, at most 6), strongest first. */
  chord: ChordTone[];
  /** U's column: a loading per roll row. */
  loadings: Float64Array;
  /** V's column: the mode's activity in each frame. */
  envelope: Float64Array;
}

/** One K of the sweep. */
export interface KSweepEntry {
  K: number;
  silhouette: number;
  inertia: number;
  iterations: number;
}

/** One cluster of the K* clustering: a recurring musical state. */
export interface ClusterSummary {
  cluster: number;
  frames: number;
  seconds: number;
  /** Share of the piece's frames. */
  share: number;
  /** Pitches sounding in at least half of the cluster's frames (weight = that share), by pitch. */
  chord: ChordTone[];
  /** Share of the cluster's frames in which each roll row sounds. */
  profile: Float64Array;
  /** Segments of the timeline in this cluster. */
  segments: number;
}

/** Seconds spent in each stage. */
export interface PatternTimings {
  roll: number;
  svd: number;
  kmeans: number;
  silhouette: number;
  total: number;
}

/** Everything {@link analyzePatterns} finds. */
export interface PatternAnalysis {
  options: ResolvedOptions;
  roll: PianoRoll;
  /** P, T and the density of M. */
  P: number;
  T: number;
  density: number;
  /** ‖M‖²_F (the number of active cells). */
  totalEnergy: number;
  /** Distinct frames (columns of M). */
  distinctFrames: number;
  /** Rank the randomized SVD computed (≥ k). */
  computedRank: number;
  /**
   * 'randomized' when the sketch (rank + p columns) is narrower than min(P, frames); 'exact' when it would span the
   * whole column space, where the randomized SVD is the exact one and is computed as such.
   */
  svdMethod: 'randomized' | 'exact';
  /** σ_1 … σ_computedRank and their cumulative energy fractions. */
  sigma: Float64Array;
  cumulativeEnergy: Float64Array;
  k: number;
  patterns: PatternMode[];
  sweep: KSweepEntry[];
  Kstar: number;
  /** Cluster of each frame for K*. */
  frameLabels: Int32Array;
  timeline: ClusterSegment[];
  clusters: ClusterSummary[];
  /** Frame labels for every K of the sweep (index K − kMin). */
  sweepLabels: Int32Array[];
  seconds: PatternTimings;
}

/** Progress callback: stage name and fraction of the whole analysis done (0–1). */
export type PatternProgress = (fraction: number, stage: string) => void;

function resolveOptions(options: PatternOptions): ResolvedOptions {
  const parsed = patternOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(`pattern analysis options: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** The strongest entries of a loading vector (|w| ≥ half the largest, at most `limit`), strongest first. */
function strongest(pitches: number[], loadings: Float64Array, limit = 6): ChordTone[] {
  let max = 0;
  for (const w of loadings) max = Math.max(max, Math.abs(w));
  return pitches
    .map((pitch, i) => ({ pitch, weight: loadings[i]! }))
    .filter((t) => Math.abs(t.weight) >= 0.5 * max && max > 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.pitch - b.pitch)
    .slice(0, limit);
}

/**
 * Runs the whole pattern analysis on a score (or a piano roll already built, whose frame length then wins over
 * `frameSeconds`).
 * @example
 * const a = analyzePatterns(score, { seed: 1 });
 * a.k; a.Kstar; a.timeline[0]; // { cluster, startFrame, endFrame, start, end }
 */
export function analyzePatterns(input: Pick<Score, 'notes'> | PianoRoll, options: PatternOptions = {}, onProgress?: PatternProgress): PatternAnalysis {
  const o = resolveOptions(options);
  const progress = onProgress ?? (() => undefined);
  const t0 = performance.now();
  const roll = 'active' in input ? input : pianoRoll(input, { frameSeconds: o.frameSeconds });
  o.frameSeconds = roll.frameSeconds; // a roll passed in brings its own frame length
  const P = roll.pitches.length;
  const T = roll.frames;
  if (P < 2) {
    throw new RangeError(`the piece uses one pitch only (MIDI ${roll.pitches[0]}): its piano roll has rank 1, so there are no patterns to separate; pattern analysis needs at least two pitches`);
  }
  const distinct = distinctFrames(roll);
  const U = distinct.counts.length;
  if (U < 2) throw new RangeError('every frame of the piano roll is the same chord: there is nothing to cluster');
  if (o.kMax > U) {
    throw new RangeError(`K up to ${o.kMax} asked, but the piece has only ${U} distinct frames (piano-roll columns) to cluster: lower kMax to ${U} or less`);
  }
  let totalEnergy = 0;
  for (let i = 0; i < roll.active.length; i++) totalEnergy += roll.active[i]!;
  const t1 = performance.now();
  progress(0.02, 'svd');

  // SVD of M, or exactly equivalently of the distinct columns scaled by √multiplicity.
  const rng = createRandom(o.seed);
  let svdInput: FlatMatrix;
  if (o.dedupe) {
    svdInput = flatMatrix(P, U);
    const src = distinct.columns.data;
    for (let p = 0; p < P; p++) for (let u = 0; u < U; u++) svdInput.data[p * U + u] = src[p * U + u]! * Math.sqrt(distinct.counts[u]!);
  } else {
    svdInput = rollMatrix(roll);
  }
  const minDim = Math.min(svdInput.rows, svdInput.cols);
  let rank = Math.min(minDim, o.sketchRank);
  let svd = randomizedSvd(svdInput, rank, rng.fork(`rsvd ${rank}`), { oversampling: o.oversampling, powerIterations: o.powerIterations });
  let k = energyRank(svd.s, o.energy, totalEnergy);
  while (k === undefined && rank < minDim) {
    rank = Math.min(minDim, 2 * rank);
    svd = randomizedSvd(svdInput, rank, rng.fork(`rsvd ${rank}`), { oversampling: o.oversampling, powerIterations: o.powerIterations });
    k = energyRank(svd.s, o.energy, totalEnergy);
  }
  // With every singular value computed the energy is all there; rounding aside, k = rank.
  k ??= rank;
  const cumulative = cumulativeEnergy(svd.s, totalEnergy);
  // Points for K-means: rows of V_k (distinct rows with weights when deduplicated).
  const n = o.dedupe ? U : T;
  const points = flatMatrix(n, k);
  const vCols = svd.v.cols;
  for (let i = 0; i < n; i++) {
    const scale = o.dedupe ? 1 / Math.sqrt(distinct.counts[i]!) : 1;
    for (let j = 0; j < k; j++) points.data[i * k + j] = svd.v.data[i * vCols + j]! * scale;
  }
  const weights = o.dedupe ? distinct.counts : undefined;
  const patterns: PatternMode[] = [];
  for (let j = 0; j < k; j++) {
    const loadings = new Float64Array(P);
    for (let p = 0; p < P; p++) loadings[p] = svd.u.data[p * svd.u.cols + j]!;
    const envelope = new Float64Array(T);
    for (let t = 0; t < T; t++) envelope[t] = points.data[(o.dedupe ? distinct.index[t]! : t) * k + j]!;
    patterns.push({ index: j, sigma: svd.s[j]!, energyShare: svd.s[j]! ** 2 / totalEnergy, chord: strongest(roll.pitches, loadings), loadings, envelope });
  }
  const t2 = performance.now();

  // The K-means sweep, then every silhouette in one pass over the pairs.
  const labellings: Int32Array[] = [];
  const partial: Array<Omit<KSweepEntry, 'silhouette'>> = [];
  const Ks = o.kMax - o.kMin + 1;
  for (let K = o.kMin; K <= o.kMax; K++) {
    progress(0.05 + (0.45 * (K - o.kMin)) / Ks, `k-means K=${K}`);
    const r = kmeans(points, K, rng.fork(`kmeans ${K}`), { restarts: o.restarts, ...(weights ? { weights } : {}), algorithm: o.algorithm });
    labellings.push(r.labels);
    partial.push({ K, inertia: r.inertia, iterations: r.iterations });
  }
  const t3 = performance.now();
  progress(0.5, 'silhouette');
  const scores = silhouetteScores(points, labellings, {
    ...(weights ? { weights } : {}),
    ...(o.silhouetteSample !== undefined ? { sampleSize: o.silhouetteSample, random: rng.fork('silhouette sample') } : {}),
  });
  const t4 = performance.now();
  const sweep: KSweepEntry[] = partial.map((e, i) => ({ K: e.K, silhouette: scores[i]!, inertia: e.inertia, iterations: e.iterations }));
  let best = 0;
  for (let i = 1; i < sweep.length; i++) if (sweep[i]!.silhouette > sweep[best]!.silhouette) best = i;
  const Kstar = sweep[best]!.K;
  const toFrames = (labels: Int32Array): Int32Array => (o.dedupe ? Int32Array.from(distinct.index, (u) => labels[u]!) : labels);
  const sweepLabels = labellings.map(toFrames);
  const frameLabels = sweepLabels[best]!;
  const timeline = clusterSegments(frameLabels, roll.frameSeconds);
  const clusters = summariseClusters(roll, frameLabels, Kstar, timeline);
  progress(1, 'done');
  const t5 = performance.now();
  return {
    options: o,
    roll,
    P,
    T,
    density: totalEnergy / (P * T),
    totalEnergy,
    distinctFrames: U,
    computedRank: rank,
    svdMethod: rank + o.oversampling >= minDim ? 'exact' : 'randomized',
    sigma: svd.s,
    cumulativeEnergy: cumulative,
    k,
    patterns,
    sweep,
    Kstar,
    frameLabels,
    timeline,
    clusters,
    sweepLabels,
    seconds: {
      roll: (t1 - t0) / 1000,
      svd: (t2 - t1) / 1000,
      kmeans: (t3 - t2) / 1000,
      silhouette: (t4 - t3) / 1000,
      total: (t5 - t0) / 1000,
    },
  };
}

function summariseClusters(roll: PianoRoll, labels: Int32Array, K: number, timeline: ClusterSegment[]): ClusterSummary[] {
  const P = roll.pitches.length;
  const T = roll.frames;
  const frames = new Float64Array(K);
  const on = new Float64Array(K * P);
  for (let t = 0; t < T; t++) frames[labels[t]!] += 1;
  for (let p = 0; p < P; p++) {
    const base = p * T;
    for (let t = 0; t < T; t++) if (roll.active[base + t]) on[labels[t]! * P + p] += 1;
  }
  const segments = new Int32Array(K);
  for (const s of timeline) segments[s.cluster] += 1;
  return Array.from({ length: K }, (_, c) => {
    const profile = Float64Array.from({ length: P }, (_, p) => (frames[c]! > 0 ? on[c * P + p]! / frames[c]! : 0));
    const chord = roll.pitches.map((pitch, p) => ({ pitch, weight: profile[p]! })).filter((t) => t.weight >= 0.5);
    return {
      cluster: c,
      frames: frames[c]!,
      seconds: frames[c]! * roll.frameSeconds,
      share: frames[c]! / T,
      chord,
      profile,
      segments: segments[c]!,
    };
  });
}
