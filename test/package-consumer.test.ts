/**
 * The package as its users get it: `npm pack` the built package (dist/, built by `npm test` before vitest runs),
 * install the tarball into an empty project, then (a) import every entry point with Node and call a few real
 * functions, (b) type-check a TypeScript file that imports each entry point, strictly, as a `nodenext` project
 * does, and (c) run the installed `neuromusic` command. One pack and one install, shared by the tests.
 *
 * Dependencies come from npm's cache when they are there (`--prefer-offline`), else from the registry; the tests
 * skip, and say why, only when neither can supply them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from './helpers/shared.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { writeMidi } from '../src/formats/midi.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = resolve(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
};
/** Every entry point of the exports map, as a user names it: 'neuromusic', 'neuromusic/score', … */
const SPECIFIERS = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => `neuromusic${key.slice(1)}`);

let work = '';
let consumer = '';
let skipReason = '';

function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

function output(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${r.stdout}\n${r.stderr}`.trim();
}

beforeAll(() => {
  if (!existsSync(resolve(projectRoot, 'dist', 'index.js')) || !existsSync(resolve(projectRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is not built: run `npm run build` (npm test builds it before the tests)');
  }
  work = mkdtempSync(join(tmpdir(), 'neuromusic-consumer-'));
  // --ignore-scripts: `prepare` would rebuild dist/ while other tests read it.
  const pack = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], projectRoot);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${output(pack)}`);
  const tarball = join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const install = run(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
  if (install.status !== 0) {
    const ping = run(npm, ['ping'], consumer, 30_000);
    if (ping.status !== 0) {
      skipReason = 'npm could not install the packed tarball from its cache and no registry is reachable';
      console.warn(`[neuromusic tests] package consumer tests skipped: ${skipReason}.\n${output(install)}`);
      return;
    }
    throw new Error(`npm install of the packed tarball failed: ${output(install)}`);
  }
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package in an empty project', () => {
  it('imports every entry point with Node (ESM), and the names work', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const script = `
      import { bachPreludeInC, readMidi, writeMidi, renderScore, encodeWav, createRandom, scoreStats } from 'neuromusic';
      import { transpose, pitchName, SCALES } from 'neuromusic/score';
      import { decodeWav, FormatError, readScoreFile } from 'neuromusic/formats';
      import { LivePiano, audioLevels } from 'neuromusic/synth';
      import { matrixFromRows, thinSvd, kmeans } from 'neuromusic/math';
      import { hopfLimitCycleRadius, simulateHopf } from 'neuromusic/dynamics';
      import { pianoRoll, onsetF1, trackBeats } from 'neuromusic/analysis';
      import { reportHtml, plotSvg } from 'neuromusic/report';
      import { simulateWorm, WormEngine } from 'neuromusic/worm';
      import { composeNodal, nodalParams } from 'neuromusic/nodal';
      import { RESONANCE_EXPERIMENTS } from 'neuromusic/resonance';
      import { mlpLearner, evaluateLearner } from 'neuromusic/learn';

      const specifiers = ${JSON.stringify(SPECIFIERS)};
      const modules = {};
      for (const s of specifiers) modules[s] = Object.keys(await import(s)).length;
      const prelude = bachPreludeInC();
      const midi = writeMidi(prelude);
      const short = { ...prelude, notes: prelude.notes.slice(0, 4) };
      const wav = decodeWav(encodeWav(renderScore(short, { sampleRate: 8000, channels: 1 }), 'pcm16'));
      const types = [bachPreludeInC, readMidi, renderScore, createRandom, transpose, readScoreFile, LivePiano, audioLevels,
        thinSvd, kmeans, simulateHopf, trackBeats, plotSvg, simulateWorm, WormEngine, composeNodal, mlpLearner,
        evaluateLearner, RESONANCE_EXPERIMENTS.hopf].map((f) => typeof f);
      console.log(JSON.stringify({
        modules,
        types,
        readBack: readMidi(midi).notes.length,
        notes: scoreStats(prelude).notes,
        g4: pitchName(transpose(prelude, 7).notes[0].pitch - prelude.notes[0].pitch + 60),
        major: SCALES.major,
        wavRate: wav.sampleRate,
        formatError: new FormatError('x.mid', 'empty file') instanceof Error,
        svd: Array.from(thinSvd(matrixFromRows([[3, 0], [0, 4]])).s),
        radius: hopfLimitCycleRadius(4, -1),
        roll: pianoRoll(short).pitches.length > 0,
        f1: onsetF1([0, 1], [0, 1]).f1,
        html: reportHtml({ title: 'T', sections: [] }).startsWith('<!doctype html>'),
        nodal: typeof nodalParams().nodes,
        random: createRandom(1).next() === createRandom(1).next(),
      }));
    `;
    writeFileSync(join(consumer, 'check.mjs'), script);
    const r = run(process.execPath, ['check.mjs'], consumer, 120_000);
    expect(r.status, output(r)).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown> & { modules: Record<string, number>; types: string[] };
    expect(Object.keys(result.modules).sort()).toEqual([...SPECIFIERS].sort());
    for (const [specifier, names] of Object.entries(result.modules)) expect(names, specifier).toBeGreaterThan(0);
    expect(result.types.every((t) => t === 'function'), result.types.join(', ')).toBe(true);
    expect(result.readBack).toBe(result.notes);
    expect(result.g4).toBe('G4');
    expect(result.major).toEqual([0, 2, 4, 5, 7, 9, 11]);
    expect(result.wavRate).toBe(8000);
    expect(result.formatError).toBe(true);
    expect(result.svd).toEqual([4, 3]);
    expect(result.radius).toBe(2);
    expect(result.roll).toBe(true);
    expect(result.f1).toBe(1);
    expect(result.html).toBe(true);
    expect(result.nodal).toBe('number');
    expect(result.random).toBe(true);
  }, 180_000);

  it('type-checks strict nodenext TypeScript files that import every entry point', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const source = `
      import { bachPreludeInC, writeMidi, renderScore, encodeWav, type Score, type NoteEvent } from 'neuromusic';
      import { transpose, scoreStats, type ScoreStats } from 'neuromusic/score';
      import { readScoreFile, type WavEncoding } from 'neuromusic/formats';
      import { renderScoreBlocks, type RenderOptions } from 'neuromusic/synth';
      import { createRandom, matrixFromRows, thinSvd, type FlatMatrix, type Random } from 'neuromusic/math';
      import { simulateHopf, type HopfTrajectory } from 'neuromusic/dynamics';
      import { pianoRoll, analyzePatterns, type PatternAnalysis } from 'neuromusic/analysis';
      import { reportHtml, type Report } from 'neuromusic/report';
      import { simulateWorm, parseCommandScript, type WormRecording } from 'neuromusic/worm';
      import { composeNodal, nodalParams, type NodalRun } from 'neuromusic/nodal';
      import { RESONANCE_EXPERIMENTS, type ExperimentResult, type ResonanceExperimentName } from 'neuromusic/resonance';

      const score: Score = transpose(bachPreludeInC(), 2);
      const first: NoteEvent | undefined = score.notes[0];
      const stats: ScoreStats = scoreStats(score);
      const encoding: WavEncoding = 'pcm24';
      const options: RenderOptions = { sampleRate: 22050, channels: 1 };
      const bytes: Uint8Array = encodeWav(renderScore(score, options), encoding);
      const again: Score = readScoreFile(writeMidi(score), 'again.mid');
      const blocks = renderScoreBlocks;
      const rng: Random = createRandom(7);
      const m: FlatMatrix = matrixFromRows([[1, 2], [3, 4]]);
      const sigma: Float64Array = thinSvd(m).s;
      const hopf: HopfTrajectory = simulateHopf({ alpha: 1, frequencyHz: 2, durationSeconds: 1, stepSeconds: 0.01 });
      const patterns: PatternAnalysis = analyzePatterns(pianoRoll(score), { seed: 1 });
      const report: Report = { title: 'T', sections: [] };
      const html: string = reportHtml(report);
      const worm: WormRecording = simulateWorm({ seconds: 1, command: parseCommandScript('forward 1s') });
      const nodal: NodalRun = composeNodal({ params: nodalParams(), seed: 1, seconds: 1 });
      const name: ResonanceExperimentName = 'hopf';
      const result: ExperimentResult = RESONANCE_EXPERIMENTS[name]({ seed: 0 });
      // @ts-expect-error the root entry point keeps to the essentials: the worm lives in neuromusic/worm.
      import('neuromusic').then((root) => root.simulateWorm);
      export const all = [first, stats, bytes, again, blocks, rng, sigma, hopf, patterns, html, worm, nodal, result];
    `;
    writeFileSync(join(consumer, 'check.ts'), source);
    // Every declaration file is checked, ours included: the core's types stand on their own under --strict.
    const core = run(process.execPath, [tsc, '--module', 'nodenext', '--strict', '--noEmit', 'check.ts'], consumer, 180_000);
    expect(core.status, output(core)).toBe(0);
    // TensorFlow.js's own declarations fail --strict, so a project that uses neuromusic/learn needs --skipLibCheck.
    writeFileSync(join(consumer, 'check-learn.ts'), `
      import { mlpLearner, type Learner } from 'neuromusic/learn';
      export const learner: Learner = mlpLearner();
    `);
    const learn = run(process.execPath, [tsc, '--module', 'nodenext', '--strict', '--skipLibCheck', '--noEmit', 'check-learn.ts'], consumer, 180_000);
    expect(learn.status, output(learn)).toBe(0);
  }, 400_000);

  it('runs the installed neuromusic command', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const version = run(npm, ['exec', '--offline', '--', 'neuromusic', '--version'], consumer, 60_000);
    expect(version.status, output(version)).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    writeFileSync(join(consumer, 'piece.mid'), writeMidi(bachPreludeInC()));
    const info = run(npm, ['exec', '--offline', '--', 'neuromusic', 'info', 'piece.mid'], consumer, 120_000);
    expect(info.status, output(info)).toBe(0);
    expect(info.stdout).toMatch(new RegExp(`\\b${bachPreludeInC().notes.length}\\b`));
  }, 240_000);
});
