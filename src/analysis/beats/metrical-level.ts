/**
 * The metrical level of a decoded beat sequence. A decoder that follows onsets drifts to the fastest regular level
 * they support (eighths under an Alberti bass, a syncopated melody's off-beats, an arpeggio's quavers); the beat
 * (tactus) is the level whose alternate pulses do not differ in accent. Accent is read in two places: the onset
 * evidence of every band, and the bass band alone — the beat is where the bass notes fall (the low-frequency
 * weighting of beat-level evidence in Goto 2001, J. New Music Res. 30:159, and of the bar-pointer models'
 * percussive/bass features, Krebs, Böck & Widmer 2013), so a pulse whose bass lands on every other beat is a
 * subdivision even where the upper voices fill every pulse evenly.
 */

/**
 * The strongest onset within ±2 frames of a frame (0 outside the signal).
 * @example
 * onsetNear(Float64Array.of(0, 3, 0, 0, 1), 3); // → 3
 */
export function onsetNear(onset: Float64Array, f: number): number {
  let m = 0;
  for (let d = -2; d <= 2; d++) m = Math.max(m, onset[f + d] ?? 0);
  return m;
}

/**
 * Which parity of a fast pulse is the beat: 0 or 1 (the parity of the index in `frames`) when the alternate beats
 * `frames[from…to−1]` that lie before `heardBeforeFrame` differ in strength by at least `contrast` (the mean of
 * one parity over the other, at least `minEach` beats of each) in any of the evidence signals, tried in order (the
 * first that shows the contrast decides); −1 when none does (a 3/4 bar alternates parities from bar to bar and so
 * shows no contrast).
 * @example
 * const onset = Float64Array.from({ length: 100 }, (_, i) => (i % 20 === 0 ? 2 : i % 10 === 0 ? 1 : 0));
 * strongerParity([0, 10, 20, 30, 40, 50, 60, 70], [onset], 1.3); // → 0
 */
export function strongerParity(
  frames: readonly number[],
  evidence: readonly Float64Array[],
  contrast: number,
  { from = 0, to = frames.length, heardBeforeFrame = Infinity, minEach = 1 }: { from?: number; to?: number; heardBeforeFrame?: number; minEach?: number } = {},
): number {
  for (const onset of evidence) {
    const sum = [0, 0];
    const count = [0, 0];
    for (let k = Math.max(0, from); k < Math.min(frames.length, to); k++) {
      if (frames[k]! + 2 >= heardBeforeFrame) continue;
      sum[k & 1] += onsetNear(onset, frames[k]!);
      count[k & 1]++;
    }
    if (count[0]! < minEach || count[1]! < minEach) return -1;
    const even = sum[0]! / count[0]!;
    const odd = sum[1]! / count[1]!;
    if (Math.max(even, odd) > 0 && Math.max(even, odd) >= contrast * Math.min(even, odd)) return even >= odd ? 0 : 1;
  }
  return -1;
}

/**
 * The metrical level of a decoded beat sequence: when the pulse is faster than `aboveBpm` and its alternate beats
 * differ in strength (mean onset strength of one parity over the other ≥ `contrast`, in `onset` or in the bass
 * band's evidence `bass`), the pulse is a duple subdivision and the stronger beats are kept (the beat where the
 * accents are, Lerdahl & Jackendoff's metrical well-formedness).
 * @example
 * const onset = new Float64Array(2000);
 * const frames = Array.from({ length: 40 }, (_, k) => 10 + 45 * k); // 133 bpm at 100 frames/s
 * frames.forEach((f, k) => (onset[f] = k % 2 === 0 ? 2 : 1));
 * keepMetricalLevel(frames, onset, 100, 110, 1.3).length; // → 20
 */
export function keepMetricalLevel(frames: number[], onset: Float64Array, fps: number, aboveBpm: number, contrast: number, bass?: Float64Array): number[] {
  if (frames.length < 8) return frames;
  const ibis = frames.slice(1).map((f, i) => f - frames[i]!).sort((a, b) => a - b);
  const bpm = (60 * fps) / ibis[ibis.length >> 1]!;
  if (!(bpm > aboveBpm)) return frames;
  const keep = strongerParity(frames, bass ? [bass, onset] : [onset], contrast);
  return keep < 0 ? frames : frames.filter((_, k) => (k & 1) === keep);
}
