/**
 * MIDI port meta events (FF 21 01 pp): a Standard MIDI File has 16 channels, so a ring of more than 16 speakers
 * puts speakers 17–32 on a second port. Sequencers that honour the event route each track to its port; others
 * still see one track per speaker, named "speaker N".
 */
import { FormatError } from '../../formats/errors.js';

/**
 * Inserts a MIDI-port meta event at the start of every track chunk (after the first, tempo, track when the file
 * has a conductor track) of a format-1 SMF: `portOfTrack(i)` gives the port of the i-th MTrk chunk.
 * @example
 * const bytes = withMidiPorts(writeMidi(score, { trackPer: 'speaker' }), (i) => (i === 0 ? -1 : Math.floor((i - 1) / 16)));
 */
export function withMidiPorts(smf: Uint8Array, portOfTrack: (trackIndex: number) => number): Uint8Array {
  const view = new DataView(smf.buffer, smf.byteOffset, smf.byteLength);
  if (smf.length < 14 || view.getUint32(0) !== 0x4d546864) throw new FormatError('MIDI data', 'not a Standard MIDI File (no MThd header)');
  const headerLength = view.getUint32(4);
  const parts: Uint8Array[] = [smf.subarray(0, 8 + headerLength)];
  let p = 8 + headerLength;
  let track = 0;
  while (p + 8 <= smf.length) {
    const id = view.getUint32(p);
    const length = view.getUint32(p + 4);
    if (p + 8 + length > smf.length) throw new FormatError('MIDI data', `chunk at byte ${p} runs past the end of the file`);
    const body = smf.subarray(p + 8, p + 8 + length);
    const port = id === 0x4d54726b ? portOfTrack(track++) : -1;
    if (port >= 0) {
      if (port > 127) throw new RangeError(`MIDI port must be 0–127, got ${port}`);
      const chunk = new Uint8Array(8 + 5 + length);
      const cv = new DataView(chunk.buffer);
      cv.setUint32(0, id);
      cv.setUint32(4, length + 5);
      chunk.set([0x00, 0xff, 0x21, 0x01, port], 8);
      chunk.set(body, 13);
      parts.push(chunk);
    } else {
      parts.push(smf.subarray(p, p + 8 + length));
    }
    p += 8 + length;
  }
  const out = new Uint8Array(parts.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
