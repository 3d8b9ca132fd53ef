/**
 * Worm model speed: simulated seconds per wall-clock second on one core, for the activation-only muscles, the
 * Hodgkin–Huxley muscles and the whole-connectome mode, each in a fresh process (peak memory included). The machine
 * is shared, so CPU seconds are reported beside wall seconds, with the load average at the time.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { bestOf, hasShared, runTsWorker, sharedDir, table, type BenchSection } from './lib.js';
import { simulateWorm } from '../src/engines/worm/model/simulate.js';
import { axialVelocity, undulationSpectrum } from '../src/engines/worm/model/analysis.js';

interface WormRun {
  mode: string;
  units: number;
  simulatedSeconds: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
}

const SIMULATED_S = 60;

/** Engine and body steps compared for accuracy: (engine step ms, body every). */
const STEPS: Array<[number, number]> = [[0.25, 1], [0.5, 1], [1, 1], [2, 1], [2, 2], [2, 4]];

/** Forward swimming and crawling at each step: frequency and speed over 5–20 s. */
function convergence(): string {
  const rows = STEPS.map(([ms, every]) => {
    const cells: Array<string | number> = [`${ms} ms / ${ms * every} ms`];
    for (const medium of [0, 1]) {
      const rec = simulateWorm({ seconds: 20, frameRate: 25, params: { environment: { medium }, numerics: { stepS: ms / 1000, bodyEvery: every } } });
      cells.push(undulationSpectrum(rec, { fromS: 5 }).peakHz, axialVelocity(rec, { fromS: 5 }));
    }
    return cells;
  });
  return table(['engine step / body step', 'water: Hz', 'water: mm/s', 'agar: Hz', 'agar: mm/s'], rows);
}
const MODES = [
  { mode: 'activation', label: 'activation muscles (default: 2 ms steps, body every step)', target: 100 },
  { mode: 'activation-fast', label: 'activation muscles, body every 2nd step (4 ms)', target: 100 },
  { mode: 'hh', label: 'Hodgkin–Huxley muscles (0.25 ms sub-steps)', target: 20 },
  { mode: 'connectome', label: 'whole connectome (Cook 2019, 300 neurons), activation muscles', target: 10 },
];

export const wormSection: BenchSection = {
  id: 'worm',
  title: `Worm model: ${SIMULATED_S} s of swimming per run, one core`,
  run() {
    const load = loadavg()[0]!;
    const rows: Array<Array<string | number>> = [];
    const notes: string[] = [];
    for (const m of MODES) {
      if (m.mode === 'connectome' && !hasShared) {
        notes.push('Connectome mode skipped: ../shared/data not found.');
        continue;
      }
      const args = [m.mode, String(SIMULATED_S), ...(m.mode === 'connectome' ? [resolve(sharedDir, 'data', 'connectome', 'herm_full_edgelist.csv')] : [])];
      const r = bestOf(3, () => runTsWorker<WormRun>('worm-worker.ts', args));
      const rt = r.simulatedSeconds / r.seconds;
      const rtCpu = r.simulatedSeconds / r.cpuSeconds;
      rows.push([m.label, r.units, r.simulatedSeconds, r.seconds, rt, rtCpu, `≥ ${m.target}×: ${rt >= m.target ? 'met' : rtCpu >= m.target ? 'met in CPU time' : 'not met'}`, r.maxRssMiB]);
    }
    return [
      table(['mode', 'neurons', 'simulated s', 'wall s', '× real time (wall)', '× real time (CPU)', 'target', 'peak RSS MiB'], rows),
      '',
      `Best of 3 fresh processes each (\`bench/worm-worker.ts\`), timing \`engine.advance\` after a 0.5 s warm-up; water, forward. ` +
        `Load average at the start: ${load.toFixed(1)} on this machine's cores (other jobs share them, so wall time overstates the cost; ` +
        'CPU time is the process\'s own user + system time).',
      ...notes,
      '',
      '**Accuracy against the step** (forward, 5–20 s of a 20 s run; the default is 2 ms / 2 ms). The body step sets the error: ' +
        'the proprioceptive loop in water is sensitive to delay, and first-order splitting adds some.',
      '',
      convergence(),
    ].join('\n');
  },
};
