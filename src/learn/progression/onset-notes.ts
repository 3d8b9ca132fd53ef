/**
 * Predicted onsets become notes the worm plays: the timing is the learner's, the pitch is the worm's. At each
 * predicted onset the most active body-wall muscle at that instant chooses the key, through the registers of the
 * worm's own note mapping (`quadrantRegisters`, docs/design/worm.md: quadrant → register DL < VL < DR < VR, segment →
 * scale step, head high, tail low — the rule `WormNoteMapper` follows), here laid over the piece's own pitch range and
 * key so the notes sit where the piece sits. The model's body is two-dimensional, so a left muscle and its right
 * partner contract together; such ties go to the quadrant that played longest ago, so the sides take turns as the
 * mapper's four quadrant voices do and all four registers sound. Velocity follows the muscle's activation
 * (floor + (1 − floor)·activation, as the mapper); a note lasts until the next onset, within [0.08, 1] s.
 */
import { quadrantRegisters, muscleQuadrant, REGISTER_ORDER } from '../../engines/worm/play/to-notes.js';
import { parseKey } from '../../score/scales.js';
import { createScore } from '../../score/ops.js';
import type { NoteEvent, Score } from '../../score/types.js';
import type { HeardPiece } from './worm-piece.js';

/** Options of {@link onsetsToWormNotes}. */
export interface OnsetNotesOptions {
  /** Key of the notes (default the piece's key when it names one, else C major). */
  key?: string;
  /** Velocity floor (default 0.3, the mapper's). */
  velocityFloor?: number;
  /** Shift every onset by this many seconds (e.g. −start of a held-out span, to start the file at 0). */
  offsetSeconds?: number;
}

function keyOf(heard: HeardPiece, asked: string | undefined): string {
  const text = asked ?? heard.score.meta.key;
  if (text) {
    try {
      return parseKey(text).name;
    } catch {
      // Fall through: a key the scale table does not know.
    }
  }
  return 'C major';
}

/** Four registers of at least seven semitones inside the piano, centred on the piece's pitch range. */
function pitchRange(score: Score): { low: number; high: number } {
  let low = 127;
  let high = 0;
  for (const n of score.notes) {
    low = Math.min(low, n.pitch);
    high = Math.max(high, n.pitch);
  }
  const missing = 28 - (high - low + 1);
  if (missing > 0) {
    low = Math.max(21, low - Math.ceil(missing / 2));
    high = Math.min(108, low + 27);
    low = high - 27;
  }
  return { low, high };
}

/**
 * The worm's notes at the given onset times (seconds in the heard piece).
 * @example
 * const heard = hearPiece('prelude', score);
 * onsetsToWormNotes([0.5, 1, 1.5], heard).notes.length; // notes the worm plays at the onsets
 */
export function onsetsToWormNotes(onsets: ArrayLike<number>, heard: HeardPiece, options: OnsetNotesOptions = {}): Score {
  const rec = heard.recording;
  const key = keyOf(heard, options.key);
  const { low, high } = pitchRange(heard.score);
  const registers = quadrantRegisters({ key, lowPitch: low, highPitch: high });
  const pitchOf = rec.muscleNames.map((name) => {
    const { quadrant, segment } = muscleQuadrant(name);
    const reg = registers[quadrant];
    return { pitch: reg[Math.round(((24 - segment) / 23) * (reg.length - 1))]!, voice: REGISTER_ORDER.indexOf(quadrant) };
  });
  const lastPlayed = new Float64Array(REGISTER_ORDER.length).fill(-1);
  const floor = options.velocityFloor ?? 0.3;
  const shift = options.offsetSeconds ?? 0;
  const times = Float64Array.from(onsets).sort();
  const notes: NoteEvent[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const f = Math.min(rec.frames - 1, Math.max(0, Math.round(t * rec.frameRate)));
    let activation = -Infinity;
    for (let m = 0; m < rec.muscleNames.length; m++) activation = Math.max(activation, rec.muscles[m * rec.frames + f]!);
    let best = -1;
    for (let m = 0; m < rec.muscleNames.length; m++) {
      if (rec.muscles[m * rec.frames + f]! < activation - 1e-6) continue;
      if (best < 0 || lastPlayed[pitchOf[m]!.voice]! < lastPlayed[pitchOf[best]!.voice]!) best = m;
    }
    const next = i + 1 < times.length ? times[i + 1]! : t + 1;
    const { pitch, voice } = pitchOf[best]!;
    lastPlayed[voice] = i;
    notes.push({
      onset: t + shift,
      duration: Math.min(1, Math.max(0.08, next - t)),
      pitch,
      velocity: Math.min(1, floor + (1 - floor) * Math.max(0, activation)),
      voice,
    });
  }
  return createScore(notes, {
    tempos: heard.score.tempos.length ? [{ time: 0, bpm: heard.score.tempos[0]!.bpm }] : undefined,
    meta: { title: `${heard.name}: the worm's predicted onsets`, key, voiceNames: ['dorsal left', 'ventral left', 'dorsal right', 'ventral right'] },
  });
}
