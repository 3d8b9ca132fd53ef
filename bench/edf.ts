/**
 * EDF reading: our reader against MNE-Python's `read_raw_edf(preload=True)` on every shared EDF file. Both warm and
 * best of N: ours in this process after one untimed read, MNE inside one Python process after `import mne` and one
 * untimed read of each file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readEdf } from '../src/formats/edf.js';
import { findPython, hasShared, sharedDir, table, type BenchSection } from './lib.js';

const RUNS = 7;

const MNE_TIMER = `
import json, sys, time, mne
mne.set_log_level("ERROR")
out = {}
for path in sys.argv[2:]:
    mne.io.read_raw_edf(path, preload=True, encoding="latin1")
    best = float("inf")
    for _ in range(int(sys.argv[1])):
        t = time.perf_counter()
        mne.io.read_raw_edf(path, preload=True, encoding="latin1")
        best = min(best, time.perf_counter() - t)
    out[path] = best
print(json.dumps(out))
`;

export const edfSection: BenchSection = {
  id: 'edf',
  title: 'EDF reading: every shared EDF file, neuromusic vs MNE-Python',
  run() {
    if (!hasShared) return '_Skipped: ../shared/data is not here._';
    const dir = resolve(sharedDir, 'data', 'edf');
    const files = [
      ...readdirSync(dir).filter((f) => f.endsWith('.edf')),
      ...readdirSync(resolve(dir, 'physionet')).filter((f) => f.endsWith('.edf')).map((f) => `physionet/${f}`),
    ].map((f) => resolve(dir, f));
    const python = findPython(['mne']);
    const mne: Record<string, number> = python
      ? (JSON.parse(execFileSync(python, ['-c', MNE_TIMER, String(RUNS), ...files], { encoding: 'utf8', maxBuffer: 16 << 20 }).trim().split('\n').pop()!) as Record<string, number>)
      : {};
    const rows: Array<Array<string | number>> = [];
    let oursTotal = 0;
    let mneTotal = 0;
    for (const path of files) {
      const buffer = readFileSync(path);
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
      const edf = readEdf(bytes);
      let best = Infinity;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        readEdf(bytes);
        best = Math.min(best, performance.now() - t);
      }
      const samples = edf.signals.reduce((n, s) => n + s.data.length, 0);
      const theirs = mne[path] === undefined ? NaN : mne[path]! * 1000;
      oursTotal += best;
      mneTotal += theirs;
      rows.push([path.slice(dir.length + 1), (bytes.length / 2 ** 20).toFixed(2), edf.signals.length, samples, best, theirs, theirs / best]);
    }
    rows.push(['all files', '', '', '', oursTotal, mneTotal, mneTotal / oursTotal]);
    const note = python
      ? `MNE ${execFileSync(python, ['-c', 'import mne; print(mne.__version__)'], { encoding: 'utf8' }).trim()}, best of ${RUNS} warm reads each; ratio = MNE time / ours. The two BCI2000 files (physionet/S001R0*) went through a text-mode CRLF conversion: our time includes finding and undoing it; MNE reads the shifted bytes as they are.`
      : '_MNE-Python (python3-mne) is not installed: its column is empty._';
    return `${table(['file', 'MiB', 'signals', 'samples', 'ours ms', 'MNE ms', 'ratio'], rows)}\n\n${note}`;
  },
};
