/**
 * The notes a live engine plays, collected for the Notation view as the worker posts them (engine seconds; open
 * notes closed by their releases, notes cancelled by a pause or seek dropped) and cut into a rolling window of the
 * last bars: a `Score` that starts on a bar line of the engine's own grid (its native tempo, 4/4 from engine time 0),
 * which the engraver quantises and writes as MusicXML like any other score.
 */
import { MIDI_NOTE_FIELDS, MIDI_RELEASE_FIELDS } from '../../protocol.js';
import type { NoteEvent, Score } from 'neuromusic/score';

/** A collected note: engine seconds; `end` undefined while it is held. */
interface LiveNote {
  onset: number;
  end: number | undefined;
  pitch: number;
  velocity: number;
  channel: number;
  /** Output frame of its onset (a stop cancels the notes from a frame on). */
  frame: number;
}

/** The window cut from the collected notes. */
export interface LiveWindow {
  score: Score;
  /** Engine seconds at the window's first bar line. */
  start: number;
  /** Number (1-based, counted from engine time 0) of the window's first and last bar. */
  firstBar: number;
  lastBar: number;
}

/** Notes kept at most (older ones are forgotten: the window never reaches back that far). */
const MAX_KEPT = 4000;

export class LiveNotes {
  private notes: LiveNote[] = [];
  /** Latest engine time heard of (an onset or a release). */
  private latest = -Infinity;
  /** Bumped whenever the notes change, so the view re-engraves only when something new was played. */
  revision = 0;

  /** Forgets everything (another engine, a new performance). */
  clear(): void {
    this.notes = [];
    this.latest = -Infinity;
    this.revision++;
  }

  get size(): number {
    return this.notes.length;
  }

  /**
   * Takes notes packed as the worker posts them (MIDI_NOTE_FIELDS: on frame, off frame or Infinity, pitch, velocity
   * 0–1, MIDI channel).
   * @example
   * const live = new LiveNotes();
   * live.addNotes(Float64Array.of(0, 24000, 60, 0.8, 0), (frame) => frame / 48000);
   * live.window(120, 4)!.score.notes[0]!.duration; // → 0.5
   */
  addNotes(packed: Float64Array, timeAt: (frame: number) => number): void {
    for (let k = 0; k + MIDI_NOTE_FIELDS <= packed.length; k += MIDI_NOTE_FIELDS) {
      const frame = packed[k]!;
      const onset = timeAt(frame);
      // Engine time going back by more than a moment: a seek back or a new performance, which starts afresh.
      if (onset < this.latest - 1) this.clear();
      const off = packed[k + 1]!;
      const end = Number.isFinite(off) ? timeAt(off) : undefined;
      this.notes.push({ onset, end, pitch: packed[k + 2]!, velocity: packed[k + 3]!, channel: packed[k + 4]!, frame });
      this.latest = Math.max(this.latest, onset);
    }
    if (this.notes.length > MAX_KEPT) this.notes.splice(0, this.notes.length - MAX_KEPT);
    this.revision++;
  }

  /** Closes held notes (MIDI_RELEASE_FIELDS: frame, pitch, MIDI channel): the latest held note of that pitch and channel. */
  addReleases(packed: Float64Array, timeAt: (frame: number) => number): void {
    for (let k = 0; k + MIDI_RELEASE_FIELDS <= packed.length; k += MIDI_RELEASE_FIELDS) {
      const time = timeAt(packed[k]!);
      const pitch = packed[k + 1]!;
      const channel = packed[k + 2]!;
      for (let i = this.notes.length - 1; i >= 0; i--) {
        const n = this.notes[i]!;
        if (n.end === undefined && n.pitch === pitch && n.channel === channel) {
          n.end = Math.max(time, n.onset);
          break;
        }
      }
      this.latest = Math.max(this.latest, time);
    }
    this.revision++;
  }

  /** Everything scheduled from output frame `frame` on was cancelled; notes held then end at `time`. */
  stop(frame: number, time: number): void {
    this.notes = this.notes.filter((n) => n.frame < frame);
    for (const n of this.notes) if (n.end === undefined || n.end > time) n.end = Math.max(n.onset, time);
    this.revision++;
  }

  /**
   * The last `bars` bars of `beatsPerBar` quarter notes at `bpm` (the bar holding the newest onset last), as a score
   * from the window's first bar line: notes begun before it are cut at it, held notes last until the newest moment
   * heard (at least a sixteenth). Undefined before any note.
   */
  window(bpm: number, bars: number, beatsPerBar = 4): LiveWindow | undefined {
    if (this.notes.length === 0) return undefined;
    const barSeconds = (beatsPerBar * 60) / bpm;
    const sixteenth = 15 / bpm;
    const lastBar = Math.floor(this.latest / barSeconds + 1e-9);
    const firstBar = Math.max(Math.floor(this.notes[0]!.onset / barSeconds + 1e-9), lastBar - bars + 1);
    const start = firstBar * barSeconds;
    const stop = (lastBar + 1) * barSeconds;
    const notes: NoteEvent[] = [];
    for (const n of this.notes) {
      const end = Math.min(stop, n.end ?? Math.max(this.latest, n.onset + sixteenth));
      if (end <= start || n.onset >= stop) continue;
      const onset = Math.max(n.onset, start);
      const duration = Math.max(end - onset, sixteenth / 4);
      notes.push({ onset: onset - start, duration, pitch: n.pitch, velocity: n.velocity, voice: n.channel, channel: n.channel });
    }
    // Voices numbered from 0 in channel order (the notation makes a part or a hand of each).
    const channels = [...new Set(notes.map((n) => n.voice))].sort((a, b) => a - b);
    for (const n of notes) n.voice = channels.indexOf(n.voice);
    notes.sort((a, b) => a.onset - b.onset || a.pitch - b.pitch || a.voice - b.voice);
    const score: Score = {
      notes,
      tempos: [{ time: 0, bpm }],
      timeSignatures: [{ time: 0, numerator: beatsPerBar, denominator: 4 }],
      meta: {},
    };
    return { score, start, firstBar: firstBar + 1, lastBar: lastBar + 1 };
  }
}
