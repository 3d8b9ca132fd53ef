/**
 * The Neural Duet's speed: simulated seconds per wall-clock second for an offline run (`composeDuet`, 256 Hz
 * dynamics, trajectories recorded at 64 Hz) alone, listening to a pulse input, and steered by a control track, and
 * for live stepping in 60 Hz frames. In-process, best of three; CPU seconds beside wall seconds because the machine
 * is shared. The target is 100× real time offline.
 */
import { loadavg } from 'node:os';
import { table, type BenchSection } from './lib.js';
import { composeDuet } from '../src/engines/duet/compose.js';
import { DuetEngine } from '../src/engines/duet/engine.js';
import { pulseEnvelope } from '../src/engines/duet/input.js';
import { DEFAULT_DUET_CONTROLS } from '../src/engines/duet/controls.js';
import type { NoteEvent } from '../src/score/types.js';

const SIMULATED_S = 120;

function timed(fn: () => number): { seconds: number; cpuSeconds: number; notes: number } {
  let best = { seconds: Infinity, cpuSeconds: Infinity, notes: 0 };
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const notes = fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (seconds < best.seconds) best = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, notes };
  }
  return best;
}

const CASES: Array<{ label: string; run: () => number }> = [
  { label: 'offline, alone (listener hears the drums)', run: () => composeDuet({ seconds: SIMULATED_S, seed: 1 }).score.notes.length },
  {
    label: 'offline, listening to a 2.2 Hz pulse',
    run: () => composeDuet({ seconds: SIMULATED_S, seed: 1, input: pulseEnvelope(2.2, SIMULATED_S) }).score.notes.length,
  },
  {
    label: 'offline, a control track (ρ 20 → 35, density 0.2 → 0.9)',
    run: () =>
      composeDuet({
        seconds: SIMULATED_S,
        seed: 1,
        controls: [
          { timeSeconds: 0, controls: { ...DEFAULT_DUET_CONTROLS, rho: 20, density: 0.2 } },
          { timeSeconds: SIMULATED_S, controls: { ...DEFAULT_DUET_CONTROLS, rho: 35, density: 0.9 } },
        ],
      }).score.notes.length,
  },
  {
    label: 'live, 60 Hz frames (no recording)',
    run: () => {
      const engine = new DuetEngine({ seed: 1 });
      const notes: NoteEvent[] = [];
      const sink = { note: (n: NoteEvent) => void notes.push(n) };
      for (let k = 1; k <= SIMULATED_S * 60; k++) engine.advanceTo(k / 60, sink);
      return notes.length;
    },
  },
];

export const duetSection: BenchSection = {
  id: 'duet',
  title: `Neural Duet: ${SIMULATED_S} s per run, 256 Hz dynamics, one core`,
  run() {
    const load = loadavg()[0]!;
    const rows = CASES.map((c) => {
      const r = timed(c.run);
      return [c.label, r.notes, r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), `${Math.round(SIMULATED_S / r.seconds)}×`, `${Math.round(SIMULATED_S / r.cpuSeconds)}×`];
    });
    return [
      table(['run', 'notes', 'wall s', 'CPU s', '× real time (wall)', '× real time (CPU)'], rows),
      '',
      `Target: 100× real time offline. Load average at the start: ${load.toFixed(2)} (2 cores, shared).`,
    ].join('\n');
  },
};
