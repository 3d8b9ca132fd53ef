import { describe, expect, it } from 'vitest';
import { readEdf } from '../../formats/edf.js';
import { writeEdf } from '../../formats/edf-write.js';
import { EPOC_CHANNELS, type EegRecording } from '../../analysis/eeg/types.js';
import { eegDrive, epocRecordingFromEdf, twinSession } from './eeg-drive.js';
import { mapIndicesToControls, parseMappingTable, DEFAULT_MAPPING_TABLE } from './mapping.js';

describe('twinSession', () => {
  it('puts a neutral calibration before the script, cuts a long script and holds the last state of a short one', () => {
    const cut = twinSession({ seed: 1, script: 'relaxed 10s, stressed 10s', baselineSeconds: 5, seconds: 12 });
    expect(cut.script).toEqual([{ state: 'relaxed', seconds: 10 }, { state: 'stressed', seconds: 2 }]);
    expect(cut.recording.annotations).toEqual([
      { onset: 0, duration: 5, text: 'baseline' },
      { onset: 5, duration: 10, text: 'relaxed' },
      { onset: 15, duration: 2, text: 'stressed' },
    ]);
    expect(cut.recording.data[0]!.length).toBe(17 * 128);
    const held = twinSession({ seed: 1, script: 'relaxed 4s, focused 2s', baselineSeconds: 5, seconds: 9 });
    expect(held.script).toEqual([{ state: 'relaxed', seconds: 4 }, { state: 'focused', seconds: 5 }]);
    expect(held.startSeconds).toBe(5);
  });

  it('is the same person before every state: the calibration does not depend on what follows', () => {
    const a = twinSession({ seed: 9, script: 'relaxed 5s', baselineSeconds: 4 }).recording.data[6]!;
    const b = twinSession({ seed: 9, script: 'stressed 5s', baselineSeconds: 4 }).recording.data[6]!;
    expect(Array.from(a.subarray(0, 4 * 128))).toEqual(Array.from(b.subarray(0, 4 * 128)));
    expect(Array.from(a.subarray(6 * 128))).not.toEqual(Array.from(b.subarray(6 * 128)));
  });
});

describe('eegDrive', () => {
  const session = twinSession({ seed: 3, script: 'neutral 6s, relaxed 12s, stressed 12s', baselineSeconds: 10 });
  const drive = eegDrive(session.recording, { baselineSpan: [0, 10], startSeconds: 10 });

  it('puts one keyframe per window on the piece’s clock, each at its window’s end, from time 0', () => {
    const times = drive.track.map((k) => k.timeSeconds);
    expect(times[0]).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
    // Windows end at 2 s, 2.125 s, … of the recording; the first at or after the piece's start (10 s) is at 0.
    expect(times[1]).toBeCloseTo(0.125, 12);
    expect(times[times.length - 1]).toBeCloseTo(30, 12);
    expect(drive.track.length).toBe(drive.series.times.filter((t) => t >= 10).length);
  });

  it('keeps every control within its row’s anchors', () => {
    for (const k of drive.track) {
      expect(k.controls.lambda2).toBeGreaterThanOrEqual(0.5);
      expect(k.controls.lambda2).toBeLessThanOrEqual(3);
      expect(k.controls.rho).toBeGreaterThanOrEqual(20);
      expect(k.controls.rho).toBeLessThanOrEqual(45);
    }
  });

  it('without a lag, each window’s controls are the table’s value of its indices', () => {
    const table = parseMappingTable({ ...DEFAULT_MAPPING_TABLE, timeConstantSeconds: 0 });
    const d = eegDrive(session.recording, { baselineSpan: [0, 10], startSeconds: 10, table });
    for (const i of [0, 50, 150, d.series.times.length - 1]) {
      const indices = { stress: d.series.indices.stress[i]!, attention: d.series.indices.attention[i]!, engagement: d.series.indices.engagement[i]!, relaxation: d.series.indices.relaxation[i]! };
      const expected = mapIndicesToControls(indices, table);
      expect(d.controls.rho[i]).toBeCloseTo(expected.rho, 12);
      expect(d.controls.lambda2[i]).toBeCloseTo(expected.lambda2, 12);
    }
  });

  it('averages per state over the windows centred in it, leaving the calibration out', () => {
    expect(drive.segments.map((s) => [s.label, s.spans, s.seconds])).toEqual([['neutral', 1, 6], ['relaxed', 1, 12], ['stressed', 1, 12]]);
    const relaxed = drive.segments[1]!;
    // Centres at end − 1 s: windows ending in (17, 29] s of the recording, every 1/8 s → 96 windows.
    expect(relaxed.windows).toBe(96);
    let sum = 0;
    drive.series.times.forEach((t, i) => {
      if (t - 1 >= 16 && t - 1 < 28) sum += drive.series.indices.relaxation[i]!;
    });
    expect(relaxed.biomarkers.relaxation).toBeCloseTo(sum / 96, 12);
    expect(relaxed.controls.lambda2).toBeLessThan(drive.segments[2]!.controls.lambda2);
    expect(drive.segments[2]!.controls.rho).toBeGreaterThan(relaxed.controls.rho);
  });
});

describe('epocRecordingFromEdf', () => {
  const seconds = 3;
  const wave = (fs: number, hz: number, amp: number) => Float64Array.from({ length: fs * seconds }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / fs));

  it('serves each position by name or by the nearest electrode, converts to µV and resamples to 128 Hz', () => {
    const file = readEdf(
      writeEdf({
        signals: [
          { label: 'EEG Fp1-REF', sampleRate: 256, physicalDimension: 'uV', data: wave(256, 10, 50) },
          { label: 'EEG O2-REF', sampleRate: 256, physicalDimension: 'mV', data: wave(256, 10, 0.05) },
          { label: 'ECG', sampleRate: 256, physicalDimension: 'mV', data: wave(256, 1, 1) },
        ],
      }),
    );
    const epoc = epocRecordingFromEdf(file);
    const rec: EegRecording = epoc.recording;
    expect(rec.labels).toEqual([...EPOC_CHANNELS]);
    expect(rec.sampleRate).toBe(128);
    expect(rec.data.every((d) => d.length === 128 * seconds)).toBe(true);
    const served = Object.fromEntries(epoc.picked.map((p) => [p.position, p.label]));
    expect(served['AF3']).toBe('EEG Fp1-REF');
    expect(served['O2']).toBe('EEG O2-REF');
    expect(served['O1']).toBe('EEG O2-REF'); // the nearest of the two electrodes
    // 0.05 mV = 50 µV: both channels are 50-µV sines after conversion (away from the resampler's edges).
    const peak = (x: Float64Array) => Math.max(...Array.from(x.subarray(64, 320), Math.abs));
    expect(peak(rec.data[EPOC_CHANNELS.indexOf('O2')]!)).toBeCloseTo(50, 0);
    expect(peak(rec.data[EPOC_CHANNELS.indexOf('AF3')]!)).toBeCloseTo(50, 0);
    expect(epoc.warnings).toEqual([]);
  });

  it('refuses a file that names no scalp electrode', () => {
    const file = readEdf(writeEdf({ sampleRate: 128, signals: [{ label: 'ECG', data: wave(128, 1, 1) }] }));
    expect(() => epocRecordingFromEdf(file)).toThrow(RangeError);
  });
});
