/** `neuromusic stimulus <name> -o clip.y4m|clip.mp4`: generates the scene and writes it. */
import { OutputSet } from '../node/output-set.js';
import { videoStimulus } from '../engines/duet/video-stimuli.js';
import { FFMPEG_MISSING, FfmpegMissingError, hasFfmpeg } from '../node/video-decode.js';
import { encodeVideo } from '../node/video-encode.js';
import { Failure, UsageError } from './errors.js';
import { emitJson, say } from './output.js';
import { jsonTarget } from './common-options.js';
import { STIMULUS_NAMES, type StimulusCliName, type StimulusCliOptions } from './stimulus-names.js';

/** The library's scene of a command-line name, or a one-line usage error. */
export function stimulusScene(name: string): (typeof STIMULUS_NAMES)[StimulusCliName] {
  const scene = (STIMULUS_NAMES as Record<string, (typeof STIMULUS_NAMES)[StimulusCliName]>)[name];
  if (!scene) throw new UsageError(`unknown stimulus "${name}": use one of ${Object.keys(STIMULUS_NAMES).join(', ')}`);
  return scene;
}

/** Runs `neuromusic stimulus`. */
export async function runStimulus(name: string, opts: StimulusCliOptions): Promise<void> {
  const scene = stimulusScene(name);
  if (opts.width % 2 || opts.height % 2) throw new UsageError(`--width and --height must be even (4:2:0 video), got ${opts.width}×${opts.height}`);
  // Asked before the frames are made: an MP4 needs ffmpeg.
  if (/\.mp4$/i.test(opts.output) && !hasFfmpeg()) throw new Failure(`${opts.output}: ${FFMPEG_MISSING}`);
  // Both targets checked before the frames are made; the video is encoded under a temporary name and published
  // with the JSON, so a failure (or Ctrl-C while ffmpeg encodes) leaves both targets as they were.
  const outputs = new OutputSet().declare(opts.output, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const clip = videoStimulus(scene, { seconds: opts.seconds, fps: opts.fps, seed: opts.seed, width: opts.width, height: opts.height, ...(opts.rate !== undefined ? { rateHz: opts.rate } : {}) });
  try {
    await outputs.produce(opts.output, (temporary) => encodeVideo(opts.output, clip, temporary));
  } catch (err) {
    outputs.discard();
    if (err instanceof FfmpegMissingError) throw new Failure(`${opts.output}: ${err.message}`);
    throw err;
  }
  const summary = {
    stimulus: name,
    scene,
    file: opts.output,
    width: clip.width,
    height: clip.height,
    fps: clip.fps,
    frames: clip.frames.length,
    seconds: clip.frames.length / clip.fps,
    seed: opts.seed,
    rateHz: clip.truth.rateHz ?? null,
  };
  if (jsonTarget(opts.json) !== 'none') emitJson(opts.json, summary, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) !== 'stdout') {
    say(`stimulus ${name}: ${clip.frames.length} frames of ${clip.width}×${clip.height} at ${clip.fps} fps${clip.truth.rateHz ? `, ${clip.truth.rateHz} Hz` : ''}, seed ${opts.seed}`, `  wrote ${opts.output}`);
  }
}
