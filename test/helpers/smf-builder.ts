/**
 * Builds Standard MIDI File bytes by hand for tests, independently of the MIDI library under test.
 */
export function varLen(n: number): number[] {
  const out = [n & 0x7f];
  n >>>= 7;
  while (n > 0) {
    out.unshift((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return out;
}

/** A track chunk from [delta, ...event bytes] pairs; End of Track is appended. */
export function track(events: Array<[number, ...number[]]>): number[] {
  const body: number[] = [];
  for (const [delta, ...bytes] of events) body.push(...varLen(delta), ...bytes);
  body.push(0, 0xff, 0x2f, 0);
  return [0x4d, 0x54, 0x72, 0x6b, ...u32(body.length), ...body];
}

export function smf(format: number, ppq: number, tracks: number[][]): Uint8Array {
  return new Uint8Array([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, format, 0, tracks.length, (ppq >> 8) & 0xff, ppq & 0xff, ...tracks.flat()]);
}

/** Set-tempo meta event bytes for a bpm (µs per quarter). */
export function tempo(bpm: number): number[] {
  const us = Math.round(60_000_000 / bpm);
  return [0xff, 0x51, 3, (us >> 16) & 0xff, (us >> 8) & 0xff, us & 0xff];
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
