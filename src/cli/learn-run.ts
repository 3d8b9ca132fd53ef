/**
 * `neuromusic learn [piece]`: the learning progression (docs/learning.md) — the worm listens to a piece and steps 0–10
 * (one numerical method each) try to predict the piece's onsets from its activity — scored in-sample, held-out,
 * on a second piece and against surrogate worms. Prints the F1 table beside the published figures; writes an HTML
 * report, JSON, and the MIDI and WAV of the best held-out step. Thin: it parses, calls runProgression, and presents.
 * TensorFlow.js is loaded only when the command runs.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import { DEFAULT_SECOND_PIECE, type LearnOptions } from './command-options.js';
import { jsonTarget } from './common-options.js';
import { writeMidi } from '../formats/midi.js';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { BUILT_IN_PIECE, loadScore } from '../node/load-score.js';
import { packageInfo } from '../node/package-info.js';
import { sharedMidiPath } from '../node/shared-pieces.js';
import { UsageError } from './errors.js';
import { FormatError } from '../formats/errors.js';
import { createProgress, type Progress } from './progress.js';
import { emitJson, say } from './output.js';

/** '8 ODE', '8-ode', '8ode' → '8ode'. */
function stepKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

const FALLBACK_SECOND_PIECE = 'chopin_prelude_op28_no15_raindrop_db_major.mid';

function pieceName(path: string | undefined): string {
  return path === undefined ? 'Bach, Prelude in C major (built-in)' : basename(path).replace(/\.(mid|midi|json)$/i, '');
}

function defaultSecond(piece: string | undefined): string | null | undefined {
  const same = (p: string): boolean => piece !== undefined && basename(piece) === basename(p);
  for (const file of [DEFAULT_SECOND_PIECE, FALLBACK_SECOND_PIECE]) {
    const path = sharedMidiPath(file);
    if (path && !same(path)) return path;
  }
  // No shared pieces: the built-in prelude, unless it is the piece (then there is none).
  return piece === undefined ? null : undefined;
}

/**
 * Longest piece the progression takes, seconds (20 minutes). It simulates the worm over the whole piece and fits
 * every step on frames of 50 ms, so time and memory grow with the length: the built-in prelude (about 2 min) takes
 * minutes already, and a piece of hours would run for a day or exhaust the memory half way.
 */
export const MAX_LEARN_PIECE_SECONDS = 1200;

/** Refuses, before any work, a piece too long to learn (a FormatError naming the file). */
function assertLearnable(name: string, score: { notes: ReadonlyArray<{ onset: number; duration: number }> }): void {
  let end = 0;
  for (const n of score.notes) end = Math.max(end, n.onset + n.duration);
  if (end > MAX_LEARN_PIECE_SECONDS) {
    throw new FormatError(
      name,
      `the piece lasts ${(end / 60).toFixed(1)} min; learn simulates the worm over the whole piece and takes pieces up to ${MAX_LEARN_PIECE_SECONDS / 60} min — give a shorter excerpt`,
    );
  }
}

/** A progress bar per stage of the progression; `stop` clears the one running when a stage fails. */
function stageBars(quiet: boolean | undefined): { onEvent: (e: { kind: string; label: string; fraction: number; seconds?: number }) => void; stop: () => void } {
  let bar: Progress | undefined;
  // In a log (stderr not a terminal) each stage also says when it is done: stages without progress of their own
  // (fits, surrogate controls) would otherwise leave minutes of silence.
  const log = !quiet && !process.stderr.isTTY;
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop,
    onEvent: (e) => {
      if (e.kind === 'start') {
        stop();
        bar = createProgress(e.label, quiet);
      } else if (e.kind === 'progress') bar?.update(e.fraction);
      else {
        bar?.update(1);
        stop();
        if (log) process.stderr.write(`neuromusic: learn: ${e.label} done${e.seconds !== undefined ? ` in ${e.seconds.toFixed(1)} s` : ''}\n`);
      }
    },
  };
}

