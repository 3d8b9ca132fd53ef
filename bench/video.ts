/**
 * Motion features of video, in Node: how many times faster than real time the features of 640 × 480 frames at
 * 30 fps are computed, with the frames already in memory (decode excluded) and decoded by the system's ffmpeg
 * through a pipe (decode included: one ffmpeg process, `-f yuv4mpegpipe -pix_fmt gray`, read by the built-in Y4M
 * reader, no ffprobe), on the generated bouncing ball (written to H.264 MP4) and on the lab videos, 10-s clips and
 * 60-s ones (the same clips looped by `ffmpeg -stream_loop 5 -c copy`, so that the fixed cost of starting ffmpeg is
 * spread). At full size, and binned 2 × 2 inside ffmpeg (area scaling to 320 × 240) with 4 × 4-pixel cells: the same
 * 8 × 8-pixel cells of the 640 × 480 frame, the same features within rounding (test/video-decode.test.ts). Best of
 * three; the CPU seconds of this process and of ffmpeg beside the wall seconds. The target is 20× real time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasShared, sharedDir, table, type BenchSection } from './lib.js';
import { videoStimulus } from '../src/engines/duet/video-stimuli.js';
import { MotionTracker } from '../src/analysis/video/motion.js';
import { hasFfmpeg, openVideo, videoMotionFeatures } from '../src/node/video-decode.js';
import { writeVideoFile } from '../src/node/video-encode.js';

/** CPU seconds of this process's finished children (ffmpeg), from /proc/self/stat (Linux; NaN elsewhere). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  ffmpegCpuSeconds: number;
  frames: number;
}

async function best(fn: () => Promise<number> | number, runs = 3): Promise<Timing> {
  let out: Timing = { seconds: Infinity, cpuSeconds: Infinity, ffmpegCpuSeconds: NaN, frames: 0 };
  for (let k = 0; k < runs; k++) {
    const cpu0 = process.cpuUsage();
    const child0 = childCpuSeconds();
    const t0 = performance.now();
    const frames = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (seconds < out.seconds) out = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, ffmpegCpuSeconds: childCpuSeconds() - child0, frames };
  }
  return out;
}

export const videoSection: BenchSection = {
  id: 'video',
  title: 'Video motion features: 640 × 480 at 30 fps, decode excluded and included',
  async run() {
    const load = loadavg()[0]!;
    const clip = videoStimulus('bouncing-ball', { width: 640, height: 480, seconds: 10, seed: 1 });
    const rows: Array<Array<string | number>> = [];
    const header = ['case', 'frames', 'video s', 'wall s', 'CPU s (Node)', 'CPU s (ffmpeg)', '× real time (wall)'];
    const row = (label: string, r: Timing, fps: number): void => {
      const video = r.frames / fps;
      rows.push([label, r.frames, video.toFixed(1), r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), Number.isFinite(r.ffmpegCpuSeconds) ? r.ffmpegCpuSeconds.toFixed(2) : '—', `${(video / r.seconds).toFixed(1)}×`]);
    };
    const features = (loops: number) => (): number => {
      const tracker = new MotionTracker(clip);
      for (let k = 0; k < loops; k++) for (const f of clip.frames) tracker.push(f);
      return loops * clip.frames.length;
    };
    row('features only (frames in memory), generated ball, 10 s', await best(features(1)), 30);
    row('features only (frames in memory), generated ball, 60 s (its 10 s six times)', await best(features(6)), 30);
    if (!hasFfmpeg()) return `${table(header, rows)}\n\n_ffmpeg is not installed: the decode rows are missing._`;
    const dir = mkdtempSync(join(tmpdir(), 'neuromusic-bench-video-'));
    const loop6 = (from: string, to: string): string => {
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '5', '-i', from, '-c', 'copy', to]);
      return to;
    };
    const count = (path: string, options = {}) => async (): Promise<number> => {
      let n = 0;
      for await (const _ of (await openVideo(path, options)).frames) n++;
      return n;
    };
    const motion = (path: string, options = {}) => async (): Promise<number> => (await videoMotionFeatures(path, options)).energy.length;
    try {
      const mp4 = join(dir, 'ball-640x480.mp4');
      await writeVideoFile(mp4, clip);
      const mp4Long = loop6(mp4, join(dir, 'ball-640x480-60s.mp4'));
      row('decode only, full size, generated ball MP4, 10 s', await best(count(mp4)), 30);
      row('decode only, binned 2 × 2 by ffmpeg, generated ball MP4, 10 s', await best(count(mp4, { binning: 2 })), 30);
      row('decode + features, full size, generated ball MP4, 10 s', await best(motion(mp4)), 30);
      row('decode binned 2 × 2 + the same features, generated ball MP4, 10 s', await best(motion(mp4, { binning: 2 })), 30);
      row('decode binned 2 × 2 + the same features, generated ball MP4, 60 s', await best(motion(mp4Long, { binning: 2 })), 30);
      if (hasShared) {
        const video = (name: string): string => resolve(sharedDir, 'data', 'video', name);
        const cartLong = loop6(video('bouncing_cart.mp4'), join(dir, 'cart-60s.mp4'));
        row('decode + features, full size, bouncing_cart.mp4 (lab), 10.9 s', await best(motion(video('bouncing_cart.mp4'))), 30);
        row('decode binned 2 × 2 + the same features, bouncing_cart.mp4, 10.9 s', await best(motion(video('bouncing_cart.mp4'), { binning: 2 })), 30);
        row('decode binned 2 × 2 + the same features, bouncing_cart.mp4 looped, 65.6 s', await best(motion(cartLong, { binning: 2 })), 30);
        row('decode binned 2 × 2 + the same features, spring_wars.mp4 (lab), 13.6 s', await best(motion(video('spring_wars.mp4'), { binning: 2 })), 30);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return [
      table(header, rows),
      '',
      'Features: 8 × 8-pixel cells of the 640 × 480 frame, noise floor, centroid and the sliding 4 s frequency estimate on every frame (`MotionTracker`, allocation-free per frame). ' +
        'Decoding: H.264 by the system ffmpeg (its own process, its default threads), one process a clip (no ffprobe: the size and rate come from the Y4M header of its output), grey frames read from its pipe while the features of the frames before are computed. ' +
        'Binned: ffmpeg averages 2 × 2 pixels (area scaling) and the tracker uses 4 × 4-pixel cells, so the cells, and the features, are those of the full frame (the largest differences on bouncing_cart.mp4: 0.2 % of the peak energy, 0.004 of the frame in position, 0.0003 Hz; test/video-decode.test.ts), with a quarter of the bytes through the pipe. ' +
        'The ffmpeg CPU column is the finished child processes\' user + system time (/proc/self/stat), in 10-ms ticks; a 60-s row spreads the start of ffmpeg (about 0.1–0.2 CPU s of loading its libraries) over six times the video. ' +
        `Load average at the start: ${load.toFixed(2)} on 2 shared cores: wall times grow with it, and the × real time (wall) column is only as good as the machine was quiet.`,
    ].join('\n');
  },
};
