/**
 * Video files as grey frames, streamed: any file the system's `ffmpeg` decodes (MP4, WebM, MOV, AVI, Y4M, …) is
 * read through a pipe (`ffmpeg -i FILE -f rawvideo -pix_fmt gray -`, optionally scaled to a working size), one
 * frame at a time — no temporary frame files, no whole video in memory. Y4M files (recognised by their first bytes,
 * not their name) are read by the built-in reader without ffmpeg, unless a working size is asked for. The size and
 * rate come from `ffprobe` before decoding starts. Frame k's time is k / fps (a constant rate; variable-rate files
 * are read frame by frame as ffmpeg delivers them, `-fps_mode passthrough`, without duplicated or dropped frames).
 */
import { spawn, spawnSync, execFile } from 'node:child_process';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { FormatError } from '../formats/errors.js';
import { Y4mReader, type Y4mHeader } from '../formats/y4m.js';
import { MotionRecorder, MotionTracker, type MotionFeatures, type MotionOptions } from '../analysis/video/motion.js';
import { describeSystemError } from './files.js';

/** What the ffmpeg tools say when they are not installed. */
export const FFMPEG_MISSING = "ffmpeg is not installed: install Debian's ffmpeg package (apt-get install ffmpeg), which also provides ffprobe";

/** Thrown when `ffmpeg` or `ffprobe` cannot be run. */
export class FfmpegMissingError extends Error {
  constructor() {
    super(FFMPEG_MISSING);
    this.name = 'FfmpegMissingError';
  }
}

/** Whether `ffmpeg` and `ffprobe` can be run here. */
export function hasFfmpeg(): boolean {
  return ['ffmpeg', 'ffprobe'].every((tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status === 0);
}

/** A video stream's size, rate and length as the container describes it. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Frames a second (the stream's average rate, else its base rate). */
  fps: number;
  /** Frames the container declares (absent when it does not say). */
  frameCount?: number;
  durationSeconds?: number;
  /** Codec name (`h264`, `vp9`, … or `y4m` for the built-in reader). */
  codec: string;
}

/** Options of {@link openVideo}. */
export interface DecodeOptions {
  /** Working size: frames are scaled (area averaging) to width × height; one alone keeps the aspect ratio. */
  width?: number;
  height?: number;
  /** Stop after this many frames. */
  maxFrames?: number;
}

/** An opened video: its source description, the size and rate of the frames, and the frames themselves. */
export interface DecodedVideo {
  source: VideoInfo;
  width: number;
  height: number;
  fps: number;
  /** Luma planes, width × height bytes each, in order. Breaking out of the loop stops the decoder. */
  frames: AsyncGenerator<Uint8Array, void, undefined>;
}

function checkReadable(path: string): void {
  try {
    if (statSync(path).isDirectory()) throw new FormatError(path, 'is a directory, not a video file');
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(path, describeSystemError(err, 'cannot read'));
  }
}

function isY4m(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(10);
    const n = readSync(fd, head, 0, 10, 0);
    return n === 10 && head.toString('latin1') === 'YUV4MPEG2 ';
  } finally {
    closeSync(fd);
  }
}

function rate(text: string | undefined): number {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  return m && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : NaN;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? 'no message').slice(0, 200);
}

/**
 * The size, rate and length of a file's first video stream, from `ffprobe -print_format json -show_streams`.
 */
export async function probeVideo(path: string): Promise<VideoInfo> {
  checkReadable(path);
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-print_format', 'json', path];
  const { stdout, stderr, error } = await new Promise<{ stdout: string; stderr: string; error: (Error & { code?: unknown }) | null }>((done) =>
    execFile('ffprobe', args, { maxBuffer: 1 << 20 }, (err, out, errOut) => done({ stdout: out, stderr: errOut, error: err })),
  );
  if (error && error.code === 'ENOENT') throw new FfmpegMissingError();
  if (error) throw new FormatError(path, `not a video ffmpeg can read (${lastLine(stderr)})`);
  type Stream = { width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string; nb_frames?: string; duration?: string; codec_name?: string };
  let streams: Stream[];
  try {
    streams = (JSON.parse(stdout) as { streams?: Stream[] }).streams ?? [];
  } catch {
    throw new FormatError(path, 'ffprobe gave no readable description of the file');
  }
  const s = streams[0];
  if (!s) throw new FormatError(path, 'has no video stream');
  const fps = Number.isFinite(rate(s.avg_frame_rate)) && rate(s.avg_frame_rate) > 0 ? rate(s.avg_frame_rate) : rate(s.r_frame_rate);
  if (!(s.width! > 0 && s.height! > 0)) throw new FormatError(path, 'its video stream has no frame size');
  if (!(fps > 0)) throw new FormatError(path, 'its video stream has no frame rate');
  const info: VideoInfo = { width: s.width!, height: s.height!, fps, codec: s.codec_name ?? 'unknown' };
  if (s.nb_frames && Number(s.nb_frames) > 0) info.frameCount = Number(s.nb_frames);
  if (s.duration && Number(s.duration) > 0) info.durationSeconds = Number(s.duration);
  return info;
}

