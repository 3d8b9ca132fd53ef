/**
 * How faithful a notation is to the notes it came from: note-onset precision, recall and F1 with one-to-one matching
 * per pitch within a window (the onset-only note measure of MIR transcription evaluation, mir_eval's
 * `transcription.precision_recall_f1_overlap` with `offset_ratio=None`; 50 ms by default).
 */
import { matchOnsets } from '../analysis/onsets-f1.js';
import type { NoteEvent } from '../score/types.js';

/** Note-level scores of one set of notes against another. */
export interface NoteOnsetScore {
  precision: number;
  recall: number;
  f1: number;
  matched: number;
  reference: number;
  estimate: number;
  /** Largest |onset difference| among matched notes, seconds. */
  maxOnsetError: number;
}

/**
 * Matches notes of equal pitch whose onsets lie within `window` seconds, one to one.
 * @example
 * const a = [{ onset: 0, pitch: 60 }, { onset: 1, pitch: 64 }];
 * noteOnsetF1(a, [{ onset: 0.01, pitch: 60 }, { onset: 1, pitch: 65 }]).f1; // → 0.5
 */
export function noteOnsetF1(reference: readonly Pick<NoteEvent, 'onset' | 'pitch'>[], estimate: readonly Pick<NoteEvent, 'onset' | 'pitch'>[], window = 0.05): NoteOnsetScore {
  const byPitch = (notes: readonly Pick<NoteEvent, 'onset' | 'pitch'>[]): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    for (const n of notes) {
      const list = m.get(n.pitch) ?? [];
      list.push(n.onset);
      m.set(n.pitch, list);
    }
    return m;
  };
  const ref = byPitch(reference);
  const est = byPitch(estimate);
  let matched = 0;
  let maxOnsetError = 0;
  for (const [pitch, targets] of ref) {
    const predicted = est.get(pitch);
    if (!predicted) continue;
    const t = [...targets].sort((a, b) => a - b);
    const p = [...predicted].sort((a, b) => a - b);
    const pairs = matchOnsets(t, p, { windowSeconds: window });
    matched += pairs.length;
    for (const [i, j] of pairs) maxOnsetError = Math.max(maxOnsetError, Math.abs(t[i]! - p[j]!));
  }
  const precision = estimate.length ? matched / estimate.length : 0;
  const recall = reference.length ? matched / reference.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, matched, reference: reference.length, estimate: estimate.length, maxOnsetError };
}
