/** `neuromusic groove song.wav`: the options; the work is in groove-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { jsonOption, outDirOption, quietOption, seedOption } from './common-options.js';
import { tempoFlags } from './beats.js';
import type { GrooveCliOptions } from './command-options.js';

export function registerGroove(program: Command): void {
  tempoFlags(
    program
      .command('groove')
      .description('extract kick / snare / hi-hat events and write a beat-locked drum track, a mix and a picture')
      .argument('<song.wav>', 'mono or stereo WAV file (any common sample rate)')
      .addOption(outDirOption('the events, beats, drum track, mix and picture')),
  )
    .option('--model <dir>', "a trained surrogate of ASHLE (a folder with model.json, or 'shipped') that listens too: writes its motor phase, frequency and amplitude over time beside ASHLE's as SONG-surrogate.csv (default: none)")
    .addOption(seedOption(1, 'the drum kit’s noise'))
    .addOption(jsonOption('a summary'))
    .addOption(quietOption())
    .action(async (song: string, opts: GrooveCliOptions) => (await import('./groove-run.js')).runGroove(song, opts));
}
