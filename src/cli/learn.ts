/**
 * `neuromusic learn [piece]`: the learning progression of SPEC §2.1 — the worm listens to a piece and steps 0–10
 * (one numerical method each) try to predict the piece's onsets from its activity — scored in-sample, held-out,
 * on a second piece and against surrogate worms. Prints the F1 table beside the seed's figures; writes an HTML
 * report, JSON, and the MIDI and WAV of the best held-out step. Thin: it parses, calls runProgression, and presents.
 * TensorFlow.js is loaded only when the command runs.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { encodeWav } from '../formats/wav.js';
import { writeMidi } from '../formats/midi.js';
import { ensureDirectory, prepareOutput, writeFileAtomic } from '../node/files.js';
import { BUILT_IN_PIECE, loadScore } from '../node/load-score.js';
import { packageInfo } from '../node/package-info.js';
import { sharedMidiPath } from '../node/shared-pieces.js';
import { renderScore } from '../synth/render.js';
import type { Score } from '../score/types.js';
import { UsageError } from './errors.js';
import { numberIn, oneOf, seedOption } from './options.js';
import { createProgress, type Progress } from './progress.js';
import { emitJson, say } from './output.js';

interface LearnOptions {
  steps: string;
  secondPiece?: string | false;
  seed: number;
  surrogates?: number;
  backend: 'auto' | 'cpu' | 'wasm';
  report?: string;
  json?: string | boolean;
  out?: string;
  play?: string;
  quiet?: boolean;
}

/** '8 ODE', '8-ode', '8ode' → '8ode'. */
function stepKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The second piece when none is named: Chopin's E-minor prelude from ../shared (Raindrop when that is the piece), else the built-in prelude. */
export const DEFAULT_SECOND_PIECE = 'chopin_prelude_op28_no4_e_minor.mid';
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

function stageBars(quiet: boolean | undefined): (e: { kind: string; label: string; fraction: number }) => void {
  let bar: Progress | undefined;
  return (e) => {
    if (e.kind === 'start') {
      bar?.stop();
      bar = createProgress(e.label, quiet);
    } else if (e.kind === 'progress') bar?.update(e.fraction);
    else {
      bar?.update(1);
      bar?.stop();
      bar = undefined;
    }
  };
}

function renderWav(score: Score): Uint8Array {
  return encodeWav(renderScore(score, { sampleRate: 44100, channels: 2 }), 'pcm16');
}

