/**
 * `neuromusic stimulus <name> -o clip.y4m|clip.mp4`: a generated test video for the visual duet (a bouncing ball,
 * the same ball through a poor camera, a drifting grating, a point-light walker); the work is in stimulus-run.ts,
 * loaded when the command runs.
 */
import { Option, type Command } from 'commander';
import { jsonOption, secondsOption, seedOption } from './common-options.js';
import { numberIn } from './options.js';
import { STIMULUS_NAMES, videoFileName, type StimulusCliOptions } from './stimulus-names.js';

export function registerStimulus(program: Command): void {
  program
    .command('stimulus')
    .description('write a test video for the visual duet: ball (bouncing), ball-noisy (through a poor camera), grating (drifting), walker (point lights), still')
    .argument('<name>', `the scene: ${Object.keys(STIMULUS_NAMES).join(', ')}`)
    .addOption(new Option('-o, --output <file>', 'the video file to write: .y4m (built in) or .mp4 (needs ffmpeg)').argParser(videoFileName).makeOptionMandatory())
    .addOption(secondsOption('length of the clip', 1, 600, 10))
    .addOption(new Option('--fps <n>', 'frames a second (5–120)').argParser(numberIn(5, 120)).default(30))
    .addOption(new Option('--rate <hz>', 'bounces (balls) or gait cycles (walker) a second (0.2–6) (default: ball 2, walker 1)').argParser(numberIn(0.2, 6)))
    .addOption(new Option('--width <px>', 'frame width, pixels, even (16–1920)').argParser(numberIn(16, 1920, { integer: true })).default(320))
    .addOption(new Option('--height <px>', 'frame height, pixels, even (16–1080)').argParser(numberIn(16, 1080, { integer: true })).default(240))
    .addOption(seedOption(1, 'the sensor noise, the jitter and the walker’s variability'))
    .addOption(jsonOption('a summary'))
    .action(async (name: string, opts: StimulusCliOptions) => (await import('./stimulus-run.js')).runStimulus(name, opts));
}
