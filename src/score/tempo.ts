/**
 * The tempo map: converting between seconds and quarter-note beats, and listing beat and bar times.
 */
import type { Score, Seconds, TempoChange, TimeSignatureChange } from './types.js';

const DEFAULT_TEMPO: TempoChange = { time: 0, bpm: 120 };

function sortedTempos(tempos: readonly TempoChange[]): TempoChange[] {
  const list = [...tempos].sort((a, b) => a.time - b.time);
  if (list.length === 0 || list[0]!.time > 0) list.unshift({ time: 0, bpm: list[0]?.bpm ?? DEFAULT_TEMPO.bpm });
  return list;
}

/**
 * Quarter-note beats elapsed at `time` seconds under a tempo map.
 * @example
 * secondsToBeats([{ time: 0, bpm: 60 }], 2.5); // → 2.5
 */
export function secondsToBeats(tempos: readonly TempoChange[], time: Seconds): number {
  const list = sortedTempos(tempos);
  let beats = 0;
  for (let i = 0; i < list.length; i++) {
    const start = list[i]!.time;
    const end = i + 1 < list.length ? list[i + 1]!.time : Infinity;
    if (time <= start) break;
    beats += ((Math.min(time, end) - start) * list[i]!.bpm) / 60;
  }
  return beats;
}

/**
 * Seconds at which `beats` quarter notes have elapsed.
 * @example
 * beatsToSeconds([{ time: 0, bpm: 120 }], 4); // → 2
 */
export function beatsToSeconds(tempos: readonly TempoChange[], beats: number): Seconds {
  const list = sortedTempos(tempos);
  let acc = 0;
  for (let i = 0; i < list.length; i++) {
    const start = list[i]!.time;
    const end = i + 1 < list.length ? list[i + 1]!.time : Infinity;
    const span = ((end - start) * list[i]!.bpm) / 60;
    if (acc + span >= beats) return start + ((beats - acc) * 60) / list[i]!.bpm;
    acc += span;
  }
  return list[list.length - 1]!.time;
}

/**
 * Times of the metrical beats (the denominator's note value) from 0 up to `until` seconds, with the bar
 * downbeats flagged. This is the ground truth a beat tracker is scored against for a quantised score.
 */
export function beatGrid(
  tempos: readonly TempoChange[],
  timeSignatures: readonly TimeSignatureChange[],
  until: Seconds,
): { time: Seconds; downbeat: boolean }[] {
  const sigs = [...timeSignatures].sort((a, b) => a.time - b.time);
  if (sigs.length === 0 || sigs[0]!.time > 0) sigs.unshift({ time: 0, numerator: 4, denominator: 4 });
  const out: { time: Seconds; downbeat: boolean }[] = [];
  const endBeats = secondsToBeats(tempos, until);
  let beat = 0; // in quarter notes
  let sigIndex = 0;
  let beatInBar = 0;
  while (beat <= endBeats + 1e-9) {
    while (sigIndex + 1 < sigs.length && secondsToBeats(tempos, sigs[sigIndex + 1]!.time) <= beat + 1e-9) {
      sigIndex++;
      beatInBar = 0;
    }
    const sig = sigs[sigIndex]!;
    out.push({ time: beatsToSeconds(tempos, beat), downbeat: beatInBar === 0 });
    beat += 4 / sig.denominator;
    beatInBar = (beatInBar + 1) % sig.numerator;
  }
  return out;
}

/** The score's tempo (bpm) in force at `time`. */
export function tempoAt(score: Pick<Score, 'tempos'>, time: Seconds): number {
  const list = sortedTempos(score.tempos);
  let bpm = list[0]!.bpm;
  for (const t of list) if (t.time <= time) bpm = t.bpm;
  return bpm;
}
