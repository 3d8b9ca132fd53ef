/**
 * YUV4MPEG2 (Y4M), the uncompressed video stream of mjpegtools that ffmpeg (`-f yuv4mpegpipe`) and Chromium's fake
 * camera read and write: one text header line `YUV4MPEG2 W<width> H<height> F<num>:<den> I<interlace>
 * A<aspect> C<chroma> X<comment>`, then per frame a line `FRAME` (with optional parameters) followed by the planes
 * Y, U, V, 8 bits a sample, at the chroma subsampling of the `C` tag (420jpeg, 420paldv, 420mpeg2, 420: each chroma
 * plane ⌈W/2⌉ × ⌈H/2⌉; 422: ⌈W/2⌉ × H; 444: W × H; mono: none; 444alpha adds a W × H alpha plane). Only 8-bit
 * samples (`C420p10` and the like are refused).
 *
 * The reader keeps luma only — the grey frames the motion analysis works on — and can stream: {@link Y4mReader}
 * takes chunks of any size and hands out each frame as soon as its bytes are in, holding at most one frame.
 * Sizes are bounded ({@link MAX_Y4M_PIXELS}) so that a corrupt header cannot ask for gigabytes.
 */
import { FormatError } from './errors.js';

/** The largest frame the reader accepts, in pixels (8K UHD, 7680 × 4320, is 33.2 million). */
export const MAX_Y4M_PIXELS = 40_000_000;
/** The longest header or FRAME line the reader accepts, in bytes. */
const MAX_LINE_BYTES = 4096;

/** The chroma layouts the reader and writer know. */
export type Y4mChroma = '420jpeg' | '420paldv' | '420mpeg2' | '420' | '422' | '444' | '444alpha' | 'mono';
const CHROMAS: readonly Y4mChroma[] = ['420jpeg', '420paldv', '420mpeg2', '420', '422', '444', '444alpha', 'mono'];

/** A stream's header. */
export interface Y4mHeader {
  width: number;
  height: number;
  /** Frame rate as the fraction the header gives, and as a number (frames a second). */
  frameRateNum: number;
  frameRateDen: number;
  fps: number;
  /** `p` progressive (the default), `t` top field first, `b` bottom first, `m` mixed, `?` unknown. */
  interlace: string;
  /** Pixel aspect ratio as written (`1:1`, `0:0` unknown). */
  aspect: string;
  chroma: Y4mChroma;
  /** `X` parameters, verbatim (without the X). */
  comments: string[];
}

/** A whole stream read into memory: its header and its luma planes (width × height bytes each, row by row). */
export interface Y4mVideo {
  header: Y4mHeader;
  frames: Uint8Array[];
}

/** Bytes of one frame's planes (without the FRAME line) for a header. */
export function y4mFrameBytes(header: Pick<Y4mHeader, 'width' | 'height' | 'chroma'>): number {
  const { width: w, height: h } = header;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  switch (header.chroma) {
    case 'mono':
      return w * h;
    case '422':
      return w * h + 2 * cw * h;
    case '444':
      return 3 * w * h;
    case '444alpha':
      return 4 * w * h;
    default:
      return w * h + 2 * cw * ch;
  }
}

function positiveInt(text: string, what: string, source: string): number {
  if (!/^\d+$/.test(text)) throw new FormatError(source, `Y4M ${what} "${text}" is not a whole number`);
  const v = Number(text);
  if (v < 1) throw new FormatError(source, `Y4M ${what} must be at least 1, got ${v}`);
  return v;
}

/**
 * Parses a Y4M header line (without its newline).
 * @example
 * parseY4mHeader('YUV4MPEG2 W320 H240 F30000:1001 Ip A1:1 C420jpeg', 'clip.y4m').fps; // → 29.97
 */
