/**
 * The worm plays and the worm dances: `neuromusic dance` end to end on the Raindrop prelude (target < 10 s wall on
 * one core) and `neuromusic compose` of 60 s with its WAV (target < 3 s), each as a user runs the built CLI, pinned
 * to one core, best of 3 fresh processes; then where the time goes, and two choices measured side by side: the
 * permutation test by DFT against direct Pearson per rotation, and the physical dance's body step against 1 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bestOf, hasShared, projectRoot, runTsWorker, sharedDir, table, type BenchSection } from './lib.js';

const RAINDROP = resolve(sharedDir, 'data', 'midi', 'chopin_prelude_op28_no15_raindrop_db_major.mid');
const C_MINOR = resolve(sharedDir, 'data', 'midi', 'chopin_prelude_op28_no20_c_minor.mid');

interface CliRun {
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

/** Runs the built CLI under /usr/bin/time (and taskset -c 0 when present): wall, CPU, peak RSS. */
function cli(args: string[]): CliRun {
  const pin = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];
  const cmd = [...pin, process.execPath, resolve(projectRoot, 'dist', 'cli', 'main.js'), ...args];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...cmd], { encoding: 'utf8', cwd: projectRoot, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`neuromusic ${args.join(' ')} failed: ${r.stderr.slice(-1000)}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop()!.split(/\s+/).map(Number) as [number, number, number, number];
  return { seconds: wall, cpuSeconds: user + sys, maxRssMiB: kb / 1024 };
}

interface Stages {
  stages: Array<{ stage: string; wall: number; cpu: number }>;
  musicSeconds: number;
}

function stageTable(s: Stages): string {
  const total = s.stages.reduce((a, x) => a + x.wall, 0);
  const cpu = s.stages.reduce((a, x) => a + x.cpu, 0);
  return table(
    ['stage', 'wall s', 'CPU s', 'share of wall'],
    [...s.stages.filter((x) => x.wall > 0.005).map((x) => [x.stage, x.wall, x.cpu, `${((100 * x.wall) / total).toFixed(0)} %`]), ['**all (in one process, modules loaded)**', total, cpu, '100 %']],
  );
}

export const danceSection: BenchSection = {
  id: 'dance',
  title: 'The worm dances (Raindrop prelude, 267 s) and the worm plays (compose, 60 s): one core, end to end',
  run() {
    if (!hasShared) return 'Skipped: ../shared/data not found.';
    const load = loadavg()[0]!;
    const out = mkdtempSync(join(tmpdir(), 'bench-dance-'));
    try {
      const dance = bestOf(3, () => cli(['dance', RAINDROP, '--out', join(out, 'dance'), '--quiet']));
      const compose = bestOf(3, () => cli(['compose', '--seconds', '60', '--out', join(out, 'compose'), '--quiet']));
      const composeReport = bestOf(3, () => cli(['compose', '--seconds', '60', '--out', join(out, 'compose-r'), '--report', join(out, 'compose-r', 'worm.html'), '--quiet']));
      const danceStages = runTsWorker<Stages>('dance-worker.ts', ['dance', RAINDROP]);
      const composeStages = runTsWorker<Stages>('dance-worker.ts', ['compose', '60']);
      const shift = runTsWorker<{ T: number; shifts: number; dftSeconds: number; directSeconds: number; pDft: number; pDirect: number }>('dance-worker.ts', ['shift-test', '13350']);
      type Physical = { stepMs: number; seconds: number; musicSeconds: number; pathMm: number; x: number[]; y: number[] };
      const physical = [1, 2, 4, 5].map((ms) => runTsWorker<Physical>('dance-worker.ts', ['physical', C_MINOR, String(ms)]));
      const ref = physical[0]!;
      const deviation = (p: Physical): number => {
        let max = 0;
        for (let f = 0; f < p.x.length; f++) max = Math.max(max, Math.hypot(p.x[f]! - ref.x[f]!, p.y[f]! - ref.y[f]!));
        return max;
      };
      const verdict = (r: CliRun, target: number): string => (r.seconds < target ? 'met' : r.cpuSeconds < target ? 'met in CPU time, not in wall time' : 'not met');
      return [
        table(
          ['command (built CLI, pinned to one core)', 'music s', 'wall s', 'CPU s', 'peak RSS MiB', 'target', ''],
          [
            ['`neuromusic dance chopin_prelude_op28_no15_raindrop_db_major.mid` (timeline, WCON, WAV, report)', 267, dance.seconds, dance.cpuSeconds, dance.maxRssMiB, '< 10 s', verdict(dance, 10)],
            ['`neuromusic compose --seconds 60` (MIDI, WAV)', 60, compose.seconds, compose.cpuSeconds, compose.maxRssMiB, '< 3 s', verdict(compose, 3)],
            ['`neuromusic compose --seconds 60 --report …` (MIDI, WAV, report)', 60, composeReport.seconds, composeReport.cpuSeconds, composeReport.maxRssMiB, '—', ''],
          ],
        ),
        '',
        `Best of 3 fresh processes each (start-up and module loading included), \`taskset -c 0\`, \`/usr/bin/time\` for CPU (user + system) and peak RSS. ` +
          `Load average at the start: ${load.toFixed(1)} on this machine's cores, shared with other jobs: wall time overstates the cost, CPU time is the process's own.`,
        '',
        '**Where the dance\'s time goes** (one run in one process, `bench/dance-worker.ts dance`):',
        '',
        stageTable(danceStages),
        '',
        'The driven worm runs the full model (2-ms neural step) with its body every other step (4 ms); the physical dance steps the body alone (nervous system paused) at 4 ms; Z_worm comes from the 72 × 72 covariance matrix of the motor neurons.',
        '',
        '**Compose, stage by stage** (`bench/dance-worker.ts compose 60`):',
        '',
        stageTable(composeStages),
        '',
        `**The permutation test, side by side** (one envelope against 4 neural scores, T = ${shift.T} frames, all ${shift.shifts} rotations from 10 % to 90 % of T): ` +
          `by DFT ${shift.dftSeconds.toFixed(3)} s, by direct Pearson per rotation ${shift.directSeconds.toFixed(2)} s — **${(shift.directSeconds / shift.dftSeconds).toFixed(0)}×**; ` +
          `p-values ${shift.pDft.toPrecision(6)} and ${shift.pDirect.toPrecision(6)} (${shift.pDft === shift.pDirect ? 'identical' : 'different'}).`,
        '',
        '**The physical dance\'s body step** (the body driven by the dance of the C-minor prelude, 74 s; deviation = largest distance of the centroid from the 1-ms run over the whole path):',
        '',
        table(
          ['body step', 'wall s', 'path mm', 'largest deviation from 1 ms (mm)', 'deviation / path'],
          physical.map((p) => [`${p.stepMs} ms`, p.seconds, p.pathMm, deviation(p), `${((100 * deviation(p)) / ref.pathMm).toFixed(1)} %`]),
        ),
      ].join('\n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
