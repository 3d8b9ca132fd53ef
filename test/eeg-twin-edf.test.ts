/**
 * The twin written as EDF+ and read back: the states' annotations survive, and the biomarker indices of the
 * 16-bit file match those of the twin's own doubles (quantisation is a fraction of a microvolt).
 */
import { describe, expect, it } from 'vitest';
import { eegTwinRecording } from '../src/engines/duet/eeg-twin.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { readEdf } from '../src/formats/edf.js';
import { biomarkerSeries } from '../src/analysis/eeg/biomarkers.js';
import type { EegRecording } from '../src/analysis/eeg/types.js';

describe('the twin as EDF+', () => {
  it('round-trips with its annotations and the same indices', () => {
    const rec = eegTwinRecording({ seed: 8, script: 'neutral 10s, relaxed 10s, stressed 10s' });
    const bytes = writeEdf({
      sampleRate: rec.sampleRate,
      signals: rec.labels.map((label, i) => ({ label, physicalDimension: 'uV', data: rec.data[i]! })),
      annotations: rec.annotations,
    });
    const file = readEdf(bytes, { name: 'twin.edf' });
    expect(file.warnings).toEqual([]);
    expect(file.annotations).toEqual(rec.annotations);
    const back: EegRecording = {
      sampleRate: file.signals[0]!.sampleRate,
      labels: file.signals.map((s) => s.label),
      data: file.signals.map((s) => s.data),
      annotations: file.annotations,
    };
    expect(back.labels).toEqual(rec.labels);
    for (let c = 0; c < rec.data.length; c++) {
      let worst = 0;
      rec.data[c]!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - back.data[c]![i]!))));
      expect(worst).toBeLessThan(0.05); // µV: half a 16-bit step of a few-hundred-µV range
    }
    const a = biomarkerSeries(rec, [0, 10]);
    const b = biomarkerSeries(back, [0, 10]);
    for (const [i, seg] of a.segments.entries()) {
      for (const name of ['stress', 'attention', 'engagement', 'relaxation'] as const) {
        expect(Math.abs(seg.mean[name] - b.segments[i]!.mean[name])).toBeLessThan(1e-3);
      }
    }
  });
});
