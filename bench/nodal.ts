/**
 * Nodal network speed: 32 nodes × 10 minutes of music, and scaling to 1,024 nodes, in events (firings and signals)
 * per second of wall time and as a multiple of real time. Side by side with a plain re-implementation (an object
 * per signal in a binary heap, test/helpers/nodal-reference.ts) on the same runs. Each measurement is a fresh
 * process on one core (Node runs the network on one thread).
 */
import { bestOf, runTsWorker, table, type BenchSection } from './lib.js';

interface NodalMeasurement {
  impl: 'engine' | 'reference';
  nodes: number;
  /** Wall seconds. */
  seconds: number;
  musicSeconds: number;
  firings: number;
  signals: number;
  events: number;
  maxRssMiB: number;
}

const measure = (impl: 'engine' | 'reference', nodes: number, musicSeconds: number, runs: number): NodalMeasurement =>
  bestOf(runs, () => runTsWorker<NodalMeasurement>('nodal-worker.ts', [impl, String(nodes), String(musicSeconds)], 900_000));

/** Music seconds per network size: long enough to leave start-up behind, short enough to finish. */
const SCALING: Array<[number, number, boolean]> = [
  [32, 600, true],
  [64, 300, true],
  [128, 120, true],
  [256, 60, true],
  [512, 60, false],
  [1024, 60, false],
];

export const nodalSection: BenchSection = {
  id: 'nodal',
  title: 'Nodal network: 32 nodes × 10 minutes, and scaling to 1,024 nodes (default parameters, seed 1)',
  run() {
    const rows: Array<Array<string | number>> = [];
    let at1024: NodalMeasurement | undefined;
    let first: [NodalMeasurement, NodalMeasurement] | undefined;
    for (const [nodes, music, withReference] of SCALING) {
      const ours = measure('engine', nodes, music, nodes <= 256 ? 3 : 1);
      const ref = withReference ? measure('reference', nodes, music, 1) : undefined;
      if (ref && (ref.firings !== ours.firings || ref.signals !== ours.signals)) throw new Error(`engine and reference disagree at ${nodes} nodes`);
      if (nodes === 1024) at1024 = ours;
      if (nodes === 32 && ref) first = [ours, ref];
      rows.push([
        nodes,
        music,
        ours.firings,
        ours.events,
        ours.seconds,
        ours.events / ours.seconds,
        music / ours.seconds,
        ref ? ref.seconds : '–',
        ref ? `${(ref.seconds / ours.seconds).toFixed(1)}×` : '–',
        ours.maxRssMiB,
      ]);
    }
    const lines = [
      table(['nodes', 'music s', 'firings', 'events', 'wall s', 'events / wall s', '× real time', 'reference wall s', 'speed-up', 'peak RSS MiB'], rows),
      '',
    ];
    if (first) {
      lines.push(
        `32 nodes × 10 minutes: **${Math.round(first[0].events / first[0].seconds).toLocaleString('en')} events per wall second**, ` +
          `${Math.round(600 / first[0].seconds)}× real time, ${(first[1].seconds / first[0].seconds).toFixed(1)}× the plain re-implementation on the same run. `,
      );
    }
    if (at1024) {
      const rt = at1024.musicSeconds / at1024.seconds;
      lines.push(`1,024 nodes: **${rt.toFixed(2)}× real time** on one core (target ≥ 1×: ${rt >= 1 ? 'met' : 'not met'}). `);
    }
    lines.push(
      'Events = firings + signals (a firing sends N − 1 signals), so the work grows as N² at a given firing rate. ' +
        'Engine rows are the best of 3 fresh processes (1 for 512 and 1,024 nodes); the reference, an object per signal in a binary heap, ran once and had to give the same firings and signals. ' +
        'Wall time covers building the network and running it, collecting every firing (pitch, velocity, cause), not the score, the report or audio.',
    );
    return lines.join('\n');
  },
};
