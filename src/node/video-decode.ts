/**
 * Video files as grey frames, streamed: any file the system's `ffmpeg` decodes (MP4, WebM, MOV, AVI, Y4M, …) is
 * read through a pipe from one ffmpeg process (`ffmpeg -i FILE -f yuv4mpegpipe -pix_fmt gray -`, optionally scaled
 * to a working size or binned inside ffmpeg), one frame at a time — no temporary frame files, no whole video in
 * memory. ffmpeg's Y4M output is read by the built-in Y4M reader: its header gives the frames' size and rate, so no
 * ffprobe runs first; the source's codec, size and duration come from ffmpeg's own description of its input (on
 * stderr). Y4M files (recognised by their first bytes, not their name) are read by the built-in reader without
 * ffmpeg, unless a working size is asked for. Frame k's time is k / fps (a constant rate; variable-rate files are
 * read frame by frame as ffmpeg delivers them, `-fps_mode passthrough`, without duplicated or dropped frames).
 */
import { spawn, spawnSync, execFile } from 'node:child_process';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { FormatError } from '../formats/errors.js';
import { Y4mReader, parseY4mHeader, type Y4mHeader } from '../formats/y4m.js';
import { MOTION_DEFAULTS, MotionRecorder, MotionTracker, type MotionFeatures, type MotionOptions } from '../analysis/video/motion.js';
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
  /** Scale down (area averaging, keeping the aspect ratio) only frames wider than this; excludes width and height. */
  maxWidth?: number;
  /**
   * Bin the frames b × b (ffmpeg's area scaling to ⌊width / b⌋ × ⌊height / b⌋: each pixel the mean of b × b source
   * pixels); excludes a working size. 1 (default): none.
   */
  binning?: number;
  /** ffmpeg's decoding threads (`-threads`; 0 or absent: ffmpeg's choice, one per core and one more). */
  threads?: number;
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