export function parseY4mHeader(line: string, source: string): Y4mHeader {
  const tokens = line.split(' ').filter((t) => t.length > 0);
  if (tokens[0] !== 'YUV4MPEG2') throw new FormatError(source, 'not a Y4M stream: it does not start with "YUV4MPEG2 "');
  let width = 0;
  let height = 0;
  let num = 0;
  let den = 0;
  let interlace = 'p';
  let aspect = '0:0';
  let chroma: Y4mChroma = '420jpeg';
  const comments: string[] = [];
  for (const token of tokens.slice(1)) {
    const tag = token[0]!;
    const value = token.slice(1);
    if (tag === 'W') width = positiveInt(value, 'width', source);
    else if (tag === 'H') height = positiveInt(value, 'height', source);
    else if (tag === 'F') {
      const m = /^(\d+):(\d+)$/.exec(value);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new FormatError(source, `Y4M frame rate "F${value}" is not a positive fraction n:d`);
      num = Number(m[1]);
      den = Number(m[2]);
    } else if (tag === 'I') interlace = value;
    else if (tag === 'A') aspect = value;
    else if (tag === 'C') {
      if (!(CHROMAS as readonly string[]).includes(value)) {
        throw new FormatError(source, `Y4M chroma "C${value}" is not supported (8-bit ${CHROMAS.join(', ')})`);
      }
      chroma = value as Y4mChroma;
    } else if (tag === 'X') comments.push(value);
    else throw new FormatError(source, `Y4M header has an unknown parameter "${token}"`);
  }
  if (!width || !height) throw new FormatError(source, 'Y4M header lacks its width (W) or height (H)');
  if (!num) throw new FormatError(source, 'Y4M header lacks its frame rate (F)');
  if (width * height > MAX_Y4M_PIXELS) {
    throw new FormatError(source, `Y4M frame ${width}×${height} is larger than the ${MAX_Y4M_PIXELS} pixels this reader accepts`);
  }
  return { width, height, frameRateNum: num, frameRateDen: den, fps: num / den, interlace, aspect, chroma, comments };
}

/**
 * A streaming Y4M reader: `push` chunks as they arrive, get each complete frame's luma back; `end` checks that
 * the stream stopped on a frame boundary and held at least one frame. Memory: one frame's planes and a line.
 * @example
 * const bytes = writeY4m({ width: 2, height: 2, fps: 25, frames: [new Uint8Array([1, 2, 3, 4])] });
 * const reader = new Y4mReader('clip.y4m');
 * const frames = [...reader.push(bytes.subarray(0, 40)), ...reader.push(bytes.subarray(40))];
 * reader.end();
 * Array.from(frames[0]!); // → [1, 2, 3, 4]
 */
export class Y4mReader {
  /** The header, once its line has arrived. */
  header: Y4mHeader | undefined;
  /** Frames handed out so far. */
  frameCount = 0;
  private line: number[] = [];
  private inFrameLine = false;
  private planes = new Uint8Array(0);
  private filled = 0;
  private frameBytes = 0;
  private bytesRead = 0;

  constructor(readonly source: string) {}

  /** Takes the next chunk; returns the luma planes of the frames it completed (fresh arrays, width × height). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (!this.header || this.inFrameLine || this.filled === this.frameBytes) {
        // Reading a text line: the stream header, or a FRAME line.
        if (this.header && !this.inFrameLine) this.inFrameLine = true;
        const nl = chunk.indexOf(0x0a, i);
        const end = nl < 0 ? chunk.length : nl;
        if (this.line.length + end - i > MAX_LINE_BYTES) {
          throw new FormatError(this.source, this.header ? `Y4M frame ${this.frameCount + 1} does not start with a FRAME line` : 'not a Y4M stream: no header line in its first 4096 bytes');
        }
        for (let k = i; k < end; k++) this.line.push(chunk[k]!);
        if (!this.header && this.line.length >= 10 && String.fromCharCode(...this.line.slice(0, 10)) !== 'YUV4MPEG2 ') {
          throw new FormatError(this.source, 'not a Y4M stream: it does not start with "YUV4MPEG2 "');
        }
        this.bytesRead += end - i;
        i = end;
        if (nl < 0) break;
        i++;
        this.bytesRead++;
        const text = String.fromCharCode(...this.line);
        this.line = [];
        if (!this.header) {
          this.header = parseY4mHeader(text, this.source);
          this.frameBytes = y4mFrameBytes(this.header);
          this.planes = new Uint8Array(this.frameBytes);
          this.filled = this.frameBytes;
        } else {
          if (text !== 'FRAME' && !text.startsWith('FRAME ')) {
            throw new FormatError(this.source, `Y4M frame ${this.frameCount + 1} starts with "${text.slice(0, 20)}" instead of FRAME (byte ${this.bytesRead - text.length - 1})`);
          }
          this.inFrameLine = false;
          this.filled = 0;
        }
        continue;
      }
      const take = Math.min(this.frameBytes - this.filled, chunk.length - i);
      this.planes.set(chunk.subarray(i, i + take), this.filled);
      this.filled += take;
      this.bytesRead += take;
      i += take;
      if (this.filled === this.frameBytes) {
        const { width, height } = this.header;
        out.push(this.planes.slice(0, width * height));
        this.frameCount++;
      }
    }
    return out;
  }

  /** Checks the end of the stream: a header, at least one frame, no partial frame. */
  end(): void {
    if (!this.header) {
      if (this.bytesRead === 0) throw new FormatError(this.source, 'empty file: not a Y4M stream');
      if (!String.fromCharCode(...this.line).startsWith('YUV4MPEG2')) throw new FormatError(this.source, 'not a Y4M stream: it does not start with "YUV4MPEG2 "');
      throw new FormatError(this.source, 'Y4M header line is not terminated');
    }
    if (this.inFrameLine || this.line.length > 0) {
      throw new FormatError(this.source, `Y4M stream ends inside the FRAME line of frame ${this.frameCount + 1}`);
    }
    if (this.filled < this.frameBytes) {
      throw new FormatError(this.source, `Y4M frame ${this.frameCount + 1} is truncated: ${this.filled} of its ${this.frameBytes} bytes`);
    }
    if (this.frameCount === 0) throw new FormatError(this.source, 'Y4M stream has no frames');
  }
}

