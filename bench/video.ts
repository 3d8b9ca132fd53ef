/**
 * Motion features of video, in Node: how many times faster than real time the features of 640 × 480 frames at
 * 30 fps are computed, with the frames already in memory (decode excluded) and decoded by the system's ffmpeg
 * through a pipe (decode included: `ffmpeg -f rawvideo -pix_fmt gray`), on a generated 10 s clip (the bouncing
 * ball, written to H.264 MP4) and on the lab's bouncing-cart clip. Best of three; CPU seconds of this process beside
 * wall seconds (ffmpeg runs in its own process). The target is 20× real time. Also decoding to a 320 × 240 working
 * size (ffmpeg's area scaling), which quarters what crosses the pipe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasShared, sharedDir, table, type BenchSection } from './lib.js';
import { videoStimulus } from '../src/engines/duet/video-stimuli.js';
import { MotionTracker } from '../src/analysis/video/motion.js';
import { hasFfmpeg, openVideo, videoMotionFeatures } from '../src/node/video-decode.js';
import { writeVideoFile } from '../src/node/video-encode.js';

async function best(fn: () => Promise<number> | number): Promise<{ seconds: number; cpuSeconds: number; frames: number }> {
  let out = { seconds: Infinity, cpuSeconds: Infinity, frames: 0 };
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const frames = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (seconds < out.seconds) out = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, frames };
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
    const row = (label: string, r: { seconds: number; cpuSeconds: number; frames: number }, fps: number): void => {
      const video = r.frames / fps;
      rows.push([label, r.frames, video.toFixed(1), r.seconds, r.cpuSeconds, `${(video / r.seconds).toFixed(1)}×`]);
    };
    const inMemory = await best(() => {
      const tracker = new MotionTracker(clip);
      for (const f of clip.frames) tracker.push(f);
      return clip.frames.length;
    });
    row('features only (frames in memory), generated ball', inMemory, 30);
    if (!hasFfmpeg()) return `${table(['case', 'frames', 'video s', 'wall s', 'CPU s', '× real time'], rows)}\n\n_ffmpeg is not installed: the decode rows are missing._`;
    const dir = mkdtempSync(join(tmpdir(), 'neuromusic-bench-video-'));
    try {
      const mp4 = join(dir, 'ball-640x480.mp4');
      await writeVideoFile(mp4, clip);
      const decodeOnly = await best(async () => {
        let n = 0;
        for await (const _ of (await openVideo(mp4)).frames) n++;
        return n;
      });
      row('decode only (ffmpeg pipe), generated ball MP4', decodeOnly, 30);
      row('decode + features, generated ball MP4', await best(async () => (await videoMotionFeatures(mp4)).energy.length), 30);
      row('decode scaled by ffmpeg to 320 × 240 + features, generated ball MP4', await best(async () => (await videoMotionFeatures(mp4, { width: 320 })).energy.length), 30);
      if (hasShared) {
        const cart = resolve(sharedDir, 'data', 'video', 'bouncing_cart.mp4');
        row('decode + features, bouncing_cart.mp4 (lab video)', await best(async () => (await videoMotionFeatures(cart)).energy.length), 30);
        row('decode scaled to 320 × 240 + features, bouncing_cart.mp4', await best(async () => (await videoMotionFeatures(cart, { width: 320 })).energy.length), 30);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return [
      table(['case', 'frames', 'video s', 'wall s', 'CPU s', '× real time'], rows),
      '',
      'Features: 8 × 8-pixel cells, noise floor, centroid and the sliding 4 s frequency estimate on every frame (`MotionTracker`, allocation-free per frame). ' +
        'Decoding: H.264 by the system ffmpeg in its own process (its ffprobe call included), grey frames read from its pipe; its CPU time is not in the CPU column. ' +
        'At full size 92 MB of grey frames cross the pipe for 10 s of video: ffmpeg alone needed 0.43 s to decode this clip to grey (0.29 s to decode without output), and piping the bytes into Node cost 0.4–0.8 s more on this shared machine; ' +
        'a 320 × 240 working size (enough for 8 × 8-pixel cells) quarters the bytes. Target: 20× real time — met by the features alone; the decode-included rows fall short of it here, limited by decoding and the pipe. ' +
        'Where the time goes at 320 × 240 (bouncing_cart.mp4, 10.9 s): this process spends 0.22–0.30 CPU seconds (features and pipe: 36–50× real time on one core); ffmpeg spends 0.39–0.40 user CPU seconds decoding and scaling (`/usr/bin/time`), so decoding alone caps the chain near 27× on one core, before the two process starts (ffprobe, ffmpeg). ' +
        `Load average at the start: ${load.toFixed(2)} on 2 shared cores: wall times grow with it.`,
    ].join('\n');
  },
};
