/**
 * Standard MIDI Files in and out, on @tonejs/midi. Reading accepts format 0 and 1, tempo changes, several tracks
 * and channels, and note-on with velocity 0 as note-off; it refuses truncated or corrupt files with a one-line
 * reason. Writing produces format 1 with a track per voice (or per speaker) and a channel per track.
 */
import * as tonejsMidi from '@tonejs/midi';
import type { Midi as MidiType } from '@tonejs/midi';
import { namedExport } from '../math/interop.js';
import { FormatError } from './errors.js';
import { checkSmf } from './smf-check.js';
import { encodeSmf } from './smf-encode.js';
import { secondsToBeats } from '../score/tempo.js';
import { sortNotes } from '../score/ops.js';
import type { NoteEvent, Score, TempoChange, TimeSignatureChange } from '../score/types.js';

const Midi = namedExport<typeof MidiType>(tonejsMidi, 'Midi');

/** Options of the score readers ({@link readMidi}, `readScoreFile`). */
export interface ReadScoreOptions {
  /**
   * Told, as one line naming the file, about what the reader repaired rather than refused (a note-on without a
   * note-off, held to the end of its track). Without it the repair is still made, and the caller hears nothing.
   */
  onWarning?: (message: string) => void;
}

/** Most notes a file may hold before it is refused as unreasonably large. */
export const MAX_MIDI_NOTES = 2_000_000;

/**
 * Reads a Standard MIDI File into a Score. `source` names the data in error messages (usually the path).
 * @example
 * const bytes = writeMidi(bachPreludeInC());
 * readMidi(bytes, 'prelude.mid').notes.length === bachPreludeInC().notes.length; // → true
 */
export function readMidi(bytes: Uint8Array, source = 'MIDI data', options: ReadScoreOptions = {}): Score {
  const { unterminatedNotes } = checkSmf(bytes, source);
  let midi: MidiType;
  try {
    midi = new Midi(bytes);
  } catch (err) {
    throw new FormatError(source, `corrupt MIDI: ${(err as Error).message}`);
  }
  const toSeconds = (ticks: number): number => midi.header.ticksToSeconds(ticks);
  const notes: NoteEvent[] = [];
  const voiceNames: string[] = [];
  const programs: number[] = [];
  let voice = 0;
  const voiceByChannel = new Map<number, number>();
  for (const track of midi.tracks) {
    if (track.notes.length === 0) continue;
    if (notes.length + track.notes.length > MAX_MIDI_NOTES) {
      throw new FormatError(source, `more than ${MAX_MIDI_NOTES} notes; split the file`);
    }
    for (const n of track.notes) {
      const onset = toSeconds(n.ticks);
      const duration = toSeconds(n.ticks + n.durationTicks) - onset;
      // Zero-length notes (on and off at the same tick) still sounded on a keyboard: keep them audible.
      notes.push({
        onset,
        duration: duration > 0 ? duration : toSeconds(n.ticks + 1) - onset || 1e-3,
        pitch: n.midi,
        velocity: Math.min(1, Math.max(0, n.velocity)),
        voice,
        channel: track.channel,
      });
    }
    voiceNames[voice] = decodeMidiText(track.name) || `${track.instrument.name || 'track'} ${voice + 1}`;
    programs[voice] = track.instrument.number;
    if (!voiceByChannel.has(track.channel)) voiceByChannel.set(track.channel, voice);
    voice++;
  }
  // Note-ons that no note-off ends (@tonejs/midi drops them): held to the end of their track, in the voice that
  // plays their channel (a voice of their own when none does).
  for (const u of unterminatedNotes) {
    let v = voiceByChannel.get(u.channel);
    if (v === undefined) {
      v = voice++;
      voiceByChannel.set(u.channel, v);
      voiceNames[v] = `track ${u.track + 1}`;
      programs[v] = 0;
    }
    const onset = toSeconds(u.tick);
    const end = toSeconds(Math.max(u.trackEndTick, u.tick + 1));
    notes.push({ onset, duration: end - onset, pitch: u.pitch, velocity: u.velocity / 127, voice: v, channel: u.channel });
  }
  if (unterminatedNotes.length > 0) {
    const u = unterminatedNotes[0]!;
    options.onWarning?.(
      `${source}: ${unterminatedNotes.length} note-on${unterminatedNotes.length === 1 ? '' : 's'} without a note-off (the first: pitch ${u.pitch}, channel ${u.channel + 1}, track ${u.track + 1}, at ${toSeconds(u.tick).toFixed(2)} s); held to the end of ${unterminatedNotes.length === 1 ? 'its track' : 'their tracks'}`,
    );
  }
  const tempos: TempoChange[] = midi.header.tempos.map((t) => ({ time: toSeconds(t.ticks), bpm: t.bpm }));
  if (tempos.length === 0 || tempos[0]!.time > 0) tempos.unshift({ time: 0, bpm: 120 });
  const timeSignatures: TimeSignatureChange[] = midi.header.timeSignatures.map((t) => ({
    time: toSeconds(t.ticks),
    numerator: t.timeSignature[0] ?? 4,
    denominator: t.timeSignature[1] ?? 4,
  }));
  if (timeSignatures.length === 0 || timeSignatures[0]!.time > 0) timeSignatures.unshift({ time: 0, numerator: 4, denominator: 4 });
  const key = midi.header.keySignatures[0];
  return {
    notes: sortNotes(notes),
    tempos: dedupeByTime(tempos),
    timeSignatures: dedupeByTime(timeSignatures),
    meta: {
      ...(midi.header.name ? { title: decodeMidiText(midi.header.name) } : {}),
      source,
      voiceNames,
      programs,
      ...(key ? { key: keyName(key.key, key.scale) } : {}),
    },
  };
}

