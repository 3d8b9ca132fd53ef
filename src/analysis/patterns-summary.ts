/**
 * The pattern analysis as plain JSON-ready data (for `neuromusic analyze --json`) and as a few lines of text.
 */
import { pitchName } from '../score/pitch.js';
import type { ChordTone, PatternAnalysis } from './patterns.js';

/** Keys written with flats (by their signature): a tonic spelled with ♭, or F major and D, G, C, F minor. */
export function prefersFlats(key: string | undefined): boolean {
  if (!key) return false;
  const k = key.trim();
  return /^[A-G]b/.test(k) || ['F major', 'D minor', 'G minor', 'C minor', 'F minor'].includes(k);
}

/**
 * A chord as note names, strongest first; tones with a negative loading carry a minus sign.
 * @example
 * chordText([{ pitch: 60, weight: 0.7 }, { pitch: 64, weight: -0.4 }]); // → "C4 −E4"
 */
export function chordText(chord: ChordTone[], flats = false): string {
  if (chord.length === 0) return '(silence)';
  return chord.map((t) => `${t.weight < 0 ? '−' : ''}${pitchName(t.pitch, { flats })}`).join(' ');
}

/** How the SVD was computed, in words. */
export function svdMethodText(a: PatternAnalysis): string {
  const o = a.options;
  return a.svdMethod === 'randomized'
    ? `randomized SVD (Halko, Martinsson & Tropp 2011), rank ${a.computedRank}, p = ${o.oversampling}, q = ${o.powerIterations}`
    : `randomized SVD, rank ${a.computedRank} + p = ${o.oversampling} ≥ ${Math.min(a.P, a.options.dedupe ? a.distinctFrames : a.T)}: the sketch spans the column space, so the exact SVD`;
}

const round = (x: number, digits = 7): number => Number(x.toPrecision(digits));

/** Options of {@link patternSummary}. */
export interface PatternSummaryOptions {
  source: string;
  title?: string;
  flats?: boolean;
  /** Include each mode's rhythmic envelope (T values; default true). */
  envelopes?: boolean;
}

/**
 * Everything `analyze --json` prints: sizes, σ and energy, k, the sweep, K*, timeline, clusters and patterns.
 * @example
 * JSON.stringify(patternSummary(analyzePatterns(score), { source: 'piece.mid' }));
 */
export function patternSummary(a: PatternAnalysis, options: PatternSummaryOptions) {
  const flats = options.flats ?? false;
  const name = (p: number): string => pitchName(p, { flats });
  const o = a.options;
  return {
    source: options.source,
    title: options.title ?? null,
    frameSeconds: a.roll.frameSeconds,
    P: a.P,
    T: a.T,
    durationSeconds: a.T * a.roll.frameSeconds,
    density: a.density,
    notes: a.roll.notes,
    distinctFrames: a.distinctFrames,
    pitches: a.roll.pitches.map((p) => ({ midi: p, name: name(p) })),
    svd: {
      method: svdMethodText(a),
      oversampling: o.oversampling,
      powerIterations: o.powerIterations,
      computedRank: a.computedRank,
      frobeniusEnergy: a.totalEnergy,
      energyThreshold: o.energy,
      k: a.k,
      sigma: Array.from(a.sigma),
      energyFraction: Array.from(a.cumulativeEnergy),
    },
    k: a.k,
    kmeans: { restarts: o.restarts, algorithm: o.algorithm, seed: o.seed, deduplicatedFrames: o.dedupe },
    silhouette: o.silhouetteSample === undefined ? 'exact (all pairs)' : `sampled (${o.silhouetteSample} frames)`,
    sweep: a.sweep,
    Kstar: a.Kstar,
    clusters: a.clusters.map((c) => ({
      cluster: c.cluster,
      frames: c.frames,
      seconds: round(c.seconds),
      share: round(c.share),
      segments: c.segments,
      chord: c.chord.map((t) => ({ midi: t.pitch, name: name(t.pitch), share: round(t.weight) })),
    })),
    timeline: a.timeline.map((s) => ({ cluster: s.cluster, startFrame: s.startFrame, endFrame: s.endFrame, start: round(s.start), end: round(s.end) })),
    patterns: a.patterns.map((p) => ({
      index: p.index,
      sigma: p.sigma,
      energyShare: p.energyShare,
      chord: p.chord.map((t) => ({ midi: t.pitch, name: name(t.pitch), loading: round(t.weight) })),
      chordText: chordText(p.chord, flats),
      ...(options.envelopes === false ? {} : { envelope: Array.from(p.envelope, (v) => round(v)) }),
    })),
    seconds: a.seconds,
  };
}

/** The summary as a few lines for the terminal. */
export function patternSummaryText(a: PatternAnalysis, options: PatternSummaryOptions): string[] {
  const flats = options.flats ?? false;
  const lines = [
    `${options.title ? `${options.title} — ` : ''}${options.source}`,
    `  piano roll      P = ${a.P} pitches × T = ${a.T} frames of ${a.roll.frameSeconds * 1000} ms (${(a.T * a.roll.frameSeconds).toFixed(1)} s), density ${(100 * a.density).toFixed(2)} %, ${a.distinctFrames} distinct frames`,
    `  SVD             ${svdMethodText(a)}`,
    `  rank            k = ${a.k} modes hold ${(100 * a.cumulativeEnergy[a.k - 1]!).toFixed(1)} % of ‖M‖²_F (threshold ${(100 * a.options.energy).toFixed(0)} %); σ1 = ${a.sigma[0]!.toFixed(3)} holds ${(100 * a.patterns[0]!.energyShare).toFixed(1)} %`,
    `  K-means sweep   ${a.sweep.map((e) => `K=${e.K}: ${e.silhouette.toFixed(3)}`).join(', ')} (silhouette, ${a.options.silhouetteSample === undefined ? 'exact' : 'sampled'})`,
    `  K*              ${a.Kstar} clusters, silhouette ${a.sweep.find((e) => e.K === a.Kstar)!.silhouette.toFixed(4)}, ${a.timeline.length} timeline segments${a.Kstar === a.options.kMax && a.options.kMax > a.options.kMin ? ' (the largest K tried: a wider range may score higher)' : ''}`,
    '  patterns (modes of the SVD: chord of U_k, strongest first)',
    ...a.patterns.slice(0, 8).map((p) => `    ${String(p.index + 1).padStart(2)}  σ ${p.sigma.toFixed(2).padStart(7)}  ${(100 * p.energyShare).toFixed(1).padStart(5)} %  ${chordText(p.chord, flats)}`),
    ...(a.patterns.length > 8 ? [`    … ${a.patterns.length - 8} more in --json and --report`] : []),
    '  clusters (pitches sounding in ≥ half of their frames)',
    ...a.clusters.map((c) => `    ${String(c.cluster).padStart(2)}  ${c.seconds.toFixed(1).padStart(6)} s  ${(100 * c.share).toFixed(1).padStart(5)} %  ${String(c.segments).padStart(3)} segments  ${chordText(c.chord, flats)}`),
    `  time            ${a.seconds.total.toFixed(3)} s (roll ${a.seconds.roll.toFixed(3)}, SVD ${a.seconds.svd.toFixed(3)}, K-means ${a.seconds.kmeans.toFixed(3)}, silhouette ${a.seconds.silhouette.toFixed(3)})`,
  ];
  return lines;
}
