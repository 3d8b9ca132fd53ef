/** The scenes `neuromusic stimulus` and `compose --video stimulus:NAME` accept, their options, their parsers. */
import { InvalidArgumentError } from 'commander';

/** The names the command accepts, each with the scene it makes (aliases of the library's names). */
export const STIMULUS_NAMES = {
  ball: 'bouncing-ball',
  'ball-noisy': 'noisy-ball',
  grating: 'grating',
  walker: 'walker',
  still: 'still',
} as const;
export type StimulusCliName = keyof typeof STIMULUS_NAMES;

/** Options of `neuromusic stimulus` as commander hands them over. */
export interface StimulusCliOptions {
  output: string;
  seconds: number;
  fps: number;
  seed: number;
  rate?: number;
  width: number;
  height: number;
  json?: string | boolean;
}

/** A file name ending in .y4m or .mp4. */
export function videoFileName(value: string): string {
  if (!/\.(y4m|mp4)$/i.test(value.trim())) throw new InvalidArgumentError(`the file name must end in .y4m or .mp4, got "${value}".`);
  return value;
}

/** Parses `--video`: `stimulus:NAME` with a known name, or any file name. */
export function parseVideoSource(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('needs a video file or stimulus:NAME.');
  if (value.startsWith('stimulus:') && !(value.slice(9) in STIMULUS_NAMES)) {
    throw new InvalidArgumentError(`unknown stimulus "${value.slice(9)}": use one of ${Object.keys(STIMULUS_NAMES).join(', ')}.`);
  }
  return value;
}

