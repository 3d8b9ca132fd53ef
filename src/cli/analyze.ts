/** `neuromusic analyze [piece]`: the options; the work is in analyze-run.ts, loaded when the command runs. */
import { InvalidArgumentError, type Command } from 'commander';
import { jsonOption, quietOption, reportOption, seedOption } from './common-options.js';
import { numberIn } from './options.js';
import type { AnalyzeOptions } from './command-options.js';

/** (0, 1]: the energy fraction. */
function energyFraction(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !(x > 0 && x <= 1)) throw new InvalidArgumentError(`must be a fraction in (0, 1], got "${value}".`);
  return x;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('find the musical patterns of a piece: piano roll, randomized SVD, K-means + silhouette, cluster timeline, chords')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .option('--frame <seconds>', 'piano-roll frame length, seconds (0.005–1)', numberIn(0.005, 1), 0.02)
    .option('--energy <fraction>', 'fraction of ‖M‖²_F the k modes must hold, in (0, 1]', energyFraction, 0.9)
    .option('--kmin <K>', 'smallest number of clusters tried (2–200)', numberIn(2, 200, { integer: true }), 2)
    .option('--kmax <K>', 'largest number of clusters tried (2–200; lowered to the distinct frames when not given)', numberIn(2, 200, { integer: true }), 12)
    .option('--restarts <n>', 'k-means++ restarts per K (1–1000)', numberIn(1, 1000, { integer: true }), 10)
    .addOption(seedOption(0))
    .option('--silhouette-sample <frames>', 'estimate the silhouette from this many sampled frames (default: exact, all pairs)', numberIn(10, 1e9, { integer: true }))
    .addOption(jsonOption('the analysis'))
    .option('--full', 'with --json: include the per-frame arrays (each pattern\'s envelope, T values); by default the JSON summarises')
    .addOption(reportOption('an HTML report with the plots'))
    .addOption(quietOption())
    .action(async (piece: string | undefined, opts: AnalyzeOptions, command: Command) => (await import('./analyze-run.js')).runAnalyze(piece, opts, command));
}
