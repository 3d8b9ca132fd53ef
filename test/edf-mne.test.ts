/**
 * Our EDF reader against MNE-Python's (`mne.io.read_raw_edf`, Debian python3-mne; Gramfort et al. 2013, Frontiers
 * in Neuroscience 7:267) on every shared EDF file: labels, sample rates, sample counts, physical values to within
 * half a digital step, annotations and the start time; a file from our writer read by MNE; and the edfio reference
 * values of short_psg.edf's header.
 *
 * Where MNE and the EDF standard part ways, we follow the standard, and the test says so:
 * - MNE resamples every signal to the highest rate of the file (short_psg.edf's 1 Hz signals become 100 Hz ones);
 *   we keep each signal at its own rate, as stored. Only the signals at the highest rate are compared sample by
 *   sample; for the others, the counts.
 * - The two BCI2000 files of physionet/ went through a text-mode LF → CRLF conversion before they reached us (every
 *   one of their LF bytes follows a CR byte: 5,525 in S001R01, 10,301 in S001R03, which is all S001R03's surplus
 *   over its 125 records). MNE reads the shifted bytes as they are (standard deviations of ~8,000 µV, samples
 *   pinned at ±32,768); we undo the conversion, which is exactly invertible, and warn. The comparison gives MNE
 *   the undone bytes, and a separate test shows that MNE on the bytes as found disagrees.
 * - bdf_test.edf says EDF+C in its reserved field but has no annotation signal and blank patient and recording
 *   fields. MNE reads it as plain EDF; so do we, with a warning that the EDF+ claim was dropped.
 * - MNE reads a channel labelled Status or Trigger as a trigger channel: its int16 samples become unsigned 17-bit
 *   numbers (−1 becomes 131071) before calibration, and are not scaled to volts. We calibrate every signal alike, as EDF defines; the comparison
 *   applies MNE's rule to our digital values for those channels (mne_test.edf's Status).
 * - MNE crops an annotation's duration to the end of the data it read; we keep the duration the file states.
 * - MNE drops the sub-second start of test_subsecond.edf from its measurement date and counts onsets from the
 *   first sample; we count onsets from the first sample too, and keep the sub-second in `startTime`.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, sharedData } from './helpers/shared.js';
import { crlfConversionCount, readEdf, undoCrlfConversion, type EdfFile } from '../src/formats/edf.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { createRandom } from '../src/math/random.js';

const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import mne'], { encoding: 'utf8' }).status === 0);
if (!python) console.warn('[edf-mne.test] python3-mne is not installed (apt-get install python3-mne): the cross-check with MNE is skipped.');

const files = hasShared
  ? [
      ...readdirSync(sharedData('edf')).filter((f) => f.endsWith('.edf')),
      ...readdirSync(sharedData('edf', 'physionet')).filter((f) => f.endsWith('.edf')).map((f) => `physionet/${f}`),
    ]
  : [];

const MNE_SCRIPT = `
import json, sys, numpy as np, mne
mne.set_log_level("ERROR")
out = []
for i, path in enumerate(sys.argv[2:]):
    raw = mne.io.read_raw_edf(path, preload=True, encoding="latin1")
    raw.get_data().astype("<f8").tofile(f"{sys.argv[1]}/{i}.bin")
    out.append({
        "ch_names": raw.ch_names, "sfreq": float(raw.info["sfreq"]), "n_times": int(raw.n_times),
        "meas_date": raw.info["meas_date"].isoformat() if raw.info["meas_date"] else None,
        "annotations": [[float(a["onset"]), float(a["duration"]), a["description"]] for a in raw.annotations],
    })
json.dump(out, open(f"{sys.argv[1]}/meta.json", "w"))
`;

interface MneFile {
  ch_names: string[];
  sfreq: number;
  n_times: number;
  meas_date: string | null;
  annotations: Array<[number, number, string]>;
  data: Float64Array;
}

/** Reads the given paths with MNE in one Python process. */
function readWithMne(paths: string[]): MneFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'edf-mne-'));
  const r = spawnSync(python!, ['-c', MNE_SCRIPT, dir, ...paths], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`MNE failed: ${r.stderr.slice(-2000)}`);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Array<Omit<MneFile, 'data'>>;
  return meta.map((m, i) => {
    const bytes = readFileSync(join(dir, `${i}.bin`));
    return { ...m, data: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)) };
  });
}

