/**
 * Where a note sounds: gains per output channel. Stereo places the keyboard from left (bass) to right (treble), as
 * a pianist hears it; N channels route a note that carries a speaker index to that speaker, and spread the others
 * across the channels by pitch; a speaker ring mixed down to stereo keeps each speaker's angle.
 */
import type { NoteEvent } from '../score/types.js';

/** Equal-power gains of a position x ∈ [0, 1] between two channels. */
export function equalPowerPan(x: number): [number, number] {
  const t = Math.min(1, Math.max(0, x)) * (Math.PI / 2);
  return [Math.cos(t), Math.sin(t)];
}

/** Stereo position of a key: A0 at 0.15 (left) to C8 at 0.85 (right). */
export function keyboardPosition(pitch: number): number {
  return 0.15 + (0.7 * (Math.min(108, Math.max(21, pitch)) - 21)) / 87;
}

/**
 * Fills `gains` (length = channel count) for one note.
 * - 1 channel: gain 1.
 * - 2 channels: the note's speaker on a ring of `ringSize` speakers (if both given), else its key position.
 * - N channels: its speaker (modulo N) when it has one, else a pitch-dependent pair of neighbouring channels.
 * With `speakerChannels`, a note with a speaker goes to channel speaker mod N whatever N (a ring of one or two
 * speakers written one channel per speaker).
 * @example
 * const g = new Float64Array(2); noteGains({ pitch: 21 } as NoteEvent, g); // g[0] > g[1]
 * noteGains({ pitch: 60, speaker: 1 }, g, undefined, true); Array.from(g); // → [0, 1]
 */
export function noteGains(note: Pick<NoteEvent, 'pitch' | 'speaker'>, gains: Float64Array, ringSize?: number, speakerChannels = false): void {
  const n = gains.length;
  gains.fill(0);
  if (speakerChannels && note.speaker !== undefined) {
    gains[note.speaker % n] = 1;
    return;
  }
  if (n === 1) {
    gains[0] = 1;
    return;
  }
  if (n === 2) {
    let x = keyboardPosition(note.pitch);
    if (note.speaker !== undefined && ringSize && ringSize > 0) {
      // Speaker 0 straight ahead, the ring going clockwise: left/right from the sine of the angle.
      const angle = (2 * Math.PI * (note.speaker % ringSize)) / ringSize;
      x = 0.5 + 0.5 * Math.sin(angle);
    }
    const [l, r] = equalPowerPan(x);
    gains[0] = l;
    gains[1] = r;
    return;
  }
  if (note.speaker !== undefined) {
    gains[note.speaker % n] = 1;
    return;
  }
  const pos = ((keyboardPosition(note.pitch) - 0.15) / 0.7) * (n - 1);
  const lo = Math.min(n - 2, Math.floor(pos));
  const [a, b] = equalPowerPan(pos - lo);
  gains[lo] = a;
  gains[lo + 1] = b;
}