/** The output size for a source size and the wanted working size (even numbers kept as asked). */
function workingSize(info: { width: number; height: number }, options: DecodeOptions): { width: number; height: number } {
  const { width, height } = options;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 2 && v <= 16384)) throw new RangeError(`working ${name} must be a whole number from 2 to 16384, got ${v}`);
  }
  if (width && height) return { width, height };
  if (width) return { width, height: Math.max(2, Math.round((width * info.height) / info.width)) };
  if (height) return { width: Math.max(2, Math.round((height * info.width) / info.height)), height };
  return { width: info.width, height: info.height };
}

async function* y4mFrames(reader: Y4mReader, pending: Uint8Array[], rest: AsyncIterator<Buffer>, maxFrames: number): AsyncGenerator<Uint8Array, void, undefined> {
  let given = 0;
  try {
    for (;;) {
      while (pending.length) {
        if (given >= maxFrames) return;
        given++;
        yield pending.shift()!;
      }
      const next = await rest.next();
      if (next.done) break;
      pending.push(...reader.push(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength)));
    }
    reader.end();
  } finally {
    await rest.return?.();
  }
}

async function openY4m(path: string, options: DecodeOptions): Promise<DecodedVideo> {
  const reader = new Y4mReader(path);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const pending: Uint8Array[] = [];
  try {
    while (!reader.header) {
      const next = await it.next();
      if (next.done) {
        reader.end(); // throws: empty, or no complete header
        break;
      }
      pending.push(...reader.push(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength)));
    }
  } catch (err) {
    await it.return?.(); // closes the file
    throw err;
  }
  const h: Y4mHeader = reader.header!;
  return {
    source: { width: h.width, height: h.height, fps: h.fps, codec: 'y4m' },
    width: h.width,
    height: h.height,
    fps: h.fps,
    frames: y4mFrames(reader, pending, it, options.maxFrames ?? Infinity),
  };
}

async function* ffmpegFrames(path: string, size: { width: number; height: number }, scale: boolean, maxFrames: number): AsyncGenerator<Uint8Array, void, undefined> {
  const args = ['-v', 'error', '-nostdin', '-noautorotate', '-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough'];
  if (scale) args.push('-vf', `scale=${size.width}:${size.height}:flags=area`);
  args.push('-f', 'rawvideo', '-pix_fmt', 'gray', '-');
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 16384) stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((done) => {
    child.on('error', (error: NodeJS.ErrnoException) => done({ code: null, error }));
    child.on('close', (code) => done({ code }));
  });
  const frameBytes = size.width * size.height;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  let given = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let i = 0;
      while (i < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - i);
        frame.set(chunk.subarray(i, i + take), filled);
        filled += take;
        i += take;
        if (filled === frameBytes) {
          if (given >= maxFrames) return;
          given++;
          yield frame;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    const { code, error } = await exited;
    finished = true;
    if (error?.code === 'ENOENT') throw new FfmpegMissingError();
    if (error) throw new FormatError(path, `ffmpeg could not run: ${error.message}`);
    if (code !== 0) throw new FormatError(path, `ffmpeg could not decode it (${lastLine(stderr)})`);
    if (given === 0) throw new FormatError(path, 'its video stream has no frames');
    if (filled !== 0) throw new FormatError(path, `ffmpeg's output ended inside a frame (${filled} of ${frameBytes} bytes)`);
  } finally {
    if (!finished) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * Opens a video file for streaming: its description, the frames' size and rate, and an async iterator of luma
 * planes. Y4M files are read without ffmpeg unless a working size is asked for.
 */
export async function openVideo(path: string, options: DecodeOptions = {}): Promise<DecodedVideo> {
  checkReadable(path);
  const maxFrames = options.maxFrames ?? Infinity;
  if (!(maxFrames >= 1)) throw new RangeError(`maxFrames must be at least 1, got ${maxFrames}`);
  const wantsScale = options.width !== undefined || options.height !== undefined;
  if (isY4m(path) && !wantsScale) return openY4m(path, options);
  const source = await probeVideo(path);
  const size = workingSize(source, options);
  const scale = size.width !== source.width || size.height !== source.height;
  return { source, ...size, fps: source.fps, frames: ffmpegFrames(path, size, scale, maxFrames) };
}

/**
 * The motion features (analysis/video/motion.ts) of a video file, decoded frame by frame.
 * @example
 * // not run: needs a video file
 * const m = await videoMotionFeatures('pendulum.mp4', { width: 160 });
 * console.log(m.frequencyHz[m.frequencyHz.length - 1]);
 */
export async function videoMotionFeatures(path: string, options: DecodeOptions & { motion?: MotionOptions } = {}): Promise<MotionFeatures> {
  const video = await openVideo(path, options);
  const recorder = new MotionRecorder(new MotionTracker({ width: video.width, height: video.height, fps: video.fps }, options.motion));
  for await (const frame of video.frames) recorder.push(frame);
  return recorder.finish();
}