export function registerLearn(program: Command): void {
  program
    .command('learn')
    .description('teach the worm a piece: learning progression steps 0–10 scored by musical F1 (in-sample, held-out, second piece, surrogate control)')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .option('--steps <list>', 'steps to run, e.g. 0-10, 4, 0,3,7-9', '0-10')
    .option('--second-piece <file>', `piece for the "second piece" column (default ${DEFAULT_SECOND_PIECE} from ../shared/data/midi when present, else the built-in prelude)`)
    .option('--no-second-piece', 'score on no second piece')
    .option('--seed <n>', 'seed of every random choice', seedOption, 0)
    .option('--surrogates <n>', 'surrogate worms per control (p-values are multiples of 1/(n + 1)); default 9', numberIn(1, 99, { integer: true }))
    .option('--backend <name>', 'tfjs backend: auto (the faster by measurement), wasm or cpu', oneOf(['auto', 'wasm', 'cpu'] as const), 'auto')
    .option('--report <file.html>', 'write an HTML report with the table, plots and loss curves')
    .option('--json [file]', 'print JSON (or write it to a file)')
    .option('--out <dir>', 'write the MIDI and WAV of the best held-out step (and the piece over the same span) here')
    .option('--play <step>', 'with --out: the step whose held-out onsets to write instead of the best one (e.g. 10, "8 ODE")')
    .option('-q, --quiet', 'no progress bars')
    .action(async (piece: string | undefined, opts: LearnOptions) => {
      const { parseStepList, PROGRESSION_SETTINGS } = await import('../learn/progression/steps.js');
      let steps: number[];
      try {
        steps = parseStepList(opts.steps);
      } catch (err) {
        throw new UsageError(`--steps: ${(err as Error).message}`);
      }
      const playable = ['0', '1', '2', '3', '4', '5', '6', '7', '8 ODE', '8 PDE', '9', '10'].filter((k) => steps.includes(Number.parseInt(k, 10)));
      if (opts.play !== undefined && !playable.some((k) => stepKey(k) === stepKey(opts.play!))) {
        throw new UsageError(`--play "${opts.play}" is not one of the steps run (${playable.join(', ')})`);
      }
      if (opts.report !== undefined && !opts.report.toLowerCase().endsWith('.html')) throw new UsageError(`--report must name an .html file, got "${opts.report}"`);
      const jsonToStdout = opts.json === true || opts.json === '-';
      for (const out of [opts.report, typeof opts.json === 'string' && !jsonToStdout ? opts.json : undefined]) if (out) prepareOutput(out);
      if (opts.out) ensureDirectory(opts.out);

      const score = loadScore(piece);
      if (score.notes.length === 0) throw new UsageError(`${piece ?? BUILT_IN_PIECE} has no notes to learn`);
      const secondPath = opts.secondPiece === false ? null : opts.secondPiece ?? defaultSecond(piece);
      const second = secondPath === null ? undefined : { name: pieceName(secondPath), score: loadScore(secondPath) };
      if (second && second.score.notes.length === 0) throw new UsageError(`${secondPath} has no notes to score on`);

      const { runProgression, bestHeldOutRow, heldOutNotes } = await import('../learn/progression/run.js');
      const { progressionSummary, progressionText } = await import('../learn/progression/summary.js');
      const settings = { ...PROGRESSION_SETTINGS, ...(opts.surrogates ? { surrogates: opts.surrogates } : {}) };
      let result;
      try {
        result = await runProgression({ name: pieceName(piece), score }, second, { steps, seed: opts.seed, settings, backend: opts.backend, onEvent: stageBars(opts.quiet) });
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`${piece ?? BUILT_IN_PIECE}: ${err.message}`);
        throw err;
      }

      const files: Array<{ path: string; what: string }> = [];
      const best = opts.play === undefined ? bestHeldOutRow(result) : result.rows.find((r) => !r.baselineOf && stepKey(r.step) === stepKey(opts.play!));
      if (opts.out && best) {
        const notes = heldOutNotes(result, best);
        const span = `${notes.fromSeconds.toFixed(1)}–${notes.toSeconds.toFixed(1)} s`;
        const tag = best.step.replace(/\s+/g, '-').toLowerCase();
        const bar = createProgress('rendering', opts.quiet);
        const outputs: Array<[string, () => Uint8Array, string]> = [
          [`learn-step-${tag}-heldout.mid`, () => writeMidi(notes.predicted), `step ${best.step}'s held-out onsets as the worm's notes (${span} of the piece, starting at 0)`],
          [`learn-step-${tag}-heldout.wav`, () => renderWav(notes.predicted), 'the same, played by the modal piano'],
          [`learn-piece-heldout.mid`, () => writeMidi(notes.target), `the piece over the same span (${span})`],
          [`learn-piece-heldout.wav`, () => renderWav(notes.target), 'the same, played by the modal piano'],
        ];
        outputs.forEach(([name, make, what], i) => {
          const path = resolve(opts.out!, name);
          writeFileAtomic(path, make());
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
        writeFileAtomic(opts.report, html);
      }
      if (opts.json) emitJson(opts.json, progressionSummary(result));
      if (!jsonToStdout) {
        say(...progressionText(result));
        say('', `time: ${result.timings.map((t) => `${t.label} ${t.seconds.toFixed(1)} s`).join(', ')}`);
        if (best && files.length) say(`${opts.play === undefined ? 'best held-out step' : 'step'}: ${best.step} (${best.short}, held-out F1 ${best.scores.heldOut.f1.toFixed(3)})`);
        for (const f of files) say(`  wrote ${f.path}`);
        if (opts.report) say(`  wrote ${opts.report}`);
        if (typeof opts.json === 'string') say(`  wrote ${opts.json}`);
      }
    });
}