/**
 * Reads a whole Y4M stream: header and luma frames.
 * @example
 * const bytes = writeY4m({ width: 4, height: 2, fps: 30, frames: [new Uint8Array(8).fill(9), new Uint8Array(8)] });
 * const video = readY4m(bytes, 'clip.y4m');
 * [video.header.width, video.header.height, video.header.fps, video.frames.length]; // → [4, 2, 30, 2]
 */
export function readY4m(bytes: Uint8Array, source: string): Y4mVideo {
  const reader = new Y4mReader(source);
  const frames = reader.push(bytes);
  reader.end();
  return { header: reader.header!, frames };
}

/** What {@link writeY4m} writes: grey frames (width × height bytes each) at a frame rate. */
export interface Y4mWriteInput {
  width: number;
  height: number;
  /** Frames a second; written as a fraction (30 → 30:1, 29.97 → 30000:1001). */
  fps: number;
  frames: readonly Uint8Array[];
}

/** Options of {@link writeY4m}. */
export interface Y4mWriteOptions {
  /** Chroma layout (default `420jpeg`, which every reader knows); the chroma planes are neutral grey (128). */
  chroma?: Y4mChroma;
}

/** The fraction n:d written for a frame rate: exact for whole numbers, 1001-based for NTSC rates, else ×1000. */
export function frameRateFraction(fps: number): [number, number] {
  if (!(fps > 0) || !Number.isFinite(fps)) throw new RangeError(`frame rate must be positive, got ${fps}`);
  if (Number.isInteger(fps)) return [fps, 1];
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(ntsc / 1.001 - fps) < 1e-6) return [ntsc * 1000, 1001];
  return [Math.round(fps * 1000), 1000];
}

/** The header line (with its newline) that {@link writeY4m} writes. */
export function y4mHeaderText(width: number, height: number, fps: number, chroma: Y4mChroma = '420jpeg'): string {
  const [n, d] = frameRateFraction(fps);
  return `YUV4MPEG2 W${width} H${height} F${n}:${d} Ip A1:1 C${chroma}\n`;
}

/** One frame's bytes (FRAME line and planes) for grey luma, chroma planes neutral. */
export function y4mFrame(luma: Uint8Array, width: number, height: number, chroma: Y4mChroma = '420jpeg'): Uint8Array {
  if (luma.length !== width * height) throw new RangeError(`a ${width}×${height} frame needs ${width * height} bytes, got ${luma.length}`);
  const size = y4mFrameBytes({ width, height, chroma });
  const out = new Uint8Array(6 + size);
  out.set([0x46, 0x52, 0x41, 0x4d, 0x45, 0x0a]); // "FRAME\n"
  out.set(luma, 6);
  out.fill(128, 6 + width * height);
  if (chroma === '444alpha') out.fill(255, 6 + 3 * width * height);
  return out;
}

/**
 * Writes grey frames as a Y4M stream.
 * @example
 * const bytes = writeY4m({ width: 2, height: 2, fps: 30, frames: [new Uint8Array(4)] });
 * new TextDecoder().decode(bytes.subarray(0, 45)); // → 'YUV4MPEG2 W2 H2 F30:1 Ip A1:1 C420jpeg\nFRAME\n'
 */
export function writeY4m(input: Y4mWriteInput, options: Y4mWriteOptions = {}): Uint8Array {
  const { width, height, fps, frames } = input;
  if (!(Number.isInteger(width) && width >= 1 && Number.isInteger(height) && height >= 1)) {
    throw new RangeError(`frame size must be whole numbers ≥ 1, got ${width}×${height}`);
  }
  const chroma = options.chroma ?? '420jpeg';
  const head = new TextEncoder().encode(y4mHeaderText(width, height, fps, chroma));
  const frameSize = 6 + y4mFrameBytes({ width, height, chroma });
  const out = new Uint8Array(head.length + frames.length * frameSize);
  out.set(head);
  frames.forEach((f, k) => out.set(y4mFrame(f, width, height, chroma), head.length + k * frameSize));
  return out;
}
