/**
 * EDF and EDF+ recordings in (European Data Format: Kemp, Värri, Rosa, Nielsen & Gade 1992, Electroencephalography
 * and Clinical Neurophysiology 82:391; EDF+: Kemp & Olivan 2003, Clinical Neurophysiology 114:1755), and their
 * 24-bit sibling BDF (BioSemi).
 *
 * Layout: a 256-byte ASCII header, then ns × 256 bytes of signal headers stored field by field (all labels, then all
 * transducers, …), then data records; each record holds every signal's block of samples in turn, int16 little-endian
 * (int24 in BDF). A digital sample d becomes the physical value
 *   p = (d − dmin) · (pmax − pmin) / (dmax − dmin) + pmin.
 * EDF+ adds signals labelled `EDF Annotations` whose bytes are Time-stamped Annotation Lists (TALs),
 * `+onset[\x15duration]\x14text\x14…\x00`; the first TAL of each record is the record's own start time (with an
 * empty text), which may carry a sub-second start.
 *
 * What this reader does with the usual lies: a record count of −1 (still recording) or one that disagrees with the
 * file size is replaced by what the bytes hold, with a warning; a file longer than its records is read as far as the
 * header promises; one cut inside a record keeps its complete records. A file whose every LF byte follows a CR byte
 * and that does not add up as it is (its size or its first TAL is off) went through a text-mode LF → CRLF conversion
 * (it happens to binary files in git checkouts and FTP transfers): the conversion is undone (it is exactly
 * invertible) and said in a warning. EDF+D (discontinuous) is refused: its records do not follow one another, and
 * one array per signal would hide the gaps.
 */
import { FormatError } from './errors.js';

/** One ordinary (non-annotation) signal with its samples in physical units. */
export interface EdfSignal {
  label: string;
  transducer: string;
  /** Physical unit as written, e.g. `uV`. */
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
  /** Samples per second: samples per record / record duration. */
  sampleRate: number;
  /** Physical values, one per sample. */
  data: Float64Array;
}

/**
 * One EDF+ annotation. The onset is in seconds from the first sample ({@link EdfFile.startTime}): EDF+ counts from
 * the header's start time, so a record's sub-second start is subtracted (as MNE-Python does).
 */
export interface EdfAnnotation {
  onset: number;
  duration: number;
  text: string;
}

/** The main header's fields, trimmed. */
export interface EdfHeader {
  /** `EDF`, `EDF+C` or `BDF` (`BDF+C`): the file's kind. */
  format: 'EDF' | 'EDF+C' | 'BDF' | 'BDF+C';
  patient: string;
  recording: string;
  /** The date and time fields as written (`dd.mm.yy`, `hh.mm.ss`). */
  startDate: string;
  startTimeOfDay: string;
  headerBytes: number;
  reserved: string;
  /** The number of data records read (after any correction: see the warnings). */
  recordCount: number;
  /** The number of data records the header declared (−1: unknown). */
  declaredRecordCount: number;
  recordDurationSeconds: number;
  /** Number of signals in the file, annotation signals included. */
  signalCount: number;
}

/** A whole EDF/EDF+/BDF file. */
export interface EdfFile {
  header: EdfHeader;
  /** The ordinary signals, in file order (the picked ones when `signals` was given). */
  signals: EdfSignal[];
  annotations: EdfAnnotation[];
  /**
   * Clock time of the first sample, read as UTC (EDF stores local time without a zone), with the sub-second start
   * of an EDF+ file's first record added; null when the date or time field cannot be read (then a warning says so).
   */
  startTime: Date | null;
  /** Seconds of data read: records × record duration. */
  duration: number;
  /** What was odd but readable: corrected record counts, extra bytes, undone CRLF conversion, … */
  warnings: string[];
}

/** Options of {@link readEdf}. */
export interface ReadEdfOptions {
  /** Name of the file in error messages (default `EDF data`). */
  name?: string;
  /** Labels of the signals to decode (trimmed labels as in the file), or `all` (the default). */
  signals?: 'all' | string[];
}

/** A signal's header fields, before its samples are decoded. */
type SignalHeader = Omit<EdfSignal, 'sampleRate' | 'data'>;

