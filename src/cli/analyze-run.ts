/**
 * `neuromusic analyze [piece]`: the "worm dances" pattern analysis of a piece — piano roll, randomized SVD, rank by
 * energy, K-means sweep with the exact silhouette, K*, cluster timeline, pattern chords — as text, JSON and an HTML
 * report. Thin: it parses, calls analyzePatterns, and presents.
 */
import type { Command } from 'commander';
import type { AnalyzeOptions } from './command-options.js';
import { loadScore, BUILT_IN_PIECE } from '../node/load-score.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { analyzePatterns } from '../analysis/patterns.js';
import { distinctFrames, MAX_ROLL_CELLS, pianoRoll } from '../analysis/piano-roll.js';
import { patternSummary, patternSummaryText, prefersFlats } from '../analysis/patterns-summary.js';
import { patternReportHtml } from '../analysis/patterns-report.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';

/** Runs `neuromusic analyze`. */
export async function runAnalyze(piece: string | undefined, opts: AnalyzeOptions, command: Command): Promise<void> {
  if (opts.kmin > opts.kmax) throw new UsageError(`--kmin ${opts.kmin} is larger than --kmax ${opts.kmax}`);
  const jsonToStdout = opts.json === true || opts.json === '-';
  const outputs = new OutputSet().declare(opts.report, typeof opts.json === 'string' && !jsonToStdout && opts.json);
  const score = loadScore(piece);
  const name = piece ?? BUILT_IN_PIECE;
  if (score.notes.length === 0) throw new UsageError(`${name} has no notes to analyse`);
  const pitches = new Set(score.notes.map((n) => n.pitch));
  if (pitches.size === 1) {
    throw new UsageError(`${name}: the piece uses one pitch only (MIDI ${score.notes[0]!.pitch}): its piano roll has rank 1, so there are no patterns to separate; pattern analysis needs at least two pitches`);
  }
  const end = Math.max(...score.notes.map((n) => n.onset + n.duration));
  if (pitches.size * (Math.ceil(end / opts.frame) + 1) > MAX_ROLL_CELLS) throw new UsageError(`${name}: the piano roll would be too large at --frame ${opts.frame}: use longer frames`);
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
  const bar = createProgress('analysing', opts.quiet || jsonToStdout);
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
    outputs.file(opts.report, html);
  }
  // Summarised by default: the per-frame envelopes grow with the piece (342 MB for 104 minutes at 20 ms frames).
  if (opts.json) emitJson(opts.json, patternSummary(analysis, { ...summaryOptions, envelopes: opts.full === true }), outputs);
  await outputs.publish();
  if (!jsonToStdout) {
    say(...patternSummaryText(analysis, summaryOptions));
    if (opts.report) say(`  wrote ${opts.report}`);
    if (typeof opts.json === 'string') say(`  wrote ${opts.json}`);
  }
}
