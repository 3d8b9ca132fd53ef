/** `neuromusic demo`: the built-in prelude written as MIDI and WAV. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { writeMidi } from '../formats/midi.js';
import { ensureDirectory, writeFileAtomic } from '../node/files.js';
import { scoreStats } from '../score/ops.js';
import { numberIn } from './options.js';
import { renderWavFile } from '../node/render-wav-file.js';
import { createProgress } from './progress.js';
import { say } from './output.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write the built-in piece (Bach, Prelude in C major, BWV 846) as MIDI and WAV')
    .option('--out <dir>', 'output folder', 'out')
    .option('--bpm <bpm>', 'tempo, quarter notes per minute', numberIn(20, 300), 66)
    .option('--sr <hz>', 'sample rate', numberIn(8000, 192000, { integer: true }), 44100)
    .option('-q, --quiet', 'no progress bar')
    .action((opts: { out: string; bpm: number; sr: number; quiet?: boolean }) => {
      const score = bachPreludeInC({ bpm: opts.bpm });
      ensureDirectory(opts.out);
      const midPath = join(opts.out, 'bach-prelude-c-major.mid');
      const wavPath = join(opts.out, 'bach-prelude-c-major.wav');
      writeFileAtomic(midPath, writeMidi(score));
      const t0 = performance.now();
      const bar = createProgress('rendering', opts.quiet);
      let seconds: number;
      try {
        seconds = renderWavFile(score, wavPath, { sampleRate: opts.sr, channels: 2, onProgress: bar.update }).seconds;
      } finally {
        bar.stop();
      }
      const stats = scoreStats(score);
      say(
        `${score.meta.title} — ${score.meta.composer}`,
        `  ${stats.notes} notes, ${stats.durationSeconds.toFixed(1)} s at ${opts.bpm} bpm`,
        `  wrote ${midPath}`,
        `  wrote ${wavPath} (${seconds.toFixed(1)} s stereo, rendered in ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
      );
    });
}