/** Whether the file starts with a Y4M signature (false when it cannot be read: the opener then says why). */
export function isY4m(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(10);
    const n = readSync(fd, head, 0, 10, 0);
    return n === 10 && head.toString('latin1') === 'YUV4MPEG2 ';
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The frame width a Y4M file's header line gives (Infinity when the line is not readable: the reader will say why). */
function y4mWidth(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const nl = head.subarray(0, n).indexOf(0x0a);
    return nl < 0 ? Infinity : parseY4mHeader(head.subarray(0, nl).toString('latin1'), path).width;
  } catch {
    return Infinity;
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

/** Checks a working size: whole numbers from 2 to 16384 (ffmpeg keeps the aspect ratio when one is absent). */
function checkWorkingSize(options: DecodeOptions): void {
  for (const [name, v] of [['width', options.width], ['height', options.height], ['maxWidth', options.maxWidth]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 2 && v <= 16384)) throw new RangeError(`working ${name} must be a whole number from 2 to 16384, got ${v}`);
  }
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

/** What ffmpeg's input description (`-loglevel info`, on stderr) says of the first video stream. */
function describedSource(stderr: string, fallback: { width: number; height: number; fps: number }): VideoInfo {
  const input = stderr.split(/\nOutput #0/)[0] ?? '';
  const stream = /Stream #0:\d+[^\n]*?: Video: ([\w-]+)[^\n]*/.exec(input);
  const size = stream ? /, (\d{1,5})x(\d{1,5})\b/.exec(stream[0]) : null;
  const info: VideoInfo = {
    width: size ? Number(size[1]) : fallback.width,
    height: size ? Number(size[2]) : fallback.height,
    fps: fallback.fps,
    codec: stream?.[1] ?? 'unknown',
  };
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(input);
  if (d) {
    const seconds = Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]);
    if (seconds > 0) info.durationSeconds = seconds;
  }
  return info;
}

/** Frames held decoded in Node before the pipe is paused (ffmpeg then waits on the full pipe). */
const QUEUE_FRAMES = 16;

/**
 * Decodes through one ffmpeg process: `-f yuv4mpegpipe -pix_fmt gray`, read by the built-in Y4M reader, whose
 * header gives the frames' size and rate (no ffprobe before it). The pipe is drained in flowing mode into a queue
 * of up to {@link QUEUE_FRAMES} frames, so that ffmpeg keeps decoding while this process computes features.
 */
async function openFfmpeg(path: string, options: DecodeOptions, maxFrames: number): Promise<DecodedVideo> {
  const args = ['-hide_banner', '-nostats', '-nostdin', '-loglevel', 'info', '-noautorotate'];
  if (options.threads !== undefined) args.push('-threads', String(options.threads));
  args.push('-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough');
  if (Number.isFinite(maxFrames)) args.push('-frames:v', String(maxFrames));
  const { width, height } = options;
  const b = options.binning ?? 1;
  if (width !== undefined || height !== undefined) args.push('-vf', `scale=${width ?? -1}:${height ?? -1}:flags=area`);
  else if (options.maxWidth !== undefined) args.push('-vf', `scale='min(iw,${options.maxWidth})':-1:flags=area`);
  else if (b > 1) args.push('-vf', `scale=trunc(iw/${b}):trunc(ih/${b}):flags=area`);
  args.push('-f', 'yuv4mpegpipe', '-pix_fmt', 'gray', '-');
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stderrTail = '';
  let described: () => void = () => undefined;
  const inputDescribed = new Promise<void>((done) => (described = done));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 65536) stderr += d;
    stderrTail = (stderrTail + d).slice(-4096);
    if (stderr.includes('\nOutput #0')) described();
  });
  child.stderr.on('end', () => described());
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((done) => {
    child.on('error', (error: NodeJS.ErrnoException) => done({ code: null, error }));
    child.on('close', (code) => done({ code }));
  });

  // The queue: frames the reader completed, and what woke the consumer (new frames, the end, an error).
  const reader = new Y4mReader(path);
  const queue: Uint8Array[] = [];
  let ended = false;
  let readError: unknown;
  let wake: () => void = () => undefined;
  const waitForData = (): Promise<void> => new Promise<void>((done) => (wake = done));
  child.stdout.on('data', (chunk: Buffer) => {
    if (readError !== undefined) return;
    try {
      const frames = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      for (const f of frames) queue.push(f);
    } catch (err) {
      readError = err;
    }
    if (queue.length >= QUEUE_FRAMES || readError !== undefined) child.stdout.pause();
    wake();
  });
  child.stdout.on('end', () => {
    ended = true;
    wake();
  });
  let finished = false;
  const stop = async (): Promise<void> => {
    if (!finished) {
      finished = true;
      child.kill('SIGKILL');
      await exited;
    }
  };
  /** Why ffmpeg gave nothing, or stopped: one line naming the file. */
  const failure = async (): Promise<Error> => {
    const { code, error } = await exited;
    finished = true;
    if (error?.code === 'ENOENT') return new FfmpegMissingError();
    if (error) return new FormatError(path, `ffmpeg could not run: ${error.message}`);
    if (/matches no streams|does not contain any stream/.test(stderr)) return new FormatError(path, 'has no video stream');
    if (code !== 0 && !reader.header) return new FormatError(path, `not a video ffmpeg can read (${lastLine(stderrTail)})`);
    if (code !== 0) return new FormatError(path, `ffmpeg could not decode it (${lastLine(stderrTail)})`);
    return new FormatError(path, 'its video stream has no frames');
  };

  try {
    while (!reader.header && readError === undefined && !ended) await waitForData();
  } catch (err) {
    await stop();
    throw err;
  }
  if (readError !== undefined) {
    await stop();
    throw readError;
  }
  if (!reader.header) throw await failure();
  await inputDescribed;
  const h = reader.header;

  async function* frames(): AsyncGenerator<Uint8Array, void, undefined> {
    let given = 0;
    try {
      for (;;) {
        while (queue.length) {
          if (given >= maxFrames) return;
          given++;
          yield queue.shift()!;
          if (queue.length < QUEUE_FRAMES / 2 && child.stdout.isPaused() && readError === undefined) child.stdout.resume();
        }
        if (readError !== undefined) throw readError;
        if (ended) break;
        await waitForData();
      }
      const { code, error } = await exited;
      finished = true;
      if (error || code !== 0) throw await failure();
      try {
        reader.end();
      } catch (err) {
        if (given === 0) throw new FormatError(path, 'its video stream has no frames');
        throw new FormatError(path, `ffmpeg's output ended inside a frame (${err instanceof Error ? err.message : String(err)})`);
      }
    } finally {
      await stop();
    }
  }

  // ffmpeg runs from here on: `return()` stops it even before the first frame is asked for (a generator not yet
  // started skips its finally), so that a caller who only wanted the size does not leave it blocked on the pipe.
  const gen = frames();
  const finishGenerator = gen.return.bind(gen);
  gen.return = async (value) => {
    const result = await finishGenerator(value);
    await stop();
    return result;
  };
  return { source: describedSource(stderr, h), width: h.width, height: h.height, fps: h.fps, frames: gen };
}

