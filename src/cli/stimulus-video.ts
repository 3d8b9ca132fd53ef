/**
 * `compose --engine duet --video <file | stimulus:NAME>`: the video's motion features and a few frames for the
 * dashboard. A generated stimulus is made in memory; a file is decoded frame by frame (Y4M by the built-in reader,
 * anything else through ffmpeg, scaled down to 320 pixels wide when larger, so that a large file costs no more
 * than the motion needs).
 */
import { MotionRecorder, MotionTracker, type MotionFeatures } from '../analysis/video/motion.js';
import type { VideoThumbnail } from '../engines/duet/motion-rhythm-report.js';
import { videoStimulus } from '../engines/duet/video-stimuli.js';
import { FfmpegMissingError, isY4m, openVideo } from '../node/video-decode.js';
import { FormatError } from '../formats/errors.js';
import { Failure } from './errors.js';
import { stimulusScene } from './stimulus-run.js';

/** A decoded video: its features, a few frames, how to name it. */
export interface LoadedVideo {
  label: string;
  features: MotionFeatures;
  thumbnails: VideoThumbnail[];
  seconds: number;
}

/** Frames kept for the dashboard. */
const THUMBNAILS = 6;
/** Files wider than this are scaled down (area averaging) before the motion analysis. */
const WORKING_WIDTH = 320;

/** Keeps up to THUMBNAILS frames spread over a clip whose length may be unknown: every k-th frame, k doubling. */
class ThumbnailKeeper {
  private every = 1;
  private kept: VideoThumbnail[] = [];
  constructor(private readonly width: number, private readonly height: number, private readonly fps: number) {}
  push(index: number, luma: Uint8Array): void {
    if (index % this.every !== 0) return;
    this.kept.push({ timeSeconds: index / this.fps, width: this.width, height: this.height, luma: luma.slice() });
    if (this.kept.length > 2 * THUMBNAILS) {
      this.every *= 2;
      this.kept = this.kept.filter((t) => Math.round(t.timeSeconds * this.fps) % this.every === 0);
    }
  }
  finish(): VideoThumbnail[] {
    const n = this.kept.length;
    if (n <= THUMBNAILS) return this.kept;
    return Array.from({ length: THUMBNAILS }, (_, i) => this.kept[Math.round((i * (n - 1)) / (THUMBNAILS - 1))]!);
  }
}

/**
 * Loads `--video`: `stimulus:NAME` (generated for `seconds`, default 10, from `seed`) or a file. Unreadable files,
 * a missing ffmpeg, an unknown stimulus and a video without frames are one-line user errors.
 */
export async function loadVideoSource(source: string, options: { seed: number; seconds?: number }): Promise<LoadedVideo> {
  if (source.startsWith('stimulus:')) {
    const name = source.slice('stimulus:'.length);
    const clip = videoStimulus(stimulusScene(name), { seconds: options.seconds ?? 10, seed: options.seed });
    const recorder = new MotionRecorder(new MotionTracker(clip));
    const keeper = new ThumbnailKeeper(clip.width, clip.height, clip.fps);
    clip.frames.forEach((f, i) => {
      recorder.push(f);
      keeper.push(i, f);
    });
    const features = recorder.finish();
    return { label: `${source} (generated, seed ${options.seed})`, features, thumbnails: keeper.finish(), seconds: clip.frames.length / clip.fps };
  }
  try {
    // One decoder a video: ffmpeg scales anything wider than the working width as it decodes; a Y4M file is read
    // at its own size by the built-in reader (no ffmpeg needed).
    const video = isY4m(source) ? await openVideo(source) : await openVideo(source, { maxWidth: WORKING_WIDTH });
    const info = video.source;
    const recorder = new MotionRecorder(new MotionTracker({ width: video.width, height: video.height, fps: video.fps }));
    const keeper = new ThumbnailKeeper(video.width, video.height, video.fps);
    let i = 0;
    for await (const frame of video.frames) {
      recorder.push(frame);
      keeper.push(i++, frame);
    }
    if (i === 0) throw new FormatError(source, 'the video has no frames');
    const features = recorder.finish();
    return { label: `${source} (${info.codec}, ${info.width}×${info.height}${video.width !== info.width ? `, analysed at ${video.width}×${video.height}` : ''})`, features, thumbnails: keeper.finish(), seconds: i / video.fps };
  } catch (err) {
    if (err instanceof FfmpegMissingError) throw new Failure(`${source}: ${err.message}`);
    throw err;
  }
}