const FIELD_WIDTHS = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32] as const;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** At least this many LF bytes, each after a CR, before a file is taken as CRLF-converted: (1/256)^8 by chance. */
const CRLF_MIN_COUNT = 8;

/**
 * Reads an EDF, EDF+C or BDF file from its bytes: header, signals in physical units, EDF+ annotations.
 * @example
 * const edf = writeEdf({ sampleRate: 128, signals: [{ label: 'AF3', physicalDimension: 'uV', data: new Float64Array(256).fill(12.5) }] });
 * const back = readEdf(edf, { name: 'twin.edf' });
 * back.signals[0].label; // → 'AF3'
 * back.signals[0].sampleRate; // → 128
 * back.duration; // → 2
 */
export function readEdf(input: Uint8Array, options: ReadEdfOptions = {}): EdfFile {
  const name = options.name ?? 'EDF data';
  const fail = (problem: string): never => {
    throw new FormatError(name, problem);
  };
  const warnings: string[] = [];
  if (input.length === 0) fail('the file is empty');
  if (input.length < 256) fail(`only ${input.length} bytes: shorter than the 256-byte EDF header`);

  let bytes = input;

  const text = (start: number, width: number): string => latin1(bytes, start, width);
  const isBdf = bytes[0] === 0xff && text(1, 7) === 'BIOSEMI';
  if (!isBdf) {
    const version = text(0, 8);
    if (version.trim() !== '0') fail(`version field is ${JSON.stringify(version.trim())}: not an EDF file (EDF has "0", BDF has 0xFF "BIOSEMI")`);
  }
  const numberField = (start: number, width: number, what: string): number => {
    const raw = text(start, width).trim();
    if (!NUMBER.test(raw)) fail(`${what} is ${JSON.stringify(raw)}, not a number`);
    return Number(raw);
  };
  const patient = text(8, 80).trim();
  const recording = text(88, 80).trim();
  const startDate = text(168, 8).trim();
  const startTimeOfDay = text(176, 8).trim();
  const headerBytes = numberField(184, 8, 'the number of header bytes');
  const reserved = text(192, 44).trim();
  const declaredRaw = text(236, 8).trim();
  const recordDurationSeconds = numberField(244, 8, 'the record duration');
  const signalCount = numberField(252, 4, 'the number of signals');
  for (const [field, start, width] of [['patient', 8, 80], ['recording', 88, 80], ['reserved', 192, 44]] as const) {
    if (hasNonAscii(bytes, start, width)) warnings.push(`the ${field} field has non-ASCII bytes, read as Latin-1`);
  }
  if (!Number.isInteger(signalCount) || signalCount <= 0) fail(`the number of signals is ${signalCount}: it must be a whole number above 0`);
  if (headerBytes !== 256 * (signalCount + 1)) {
    fail(`the header says it is ${headerBytes} bytes long, but ${signalCount} signals make it ${256 * (signalCount + 1)}`);
  }
  if (bytes.length < headerBytes) fail(`only ${bytes.length} bytes: shorter than the ${headerBytes}-byte header it declares`);
  if (!(recordDurationSeconds >= 0)) fail(`the record duration is ${recordDurationSeconds} s: it must not be negative`);
  if (reserved.startsWith('EDF+D') || reserved.startsWith('BDF+D')) {
    fail('EDF+D (discontinuous) files are not read: their records have gaps between them, which one array per signal would hide');
  }

  // Signal headers, field-major: all labels, then all transducers, …
  const ns = signalCount;
  const fieldStart: number[] = [];
  let offset = 256;
  for (const w of FIELD_WIDTHS) {
    fieldStart.push(offset);
    offset += w * ns;
  }
  const field = (f: number, i: number): string => text(fieldStart[f]! + FIELD_WIDTHS[f]! * i, FIELD_WIDTHS[f]!).trim();
  const signalHeaders: SignalHeader[] = [];
  for (let i = 0; i < ns; i++) {
    const label = field(0, i);
    const num = (f: number, what: string): number => {
      const raw = field(f, i);
      if (!NUMBER.test(raw)) fail(`signal ${i + 1} (${JSON.stringify(label)}): ${what} is ${JSON.stringify(raw)}, not a number`);
      return Number(raw);
    };
    if (hasNonAscii(bytes, fieldStart[0]! + 16 * i, 16)) warnings.push(`signal ${i + 1}'s label has non-ASCII bytes, read as Latin-1`);
    signalHeaders.push({
      label,
      transducer: field(1, i),
      physicalDimension: field(2, i),
      physicalMin: num(3, 'the physical minimum'),
      physicalMax: num(4, 'the physical maximum'),
      digitalMin: num(5, 'the digital minimum'),
      digitalMax: num(6, 'the digital maximum'),
      prefiltering: field(7, i),
      samplesPerRecord: num(8, 'the number of samples per record'),
    });
  }
  const annotationLabel = isBdf ? /^(EDF|BDF) Annotations$/ : /^EDF Annotations$/;
  const isAnnotation = signalHeaders.map((s) => annotationLabel.test(s.label));
  const bytesPerSample = isBdf ? 3 : 2;
  const [digitalLow, digitalHigh] = isBdf ? [-8388608, 8388607] : [-32768, 32767];
  signalHeaders.forEach((s, i) => {
    const where = `signal ${i + 1} (${JSON.stringify(s.label)})`;
    if (!Number.isInteger(s.samplesPerRecord) || s.samplesPerRecord <= 0) fail(`${where}: ${s.samplesPerRecord} samples per record; it must be a whole number above 0`);
    if (isAnnotation[i]) return;
    if (!Number.isInteger(s.digitalMin) || !Number.isInteger(s.digitalMax)) fail(`${where}: digital range ${s.digitalMin} … ${s.digitalMax} is not whole numbers`);
    if (s.digitalMin >= s.digitalMax) fail(`${where}: digital minimum ${s.digitalMin} is not below the digital maximum ${s.digitalMax}`);
    if (s.digitalMin < digitalLow || s.digitalMax > digitalHigh) fail(`${where}: digital range ${s.digitalMin} … ${s.digitalMax} exceeds the ${bytesPerSample * 8}-bit samples`);
    if (s.physicalMin === s.physicalMax) fail(`${where}: physical minimum and maximum are both ${s.physicalMin}`);
  });
  if (recordDurationSeconds === 0 && isAnnotation.some((a) => !a)) fail('the record duration is 0 s, allowed only when every signal is an annotation signal');

  const hasAnnotations = isAnnotation.some(Boolean);
  const plus = reserved.startsWith('EDF+C') || reserved.startsWith('BDF+C');
  if (plus && !hasAnnotations) warnings.push(`the reserved field says ${reserved.slice(0, 5)} but there is no annotation signal (EDF+ requires one): read as plain ${isBdf ? 'BDF' : 'EDF'}`);
  const format: EdfHeader['format'] = isBdf ? (plus && hasAnnotations ? 'BDF+C' : 'BDF') : plus && hasAnnotations ? 'EDF+C' : 'EDF';

  // Record count: trust the bytes when the header does not know (−1) or disagrees.
  const samplesPerRecordTotal = signalHeaders.reduce((a, s) => a + s.samplesPerRecord, 0);
  const recordBytes = samplesPerRecordTotal * bytesPerSample;
  if (!/^[+-]?\d+$/.test(declaredRaw)) fail(`the number of data records is ${JSON.stringify(declaredRaw)}, not a whole number`);
  const declaredRecordCount = Number(declaredRaw);

  // A text-mode LF → CRLF conversion: every LF of the data after a CR. A file that is consistent as it is (its size
  // matches its records and its first annotation block starts with a TAL) keeps its bytes: a flat signal at the
  // digital value 0x0A0D would look the same.
  const crlf = crlfConversionCount(input);
  if (crlf >= CRLF_MIN_COUNT) {
    const firstAnnotation = isAnnotation.indexOf(true);
    const annotationAt = headerBytes + bytesPerSample * signalHeaders.slice(0, Math.max(0, firstAnnotation)).reduce((a, s) => a + s.samplesPerRecord, 0);
    const consistent = input.length - headerBytes === declaredRecordCount * recordBytes && (firstAnnotation < 0 || input[annotationAt] === 0x2b);
    if (consistent) {
      warnings.push(`every LF byte of the data follows a CR byte (${crlf} times), as after a text-mode LF → CRLF conversion, but the file is consistent as it is: read unchanged`);
    } else {
      bytes = undoCrlfConversion(input);
      warnings.push(`every LF byte of the data follows a CR byte (${crlf} times): the file went through a text-mode LF → CRLF conversion, which shifts the samples; it was undone`);
    }
  }
  const dataBytes = bytes.length - headerBytes;
  const completeRecords = Math.floor(dataBytes / recordBytes);
  if (declaredRecordCount < -1) fail(`the number of data records is ${declaredRecordCount}`);
  if (completeRecords === 0) fail(`truncated: ${dataBytes} bytes of data, not even one ${recordBytes}-byte record`);
  let recordCount = declaredRecordCount;
  if (declaredRecordCount === -1) {
    recordCount = completeRecords;
    warnings.push(`the number of data records is -1 (unknown): ${recordCount} records read from the file size`);
    if (dataBytes % recordBytes) warnings.push(`${dataBytes % recordBytes} bytes after the last complete record ignored`);
  } else if (declaredRecordCount > completeRecords) {
    recordCount = completeRecords;
    warnings.push(`the header declares ${declaredRecordCount} data records but the file holds ${(dataBytes / recordBytes).toFixed(2)}: ${completeRecords} complete records read`);
  } else if (dataBytes > declaredRecordCount * recordBytes) {
    warnings.push(`the file is ${dataBytes - declaredRecordCount * recordBytes} bytes longer than its ${declaredRecordCount} data records: the extra bytes are ignored`);
  }
  if (recordCount === 0) fail('the header declares 0 data records');

  const wanted = options.signals === undefined || options.signals === 'all' ? undefined : new Set(options.signals);
  if (wanted) {
    const known = new Set(signalHeaders.filter((_, i) => !isAnnotation[i]).map((s) => s.label));
    const missing = [...wanted].filter((w) => !known.has(w));
    if (missing.length) fail(`no signal labelled ${missing.map((m) => JSON.stringify(m)).join(', ')}; the signals are ${[...known].map((k) => JSON.stringify(k)).join(', ')}`);
  }

  // Samples, one pass per signal over the records.
  const dataStart = bytes.byteOffset + headerBytes;
  let int16: Int16Array | undefined;
  if (!isBdf && LITTLE_ENDIAN) {
    const length = (recordCount * recordBytes) / 2;
    int16 = dataStart % 2 === 0
      ? new Int16Array(bytes.buffer, dataStart, length)
      : new Int16Array(bytes.slice(headerBytes, headerBytes + length * 2).buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signals: EdfSignal[] = [];
  const annotationBlocks: Array<{ offset: number; length: number }> = [];
  let sampleOffset = 0;
  for (let i = 0; i < ns; i++) {
    const s = signalHeaders[i]!;
    const blockStart = sampleOffset;
    sampleOffset += s.samplesPerRecord;
    if (isAnnotation[i]) {
      annotationBlocks.push({ offset: blockStart * bytesPerSample, length: s.samplesPerRecord * bytesPerSample });
      continue;
    }
    if (wanted && !wanted.has(s.label)) continue;
    const n = s.samplesPerRecord;
    const data = new Float64Array(n * recordCount);
    const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
    const dmin = s.digitalMin;
    const pmin = s.physicalMin;
    for (let r = 0; r < recordCount; r++) {
      const first = r * samplesPerRecordTotal + blockStart;
      const out = r * n;
      if (int16) {
        for (let k = 0; k < n; k++) data[out + k] = (int16[first + k]! - dmin) * gain + pmin;
      } else if (isBdf) {
        let at = headerBytes + first * 3;
        for (let k = 0; k < n; k++, at += 3) {
          const d = ((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) << 8) >> 8;
          data[out + k] = (d - dmin) * gain + pmin;
        }
      } else {
        for (let k = 0; k < n; k++) data[out + k] = (view.getInt16(headerBytes + (first + k) * 2, true) - dmin) * gain + pmin;
      }
    }
    signals.push({ ...s, sampleRate: recordDurationSeconds > 0 ? n / recordDurationSeconds : 0, data });
  }

  // Annotations: every TAL of every annotation signal; the first TAL of a record's first annotation signal is its
  // time-keeping stamp.
  const annotations: EdfAnnotation[] = [];
  let startOffsetSeconds = 0;
  if (format === 'EDF+C' || format === 'BDF+C') {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let latin1Texts = false;
    let gapWarned = false;
    const decodeText = (from: number, to: number): string => {
      const slice = bytes.subarray(from, to);
      try {
        return decoder.decode(slice);
      } catch {
        latin1Texts = true;
        return latin1(bytes, from, to - from);
      }
    };
    for (let r = 0; r < recordCount; r++) {
      annotationBlocks.forEach((block, b) => {
        const start = headerBytes + r * recordBytes + block.offset;
        const tals = parseTals(bytes, start, start + block.length, decodeText, (problem) => fail(`record ${r + 1}, annotation signal ${b + 1}: ${problem}`));
        if (b === 0) {
          const stamp = tals[0];
          if (!stamp || stamp.texts[0] !== '') fail(`record ${r + 1}: the annotation signal does not begin with the record's time-keeping TAL`);
          if (r === 0) startOffsetSeconds = stamp.onset;
          if (!gapWarned && Math.abs(stamp.onset - startOffsetSeconds - r * recordDurationSeconds) > 1e-6 * Math.max(1, recordDurationSeconds)) {
            gapWarned = true;
            warnings.push(`record ${r + 1} starts at ${stamp.onset} s, not ${startOffsetSeconds + r * recordDurationSeconds} s, although EDF+C promises contiguous records: the samples are read as contiguous`);
          }
        }
        tals.forEach((tal, t) => {
          const texts = b === 0 && t === 0 ? tal.texts.slice(1) : tal.texts;
          for (const text of texts) if (text !== '') annotations.push({ onset: tal.onset - startOffsetSeconds, duration: tal.duration, text });
        });
      });
    }
    if (latin1Texts) warnings.push('annotation text that is not UTF-8 (as EDF+ requires) was read as Latin-1');
  }

  const startTime = parseStartTime(startDate, startTimeOfDay, recording, warnings);
  if (startTime && startOffsetSeconds) startTime.setTime(startTime.getTime() + startOffsetSeconds * 1000);
  return {
    header: {
      format, patient, recording, startDate, startTimeOfDay, headerBytes, reserved, recordCount, declaredRecordCount,
      recordDurationSeconds, signalCount,
    },
    signals,
    annotations,
    startTime,
    duration: recordCount * recordDurationSeconds,
    warnings,
  };
}

interface Tal {
  onset: number;
  duration: number;
  texts: string[];
}

/** Parses the TALs between `from` and `to`; padding after the last one is zero bytes. */
function parseTals(
  bytes: Uint8Array,
  from: number,
  to: number,
  decodeText: (from: number, to: number) => string,
  fail: (problem: string) => never,
): Tal[] {
  const tals: Tal[] = [];
  let i = from;
  while (i < to) {
    if (bytes[i] === 0) {
      i++;
      continue;
    }
    const c = bytes[i];
    if (c !== 0x2b && c !== 0x2d) fail(`a TAL must begin with "+" or "-", found byte 0x${c!.toString(16).padStart(2, '0')}`);
    let j = i;
    while (j < to && bytes[j] !== 0x14 && bytes[j] !== 0x15) j++;
    if (j >= to) fail('unterminated TAL: no 0x14 after the onset');
    const onsetText = latin1(bytes, i, j - i);
    if (!/^[+-](\d+\.?\d*|\.\d+)$/.test(onsetText)) fail(`TAL onset ${JSON.stringify(onsetText)} is not a signed number`);
    let duration = 0;
    if (bytes[j] === 0x15) {
      let k = j + 1;
      while (k < to && bytes[k] !== 0x14) k++;
      if (k >= to) fail('unterminated TAL: no 0x14 after the duration');
      const durationText = latin1(bytes, j + 1, k - j - 1);
      if (!/^(\d+\.?\d*|\.\d+)$/.test(durationText)) fail(`TAL duration ${JSON.stringify(durationText)} is not a number`);
      duration = Number(durationText);
      j = k;
    }
    // j is at the 0x14 that closes onset/duration; texts follow, each closed by 0x14, the list by 0x00.
    const texts: string[] = [];
    let k = j + 1;
    for (;;) {
      if (k >= to) fail('unterminated TAL: no 0x00 after its texts');
      if (bytes[k] === 0) break;
      let e = k;
      while (e < to && bytes[e] !== 0x14 && bytes[e] !== 0) e++;
      if (e >= to || bytes[e] === 0) fail('unterminated TAL: a text without its closing 0x14');
      texts.push(decodeText(k, e));
      k = e + 1;
    }
    if (texts.length === 0) texts.push('');
    tals.push({ onset: Number(onsetText), duration, texts });
    i = k + 1;
  }
  return tals;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/**
 * The start as a UTC Date: `dd.mm.yy` with years 85–99 in the 1900s and 00–84 in the 2000s (the EDF "clipping
 * date" 1985), or the four-digit year of EDF+'s `Startdate dd-MMM-yyyy` in the recording field when it has one.
 */
function parseStartTime(date: string, time: string, recording: string, warnings: string[]): Date | null {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date);
  const t = /^(\d\d)[.:](\d\d)[.:](\d\d)$/.exec(time);
  if (!d || !t) {
    warnings.push(`start date ${JSON.stringify(date)} or time ${JSON.stringify(time)} is not dd.mm.yy hh.mm.ss: no start time`);
    return null;
  }
  const yy = Number(d[3]);
  let year = yy >= 85 ? 1900 + yy : 2000 + yy;
  const plus = /^Startdate (\d\d)-([A-Z]{3})-(\d{4})\b/.exec(recording);
  if (plus && MONTHS.includes(plus[2]!)) {
    const y = Number(plus[3]);
    if (y % 100 === yy) year = y;
    else warnings.push(`the recording field's start date ${plus[1]}-${plus[2]}-${plus[3]} disagrees with the header's ${date}: the header's is used`);
  }
  const [month, day, hour, minute, second] = [Number(d[2]), Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3])];
  const when = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (when.getUTCDate() !== day || when.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) {
    warnings.push(`start ${date} ${time} is not a valid date and time: no start time`);
    return null;
  }
  return when;
}

