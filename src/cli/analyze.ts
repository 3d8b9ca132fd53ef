/**
 * `neuromusic analyze [piece]`: the "worm dances" pattern analysis of a piece — piano roll, randomized SVD, rank by
 * energy, K-means sweep with the exact silhouette, K*, cluster timeline, pattern chords — as text, JSON and an HTML
 * report. Thin: it parses, calls analyzePatterns, and presents.
 */
import type { Command } from 'commander';
import { loadScore, BUILT_IN_PIECE } from '../node/load-score.js';
import { prepareOutput, writeFileAtomic } from '../node/files.js';
import { packageInfo } from '../node/package-info.js';
import { analyzePatterns } from '../analysis/patterns.js';
import { distinctFrames, pianoRoll } from '../analysis/piano-roll.js';
import { patternSummary, patternSummaryText, prefersFlats } from '../analysis/patterns-summary.js';
import { patternReportHtml } from '../analysis/patterns-report.js';
import { UsageError } from './errors.js';
import { numberIn, seedOption } from './options.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';

interface AnalyzeOptions {
  frame: number;
  energy: number;
  kmin: number;
  kmax: number;
  restarts: number;
  seed: number;
  silhouetteSample?: number;
  json?: string | boolean;
  report?: string;
  quiet?: boolean;
}

/** (0, 1]: the energy fraction. */
function energyFraction(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || !(x > 0 && x <= 1)) {
    throw new UsageError(`--energy must be a fraction in (0, 1], got "${value}"`);
  }
  return x;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('find the musical patterns of a piece: piano roll, randomized SVD, K-means + silhouette, cluster timeline, chords')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .option('--frame <seconds>', 'piano-roll frame length', numberIn(0.005, 1), 0.02)
    .option('--energy <fraction>', 'fraction of ‖M‖²_F the k modes must hold, in (0, 1]', energyFraction, 0.9)
    .option('--kmin <K>', 'smallest number of clusters tried', numberIn(2, 200, { integer: true }), 2)
    .option('--kmax <K>', 'largest number of clusters tried', numberIn(2, 200, { integer: true }), 12)
    .option('--restarts <n>', 'k-means++ restarts per K', numberIn(1, 1000, { integer: true }), 10)
    .option('--seed <n>', 'seed of every random choice', seedOption, 0)
    .option('--silhouette-sample <frames>', 'estimate the silhouette from this many sampled frames (default: exact, all pairs)', numberIn(10, 1e9, { integer: true }))
    .option('--json [file]', 'print JSON (or write it to a file)')
    .option('--report <file.html>', 'write an HTML report with the plots')
    .option('-q, --quiet', 'no progress bar')
    .action(async (piece: string | undefined, opts: AnalyzeOptions, command: Command) => {
      if (opts.kmin > opts.kmax) throw new UsageError(`--kmin ${opts.kmin} is larger than --kmax ${opts.kmax}`);
      if (opts.report !== undefined && !opts.report.toLowerCase().endsWith('.html')) throw new UsageError(`--report must name an .html file, got "${opts.report}"`);
      if (opts.report) prepareOutput(opts.report);
      const jsonToStdout = opts.json === true || opts.json === '-';
      if (typeof opts.json === 'string' && !jsonToStdout) prepareOutput(opts.json);
      const score = loadScore(piece);
      const name = piece ?? BUILT_IN_PIECE;
      if (score.notes.length === 0) throw new UsageError(`${name} has no notes to analyse`);
      const roll = pianoRoll(score, { frameSeconds: opts.frame });
      const distinct = distinctFrames(roll).counts.length;
      let kmax = opts.kmax;
      if (roll.pitches.length > 1 && distinct < 2) throw new UsageError(`${name}: every frame of the piano roll is the same chord: there is nothing to cluster`);
      if (roll.pitches.length > 1 && opts.kmin > distinct) throw new UsageError(`${name}: --kmin ${opts.kmin} is more than the ${distinct} distinct frames of the piano roll; use --kmin 2`);
      if (kmax > distinct && roll.pitches.length > 1) {
        if (command.getOptionValueSource('kmax') !== 'default') {
          throw new UsageError(`${name}: --kmax ${opts.kmax} is more than the ${distinct} distinct frames of the piano roll; use --kmax ${distinct} or less`);
        }
        kmax = distinct;
        process.stderr.write(`neuromusic: note: ${name} has only ${distinct} distinct frames, so K stops at ${distinct}\n`);
      }
      const bar = createProgress('analysing', opts.quiet);
      let analysis;
      try {
        analysis = analyzePatterns(
          roll,
          {
            frameSeconds: opts.frame,
            energy: opts.energy,
            kMin: opts.kmin,
            kMax: kmax,
            restarts: opts.restarts,
            seed: opts.seed,
            ...(opts.silhouetteSample !== undefined ? { silhouetteSample: opts.silhouetteSample } : {}),
          },
          (fraction) => bar.update(fraction),
        );
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`${name}: ${err.message}`);
        throw err;
      } finally {
        bar.stop();
      }
      const summaryOptions = { source: name, flats: prefersFlats(score.meta.key), ...(score.meta.title ? { title: score.meta.title } : {}) };
      if (opts.report) {
        const html = await patternReportHtml(analysis, {
          ...summaryOptions,
          command: ['neuromusic', ...process.argv.slice(2)].join(' '),
          generator: `neuromusic ${packageInfo().version}, ${new Date().toISOString().slice(0, 10)}.`,
        });
        writeFileAtomic(opts.report, html);
      }
      if (opts.json) emitJson(opts.json, patternSummary(analysis, summaryOptions));
      if (!jsonToStdout) {
        say(...patternSummaryText(analysis, summaryOptions));
        if (opts.report) say(`  wrote ${opts.report}`);
        if (typeof opts.json === 'string') say(`  wrote ${opts.json}`);
      }
    });
}