/** Major keys by key-signature sharps (−7 … 7, flats negative): @tonejs/midi names every signature this way. */
const MAJOR_BY_SIGNATURE = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];
/** The relative minor keys of the same signatures. */
const MINOR_BY_SIGNATURE = ['Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#', 'G#', 'D#', 'A#'];

/**
 * The key a signature event names. @tonejs/midi gives the major key of the signature even for minor mode (3 flats,
 * minor → "Eb minor"); the tonic of a minor key is the relative minor of that major key ("C minor").
 */
function keyName(majorOfSignature: string, scale: string): string {
  const i = MAJOR_BY_SIGNATURE.indexOf(majorOfSignature);
  return scale === 'minor' && i >= 0 ? `${MINOR_BY_SIGNATURE[i]} minor` : `${majorOfSignature} ${scale}`;
}

/**
 * MIDI text events are bytes; the parser hands them over one char per byte. Most files written today use UTF-8,
 * older ones Latin-1: decode as UTF-8 when the bytes are valid UTF-8, else keep Latin-1.
 */
export function decodeMidiText(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return text.trim();
    bytes[i] = c;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim();
  } catch {
    return text.trim();
  }
}

function dedupeByTime<T extends { time: number }>(list: T[]): T[] {
  const out: T[] = [];
  for (const e of [...list].sort((a, b) => a.time - b.time)) {
    if (out.length && Math.abs(out[out.length - 1]!.time - e.time) < 1e-9) out[out.length - 1] = e;
    else out.push(e);
  }
  return out;
}

/** Options for {@link writeMidi}. */
export interface WriteMidiOptions {
  /** Ticks per quarter note, default 480. */
  ppq?: number;
  /** One track per voice (default) or per speaker (notes without a speaker go to speaker 0). */
  trackPer?: 'voice' | 'speaker';
  /** General MIDI program (0 = acoustic grand piano). */
  program?: number;
}

/**
 * The MIDI channel of the n-th track: 0, 1, … skipping 9, which General MIDI reserves for percussion.
 * @example
 * trackChannel(9); // → 10
 */
export function trackChannel(index: number): number {
  const c = index % 15;
  return c >= 9 ? c + 1 : c;
}

/** Pitch-bend range (semitones) set on a track that carries slides: a slide spans at most an octave. */
export const SLIDE_BEND_RANGE = 12;