function latin1(bytes: Uint8Array, start: number, width: number): string {
  let s = '';
  const end = Math.min(bytes.length, start + width);
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

function hasNonAscii(bytes: Uint8Array, start: number, width: number): boolean {
  for (let i = start; i < start + width; i++) if (bytes[i]! > 0x7e) return true;
  return false;
}

/**
 * How many LF bytes follow a CR byte when every LF in the bytes after the 256-byte header does (0 otherwise): the
 * mark of a binary file sent through a text-mode LF → CRLF conversion. EDF headers are printable ASCII, so the data
 * holds every LF.
 * @example
 * crlfConversionCount(new Uint8Array(300).fill(0x0d).fill(0x0a, 280, 281)); // → 1
 */
export function crlfConversionCount(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a, 256); i !== -1; i = bytes.indexOf(0x0a, i + 1)) {
    if (bytes[i - 1] !== 0x0d) return 0;
    count++;
  }
  return count;
}

/**
 * Undoes a text-mode LF → CRLF conversion: drops the CR of every CR LF pair. The conversion turned each LF into CR LF
 * (and an original CR LF into CR CR LF), so this is its exact inverse.
 * @example
 * Array.from(undoCrlfConversion(new Uint8Array([1, 0x0d, 0x0a, 0x0d, 0x0d, 0x0a]))); // → [1, 0x0a, 0x0d, 0x0a]
 */
export function undoCrlfConversion(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) continue;
    out[n++] = bytes[i]!;
  }
  return out.slice(0, n);
}
