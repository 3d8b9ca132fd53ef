/**
 * Where the beats of a recording end. A decoder that lays beats from the first frame to the last goes on beating
 * through the ring of the final chord, its release and whatever silence or noise follows, where the music has no
 * beat left to follow (annotations stop at the last onset: mir_eval's continuity measures count every such beat as
 * a failure, over max(#annotated, #estimated) entries). The last onset is the last frame whose evidence reaches a
 * fraction of the evidence the decoded beats themselves fall on (their median), so a quiet piece and a loud one are
 * judged alike, and white noise, whose flux is steady, stays below it.
 */

/**
 * The median of the strongest evidence within ±2 frames of each beat frame (0 without beats).
 * @example
 * beatEvidenceMedian([1, 5], Float64Array.of(0, 3, 0, 0, 0, 1, 0)); // → 2
 */
export function beatEvidenceMedian(frames: readonly number[], evidence: Float64Array): number {
  if (frames.length === 0) return 0;
  const v = frames.map((f) => {
    let m = 0;
    for (let d = -2; d <= 2; d++) m = Math.max(m, evidence[f + d] ?? 0);
    return m;
  });
  v.sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h]! : 0.5 * (v[h - 1]! + v[h]!);
}

/**
 * The beat frames up to the music's last onset: beats later than the last frame whose evidence reaches
 * `fraction` × the median evidence at the beats ({@link beatEvidenceMedian}), by more than `toleranceFrames`, are
 * dropped (the beat on the final chord stays, those in its ring do not). Beats are kept unchanged when there is no
 * evidence or `fraction` is not positive.
 * @example
 * const evidence = new Float64Array(100);
 * [10, 30, 50].forEach((f) => (evidence[f] = 1)); // three onsets, then the recording rings on
 * beatsUntilLastOnset([10, 30, 50, 70, 90], evidence, 0.5, 5); // → [10, 30, 50]
 */
export function beatsUntilLastOnset(frames: readonly number[], evidence: Float64Array, fraction: number, toleranceFrames: number): number[] {
  const level = fraction * beatEvidenceMedian(frames, evidence);
  if (!(level > 0)) return [...frames];
  let last = evidence.length - 1;
  while (last >= 0 && evidence[last]! < level) last--;
  return frames.filter((f) => f <= last + toleranceFrames);
}