/** MNE's scale from the file's unit to its own (volts for µV and mV; 1 for any other unit). */
function mneScale(unit: string): number {
  if (['uV', 'µV', 'μV'].includes(unit)) return 1e-6;
  return unit === 'mV' ? 1e-3 : 1;
}

function loadOurs(file: string): { bytes: Uint8Array; edf: EdfFile } {
  const buffer = readFileSync(sharedData('edf', file));
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  return { bytes, edf: readEdf(bytes, { name: file }) };
}

describe.skipIf(!hasShared || !python)('EDF reader against MNE-Python', () => {
  const ours = files.map((file) => ({ file, ...loadOurs(file) }));
  const dir = mkdtempSync(join(tmpdir(), 'edf-undone-'));
  // MNE gets each file as our reader sees it: with a text-mode conversion undone.
  const paths = ours.map(({ file, bytes }) => {
    if (crlfConversionCount(bytes) === 0) return sharedData('edf', file);
    const path = join(dir, file.replace('/', '_'));
    writeFileSync(path, undoCrlfConversion(bytes));
    return path;
  });
  const mne = readWithMne(paths);

  ours.forEach(({ file, edf }, f) => {
    it(`${file}: labels, rates, sample counts and physical values to within half a digital step`, () => {
      const theirs = mne[f]!;
      expect(edf.signals.map((s) => s.label)).toEqual(theirs.ch_names);
      const top = Math.max(...edf.signals.map((s) => s.sampleRate));
      expect(theirs.sfreq).toBeCloseTo(top, 9);
      let compared = 0;
      edf.signals.forEach((s, c) => {
        const factor = top / s.sampleRate;
        expect(theirs.n_times, s.label).toBe(s.data.length * factor);
        if (factor !== 1) return; // MNE resampled this one (see above)
        const stim = /^(status|trigger)$/i.test(s.label);
        const scale = stim ? 1 : mneScale(s.physicalDimension);
        const halfStep = Math.abs(s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin) / 2;
        const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
        let worst = 0;
        const row = c * theirs.n_times;
        for (let k = 0; k < s.data.length; k++) {
          let expected = s.data[k]!;
          if (stim) {
            // MNE reads a trigger channel's digital values as unsigned 17-bit numbers before calibrating them.
            const digital = Math.round((expected - s.physicalMin) / gain + s.digitalMin);
            expected = (digital & 0x1ffff) * gain + (s.physicalMin - s.digitalMin * gain);
          }
          worst = Math.max(worst, Math.abs(theirs.data[row + k]! / scale - expected));
        }
        expect(worst, s.label).toBeLessThanOrEqual(halfStep);
        compared++;
      });
      expect(compared).toBeGreaterThan(0);
    });

    it(`${file}: annotations and the start time`, () => {
      const theirs = mne[f]!;
      const end = theirs.n_times / theirs.sfreq;
      expect(edf.annotations.map((a) => [a.onset, Math.min(a.duration, end - a.onset), a.text])).toEqual(
        // MNE keeps annotation times to the microsecond (3.4921875 s becomes 3.492188 s).
        theirs.annotations.map(([onset, duration, text]) => [expect.closeTo(onset, 5), expect.closeTo(duration, 5), text]),
      );
      const whole = new Date(Math.floor(edf.startTime!.getTime() / 1000) * 1000);
      expect(whole.toISOString().replace('.000Z', '+00:00')).toBe(theirs.meas_date);
    });
  });

  it('the BCI2000 files hold their annotations once the text-mode conversion is undone (30 in S001R03)', () => {
    const r03 = ours.find((o) => o.file === 'physionet/S001R03.edf')!.edf;
    expect(r03.header.recordCount).toBe(125);
    expect(r03.warnings).toEqual([expect.stringMatching(/follows a CR byte \(10301 times\)/)]);
    expect(r03.annotations).toHaveLength(30);
    expect(new Set(r03.annotations.map((a) => a.text))).toEqual(new Set(['T0', 'T1', 'T2']));
  });

  it('MNE on the PhysioNet BCI2000 files as found reads shifted samples: hundreds of times the EEG amplitude', () => {
    const found = ['physionet/S001R01.edf', 'physionet/S001R03.edf'].filter((f) => files.includes(f));
    const asFound = readWithMne(found.map((f) => sharedData('edf', f)));
    found.forEach((file, i) => {
      const edf = ours.find((o) => o.file === file)!.edf;
      const rms = (x: ArrayLike<number>, n: number): number => {
        let s = 0;
        for (let k = 0; k < n; k++) s += x[k]! ** 2;
        return Math.sqrt(s / n);
      };
      const n = edf.signals[0]!.data.length;
      const oursRms = rms(edf.signals[0]!.data, n);
      const theirsRms = rms(asFound[i]!.data, n) / 1e-6;
      expect(oursRms).toBeLessThan(200); // scalp EEG: tens of µV
      expect(theirsRms).toBeGreaterThan(20 * oursRms);
    });
  });
});

