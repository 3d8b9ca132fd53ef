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

/** What {@link musicStillPlaying} gives the online decoder: asked once per beat before it is emitted. */
export type StillPlaying = (beat: number, now: number, period: number, emitted: readonly number[]) => boolean;

/**
 * The online counterpart of {@link beatsUntilLastOnset}: at decision frame `now` (evidence after it is never
 * read), a beat is emitted only while the music still plays — while an onset reaching `fraction` × the median
 * evidence at the beats emitted so far (those whose ±2 frames have been heard) lies in the window that decides it:
 * from `toleranceShare` of a period before the beat when the beat has been heard (a stated latency: the onsets after
 * it count), from `spanPeriods` periods before `now` when it is predicted ahead. So a tracker stops within a couple
 * of beats of the last onset instead of beating on through the final chord's ring; a rest longer than the window
 * drops the beats in it too.
 * @example
 * const evidence = new Float64Array(400);
 * for (let f = 10; f < 200; f += 20) evidence[f] = 1; // onsets every 20 frames until frame 190, then silence
 * const playing = musicStillPlaying(evidence, 0.5);
 * playing(210, 205, 20, [150, 170, 190]); // → true — predicted, the last onset 15 frames ago
 * playing(250, 245, 20, [150, 170, 190]); // → false — 55 frames of silence: more than two periods
 * playing(190, 230, 20, [150, 170]); // → true — heard with a latency: its own onset counts
 */
export function musicStillPlaying(evidence: Float64Array, fraction: number, toleranceShare = 0.3, spanPeriods = 2): StillPlaying {
  return (beat, now, period, emitted) => {
    if (!(fraction > 0)) return true;
    const heard = emitted.filter((b) => b + 2 <= now);
    const level = fraction * beatEvidenceMedian(heard, evidence);
    if (!(level > 0)) return true;
    const from = Math.max(0, Math.floor(beat <= now ? beat - toleranceShare * period : now - spanPeriods * period));
    for (let f = Math.min(now, evidence.length - 1); f >= from; f--) if (evidence[f]! >= level) return true;
    return false;
  };
}
