/**
 * The Standard MIDI File encoder (SMF 1.0, format 1) for a @tonejs/midi `Midi`: the same bytes as its `toArray()`
 * (same events, the same stable order by time, no running status), in linear time. `toArray()` goes through the
 * `midi-file` writer, whose buffer is copied whole for every delta time above 127 ticks — quadratic in the length of
 * a track: 16,000 notes on one track took 20.9 s to encode here, 88 ms with this writer (bench/RESULTS.md, "midi").
 */
import type { Midi } from '@tonejs/midi';

/** A growable byte buffer. */
class ByteWriter {
  bytes = new Uint8Array(1024);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.length++] = v & 0xff;
  }

  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v);
  }

  u24(v: number): void {
    this.u8(v >> 16);
    this.u8(v >> 8);
    this.u8(v);
  }

  u32(v: number): void {
    this.u8(v >>> 24);
    this.u8(v >> 16);
    this.u8(v >> 8);
    this.u8(v);
  }

  /** A variable-length quantity (7 bits a byte, most significant first). */
  varInt(v: number): void {
    if (v < 0) throw new RangeError(`a MIDI delta time cannot be negative, got ${v}`);
    const groups = [v & 0x7f];
    for (let i = v >> 7; i; i >>= 7) groups.push((i & 0x7f) | 0x80);
    for (let k = groups.length - 1; k >= 0; k--) this.u8(groups[k]!);
  }

  /** Text as the code units' low bytes, its length first (as midi-file writes meta text). */
  text(s: string): void {
    this.varInt(s.length);
    for (let i = 0; i < s.length; i++) this.u8(s.codePointAt(i)!);
  }

  chunk(id: string, body: ByteWriter): void {
    for (let i = 0; i < 4; i++) this.u8(id.charCodeAt(i));
    this.u32(body.length);
    this.reserve(body.length);
    this.bytes.set(body.bytes.subarray(0, body.length), this.length);
    this.length += body.length;
  }
}

/** One event at an absolute tick: what to write after its delta time. */
interface TimedEvent {
  ticks: number;
  write: (w: ByteWriter) => void;
}

const KEY_NAMES = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];
const TEXT_TYPES: Record<string, number> = { text: 0x01, copyrightNotice: 0x02, trackName: 0x03, instrumentName: 0x04, lyrics: 0x05, marker: 0x06, cuePoint: 0x07 };

function meta(type: number, body: (w: ByteWriter) => void): (w: ByteWriter) => void {
  return (w) => {
    w.u8(0xff);
    w.u8(type);
    body(w);
  };
}

function writeTrack(out: ByteWriter, events: TimedEvent[]): void {
  // Array.prototype.sort is stable: events at one tick keep the order they were listed in, as in toArray().
  events.sort((a, b) => a.ticks - b.ticks);
  const w = new ByteWriter();
  let last = 0;
  for (const e of events) {
    w.varInt(e.ticks - last);
    last = e.ticks;
    e.write(w);
  }
  w.varInt(0);
  meta(0x2f, (x) => x.varInt(0))(w);
  out.chunk('MTrk', w);
}

/**
 * Encodes a @tonejs/midi `Midi` as a Standard MIDI File: byte for byte what `midi.toArray()` gives, in linear time.
 * @example
 * import * as tonejs from '@tonejs/midi';
 * import { namedExport } from '../math/interop.js';
 * const Midi = namedExport<typeof import('@tonejs/midi').Midi>(tonejs, 'Midi');
 * const midi = new Midi();
 * midi.addTrack().addNote({ midi: 60, ticks: 0, durationTicks: 480, velocity: 0.8 });
 * encodeSmf(midi).length === midi.toArray().length; // → true
 */
export function encodeSmf(midi: Midi): Uint8Array {
  const out = new ByteWriter();
  const header = new ByteWriter();
  header.u16(1);
  header.u16(midi.tracks.length + 1);
  header.u16(midi.header.ppq & 0x7fff);
  out.chunk('MThd', header);

  const first: TimedEvent[] = [{ ticks: 0, write: meta(0x03, (w) => w.text(midi.header.name)) }];
  for (const k of midi.header.keySignatures) {
    first.push({ ticks: k.ticks, write: meta(0x59, (w) => { w.varInt(2); w.u8(KEY_NAMES.indexOf(k.key) + 7); w.u8(k.scale === 'major' ? 0 : 1); }) });
  }
  for (const m of midi.header.meta) {
    const type = TEXT_TYPES[m.type];
    if (type === undefined) throw new RangeError(`cannot encode a header meta event of type ${m.type}`);
    first.push({ ticks: m.ticks, write: meta(type, (w) => w.text(m.text)) });
  }
  for (const t of midi.header.tempos) {
    first.push({ ticks: t.ticks, write: meta(0x51, (w) => { w.varInt(3); w.u24(Math.floor(60000000 / t.bpm)); }) });
  }
  for (const s of midi.header.timeSignatures) {
    first.push({
      ticks: s.ticks,
      write: meta(0x58, (w) => {
        w.varInt(4);
        w.u8(s.timeSignature[0]!);
        w.u8(Math.floor(Math.log(s.timeSignature[1]!) / Math.LN2));
        w.u8(24);
        w.u8(8);
      }),
    });
  }
  writeTrack(out, first);

  for (const track of midi.tracks) {
    const ch = track.channel;
    const events: TimedEvent[] = [
      { ticks: 0, write: meta(0x03, (w) => w.text(track.name)) },
      { ticks: 0, write: (w) => { w.u8(0xc0 | ch); w.u8(track.instrument.number); } },
    ];
    for (const n of track.notes) {
      const on = Math.floor(n.velocity * 127);
      const off = Math.floor(n.noteOffVelocity * 127);
      events.push({ ticks: n.ticks, write: (w) => { w.u8(0x90 | ch); w.u8(n.midi); w.u8(on); } });
      events.push({ ticks: n.ticks + n.durationTicks, write: (w) => { w.u8(0x80 | ch); w.u8(n.midi); w.u8(off); } });
    }
    for (let c = 0; c < 127; c++) {
      if (!Object.prototype.hasOwnProperty.call(track.controlChanges, c)) continue;
      for (const cc of track.controlChanges[c]!) {
        events.push({ ticks: cc.ticks, write: (w) => { w.u8(0xb0 | ch); w.u8(cc.number); w.u8(Math.floor(cc.value * 127)); } });
      }
    }
    for (const pb of track.pitchBends) {
      events.push({
        ticks: pb.ticks,
        write: (w) => {
          const v = 0x2000 + pb.value;
          w.u8(0xe0 | ch);
          w.u8(v & 0x7f);
          w.u8((v >> 7) & 0x7f);
        },
      });
    }
    writeTrack(out, events);
  }
  return out.bytes.slice(0, out.length);
}
