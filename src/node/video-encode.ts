/**
 * Grey frames to a video file: Y4M by the built-in writer, MP4 (H.264, yuv420p) by piping Y4M into the system's
 * `ffmpeg -f yuv4mpegpipe -i - -c:v libx264 -pix_fmt yuv420p`. The file appears only when complete (a temporary
 * sibling renamed into place, through an {@link OutputSet}).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FormatError } from '../formats/errors.js';
import { writeY4m, y4mFrame, y4mHeaderText, type Y4mWriteInput } from '../formats/y4m.js';
import { OutputSet } from './output-set.js';
import { FfmpegMissingError } from './video-decode.js';

/**
 * Writes grey frames as `.y4m` or `.mp4` (chosen by the file's extension). MP4 needs ffmpeg with libx264 and even
 * frame sizes (4:2:0 chroma). The file appears only when complete; a failure or Ctrl-C leaves no temporary behind.
 */
export async function writeVideoFile(path: string, video: Y4mWriteInput, options: { crf?: number } = {}): Promise<void> {
  checkVideoTarget(path, video);
  const outputs = new OutputSet();
  await outputs.produce(path, (temporary) => encodeVideo(path, video, temporary, options));
  await outputs.publish();
}

/** Refuses, before any work, a video that {@link encodeVideo} cannot write to `path`. */
export function checkVideoTarget(path: string, video: Pick<Y4mWriteInput, 'width' | 'height'>): void {
  const ext = extname(path).toLowerCase();
  if (ext !== '.y4m' && ext !== '.mp4') throw new RangeError(`can write .y4m or .mp4 video, not "${ext || path}"`);
  if (ext === '.mp4' && (video.width % 2 || video.height % 2)) throw new RangeError(`MP4 (yuv420p) needs even frame sizes, got ${video.width}×${video.height}`);
}

/**
 * Encodes the video for `path` (its extension picks the format) into the file `writeTo`, which the caller has made
 * safe to write over (a temporary name from {@link OutputSet.produce}); errors name `path`.
 * @example
 * import { existsSync } from 'node:fs';
 * import { OutputSet } from './output-set.js';
 * const clip = { width: 4, height: 2, fps: 30, frames: [new Uint8Array(8), new Uint8Array(8).fill(255)] };
 * const outputs = new OutputSet();
 * await outputs.produce('clip.y4m', (tmp) => encodeVideo('clip.y4m', clip, tmp));
 * await outputs.publish();
 * existsSync('clip.y4m'); // → true
 */
export async function encodeVideo(path: string, video: Y4mWriteInput, writeTo: string, options: { crf?: number } = {}): Promise<void> {
  checkVideoTarget(path, video);
  if (extname(path).toLowerCase() === '.y4m') {
    writeFileSync(writeTo, writeY4m(video));
    return;
  }
  const args = ['-v', 'error', '-y', '-f', 'yuv4mpegpipe', '-i', '-', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', String(options.crf ?? 18), '-f', 'mp4', writeTo];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 16384) stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((done) => {
    child.on('error', (error: NodeJS.ErrnoException) => done({ code: null, error }));
    child.on('close', (code) => done({ code }));
  });
  child.stdin.on('error', () => undefined); // a failed ffmpeg closes its input; the exit code says why
  // Every write races the exit: a process that never started (no ffmpeg) or died never drains its input.
  const write = (bytes: Uint8Array): Promise<unknown> =>
    Promise.race([
      new Promise<void>((done) => {
        if (child.stdin.write(bytes)) done();
        else child.stdin.once('drain', () => done());
      }),
      exited,
    ]);
  await write(new TextEncoder().encode(y4mHeaderText(video.width, video.height, video.fps)));
  for (const f of video.frames) {
    if (child.exitCode !== null || child.killed || child.stdin.destroyed) break;
    await write(y4mFrame(f, video.width, video.height));
  }
  child.stdin.end();
  const { code, error } = await exited;
  if (error?.code === 'ENOENT') throw new FfmpegMissingError();
  if (error || code !== 0) throw new FormatError(path, `ffmpeg could not encode the video (${stderr.trim().split('\n').pop() || error?.message || 'no message'})`);
}
