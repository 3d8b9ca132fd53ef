/**
 * A structural check of Standard MIDI File bytes before they are parsed: header, chunk lengths and every event's
 * extent. Parsers tend to read past the end of a truncated file and return half a piece; this walk refuses the file
 * instead and says where it broke.
 */
import { FormatError } from './errors.js';

/** What the header of a Standard MIDI File declares, and what the walk found that a parser would hide. */
export interface SmfHeader {
  format: number;
  trackCount: number;
  ticksPerQuarter: number;
  /**
   * Note-ons that no note-off (or note-on with velocity 0) ends before the end of their track: parsers drop them
   * silently. `track` counts MTrk chunks from 0; ticks are absolute.
   */
  unterminatedNotes: UnterminatedNote[];
}

/** A note-on left sounding at the end of its track. */
export interface UnterminatedNote {
  track: number;
  channel: number;
  pitch: number;
  velocity: number;
  tick: number;
  /** The tick of the track's last event (its end of track). */
  trackEndTick: number;
}

const text = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

/**
 * Walks the chunks and events of an SMF and throws a {@link FormatError} naming `source` on the first problem.
 * @example
 * checkSmf(writeMidi(score), 'song.mid').trackCount;
 */
export function checkSmf(bytes: Uint8Array, source: string): SmfHeader {
  if (bytes.length === 0) throw new FormatError(source, 'empty file');
  if (bytes.length < 4 || text(bytes, 0) !== 'MThd') throw new FormatError(source, 'not a Standard MIDI File (no MThd header)');
  if (bytes.length < 14) throw new FormatError(source, `truncated MIDI header (${bytes.length} of 14 bytes)`);
  const headerLength = u32(bytes, 4);
  if (headerLength < 6) throw new FormatError(source, `MIDI header length ${headerLength} is too short`);
  const format = u16(bytes, 8);
  const trackCount = u16(bytes, 10);
  const division = u16(bytes, 12);
  if (format > 2) throw new FormatError(source, `unknown MIDI format ${format}`);
  if (format === 2) throw new FormatError(source, 'MIDI format 2 (independent sequences) is not supported; convert it to format 1');
  if (division & 0x8000) throw new FormatError(source, 'SMPTE time division is not supported; re-save with ticks per quarter note');
  if (division === 0) throw new FormatError(source, 'MIDI header gives 0 ticks per quarter note');
  let pos = 8 + headerLength;
  let tracks = 0;
  const unterminatedNotes: UnterminatedNote[] = [];
  while (pos < bytes.length && tracks < trackCount) {
    if (pos + 8 > bytes.length) throw new FormatError(source, `truncated MIDI: chunk header at byte ${pos} is cut off`);
    const id = text(bytes, pos);
    const length = u32(bytes, pos + 4);
    const start = pos + 8;
    if (start + length > bytes.length) {
      throw new FormatError(
        source,
        `truncated MIDI: ${id === 'MTrk' ? `track ${tracks + 1}` : `chunk "${id}"`} declares ${length} bytes but only ${bytes.length - start} remain`,
      );
    }
    if (id === 'MTrk') {
      checkTrackEvents(bytes, start, start + length, tracks + 1, source, unterminatedNotes);
      tracks++;
    }
    pos = start + length;
  }
  if (tracks < trackCount) {
    throw new FormatError(source, `truncated MIDI: header declares ${trackCount} tracks but the file holds ${tracks}`);
  }
  return { format, trackCount, ticksPerQuarter: division, unterminatedNotes };
}

/** Slowest and fastest tempo a file may set: the same bounds as a score JSON's tempo map (bpm in (0, 1000]). */
const MIN_MICROSECONDS_PER_QUARTER = 60_000;

function checkTrackEvents(b: Uint8Array, start: number, end: number, track: number, source: string, unterminated: UnterminatedNote[]): void {
  let i = start;
  let status = 0;
  let tick = 0;
  // Sounding notes by channel × pitch: the ticks and velocities of their note-ons, oldest first.
  const sounding = new Map<number, Array<{ tick: number; velocity: number }>>();
  const fail = (what: string): never => {
    throw new FormatError(source, `corrupt MIDI: track ${track}, byte ${i}: ${what}`);
  };
  const varLen = (): number => {
    let value = 0;
    for (let k = 0; k < 4; k++) {
      if (i >= end) fail('variable-length number runs past the end of the track');
      const byte = b[i++]!;
      value = (value << 7) | (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    return fail('variable-length number longer than 4 bytes');
  };
  while (i < end) {
    tick += varLen(); // delta time
    if (i >= end) fail('event missing after its delta time');
    let byte = b[i]!;
    if (byte & 0x80) {
      status = byte;
      i++;
    } else if (status === 0 || status >= 0xf0) {
      fail('data byte without a status byte (running status not allowed here)');
    }
    if (status === 0xff) {
      if (i >= end) fail('meta event cut off');
      const type = b[i++]!;
      const length = varLen();
      if (i + length > end) fail('meta event runs past the end of the track');
      if (type === 0x51 && length === 3) {
        const usPerQuarter = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
        if (usPerQuarter === 0) fail(`tempo event at tick ${tick} sets 0 µs per quarter note (an infinite tempo)`);
        if (usPerQuarter < MIN_MICROSECONDS_PER_QUARTER) {
          fail(`tempo event at tick ${tick} sets ${usPerQuarter} µs per quarter note (${(60e6 / usPerQuarter).toFixed(0)} bpm), faster than 1000 bpm`);
        }
      }
      i += length;
      status = 0;
    } else if (status === 0xf0 || status === 0xf7) {
      const length = varLen();
      if (i + length > end) fail('sysex event runs past the end of the track');
      i += length;
      status = 0;
    } else {
      const hi = status & 0xf0;
      const n = hi === 0xc0 || hi === 0xd0 ? 1 : 2;
      if (i + n > end) fail('channel event cut off');
      for (let k = 0; k < n; k++) {
        byte = b[i + k]!;
        if (byte & 0x80) fail(`data byte 0x${byte.toString(16)} has its top bit set`);
      }
      if (hi === 0x90 || hi === 0x80) {
        const key = ((status & 0x0f) << 7) | b[i]!;
        const velocity = b[i + 1]!;
        if (hi === 0x90 && velocity > 0) {
          const list = sounding.get(key);
          if (list) list.push({ tick, velocity });
          else sounding.set(key, [{ tick, velocity }]);
        } else {
          sounding.get(key)?.shift();
        }
      }
      i += n;
    }
  }
  for (const [key, list] of sounding) {
    for (const on of list) unterminated.push({ track: track - 1, channel: key >> 7, pitch: key & 0x7f, velocity: on.velocity, tick: on.tick, trackEndTick: tick });
  }
}
