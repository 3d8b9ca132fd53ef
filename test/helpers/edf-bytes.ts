/**
 * Builds EDF bytes field by field, independently of src/formats/edf-write.ts, so that reader tests do not rest on
 * our own writer and can write lying headers: every header field is given as the text that goes into it.
 */
export interface RawSignal {
  label: string;
  transducer?: string;
  dimension?: string;
  pmin: string;
  pmax: string;
  dmin: string;
  dmax: string;
  prefiltering?: string;
  spr: string;
}

export interface RawEdf {
  version?: string;
  patient?: string;
  recording?: string;
  date?: string;
  time?: string;
  /** Default: 256 × (signals + 1). */
  headerBytes?: string;
  reserved?: string;
  records: string;
  duration: string;
  /** Default: the number of signals. */
  ns?: string;
  signals: RawSignal[];
  /** The bytes after the header. */
  data: Uint8Array;
}

function field(text: string, width: number): number[] {
  const out = new Array<number>(width).fill(0x20);
  for (let i = 0; i < Math.min(width, text.length); i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function buildEdf(f: RawEdf): Uint8Array {
  const ns = f.signals.length;
  const head: number[] = [
    ...field(f.version ?? '0', 8),
    ...field(f.patient ?? 'X X X X', 80),
    ...field(f.recording ?? 'Startdate X X X X', 80),
    ...field(f.date ?? '01.02.03', 8),
    ...field(f.time ?? '04.05.06', 8),
    ...field(f.headerBytes ?? String(256 * (ns + 1)), 8),
    ...field(f.reserved ?? '', 44),
    ...field(f.records, 8),
    ...field(f.duration, 8),
    ...field(f.ns ?? String(ns), 4),
  ];
  const columns: Array<[keyof RawSignal, number]> = [
    ['label', 16], ['transducer', 80], ['dimension', 8], ['pmin', 8], ['pmax', 8], ['dmin', 8], ['dmax', 8], ['prefiltering', 80], ['spr', 8],
  ];
  for (const [key, width] of columns) for (const s of f.signals) head.push(...field(s[key] ?? '', width));
  for (let i = 0; i < ns; i++) head.push(...field('', 32));
  const out = new Uint8Array(head.length + f.data.length);
  out.set(head);
  out.set(f.data, head.length);
  return out;
}

/** int16 little-endian bytes of the given samples. */
export function int16Bytes(samples: number[]): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  samples.forEach((s, i) => view.setInt16(2 * i, s, true));
  return out;
}

/** Bytes of an ASCII/Latin-1 string padded with zeros to `length` bytes (an annotation block). */
export function talBytes(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
