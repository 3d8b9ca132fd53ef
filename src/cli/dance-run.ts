/**
 * `neuromusic dance [piece]`: the worm dances to a piece. Writes the dance timeline (JSON, for the studio), the
 * physical dance as WCON, the piece as a WAV (modal piano) and an HTML report into the output folder.
 */
import { basename, extname, join } from 'node:path';
import type { DanceCliOptions } from './command-options.js';
import { resolveEnvironment } from './environment.js';
import { jsonTarget } from './common-options.js';
import { BUILT_IN_PIECE, loadScore } from '../node/load-score.js';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { prefersFlats } from '../analysis/patterns-summary.js';
import { danceToPiece, physicalDanceRun, type Dance } from '../engines/worm/dance/dance.js';
import { DanceBodyTracker } from '../engines/worm/dance/dance-body.js';
import { streamWorm } from '../engines/worm/model/simulate.js';
import { TextFileStream } from '../node/text-file-stream.js';
import { danceSummary, formatPValue } from '../engines/worm/dance/dance-summary.js';
import { DanceTimelineStream } from '../engines/worm/dance/dance-timeline.js';
import { DanceWconStream } from '../engines/worm/dance/dance-wcon.js';
import { DANCE_BEHAVIOURS } from '../engines/worm/dance/body-wave.js';
import { UsageError } from './errors.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';

const fmt = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** Runs `neuromusic dance`. */
export async function runDance(piece: string | undefined, opts: DanceCliOptions): Promise<void> {
  const env = resolveEnvironment(opts.env);
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
  const jsonToStdout = jsonTarget(opts.json) === 'stdout';
  const outputs = new OutputSet().declare(paths.timeline, paths.wcon, paths.wav, paths.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const quiet = Boolean(opts.quiet) || jsonToStdout;
  const version = packageInfo().version;
  const title = score.meta.title ?? stem;
  const pieceInfo = { title, source: piece ?? 'built-in' };
  let dance;
  let s;
  try {
    const bar = createProgress('dancing', quiet);
    try {
      // Everything but the physical dance in memory; the body then runs with its WCON and timeline streamed to their
      // temporary files, a frame at a time (memory does not grow with the piece's length for them).
      dance = danceToPiece(
        score,
        { medium: env.medium, seed: opts.seed, wormComponents: opts.components, tikhonov: opts.tikhonov, kMax: opts.kmax, physical: false, ...(opts.minShift !== undefined ? { minShiftSeconds: opts.minShift } : {}) },
        (fraction, stage) => {
          if (stage !== 'done') bar.update(fraction);
        },
      );
      await streamPhysicalDance(dance, outputs, { timeline: paths.timeline, wcon: paths.wcon }, pieceInfo, { name: 'neuromusic', version }, opts.fps, (fraction) => bar.update(fraction));
    } finally {
      bar.stop();
    }
    const renderBar = createProgress('rendering', quiet);
    try {
      outputs.wav(paths.wav, score, { sampleRate: opts.sr, channels: 2, onProgress: renderBar.update });
    } finally {
      renderBar.stop();
    }
    const { danceReportHtml } = await import('../engines/worm/dance/dance-report.js');
    const command = ['neuromusic', ...process.argv.slice(2)].join(' ');
    outputs.file(paths.report, await danceReportHtml(dance, { ...pieceInfo, flats: prefersFlats(score.meta.key), command, version }));
    s = danceSummary(dance);
    if (opts.json !== undefined) emitJson(opts.json, { piece: pieceInfo, ...s, outputs: paths }, outputs);
  } catch (err) {
    outputs.discard();
    throw err;
  }
  await outputs.publish();
  if (jsonToStdout) return;
  const top = s.modes.slice().sort((x, y) => x.rank - y.rank).slice(0, 3);
  say(
    `the worm danced to ${title}: ${fmt(s.seconds, 1)} s, ${s.k} modes, ${s.Kstar} patterns, ${env.label}`,
    `  the piece drove the worm (loudness → AVB/PVC, bass → AVA/AVD, register → head); Z_worm = ${s.wormComponents} PCs of ${dance.driven.motorNeurons.length} motor neurons`,
    `  most excitable modes: ${top.map((m) => `${m.mode + 1} (|r| ${fmt(m.excitability)}, p ${formatPValue(m.pValue, s.permutationTest.rotations)})`).join(', ')}  [circular-shift test, ${s.permutationTest.rotations} rotations]`,
    `  W = lstsq(Z_worm, V_mus): ${s.map.rows} × ${s.map.cols}, cond ${fmt(s.map.conditionNumber, 1)}, R² ${fmt(s.map.rSquared)}${s.map.tikhonov ? `, Tikhonov λ ${s.map.tikhonov}` : ''}`,
    `  poses (mean Z_worm of each pattern · W): ${(100 * s.poses.shareBelow09).toFixed(0)} % of the pairs correlate below |r| 0.9, median |r| ${fmt(s.poses.medianAbsCorrelation)} (published: 0.9997 for every pair)`,
    `  behaviour: ${DANCE_BEHAVIOURS.map((b) => `${b} ${(100 * s.behaviour[b]).toFixed(0)} %`).join(', ')}`,
    ...(s.body ? [`  the body moved ${fmt(s.body.pathMm)} mm (${fmt(s.body.meanSpeedMmPerS, 3)} mm/s), wave at ${fmt(s.undulationHz)} Hz`] : []),
    `  wrote ${paths.timeline}`,
    `  wrote ${paths.wcon}`,
    `  wrote ${paths.wav}`,
    `  wrote ${paths.report}`,
    ...(typeof opts.json === 'string' ? [`  wrote ${opts.json}`] : []),
  );
}

/**
 * Runs the physical dance (see physicalDanceRun) and writes its timeline and WCON while it runs, into the output
 * set's temporary files for them; records the body's figures and thinned trajectory in `dance`.
 */
async function streamPhysicalDance(
  dance: Dance,
  outputs: OutputSet,
  paths: { timeline: string; wcon: string },
  piece: { title: string; source: string },
  software: { name: string; version: string },
  fps: number,
  onProgress: (fraction: number) => void,
): Promise<void> {
  await outputs.produce(paths.wcon, (wconPath) =>
    outputs.produce(paths.timeline, (timelinePath) => {
      const wconFile = new TextFileStream(wconPath);
      const timelineFile = new TextFileStream(timelinePath);
      try {
        const wcon = new DanceWconStream(dance, piece, software, fps, (text) => wconFile.write(text));
        const timeline = new DanceTimelineStream(dance, piece, fps, (text) => timelineFile.write(text));
        const tracker = new DanceBodyTracker();
        streamWorm(physicalDanceRun(dance, onProgress), {
          start(engine, frames, frameRate) {
            wcon.start(engine, frameRate);
            timeline.start(engine.body.rods);
            tracker.start(engine, frames, frameRate);
          },
          frame(f, engine) {
            wcon.frame(f, engine);
            timeline.frame(f, engine.state);
            tracker.frame(f, engine);
          },
        });
        wcon.end();
        timeline.end();
        const { figures, trajectory } = tracker.end();
        dance.bodyFigures = figures;
        dance.trajectory = trajectory;
        onProgress(1);
      } finally {
        wconFile.close();
        timelineFile.close();
      }
    }),
  );
}
