/**
 * The visual duet, end to end: a 30-s clip (generated, 320×240 at 30 fps, or a real MP4 decoded through ffmpeg) →
 * motion features → the duet → the motion–rhythm correlation with 999 circular shifts. Stage by stage, best of
 * three, in-process; CPU seconds beside wall seconds because the machine is shared. Real time means the whole chain
 * takes less than the clip lasts.
 */
import { loadavg } from 'node:os';
import { hasShared, sharedDir, table, type BenchSection } from './lib.js';
import { resolve } from 'node:path';
import { motionFeatures, type MotionFeatures } from '../src/analysis/video/motion.js';
import { videoStimulus, type VideoStimulusName } from '../src/engines/duet/video-stimuli.js';
import { composeMotionDuet } from '../src/engines/duet/motion-rhythm-duet.js';
import { hasFfmpeg, videoMotionFeatures } from '../src/node/video-decode.js';

const CLIP_S = 30;

interface Timed<T> {
  value: T;
  seconds: number;
  cpuSeconds: number;
}

async function best<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
  let out: Timed<T> | undefined;
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (!out || seconds < out.seconds) out = { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  }
  return out!;
}

async function row(label: string, clipSeconds: number, features: () => MotionFeatures | Promise<MotionFeatures>): Promise<string[]> {
  const f = await best(features);
  const d = await best(() => composeMotionDuet(f.value, { seed: 1 }));
  const total = f.seconds + d.seconds;
  const c = d.value.correlation;
  return [
    label,
    clipSeconds.toFixed(1),
    f.seconds.toFixed(3),
    d.seconds.toFixed(3),
    `${(clipSeconds / total).toFixed(1)}×`,
    `${(clipSeconds / (f.cpuSeconds + d.cpuSeconds)).toFixed(1)}×`,
    `r ${c.r.toFixed(3)}, p ${c.p.toFixed(3)} (N ${c.permutations})`,
  ];
}

export const videoDuetSection: BenchSection = {
  id: 'video-duet',
  title: 'The visual duet: video → motion features → duet → motion–rhythm correlation',
  async run() {
    const load = loadavg()[0]!;
    const rows: string[][] = [];
    for (const name of ['bouncing-ball', 'walker'] as VideoStimulusName[]) {
      const clip = videoStimulus(name, { seconds: CLIP_S, seed: 1 });
      rows.push(await row(`${name}, generated (frames in memory)`, CLIP_S, () => motionFeatures(clip.frames, clip)));
    }
    const cart = resolve(sharedDir, 'data', 'video', 'bouncing_cart.mp4');
    if (hasShared && hasFfmpeg()) {
      const f = await videoMotionFeatures(cart, { width: 320 });
      rows.push(await row('bouncing_cart.mp4, 640×480 decoded by ffmpeg to 320×240', f.timeSeconds.length / f.fps, () => videoMotionFeatures(cart, { width: 320 })));
    }
    return [
      table(['clip', 'clip s', 'features s (wall)', 'duet + correlation s (wall)', '× real time (wall)', '× real time (CPU, this process)', 'correlation'], rows),
      '',
      `The features column of a file includes decoding (ffmpeg runs in its own process: its CPU time is not in the CPU column). ` +
        `The duet column is the 256-Hz duet, its 64-Hz trajectories and 999 circular shifts (or every allowed shift of a short clip). ` +
        `Load average at the start: ${load.toFixed(2)} (2 cores, shared).` +
        (hasShared && hasFfmpeg() ? '' : ' The real-video row needs ../shared/data and ffmpeg (Debian package ffmpeg): skipped.'),
    ].join('\n');
  },
};
