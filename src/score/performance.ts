/**
 * How a score is performed rather than written: played faster or slower (a tempo factor over the whole tempo map)
 * and humanised (small seeded deviations of onset and velocity, as a player's timing and touch vary). The studio's
 * score player uses both, and its MIDI and WAV exports are exactly what it played.
 */
import { sortNotes } from './ops.js';
import type { Random } from '../math/random.js';
import type { Score, Seconds } from './types.js';

/**
 * The score played `rate` times as fast: every time (onsets, durations, tempo and time-signature changes) divided
 * by `rate`, every tempo multiplied by it, so beats stay where they were in the bar.
 * @example
 * scaleTempo(bachPreludeInC(), 2).tempos[0].bpm; // → 132 — the prelude is written at 66
 */
export function scaleTempo(score: Score, rate: number): Score {
  if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`tempo rate must be a positive number, got ${rate}`);
  if (rate === 1) return score;
  return {
    ...score,
    notes: score.notes.map((n) => ({ ...n, onset: n.onset / rate, duration: n.duration / rate })),
    tempos: score.tempos.map((t) => ({ time: t.time / rate, bpm: t.bpm * rate })),
    timeSignatures: score.timeSignatures.map((t) => ({ ...t, time: t.time / rate })),
  };
}

/** How much a humanised performance deviates from the score. */
export interface HumanizeOptions {
  /** Standard deviation of onset shifts, in seconds (0.01 = 10 ms, a careful player). Shifts are clamped at ±3 SD. */
  timingSeconds: Seconds;
  /** Standard deviation of velocity changes (velocity is 0–1); results stay within [0.05, 1]. */
  velocity: number;
}

/**
 * A humanised copy of a score: each note's onset moves by a normal deviate (SD `timingSeconds`, clamped at ±3 SD,
 * never before 0) and its velocity by another (SD `velocity`), drawn from `random` in note order, so the same
 * seed gives the same performance in Node and in the browser. Durations are kept.
 * @example
 * const played = humanize(score, createRandom(7).fork('humanize'), { timingSeconds: 0.01, velocity: 0.05 });
 */
export function humanize(score: Score, random: Random, options: HumanizeOptions): Score {
  const { timingSeconds, velocity } = options;
  if (!(timingSeconds >= 0 && timingSeconds <= 1)) throw new RangeError(`timingSeconds must be 0–1 s, got ${timingSeconds}`);
  if (!(velocity >= 0 && velocity <= 1)) throw new RangeError(`velocity spread must be 0–1, got ${velocity}`);
  if (timingSeconds === 0 && velocity === 0) return score;
  const notes = score.notes.map((n) => {
    const shift = Math.max(-3, Math.min(3, random.normal())) * timingSeconds;
    const v = n.velocity + random.normal() * velocity;
    return { ...n, onset: Math.max(0, n.onset + shift), velocity: Math.min(1, Math.max(0.05, v)) };
  });
  return { ...score, notes: sortNotes(notes) };
}
