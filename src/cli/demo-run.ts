/** `neuromusic demo`: the built-in prelude written as MIDI and WAV. */
import type { DemoCliOptions } from './command-options.js';
import { join } from 'node:path';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { writeMidi } from '../formats/midi.js';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { scoreStats } from '../score/ops.js';
import { createProgress } from './progress.js';
import { say } from './output.js';

/** Runs `neuromusic demo`. */
export async function runDemo(opts: DemoCliOptions): Promise<void> {
  const score = bachPreludeInC({ bpm: opts.bpm });
  ensureDirectory(opts.out);
  const midPath = join(opts.out, 'bach-prelude-c-major.mid');
  const wavPath = join(opts.out, 'bach-prelude-c-major.wav');
  const outputs = new OutputSet().declare(midPath, wavPath);
  outputs.file(midPath, writeMidi(score));
  const t0 = performance.now();
  const bar = createProgress('rendering', opts.quiet);
  let seconds: number;
  try {
    seconds = outputs.wav(wavPath, score, { sampleRate: opts.sr, channels: 2, onProgress: bar.update }).seconds;
  } finally {
    bar.stop();
  }
  await outputs.publish();
  const stats = scoreStats(score);
  say(
    `${score.meta.title} — ${score.meta.composer}`,
    `  ${stats.notes} notes, ${stats.durationSeconds.toFixed(1)} s at ${opts.bpm} bpm`,
    `  wrote ${midPath}`,
    `  wrote ${wavPath} (${seconds.toFixed(1)} s stereo, rendered in ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
  );
}
