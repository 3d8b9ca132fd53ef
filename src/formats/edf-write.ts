/**
 * EDF+C out (Kemp & Olivan 2003): physical signals quantised to 16 bits, with an `EDF Annotations` signal that
 * carries each record's time-keeping stamp and the annotations. The bytes depend only on the input (no clock, no
 * random): the same recording always writes the same file.
 *
 * Each signal's digital range is −32767 … 32767 and its physical range the data's own (or the one given), written
 * in the 8-character header field rounded outwards, so that every sample fits and the reader's value differs from
 * the written one by at most half a digital step, (pmax − pmin) / 65534 / 2.
 */
import type { EdfAnnotation } from './edf.js';

/** One signal to write, in physical units. */
export interface EdfWriteSignal {
  label: string;
  data: ArrayLike<number>;
  /** Samples per second; defaults to the recording's `sampleRate`. */
  sampleRate?: number;
  /** Unit, e.g. `uV` (default empty). */
  physicalDimension?: string;
  transducer?: string;
  prefiltering?: string;
  /** Physical range; defaults to the data's minimum and maximum. */
  physicalMin?: number;
  physicalMax?: number;
}

/** What {@link writeEdf} writes. */
export interface EdfWriteInput {
  signals: EdfWriteSignal[];
  /** Samples per second of the signals that do not give their own. */
  sampleRate?: number;
  /** Onsets in seconds from the first sample, as `readEdf` returns them. */
  annotations?: EdfAnnotation[];
  /** Clock time of the first sample (written as UTC; sub-second parts go into the time-keeping TALs). */
  startTime?: Date;
  /** EDF+ patient field (default `X X X X`: code, sex, birth date, name unknown). */
  patient?: string;
  /** EDF+ recording field after `Startdate dd-MMM-yyyy` (default `X X X`: admin code, technician, equipment). */
  recording?: string;
  /** Seconds per data record (default 1); every signal must fill whole records. */
  recordDurationSeconds?: number;
}

const DIGITAL_MIN = -32767;
const DIGITAL_MAX = 32767;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * Writes signals and annotations as an EDF+C file.
 * @example
 * const data = Float64Array.from({ length: 256 }, (_, i) => 50 * Math.sin(i / 10));
 * const bytes = writeEdf({ sampleRate: 128, signals: [{ label: 'O1', physicalDimension: 'uV', data }], annotations: [{ onset: 0.5, duration: 1, text: 'eyes closed' }] });
 * bytes.length; // → 1400 — 3 × 256 header bytes, 2 records of 128 samples and 30 annotation words, 2 bytes each
 * readEdf(bytes).annotations; // → [{ onset: 0.5, duration: 1, text: 'eyes closed' }]
 */
