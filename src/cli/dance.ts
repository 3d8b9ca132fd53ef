/**
 * `neuromusic dance [piece]`: the worm dances to a piece. Writes the dance timeline (JSON, for the studio), the
 * physical dance as WCON, the piece as a WAV (modal piano) and an HTML report into the output folder.
 */
import { basename, extname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { encodeWav } from '../formats/wav.js';
import { BUILT_IN_PIECE, loadScore } from '../node/load-score.js';
import { ensureDirectory, prepareOutput, writeFileAtomic } from '../node/files.js';
import { packageInfo } from '../node/package-info.js';
import { renderScore } from '../synth/render.js';
import { prefersFlats } from '../analysis/patterns-summary.js';
import { danceToPiece } from '../engines/worm/dance/dance.js';
import { danceSummary, formatPValue } from '../engines/worm/dance/dance-summary.js';
import { danceTimeline } from '../engines/worm/dance/dance-timeline.js';
import { danceWcon } from '../engines/worm/dance/dance-wcon.js';
import { DANCE_BEHAVIOURS } from '../engines/worm/dance/body-wave.js';
import { UsageError } from './errors.js';
import { numberIn, seedOption } from './options.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';
import { environmentOption } from './worm.js';

interface DanceCliOptions {
  out: string;
  env?: { medium: number; label: string };
  seed: number;
  components: number;
  tikhonov: number;
  minShift?: number;
  kmax: number;
  fps: number;
  sr: number;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** Timeline rates that take every n-th 20-ms frame. */
function fpsOption(value: string): number {
  const fps = numberIn(1, 50, { integer: true })(value);
  if (50 % fps !== 0) throw new InvalidArgumentError(`must divide 50 (50, 25, 10, 5, 2 or 1), got ${value}.`);
  return fps;
}

export function registerDance(program: Command): void {
  program
    .command('dance')
    .description('the worm dances to a piece: excitability of its patterns, neural → muscle poses, the body wave and the physical dance; writes a timeline, WCON, WAV and a report')
    .argument('[piece]', 'MIDI (.mid) or score JSON file; the built-in prelude when omitted')
    .option('--out <dir>', 'output folder', 'out')
    .option('--env <env>', 'water, agar, or a drag ratio C⊥/C∥ from 1.6 (water) to 40 (agar) (default: agar)', environmentOption)
    .option('--seed <n>', 'seed of the pattern analysis', seedOption, 0)
    .option('--components <k>', 'principal components of the motor neurons kept as Z_worm', numberIn(1, 20, { integer: true }), 4)
    .option('--tikhonov <lambda>', 'Tikhonov λ of W = lstsq(Z_worm, V_mus)', numberIn(0, 1e12), 0)
    .option('--min-shift <seconds>', 'smallest rotation of the permutation test (default 10 % of the piece)', numberIn(0.02, 1e6))
    .option('--kmax <K>', 'largest number of patterns tried', numberIn(2, 40, { integer: true }), 12)
    .option('--fps <n>', 'frames per second of the timeline and the WCON: 50, 25, 10, 5, 2 or 1 (a whole share of the 20-ms analysis frames)', fpsOption, 25)
    .option('--sr <hz>', 'sample rate of the WAV', numberIn(8000, 192000, { integer: true }), 44100)
    .option('--report <file.html>', 'where to write the report (default: <out>/<piece>-dance.html)')
    .option('--json [file]', 'print a JSON summary (or write it to a file)')
    .option('-q, --quiet', 'no progress bar')
    .action(async (piece: string | undefined, opts: DanceCliOptions) => {
      const env = opts.env ?? { medium: 1, label: 'agar' };
      if (opts.report !== undefined && !opts.report.toLowerCase().endsWith('.html')) throw new UsageError(`--report must name an .html file, got "${opts.report}"`);
      const score = loadScore(piece);
      const name = piece ?? BUILT_IN_PIECE;
      if (score.notes.length === 0) throw new UsageError(`${name} has no notes to dance to`);
      const stem = piece ? basename(piece, extname(piece)) : 'bach-prelude-c-major';
      const paths = {
        timeline: join(opts.out, `${stem}.dance.json`),
        wcon: join(opts.out, `${stem}.wcon`),
        wav: join(opts.out, `${stem}.wav`),
        report: opts.report ?? join(opts.out, `${stem}-dance.html`),
      };
      ensureDirectory(opts.out);
      prepareOutput(paths.report);
      const jsonToStdout = opts.json === true || opts.json === '-';
      if (typeof opts.json === 'string' && !jsonToStdout) prepareOutput(opts.json);
      const quiet = Boolean(opts.quiet) || jsonToStdout;
      const bar = createProgress('dancing', quiet);
      let dance;
      try {
        dance = danceToPiece(
          score,
          { medium: env.medium, seed: opts.seed, wormComponents: opts.components, tikhonov: opts.tikhonov, kMax: opts.kmax, ...(opts.minShift !== undefined ? { minShiftSeconds: opts.minShift } : {}) },
          (fraction) => bar.update(fraction),
        );
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(`${name}: ${err.message}`);
        throw err;
      } finally {
        bar.stop();
      }
      const version = packageInfo().version;
      const title = score.meta.title ?? stem;
      const pieceInfo = { title, source: piece ?? 'built-in' };
      writeFileAtomic(paths.timeline, JSON.stringify(danceTimeline(dance, pieceInfo, opts.fps)));
      writeFileAtomic(paths.wcon, danceWcon(dance, pieceInfo, { name: 'neuromusic', version }, opts.fps));
      const renderBar = createProgress('rendering', quiet);
      try {
        writeFileAtomic(paths.wav, encodeWav(renderScore(score, { sampleRate: opts.sr, channels: 2, onProgress: renderBar.update }), 'pcm16'));
      } finally {
        renderBar.stop();
      }
      const { danceReportHtml } = await import('../engines/worm/dance/dance-report.js');
      const command = ['neuromusic', ...process.argv.slice(2)].join(' ');
      writeFileAtomic(paths.report, await danceReportHtml(dance, { ...pieceInfo, flats: prefersFlats(score.meta.key), command, version }));
      const s = danceSummary(dance);
      if (opts.json !== undefined) emitJson(opts.json, { piece: pieceInfo, ...s, outputs: paths });
      if (jsonToStdout) return;
      const top = s.modes.slice().sort((x, y) => x.rank - y.rank).slice(0, 3);
      say(
        `the worm danced to ${title}: ${fmt(s.seconds, 1)} s, ${s.k} modes, ${s.Kstar} patterns, ${env.label}`,
        `  the piece drove the worm (loudness → AVB/PVC, bass → AVA/AVD, register → head); Z_worm = ${s.wormComponents} PCs of ${dance.driven.motorNeurons.length} motor neurons`,
        `  most excitable modes: ${top.map((m) => `${m.mode + 1} (|r| ${fmt(m.excitability)}, p ${formatPValue(m.pValue, s.permutationTest.rotations)})`).join(', ')}  [circular-shift test, ${s.permutationTest.rotations} rotations]`,
        `  W = lstsq(Z_worm, V_mus): ${s.map.rows} × ${s.map.cols}, cond ${fmt(s.map.conditionNumber, 1)}, R² ${fmt(s.map.rSquared)}${s.map.tikhonov ? `, Tikhonov λ ${s.map.tikhonov}` : ''}`,
        `  poses (mean Z_worm of each pattern · W): ${(100 * s.poses.shareBelow09).toFixed(0)} % of the pairs correlate below |r| 0.9, median |r| ${fmt(s.poses.medianAbsCorrelation)} (the seed's: 0.9997 for every pair)`,
        `  behaviour: ${DANCE_BEHAVIOURS.map((b) => `${b} ${(100 * s.behaviour[b]).toFixed(0)} %`).join(', ')}`,
        ...(s.body ? [`  the body moved ${fmt(s.body.pathMm)} mm (${fmt(s.body.meanSpeedMmPerS, 3)} mm/s), wave at ${fmt(s.undulationHz)} Hz`] : []),
        `  wrote ${paths.timeline}`,
        `  wrote ${paths.wcon}`,
        `  wrote ${paths.wav}`,
        `  wrote ${paths.report}`,
        ...(typeof opts.json === 'string' ? [`  wrote ${opts.json}`] : []),
      );
    });
}
