/**
 * The whole learning progression as a user runs it — `neuromusic learn` (built CLI) on the Raindrop prelude with
 * its default second piece, HTML report, JSON and the best step's MIDI and WAV — in a fresh process: each stage's
 * wall time (from the command's own JSON), the whole command's wall and CPU time and peak memory, against a
 * budget of 10 minutes on this 2-core machine; and the F1 table it measured. The machine is shared: the load
 * average is printed beside the times.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { formatNumber, hasShared, projectRoot, sharedDir, table, type BenchSection } from './lib.js';

const PIECE = 'chopin_prelude_op28_no15_raindrop_db_major.mid';
const BUDGET_SECONDS = 600;

interface Split {
  f1: number;
  otherRule?: { f1: number };
}
interface Summary {
  piece: { name: string; seconds: number; onsets: number; heldOutFromSeconds: number };
  secondPiece: { name: string } | null;
  settings: { surrogates: number };
  timings: Array<{ label: string; seconds: number }>;
  rows: Array<{
    step: string;
    short: string;
    inputs: string;
    span: string;
    baselineOf: string | null;
    seed: { f1: string } | null;
    inSample: Split;
    heldOut: Split;
    secondPiece: Split | null;
    control: { heldOutF1: number; pValue: number; z: number | null } | null;
  }>;
}

function cliRun(dir: string): { seconds: number; cpuSeconds: number; maxRssMiB: number; summary: Summary } {
  const cli = resolve(projectRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run npm run build first');
  const json = resolve(dir, 'learn.json');
  const args = ['learn', resolve(sharedDir, 'data', 'midi', PIECE), '--json', json, '--report', resolve(dir, 'learn.html'), '--out', dir, '-q'];
  const wrapper = `process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write('BENCH ' + JSON.stringify({ cpuSeconds: (c.user + c.system) / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\\n'); }); process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...${JSON.stringify(args)}]; await import(${JSON.stringify(cli)});`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], { encoding: 'utf8', cwd: projectRoot, timeout: 1_800_000 });
  const seconds = (performance.now() - t0) / 1000;
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new Error(`learn CLI failed: ${r.stderr.slice(-1000)}`);
  return { seconds, ...(JSON.parse(line.slice(6)) as { cpuSeconds: number; maxRssMiB: number }), summary: JSON.parse(readFileSync(json, 'utf8')) as Summary };
}

const f3 = (x: number | undefined | null): string => (x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));

export const progressionSection: BenchSection = {
  id: 'progression',
  title: 'Learning progression (`neuromusic learn`): steps 0–10 on the Raindrop prelude, whole command',
  run() {
    if (!hasShared) return '_Skipped: ../shared/data not found._';
    const dir = mkdtempSync(resolve(tmpdir(), 'nm-learn-'));
    const loadBefore = loadavg()[0]!;
    let run;
    try {
      run = cliRun(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const loadAfter = loadavg()[0]!;
    const s = run.summary;
    const stageRows = s.timings.map((t) => [t.label, t.seconds]);
    const staged = s.timings.reduce((a, t) => a + t.seconds, 0);
    const parts = [
      `\`neuromusic learn ${PIECE} --json … --report … --out … -q\` (second piece: ${s.secondPiece?.name ?? 'none'}; ${s.settings.surrogates} surrogate worms per control):`,
      '',
      table(['stage', 'wall s'], [...stageRows, ['**stages together**', staged], ['whole command (start-up, backend choice, report, MIDI and WAV included)', run.seconds]]),
      '',
      `Whole command: **${formatNumber(run.seconds)} s** wall (budget ${BUDGET_SECONDS} s: ${run.seconds < BUDGET_SECONDS ? 'met' : '**not met**'}), ` +
        `${formatNumber(run.cpuSeconds)} CPU s, peak RSS ${formatNumber(run.maxRssMiB)} MiB; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after ` +
        '(the machine is shared: wall time grows with the load).',
      '',
      `F1 it measured (one-to-one, ±50 ms; held-out = model and threshold from 0–${s.piece.heldOutFromSeconds.toFixed(1)} s, scored on the rest; ` +
        '(rate) = the other threshold rule; control = mean held-out F1 with surrogate worms, p its rank p-value; published = the in-sample figure published with PyANNOW):',
      '',
      table(
        ['step', 'method', 'inputs', 'in-sample', 'held-out', '(rate)', 'control', 'p', '2nd piece', 'published'],
        s.rows.map((r) => [
          r.baselineOf ? `${r.step} base` : r.step,
          r.short,
          r.span === 'whole piece' ? r.inputs : `${r.inputs} (${r.span})`,
          f3(r.inSample.f1),
          f3(r.heldOut.f1),
          f3(r.heldOut.otherRule?.f1),
          f3(r.control?.heldOutF1),
          r.control ? r.control.pValue.toFixed(2) : '—',
          f3(r.secondPiece?.f1),
          r.seed?.f1 ?? '',
        ]),
      ),
    ];
    return parts.join('\n');
  },
};