/** Runs `neuromusic learn`. */
export async function runLearn(piece: string | undefined, opts: LearnOptions): Promise<void> {
  // The piece first: a file that cannot be learned is refused before the learning toolkit (and tfjs) loads.
  const score = loadScore(piece);
  if (score.notes.length === 0) throw new UsageError(`${piece ?? BUILT_IN_PIECE} has no notes to learn`);
  assertLearnable(piece ?? BUILT_IN_PIECE, score);
  const { parseStepList, PROGRESSION_SETTINGS } = await import('../learn/progression/steps.js');
  let steps: number[];
  try {
    steps = parseStepList(opts.steps);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`--steps: ${err.message}`); // the parser's verdict on the user's list
    throw err;
  }
  const playable = ['0', '1', '2', '3', '4', '5', '6', '7', '8 ODE', '8 PDE', '9', '9b', '10'].filter((k) => steps.includes(Number.parseInt(k, 10)));
  if (opts.play !== undefined && !playable.some((k) => stepKey(k) === stepKey(opts.play!))) {
    throw new UsageError(`--play "${opts.play}" is not one of the steps run (${playable.join(', ')})`);
  }
  const jsonToStdout = jsonTarget(opts.json) === 'stdout';
  const outputSet = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  if (opts.out) ensureDirectory(opts.out);

  const secondPath = opts.secondPiece === false ? null : opts.secondPiece ?? defaultSecond(piece);
  const second = secondPath === null ? undefined : { name: pieceName(secondPath), score: loadScore(secondPath) };
  if (second && second.score.notes.length === 0) throw new UsageError(`${secondPath} has no notes to score on`);
  if (second) assertLearnable(secondPath!, second.score);

  const { runProgression, bestHeldOutRow, heldOutNotes, fullLengthNotes } = await import('../learn/progression/run.js');
  const { progressionSummary, progressionText } = await import('../learn/progression/summary.js');
  const settings = { ...PROGRESSION_SETTINGS, surrogates: opts.surrogates };
  const bars = stageBars(opts.quiet || jsonToStdout);
  let result;
  try {
    result = await runProgression({ name: pieceName(piece), score }, second, { steps, seed: opts.seed, settings, backend: opts.backend, onEvent: bars.onEvent });
  } finally {
    bars.stop();
  }

  const files: Array<{ path: string; what: string }> = [];
  const best = opts.play === undefined ? bestHeldOutRow(result) : result.rows.find((r) => !r.baselineOf && stepKey(r.step) === stepKey(opts.play!));
  if (opts.out && best) {
    const notes = heldOutNotes(result, best);
    const span = `${notes.fromSeconds.toFixed(1)}–${notes.toSeconds.toFixed(1)} s`;
    const full = fullLengthNotes(result, best);
    const fullSpan = `${full.fromSeconds.toFixed(1)}–${full.toSeconds.toFixed(1)} s`;
    const tag = best.step.replace(/\s+/g, '-').toLowerCase();
    const bar = createProgress('rendering', opts.quiet);
    const outputs: Array<[string, (path: string) => unknown, string]> = [
      [`learn-step-${tag}-heldout.mid`, (path) => outputSet.file(path, writeMidi(notes.predicted)), `step ${best.step}'s held-out onsets as the worm's notes (${span} of the piece, starting at 0)`],
      [`learn-step-${tag}-heldout.wav`, (path) => outputSet.wav(path, notes.predicted), 'the same, played by the modal piano'],
      [`learn-piece-heldout.mid`, (path) => outputSet.file(path, writeMidi(notes.target)), `the piece over the same span (${span})`],
      [`learn-piece-heldout.wav`, (path) => outputSet.wav(path, notes.target), 'the same, played by the modal piano'],
      [`learn-step-${tag}-full.mid`, (path) => outputSet.file(path, writeMidi(full.predicted)), `step ${best.step}'s fit on ${fullSpan} predicting the same span, full length, as the worm's notes`],
      [`learn-step-${tag}-full.wav`, (path) => outputSet.wav(path, full.predicted), 'the same, played by the modal piano'],
      [`learn-piece-full.mid`, (path) => outputSet.file(path, writeMidi(full.target)), `the piece over the same span (${fullSpan})`],
      [`learn-piece-full.wav`, (path) => outputSet.wav(path, full.target), 'the same, played by the modal piano'],
    ];
    outputs.forEach(([name, write, what], i) => {
      const path = resolve(opts.out!, name);
      write(path);
      files.push({ path, what });
      bar.update((i + 1) / outputs.length);
    });
    bar.stop();
  }
  if (opts.report) {
    const { progressionReportHtml } = await import('../learn/progression/report.js');
    const html = await progressionReportHtml(result, {
      command: ['neuromusic', ...process.argv.slice(2)].join(' '),
      generator: `neuromusic ${packageInfo().version}, ${new Date().toISOString().slice(0, 10)}`,
      files: files.map((f) => ({ name: relative(dirname(resolve(opts.report!)), f.path), what: f.what })),
      ...(best ? { played: best } : {}),
    });
    outputSet.file(opts.report, html);
  }
  if (opts.json) emitJson(opts.json, progressionSummary(result), outputSet);
  await outputSet.publish();
  if (!jsonToStdout) {
    say(...progressionText(result));
    say('', `time: ${result.timings.map((t) => `${t.label} ${t.seconds.toFixed(1)} s`).join(', ')}`);
    if (best && files.length) say(`${opts.play === undefined ? 'best held-out step' : 'step'}: ${best.step} (${best.short}, held-out F1 ${best.scores.heldOut.f1.toFixed(3)})`);
    for (const f of files) say(`  wrote ${f.path}`);
    if (opts.report) say(`  wrote ${opts.report}`);
    if (typeof opts.json === 'string') say(`  wrote ${opts.json}`);
  }
}
