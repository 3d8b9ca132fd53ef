/** `neuromusic eeg`, run as a user runs it (the built CLI); its EDF+ output opened by MNE-Python when installed. */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { readEdf } from '../src/formats/edf.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { EPOC_CHANNELS } from '../src/analysis/eeg/types.js';

const { dir, cleanup } = scratchDir('neuromusic-eeg-');
afterAll(cleanup);

const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import mne'], { encoding: 'utf8' }).status === 0);
if (!python) console.warn('[eeg-cli.test] python3-mne is not installed (apt-get install python3-mne): the check that MNE opens our EDF+ is skipped.');

describe('neuromusic eeg', () => {
  it('describes the twin as the EDF+ file it writes, with the biomarkers per state', () => {
    const r = runCli(['eeg', 'twin:neutral 10s, relaxed 15s, stressed 15s', '--seed', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^EEG twin: neutral 10s, relaxed 15s, stressed 15s \(seed 4, after a 10-s neutral baseline\)/);
    expect(r.stdout).toMatch(/EDF\+C, patient "X X X X", recording "Startdate 01-JAN-1985 X X neuromusic_EEG_twin_seed_4"/);
    expect(r.stdout).toMatch(/50 s in 50 records of 1 s/);
    expect(r.stdout).toMatch(/14 channels:/);
    expect(r.stdout).toMatch(/^ {4}O1 +128 Hz uV +\[-?[\d.]+, [\d.]+\] +→ O1$/m);
    expect(r.stdout).toMatch(/4 annotations/); // the baseline and three states
    expect(r.stdout).toMatch(/^ {2}relaxed +\| +-?[\d.]+ /m);
  });

  it('--json holds the header, the channels, the baseline and the biomarkers per state', () => {
    const r = runCli(['eeg', 'twin:relaxed', '--seconds', '20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ input: 'twin:relaxed', kind: 'twin', durationSeconds: 30, annotations: 2, warnings: [] });
    expect(d.header).toMatchObject({ format: 'EDF+C', records: 30, recordSeconds: 1, signals: 15 });
    expect(d.channels.map((c: { label: string }) => c.label)).toEqual([...EPOC_CHANNELS]);
    expect(d.channels[0]).toMatchObject({ sampleRate: 128, unit: 'uV', serves: ['AF3'] });
    expect(d.baseline).toMatchObject({ fromSeconds: 0, toSeconds: 10 });
    expect(d.baseline.windows).toBeGreaterThan(50);
    expect(d.segments).toHaveLength(1);
    expect(d.segments[0]).toMatchObject({ label: 'relaxed', spans: 1, seconds: 20 });
    expect(d.segments[0].biomarkers.relaxation).toBeGreaterThan(1);
    expect(d.segments[0].biomarkers.stress).toBeLessThan(-1);
  });

  it('--write-edf writes the twin as EDF+ that our reader and MNE-Python open alike', () => {
    const path = join(dir, 'twin.edf');
    const r = runCli(['eeg', 'twin:focused 6.5s', '--baseline', '4', '--write-edf', path, '--json', join(dir, 'twin.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${path} (EDF+, 14 channels at 128 Hz, µV)`);
    const file = readEdf(new Uint8Array(readFileSync(path)), { name: path });
    expect(file.warnings).toEqual([]);
    expect(file.signals.map((s) => s.label)).toEqual([...EPOC_CHANNELS]);
    expect(file.duration).toBe(10.5); // 4 s of calibration and 6.5 s of focus, in half-second records
    expect(file.annotations.map((a) => [a.text, a.onset, a.duration])).toEqual([['baseline', 0, 4], ['focused', 4, 6.5]]);
    if (!python) return;
    const script = `
import json, sys, mne
mne.set_log_level("ERROR")
raw = mne.io.read_raw_edf(sys.argv[1], preload=True)
print(json.dumps({"names": raw.ch_names, "sfreq": float(raw.info["sfreq"]), "n": int(raw.n_times), "ann": [[a["description"], float(a["onset"]), float(a["duration"])] for a in raw.annotations],
  "o1": float(raw.get_data(picks=["O1"])[0][100] * 1e6)}))`;
    const py = spawnSync(python, ['-c', script, path], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const mne = JSON.parse(py.stdout);
    expect(mne.names).toEqual([...EPOC_CHANNELS]);
    expect(mne.sfreq).toBe(128);
    expect(mne.n).toBe(128 * 10.5);
    expect(mne.ann).toEqual([['baseline', 0, 4], ['focused', 4, 6.5]]);
    const o1 = file.signals.find((s) => s.label === 'O1')!;
    expect(mne.o1).toBeCloseTo(o1.data[100]!, 6);
  });

  it.skipIf(!hasShared)('describes a real recording: which channel serves each EPOC position, the reader’s warnings, the segments', () => {
    const r = runCli(['eeg', sharedData('edf', 'physionet', 'S001R03.edf'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.kind).toBe('edf');
    expect(d.channels).toHaveLength(64);
    const served = d.channels.filter((c: { serves: string[] }) => c.serves.length > 0);
    expect(served.flatMap((c: { serves: string[] }) => c.serves).sort()).toEqual([...EPOC_CHANNELS].sort()); // BCI2000's 64 hold all 14 sites
    expect(d.channels.find((c: { label: string }) => c.label === 'O1..').serves).toEqual(['O1']);
    expect(d.warnings.join(' ')).toMatch(/CRLF conversion/);
    // S001R03: a motor task run, rest (T0) between cues of left (T1) and right (T2) fist movement.
    expect(d.segments.map((s: { label: string }) => s.label).sort()).toEqual(['T0', 'T1', 'T2']);
    expect(d.segments.find((s: { label: string }) => s.label === 'T0').spans).toBeGreaterThan(5);

    const out = join(dir, 'subject00-epoc.edf');
    const s = runCli(['eeg', sharedData('edf', 'physionet', 'Subject00_1.edf'), '--seconds', '30', '--write-edf', out]);
    expect(s.code, s.stderr).toBe(0);
    // A 10–20 montage without AF3, FC5 …: the nearest electrode serves, and the distance is said.
    expect(s.stdout).toMatch(/EEG Fp1 +500 Hz uV .*→ AF3 \(\d+ mm away\)/);
    expect(s.stdout).toMatch(/EEG T3 +500 Hz uV .*→ T7$/m);
    const file = readEdf(new Uint8Array(readFileSync(out)));
    expect(file.signals.map((x) => x.label)).toEqual([...EPOC_CHANNELS]);
    expect(file.signals[0]!.sampleRate).toBe(128);
    expect(file.duration).toBe(30);
  });

  it('refuses what it cannot read with one line and exit 2', () => {
    writeFileSync(join(dir, 'garbage.edf'), 'not an EDF file');
    writeFileSync(join(dir, 'noeeg.edf'), writeEdf({ sampleRate: 128, signals: [{ label: 'ECG', data: new Float64Array(128 * 20) }] }));
    const cases: Array<[string[], RegExp]> = [
      [[join(dir, 'missing.edf')], /missing\.edf: cannot read/],
      [[join(dir, 'garbage.edf')], /garbage\.edf: /],
      [[join(dir, 'noeeg.edf')], /noeeg\.edf: no channel for AF3.*\(electrodes in the file: none\)$/],
      [['twin:drowsy'], /unknown twin state "drowsy"/],
      [['twin:relaxed 30x'], /twin script entry 1 "relaxed 30x"/],
      [['notes.csv'], /must be an EDF file/],
      [['twin:relaxed', '--write-edf', join(dir, 'out.txt')], /must end in \.edf/],
    ];
    for (const [args, pattern] of cases) {
      const r = runCli(['eeg', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
  });
});