export function writeEdf(input: EdfWriteInput): Uint8Array {
  const recordSeconds = input.recordDurationSeconds ?? 1;
  if (!(recordSeconds > 0)) throw new RangeError(`record duration ${recordSeconds} s: it must be above 0`);
  if (input.signals.length === 0) throw new RangeError('an EDF file needs at least one signal');
  const plans = input.signals.map((s) => {
    const rate = s.sampleRate ?? input.sampleRate;
    if (!(rate! > 0)) throw new RangeError(`signal ${JSON.stringify(s.label)}: no sample rate`);
    const perRecord = rate! * recordSeconds;
    if (Math.abs(perRecord - Math.round(perRecord)) > 1e-9 * perRecord) {
      throw new RangeError(`signal ${JSON.stringify(s.label)}: ${rate} Hz × ${recordSeconds} s is not a whole number of samples per record`);
    }
    const samplesPerRecord = Math.round(perRecord);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < s.data.length; i++) {
      const x = s.data[i]!;
      if (!Number.isFinite(x)) throw new RangeError(`signal ${JSON.stringify(s.label)}: sample ${i} is ${x}`);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    lo = s.physicalMin ?? lo;
    hi = s.physicalMax ?? hi;
    if (!(lo <= hi)) [lo, hi] = [-1, 1];
    if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
    const pminText = headerNumber(lo, 'down');
    const pmaxText = headerNumber(hi, 'up');
    return { s, samplesPerRecord, pminText, pmaxText, pmin: Number(pminText), pmax: Number(pmaxText) };
  });
  const records = plans[0]!.s.data.length / plans[0]!.samplesPerRecord;
  for (const p of plans) {
    if (p.s.data.length !== records * p.samplesPerRecord || !Number.isInteger(records)) {
      throw new RangeError(`signal ${JSON.stringify(p.s.label)}: ${p.s.data.length} samples do not fill whole ${recordSeconds}-s records alike with the other signals`);
    }
  }
  if (records === 0) throw new RangeError('no samples to write');

  // Annotations go into the record their onset falls in; each record starts with its time-keeping TAL.
  const startMs = input.startTime?.getTime() ?? Date.UTC(1985, 0, 1);
  const subsecond = (((startMs % 1000) + 1000) % 1000) / 1000;
  const encoder = new TextEncoder();
  const talBytes: Uint8Array[][] = Array.from({ length: records }, (_, r) => [encoder.encode(`${signed(subsecond + r * recordSeconds)}\x14\x14\x00`)]);
  for (const a of input.annotations ?? []) {
    if (['\x00', '\x14', '\x15'].some((c) => a.text.includes(c))) throw new RangeError(`annotation ${JSON.stringify(a.text)}: text holds a TAL separator byte`);
    const r = Math.min(records - 1, Math.max(0, Math.floor(a.onset / recordSeconds)));
    const duration = a.duration > 0 ? `\x15${plain(a.duration)}` : '';
    talBytes[r]!.push(encoder.encode(`${signed(a.onset + subsecond)}${duration}\x14${a.text}\x14\x00`));
  }
  const annotationBytes = Math.max(...talBytes.map((list) => list.reduce((n, b) => n + b.length, 0)));
  const annotationSamples = Math.max(30, Math.ceil(annotationBytes / 2));

  const ns = plans.length + 1;
  const headerBytes = 256 * (ns + 1);
  const recordSamples = plans.reduce((n, p) => n + p.samplesPerRecord, 0) + annotationSamples;
  const out = new Uint8Array(headerBytes + records * recordSamples * 2);
  const start = new Date(startMs - subsecond * 1000);
  const dd = pad2(start.getUTCDate());
  const mm = pad2(start.getUTCMonth() + 1);
  const startdate = `Startdate ${dd}-${MONTHS[start.getUTCMonth()]}-${start.getUTCFullYear()}`;
  let at = 0;
  const put = (text: string, width: number): void => {
    const bytes = encoder.encode(text);
    if (bytes.length > width || bytes.some((b) => b < 0x20 || b > 0x7e)) {
      throw new RangeError(`header field ${JSON.stringify(text)}: at most ${width} printable ASCII characters`);
    }
    out.fill(0x20, at, at + width);
    out.set(bytes, at);
    at += width;
  };
  put('0', 8);
  put(input.patient ?? 'X X X X', 80);
  put(`${startdate} ${input.recording ?? 'X X X'}`, 80);
  put(`${dd}.${mm}.${pad2(start.getUTCFullYear() % 100)}`, 8);
  put(`${pad2(start.getUTCHours())}.${pad2(start.getUTCMinutes())}.${pad2(start.getUTCSeconds())}`, 8);
  put(String(headerBytes), 8);
  put('EDF+C', 44);
  put(String(records), 8);
  put(plain(recordSeconds), 8);
  put(String(ns), 4);
  const each = (f: (p: (typeof plans)[number]) => string, annotation: string, width: number): void => {
    for (const p of plans) put(f(p), width);
    put(annotation, width);
  };
  each((p) => p.s.label, 'EDF Annotations', 16);
  each((p) => p.s.transducer ?? '', '', 80);
  each((p) => p.s.physicalDimension ?? '', '', 8);
  each((p) => p.pminText, '-1', 8);
  each((p) => p.pmaxText, '1', 8);
  each(() => String(DIGITAL_MIN), '-32768', 8);
  each(() => String(DIGITAL_MAX), '32767', 8);
  each((p) => p.s.prefiltering ?? '', '', 80);
  each((p) => String(p.samplesPerRecord), String(annotationSamples), 8);
  each(() => '', '', 32);

  const view = new DataView(out.buffer);
  for (let r = 0; r < records; r++) {
    let offset = headerBytes + r * recordSamples * 2;
    for (const p of plans) {
      const scale = (DIGITAL_MAX - DIGITAL_MIN) / (p.pmax - p.pmin);
      const first = r * p.samplesPerRecord;
      for (let k = 0; k < p.samplesPerRecord; k++, offset += 2) {
        const d = Math.round((p.s.data[first + k]! - p.pmin) * scale + DIGITAL_MIN);
        view.setInt16(offset, Math.min(DIGITAL_MAX, Math.max(DIGITAL_MIN, d)), true);
      }
    }
    for (const b of talBytes[r]!) {
      out.set(b, offset);
      offset += b.length;
    }
  }
  return out;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A non-negative number without exponent, up to nanoseconds. */
function plain(x: number): string {
  const s = String(x);
  return s.includes('e') ? x.toFixed(9).replace(/0+$/, '').replace(/\.$/, '') : s;
}

function signed(x: number): string {
  return x < 0 ? `-${plain(-x)}` : `+${plain(x)}`;
}

/** x in at most 8 characters, rounded down or up so that the written number still bounds the data. */
function headerNumber(x: number, direction: 'down' | 'up'): string {
  for (let decimals = 7; decimals >= 0; decimals--) {
    const scale = 10 ** decimals;
    let v = (direction === 'down' ? Math.floor(x * scale) : Math.ceil(x * scale)) / scale;
    let s = v.toFixed(decimals);
    if (direction === 'down' ? Number(s) > x : Number(s) < x) {
      v += (direction === 'down' ? -1 : 1) / scale;
      s = v.toFixed(decimals);
    }
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (s === '-0') s = '0';
    if (s.length <= 8) return s;
  }
  throw new RangeError(`physical value ${x} does not fit the 8-character EDF header field`);
}