/**
 * Slides as MIDI: the track's pitch-bend range is set to {@link SLIDE_BEND_RANGE} semitones (RPN 0), and each note
 * with `slideFrom` starts bent to that pitch and ramps linearly to its own in eight steps over the first third of the
 * note (at most 0.15 s). Bends act on the whole channel: exact for a monophonic line.
 */
function addSlideBends(track: ReturnType<MidiType['addTrack']>, notes: readonly NoteEvent[], ticksAt: (seconds: number) => number): void {
  const cc = (ticks: number, number: number, value: number): void => {
    track.addCC({ ticks, number, value: (value + 0.5) / 127 });
  };
  cc(0, 101, 0);
  cc(0, 100, 0);
  cc(0, 6, SLIDE_BEND_RANGE);
  cc(0, 38, 0);
  for (const n of notes) {
    if (n.slideFrom === undefined) continue;
    const semitones = Math.max(-SLIDE_BEND_RANGE, Math.min(SLIDE_BEND_RANGE, n.slideFrom - n.pitch));
    const glide = Math.min(0.15, n.duration / 3);
    for (let k = 0; k <= 8; k++) {
      const bend = Math.round((semitones * (1 - k / 8) * 8192) / SLIDE_BEND_RANGE);
      track.addPitchBend({ ticks: ticksAt(n.onset + (glide * k) / 8), value: Math.max(-8192, Math.min(8191, bend)) });
    }
  }
}

/**
 * Writes a Score as a format-1 Standard MIDI File.
 * @example
 * const bytes = writeMidi(score); // Uint8Array
 */
export function writeMidi(score: Score, options: WriteMidiOptions = {}): Uint8Array {
  const ppq = options.ppq ?? 480;
  const trackPer = options.trackPer ?? 'voice';
  const midi = new Midi();
  if (!Number.isInteger(ppq) || ppq < 24 || ppq > 32767) throw new RangeError(`ppq must be an integer in 24–32767, got ${ppq}`);
  // The header's resolution is read-only except through its JSON form.
  midi.header.fromJSON({ ...midi.header.toJSON(), ppq });
  if (score.meta.title) midi.header.name = score.meta.title;
  const tempos = score.tempos.length ? score.tempos : [{ time: 0, bpm: 120 }];
  const ticksAt = (seconds: number): number => Math.round(secondsToBeats(tempos, seconds) * ppq);
  for (const t of tempos) midi.header.tempos.push({ ticks: ticksAt(t.time), bpm: t.bpm });
  for (const s of score.timeSignatures) {
    midi.header.timeSignatures.push({ ticks: ticksAt(s.time), timeSignature: [s.numerator, s.denominator] });
  }
  midi.header.update();
  const groups = new Map<number, NoteEvent[]>();
  for (const n of score.notes) {
    const key = trackPer === 'speaker' ? (n.speaker ?? 0) : n.voice;
    const list = groups.get(key) ?? [];
    list.push(n);
    groups.set(key, list);
  }
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const list = groups.get(key)!;
    const track = midi.addTrack();
    track.name = trackPer === 'speaker' ? `speaker ${key + 1}` : (score.meta.voiceNames?.[key] ?? `voice ${key + 1}`);
    track.channel = list[0]!.channel ?? trackChannel(key);
    track.instrument.number = track.channel === 9 ? 0 : (options.program ?? (trackPer === 'voice' ? score.meta.programs?.[key] : undefined) ?? 0);
    for (const n of list) {
      const ticks = ticksAt(n.onset);
      const durationTicks = Math.max(1, ticksAt(n.onset + n.duration) - ticks);
      // The encoder floors velocity·127; hand it the centre of the nearest step so it lands there.
      const step = Math.max(1, Math.min(127, Math.round(n.velocity * 127)));
      track.addNote({ midi: n.pitch, ticks, durationTicks, velocity: (step + 0.5) / 127 });
    }
    if (list.some((n) => n.slideFrom !== undefined)) addSlideBends(track, list, ticksAt);
  }
  return encodeSmf(midi);
}
