import { describe, expect, it } from 'vitest';
import { SVD } from 'ml-matrix';
import { analyzePatterns } from './patterns.js';
import { patternSummary, patternSummaryText, chordText, prefersFlats } from './patterns-summary.js';
import { patternReportHtml } from './patterns-report.js';
import { pianoRoll, rollMatrix } from './piano-roll.js';
import { createScore, sliceScore } from '../score/ops.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { flatMatrix, toMlMatrix } from '../math/flat-matrix.js';
import { silhouetteScore } from '../math/silhouette.js';
import type { NoteEvent } from '../score/types.js';

const note = (onset: number, duration: number, pitch: number): NoteEvent => ({ onset, duration, pitch, velocity: 0.7, voice: 0 });

/** C major (C4 E4 G4) for 1 s, rest 0.5 s, F major (F3 A3 C4) for 1 s, rest 0.5 s, four times. */
function twoChords() {
  const notes: NoteEvent[] = [];
  for (let r = 0; r < 4; r++) {
    const t = 3 * r;
    for (const p of [60, 64, 67]) notes.push(note(t, 1, p));
    for (const p of [53, 57, 60]) notes.push(note(t + 1.5, 1, p));
  }
  return createScore(notes);
}

describe('pattern analysis', () => {
  it('separates two alternating chords and the rests exactly: K* = 3 with silhouette 1', () => {
    const a = analyzePatterns(twoChords(), { kMin: 2, kMax: 3 });
    // Ends at 3·3 + 1.5 + 1 = 11.5 s → 575 frames: 200 of each chord, 175 of rest.
    expect([a.P, a.T, a.distinctFrames]).toEqual([5, 575, 3]);
    // 24 notes × 50 frames = 1200 active cells of 5 × 575.
    expect(a.totalEnergy).toBe(1200);
    expect(a.density).toBeCloseTo(1200 / 2875, 15);
    // Rank 2: columns a = C4+E4+G4 and b = F3+A3+C4 (shared C4), 200 frames each. MᵀM on them is
    // 200·[[3, 1], [1, 3]] with eigenvalues 800 and 400: σ = √800, √400; cumulative 2/3 then 1 → k = 2.
    expect(a.sigma[0]).toBeCloseTo(Math.sqrt(800), 11);
    expect(a.sigma[1]).toBeCloseTo(20, 11);
    expect(a.k).toBe(2);
    expect(a.sweep.map((e) => e.K)).toEqual([2, 3]);
    expect(a.Kstar).toBe(3);
    expect(a.sweep[1]!.silhouette).toBe(1);
    expect(a.sweep[1]!.inertia).toBeLessThan(1e-20);
    // Timeline: chord, rest, chord, rest … chord: 15 segments of 1 or 0.5 s.
    expect(a.timeline).toHaveLength(15);
    expect(a.timeline[0]).toMatchObject({ startFrame: 0, endFrame: 50, start: 0, end: 1 });
    const chords = a.clusters.map((c) => c.chord.map((t) => t.pitch).join(' ')).sort();
    expect(chords).toEqual(['', '53 57 60', '60 64 67']);
    expect(a.clusters.map((c) => c.frames).sort((x, y) => x - y)).toEqual([175, 200, 200]);
    // A roll built beforehand keeps its own frame length: 50 ms frames → 230 of them.
    const coarse = analyzePatterns(pianoRoll(twoChords(), { frameSeconds: 0.05 }), { kMin: 2, kMax: 3 });
    expect([coarse.T, coarse.options.frameSeconds, coarse.timeline[0]!.end]).toEqual([230, 0.05, 1]);
  });

  it('σ agree with a full SVD (ml-matrix) to 1e-10 and deduplication changes nothing', () => {
    const piece = sliceScore(bachPreludeInC(), 0, 24);
    const m = rollMatrix(pianoRoll(piece));
    const full = new SVD(toMlMatrix(m), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
    const fast = analyzePatterns(piece, { kMax: 6, restarts: 3 });
    const plain = analyzePatterns(piece, { kMax: 6, restarts: 3, dedupe: false, algorithm: 'lloyd' });
    for (let i = 0; i < fast.k; i++) expect(Math.abs(fast.sigma[i]! - full[i]!) / full[i]!).toBeLessThan(1e-10);
    expect(plain.k).toBe(fast.k);
    for (let i = 0; i < fast.k; i++) expect(Math.abs(plain.sigma[i]! - fast.sigma[i]!) / fast.sigma[i]!).toBeLessThan(1e-10);
    // The silhouettes computed on distinct frames with weights equal those of the same labels on all T frames,
    // whichever path produced V_k (columns may differ in sign, which leaves distances unchanged).
    for (const source of [fast, plain]) {
      const rows = flatMatrix(fast.T, fast.k);
      source.patterns.forEach((p, j) => p.envelope.forEach((v, t) => (rows.data[t * fast.k + j] = v)));
      fast.sweep.forEach((e, i) => expect(Math.abs(silhouetteScore(rows, fast.sweepLabels[i]!) - e.silhouette)).toBeLessThan(1e-10));
    }
    // V_k columns are unit vectors over all T frames.
    for (const p of fast.patterns) expect(p.envelope.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
  });

  it('is reproducible for a seed, and a sampled silhouette is close to the exact one', () => {
    const piece = sliceScore(bachPreludeInC(), 0, 30);
    const a = analyzePatterns(piece, { seed: 4, kMax: 5 });
    const b = analyzePatterns(piece, { seed: 4, kMax: 5 });
    expect(a.sweep).toEqual(b.sweep);
    const s = analyzePatterns(piece, { seed: 4, kMax: 5, silhouetteSample: 400 });
    s.sweep.forEach((e, i) => expect(Math.abs(e.silhouette - a.sweep[i]!.silhouette)).toBeLessThan(0.08));
  });

  it('refuses one pitch, K above the distinct frames and bad options with clear messages', () => {
    const onePitch = createScore([note(0, 1, 60), note(2, 1, 60)]);
    expect(() => analyzePatterns(onePitch)).toThrow(/one pitch only \(MIDI 60\).*rank 1/);
    expect(() => analyzePatterns(twoChords())).toThrow(/K up to 12 asked, but the piece has only 3 distinct frames/);
    expect(() => analyzePatterns(twoChords(), { energy: 0 })).toThrow(/energy must be in \(0, 1\]/);
    expect(() => analyzePatterns(twoChords(), { energy: 1.5 })).toThrow(/energy must be in \(0, 1\]/);
    expect(() => analyzePatterns(twoChords(), { kMin: 3, kMax: 2 })).toThrow(/kMin must not exceed kMax/);
    expect(() => analyzePatterns(createScore([]))).toThrow(/no notes/);
  });

  it('summarises as JSON and text, and renders a report with every plot', async () => {
    const a = analyzePatterns(twoChords(), { kMin: 2, kMax: 3 });
    const json = patternSummary(a, { source: 'two-chords', envelopes: false });
    expect(json).toMatchObject({ P: 5, T: 575, k: 2, Kstar: 3 });
    expect(JSON.parse(JSON.stringify(json)).patterns[0].envelope).toBeUndefined();
    expect(patternSummaryText(a, { source: 'two-chords' }).join('\n')).toMatch(/K\*\s+3 clusters, silhouette 1\.0000/);
    const html = await patternReportHtml(a, { source: 'two-chords' });
    for (const heading of ['SVD and the choice of k', 'K-means on the rows of V_k', 'Cluster timeline', 'Patterns: chords']) expect(html).toContain(heading);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('data:image/png;base64,');
    expect(chordText([{ pitch: 61, weight: 0.5 }, { pitch: 68, weight: -0.3 }], true)).toBe('Db4 −Ab4');
    expect(prefersFlats('Db major')).toBe(true);
    expect(prefersFlats('D minor')).toBe(true);
    expect(prefersFlats('E minor')).toBe(false);
  });
});
