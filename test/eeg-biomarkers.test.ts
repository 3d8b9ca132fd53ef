/**
 * The biomarker indices on the EEG twin: each index moves the way its literature says when the twin changes state.
 */
import { describe, expect, it } from 'vitest';
import { biomarkerSeries } from '../src/analysis/eeg/biomarkers.js';
import { eegTwinRecording } from '../src/engines/duet/eeg-twin.js';

describe('biomarker indices on the twin', () => {
  it('move the right way on the twin: relaxation, stress, attention, engagement', () => {
    for (const seed of [1, 2]) {
      const rec = eegTwinRecording({ seed, script: 'neutral 20s, relaxed 20s, stressed 20s, focused 20s, meditative 20s' });
      const s = biomarkerSeries(rec, [0, 20]);
      const seg = Object.fromEntries(s.segments.map((g) => [g.text, g.mean]));
      expect(Math.abs(seg.neutral!.stress)).toBeLessThan(0.5);
      expect(seg.relaxed!.relaxation).toBeGreaterThan(2);
      expect(seg.meditative!.relaxation).toBeGreaterThan(1);
      expect(seg.stressed!.stress).toBeGreaterThan(1);
      expect(seg.stressed!.stress).toBeGreaterThan(seg.focused!.stress);
      expect(seg.focused!.attention).toBeGreaterThan(1);
      expect(seg.meditative!.attention).toBeLessThan(-1);
      expect(seg.focused!.engagement).toBeGreaterThan(1);
      expect(seg.relaxed!.engagement).toBeLessThan(-1);
      expect(s.channels).toEqual(expect.arrayContaining(['O1', 'F3', 'FC5']));
    }
  });
});