/**
 * Opens a video file for streaming: its description, the frames' size and rate, and an async iterator of luma
 * planes. Y4M files are read without ffmpeg unless a working size is asked for.
 */
export async function openVideo(path: string, options: DecodeOptions = {}): Promise<DecodedVideo> {
  checkReadable(path);
  const maxFrames = options.maxFrames ?? Infinity;
  if (!(maxFrames >= 1)) throw new RangeError(`maxFrames must be at least 1, got ${maxFrames}`);
  checkWorkingSize(options);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 0 && options.threads <= 64)) {
    throw new RangeError(`threads must be a whole number from 0 (ffmpeg's choice) to 64, got ${options.threads}`);
  }
  const binning = options.binning ?? 1;
  if (!(Number.isInteger(binning) && binning >= 1 && binning <= 64)) throw new RangeError(`binning must be a whole number from 1 to 64, got ${binning}`);
  const sized = [options.width, options.height, options.maxWidth, binning > 1 ? binning : undefined].filter((v) => v !== undefined).length;
  if (sized > 1 && !(options.width !== undefined && options.height !== undefined && sized === 2)) {
    throw new RangeError('a working size (width and/or height), maxWidth and binning exclude each other');
  }
  const wantsScale = sized > 0;
  if (isY4m(path)) {
    if (!wantsScale) return openY4m(path, options);
    // Read by the built-in reader when the frames are narrow enough already.
    if (sized === 1 && options.maxWidth !== undefined && y4mWidth(path) <= options.maxWidth) return openY4m(path, options);
  }
  return openFfmpeg(path, options, maxFrames);
}

/** Options of {@link videoMotionFeatures}. */
export interface VideoFeatureOptions extends DecodeOptions {
  motion?: MotionOptions;
}

/**
 * The motion features (analysis/video/motion.ts) of a video file, decoded frame by frame. With `binning` b the
 * tracker's cells are blockSize / b binned pixels: the same cells of the source frame as at full size, so the same
 * features within rounding (the noise estimate σ̂ is then of the binned pixels: about σ / b for sensor noise, and
 * the cell thresholds scale back by the same b), at a fraction of the decoding and piping cost.
 * @example
 * // not run: needs a video file
 * const m = await videoMotionFeatures('bouncing_cart.mp4', { binning: 2 }); // 640×480 features from 320×240 frames
 * console.log(m.frequencyHz[m.frequencyHz.length - 1]);
 */
export async function videoMotionFeatures(path: string, options: VideoFeatureOptions = {}): Promise<MotionFeatures> {
  const binning = options.binning ?? 1;
  const blockSize = options.motion?.blockSize ?? MOTION_DEFAULTS.blockSize;
  if (blockSize % binning !== 0) throw new RangeError(`binning ${binning} does not divide the block size ${blockSize}`);
  const motion = binning > 1 ? { ...options.motion, blockSize: blockSize / binning } : options.motion;
  const video = await openVideo(path, options);
  const recorder = new MotionRecorder(new MotionTracker({ width: video.width, height: video.height, fps: video.fps }, motion));
  for await (const frame of video.frames) recorder.push(frame);
  return recorder.finish();
}
