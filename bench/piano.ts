/**
 * Modal piano speed against the reference renderer (numpy), same piece, same contract, same run.
 */
import { resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { bestOf, findPython, hasShared, runPython, runTsWorker, sharedDir, table, type BenchSection } from './lib.js';

const PIECE = 'chopin_prelude_op28_no15_raindrop_db_major.mid';
const LIMIT = 60;

interface PianoRun {
  notes: number;
  audioSeconds: number;
  seconds: number;
  renderSeconds: number;
  maxRssMiB: number;
}

export const pianoSection: BenchSection = {
  id: 'piano',
  title: 'Modal piano: first 60 s of the Raindrop prelude (mono, 44.1 kHz, 40 partials, −1 dBFS, 16-bit WAV)',
  run() {
    if (!hasShared) return '_Skipped: ../shared/data not found._';
    const piece = resolve(sharedDir, 'data', 'midi', PIECE);
    const tmp = mkdtempSync(resolve(tmpdir(), 'nm-bench-'));
    try {
      const ours = bestOf(3, () => runTsWorker<PianoRun>('piano-worker.ts', [piece, resolve(tmp, 'ours.wav'), String(LIMIT)]));
      const python = findPython(['numpy']);
      let ref: PianoRun | undefined;
      if (python) {
        ref = bestOf(2, () => {
          const r = runPython(python, resolve(sharedDir, 'reference', 'modal_piano.py'), [piece, resolve(tmp, 'ref.wav'), '--seconds', String(LIMIT)]);
          const m = /notes (\d+) audio_s ([\d.]+) seconds ([\d.]+)/.exec(r.stdout);
          if (!m) throw new Error(`unexpected reference output: ${r.stdout}`);
          return { notes: Number(m[1]), audioSeconds: Number(m[2]), seconds: Number(m[3]), renderSeconds: NaN, maxRssMiB: r.maxRssMiB };
        });
      }
      const row = (name: string, r: PianoRun): Array<string | number> => [
        name, r.notes, r.audioSeconds, r.seconds, (1000 * r.seconds) / r.notes, r.audioSeconds / r.seconds, r.maxRssMiB,
      ];
      const rows = [row('neuromusic (TypeScript, Node)', ours)];
      if (ref) rows.push(row('reference modal_piano.py (numpy)', ref));
      const speedup = ref ? ref.seconds / ours.seconds : NaN;
      const rt = ours.audioSeconds / ours.seconds;
      return [
        table(['renderer', 'notes', 'audio s', 'wall s', 'ms / note', '× real time', 'peak RSS MiB'], rows),
        '',
        ref
          ? `Speed-up over the reference: **${speedup.toFixed(1)}×** (target ≥ 50×: ${speedup >= 50 ? 'met' : 'not met'}). ` +
            `Real-time factor: **${rt.toFixed(0)}×** (target ≥ 100×: ${rt >= 100 ? 'met' : 'not met'}). Best of 3 runs (ours) and 2 (reference), ` +
            'each a fresh process timed from reading the MIDI file to writing the WAV.'
          : 'Reference not run: no python3 with numpy found.',
      ].join('\n');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
