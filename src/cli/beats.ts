/** `neuromusic beats song.wav`: the options; the work is in beats-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { jsonOption, fileOption, quietOption, reportOption } from './common-options.js';
import { numberIn } from './options.js';
import type { BeatsCliOptions } from './command-options.js';

/** Adds the tempo-range flags to a command (shared with `groove`). */
export function tempoFlags(cmd: Command): Command {
  return cmd
    .option('--min-bpm <bpm>', 'slowest tempo considered, beats per minute (20–300)', numberIn(20, 300), 30)
    .option('--max-bpm <bpm>', 'fastest tempo considered, beats per minute (30–400)', numberIn(30, 400), 240)
    .option('--preferred-bpm <bpm>', 'centre of the tempo preference (one octave wide), beats per minute (30–300)', numberIn(30, 300), 80);
}

export function registerBeats(program: Command): void {
  tempoFlags(
    program
      .command('beats')
      .description('track the tempo and beats of a WAV recording with a GrFNN oscillator bank')
      .argument('<song.wav>', 'mono or stereo WAV file (any common sample rate)'),
  )
    .option('--online', 'causal mode: each beat decided from the audio before it (latency 0: beats are predicted), as a live listener must')
    .option('--latency <seconds>', 'with --online: report each beat this long after it sounds instead of predicting it (a stated latency, more accurate; 0–4 s, 0: predicted)', numberIn(0, 4), 0)
    .addOption(fileOption('--csv <file.csv>', '.csv', 'write the beat times as CSV (beat, time_s)'))
    .addOption(reportOption('an HTML report: waveform, onsets and beats, oscillator amplitudes, tempo salience'))
    .addOption(jsonOption('the tempo and beats'))
    .addOption(quietOption())
    .action(async (song: string, opts: BeatsCliOptions) => (await import('./beats-run.js')).runBeats(song, opts));
}