describe.skipIf(!python)('files from our writer in MNE-Python', () => {
  it('open in MNE with the same labels, values (within half a digital step), annotations and start', () => {
    const random = createRandom(5);
    const labels = ['AF3', 'F7', 'F3', 'FC5', 'T7', 'P7', 'O1', 'O2', 'P8', 'T8', 'FC6', 'F4', 'F8', 'AF4'];
    const signals = labels.map((label, c) => ({
      label,
      physicalDimension: 'uV',
      data: Float64Array.from({ length: 128 * 6 }, (_, i) => 30 * Math.sin((2 * Math.PI * (6 + c) * i) / 128) + 10 * (random.next() - 0.5)),
    }));
    const annotations = [{ onset: 0, duration: 3, text: 'relaxed' }, { onset: 3.25, duration: 2.75, text: 'stressed' }];
    const path = join(mkdtempSync(join(tmpdir(), 'edf-written-')), 'twin.edf');
    writeFileSync(path, writeEdf({ sampleRate: 128, signals, annotations, startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }));
    const [theirs] = readWithMne([path]);
    const back = readEdf(readFileSync(path));
    expect(theirs!.ch_names).toEqual(labels);
    expect(theirs!.sfreq).toBe(128);
    expect(theirs!.n_times).toBe(768);
    expect(theirs!.meas_date).toBe('2026-01-02T03:04:05+00:00');
    expect(theirs!.annotations).toEqual(annotations.map((a) => [a.onset, a.duration, a.text]));
    signals.forEach((s, c) => {
      const halfStep = (back.signals[c]!.physicalMax - back.signals[c]!.physicalMin) / 65534 / 2;
      let worst = 0;
      for (let k = 0; k < 768; k++) worst = Math.max(worst, Math.abs(theirs!.data[c * 768 + k]! / 1e-6 - s.data[k]!));
      expect(worst, s.label).toBeLessThanOrEqual(halfStep * (1 + 1e-9));
    });
  });
});

describe.skipIf(!hasShared)('short_psg.edf against the edfio header reference', () => {
  it('every signal header field matches short_psg_header_reference.json', () => {
    const reference = JSON.parse(readFileSync(sharedData('edf', 'short_psg_header_reference.json'), 'utf8')) as Array<Record<string, string | number>>;
    const { edf } = loadOurs('short_psg.edf');
    expect(edf.signals).toHaveLength(reference.length);
    reference.forEach((r, i) => {
      expect(edf.signals[i]).toMatchObject({
        label: r.label,
        transducer: r.transducer_type,
        physicalDimension: r.physical_dimension,
        physicalMin: r.physical_min,
        physicalMax: r.physical_max,
        digitalMin: r.digital_min,
        digitalMax: r.digital_max,
        prefiltering: r.prefiltering,
        samplesPerRecord: r.samples_per_data_record,
        sampleRate: r.sampling_frequency,
      });
    });
    expect(edf.header).toMatchObject({ format: 'EDF', recordCount: 10, recordDurationSeconds: 30, signalCount: 7, headerBytes: 2048 });
    expect(edf.startTime?.toISOString()).toBe('1989-04-24T16:13:00.000Z');
    expect(edf.warnings).toEqual([]);
  });
});
