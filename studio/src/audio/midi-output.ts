/**
 * Optional Web MIDI output: the notes the engine worker schedules also go to an external instrument, timestamped
 * to the moment the same notes are heard from the page's own audio.
 */
import { MIDI_NOTE_FIELDS, MIDI_RELEASE_FIELDS } from '../protocol.js';

/** A MIDI output port, as listed to the user. */
export interface MidiPort {
  id: string;
  name: string;
}

const NOTE_ON = 0x90;
const NOTE_OFF = 0x80;
const CONTROL = 0xb0;
const ALL_NOTES_OFF = 123;
const SUSTAIN = 64;

export class MidiOutput {
  private access: MIDIAccess | undefined;
  private port: MIDIOutput | undefined;
  private readonly channels = new Set<number>();

  /** Whether this browser has Web MIDI at all. */
  get supported(): boolean {
    return typeof navigator.requestMIDIAccess === 'function';
  }

  /** The output ports (asks the user for permission the first time). */
  async ports(): Promise<MidiPort[]> {
    this.access ??= await navigator.requestMIDIAccess({ sysex: false });
    return [...this.access.outputs.values()].map((p) => ({ id: p.id, name: p.name ?? p.id }));
  }

  /** Sends to the port with this id, or to none. */
  select(id: string | null): void {
    this.allNotesOff(performance.now());
    this.port = id ? this.access?.outputs.get(id) : undefined;
  }

  get connected(): boolean {
    return this.port !== undefined;
  }

  /** Sends packed notes (MIDI_NOTE_FIELDS each); `timeOf(frame)` gives the wall-clock ms of an output frame. */
  send(notes: Float64Array, timeOf: (frame: number) => number): void {
    const port = this.port;
    if (!port) return;
    for (const m of midiMessages(notes, timeOf)) {
      this.channels.add(m.data[0]! & 15);
      port.send(m.data, m.time);
    }
  }

  /** Sends the note-offs of open notes (MIDI_RELEASE_FIELDS each: frame, pitch, channel). */
  release(releases: Float64Array, timeOf: (frame: number) => number): void {
    const port = this.port;
    if (!port) return;
    for (const m of midiReleaseMessages(releases, timeOf)) port.send(m.data, m.time);
  }

  /**
   * Silences the instrument from `atMs` on. Notes already queued in the browser cannot be taken back (Chromium
   * lacks MIDIOutput.clear), so the all-notes-off is sent again after the scheduling lookahead.
   */
  allNotesOff(atMs: number, lookaheadMs = 300): void {
    const port = this.port;
    if (!port) return;
    for (const channel of this.channels) {
      for (const t of [atMs, atMs + lookaheadMs]) {
        port.send([CONTROL | channel, SUSTAIN, 0], t);
        port.send([CONTROL | channel, ALL_NOTES_OFF, 0], t);
      }
    }
  }
}

/** A timestamped MIDI message. */
export interface TimedMidiMessage {
  data: number[];
  /** performance.now() time at which to send it, ms. */
  time: number;
}

/**
 * The note-on and note-off messages of packed notes (MIDI_NOTE_FIELDS each: on frame, off frame, pitch, velocity
 * 0–1, channel). Velocity 0–1 becomes 1–127 (a note-on with velocity 0 would be a note-off).
 * @example
 * midiMessages(new Float64Array([0, 4410, 60, 1, 0]), (f) => f / 44.1); // on at 0 ms, off at 100 ms
 */
export function midiMessages(notes: Float64Array, timeOf: (frame: number) => number): TimedMidiMessage[] {
  const out: TimedMidiMessage[] = [];
  for (let k = 0; k + MIDI_NOTE_FIELDS <= notes.length; k += MIDI_NOTE_FIELDS) {
    const channel = notes[k + 4]! & 15;
    const pitch = notes[k + 2]! & 127;
    const velocity = Math.max(1, Math.min(127, Math.round(notes[k + 3]! * 127)));
    out.push({ data: [NOTE_ON | channel, pitch, velocity], time: timeOf(notes[k]!) });
    // An open note (off frame Infinity) gets its note-off from a later release.
    if (Number.isFinite(notes[k + 1]!)) out.push({ data: [NOTE_OFF | channel, pitch, 0], time: timeOf(notes[k + 1]!) });
  }
  return out;
}

/**
 * The note-offs of packed releases (MIDI_RELEASE_FIELDS each: frame, pitch, channel).
 * @example
 * midiReleaseMessages(new Float64Array([4410, 60, 2]), (f) => f / 44.1); // [{ data: [0x82, 60, 0], time: 100 }]
 */
export function midiReleaseMessages(releases: Float64Array, timeOf: (frame: number) => number): TimedMidiMessage[] {
  const out: TimedMidiMessage[] = [];
  for (let k = 0; k + MIDI_RELEASE_FIELDS <= releases.length; k += MIDI_RELEASE_FIELDS) {
    out.push({ data: [NOTE_OFF | (releases[k + 2]! & 15), releases[k + 1]! & 127, 0], time: timeOf(releases[k]!) });
  }
  return out;
}
