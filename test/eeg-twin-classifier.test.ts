/**
 * The twin's states are distinct, not labels on the same noise: a nearest-centroid classifier on standardised
 * spectral features, trained on some seeds, names the state of recordings from other seeds.
 */
import { describe, expect, it } from 'vitest';
import { eegTwinRecording, TWIN_STATES, type TwinState } from '../src/engines/duet/eeg-twin.js';
import { welchPsd } from '../src/analysis/eeg/welch.js';
import { bandPowers, type BandName } from '../src/analysis/eeg/bands.js';
import { biomarkerSeries } from '../src/analysis/eeg/biomarkers.js';

const FS = 128;
const CHUNK_SECONDS = 10;
const BANDS: BandName[] = ['delta', 'theta', 'alpha', 'lowBeta', 'highBeta', 'gamma'];
const REGIONS = [['AF3', 'AF4', 'F7', 'F8'], ['F3', 'F4', 'FC5', 'FC6'], ['T7', 'T8'], ['O1', 'O2', 'P7', 'P8']];
const TRAIN_SEEDS = [1, 2, 3, 4];
const TEST_SEEDS = [11, 12, 13, 14];

interface Sample { state: TwinState; spectral: number[]; indices: number[] }

/** 30 s of one state after a 10-s neutral baseline; three 10-s chunks, each a sample. */
function samples(state: TwinState, seed: number): Sample[] {
  const rec = eegTwinRecording({ seed, script: `neutral 10s, ${state} 30s`, transitionSeconds: 0.5 });
  const series = biomarkerSeries(rec, [0, 10]);
  const out: Sample[] = [];
  for (let c = 0; c < 3; c++) {
    const t0 = 10 + c * CHUNK_SECONDS;
    const spectral: number[] = [];
    for (const region of REGIONS) {
      // Band powers summed over the region's channels, relative to their total 1–45 Hz, in logs.
      const sum = Object.fromEntries([...BANDS, 'total'].map((b) => [b, 0])) as Record<string, number>;
      for (const ch of region) {
        const x = rec.data[rec.labels.indexOf(ch)]!;
        const p = bandPowers(welchPsd(x.subarray(t0 * FS, (t0 + CHUNK_SECONDS) * FS), FS, 2 * FS)).absolute;
        for (const b of [...BANDS, 'total'] as BandName[]) sum[b]! += p[b];
      }
      for (const b of BANDS) spectral.push(Math.log(sum[b]! / sum.total!));
    }
    // The four baseline-normalised indices averaged over the windows that end inside the chunk (after a 2-s lead).
    const indices = [0, 0, 0, 0];
    let n = 0;
    for (let i = 0; i < series.times.length; i++) {
      if (series.times[i]! >= t0 + 2 && series.times[i]! <= t0 + CHUNK_SECONDS) {
        n++;
        indices[0] += series.indices.stress[i]!;
        indices[1] += series.indices.attention[i]!;
        indices[2] += series.indices.engagement[i]!;
        indices[3] += series.indices.relaxation[i]!;
      }
    }
    out.push({ state, spectral, indices: indices.map((v) => v / n) });
  }
  return out;
}

/** Nearest centroid on features standardised with the training set's mean and sd. */
function nearestCentroid(train: Array<{ state: TwinState; x: number[] }>, test: Array<{ state: TwinState; x: number[] }>) {
  const d = train[0]!.x.length;
  const mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0);
  for (const s of train) s.x.forEach((v, j) => (mean[j]! += v / train.length));
  for (const s of train) s.x.forEach((v, j) => (sd[j]! += (v - mean[j]!) ** 2 / (train.length - 1)));
  const z = (x: number[]) => x.map((v, j) => (v - mean[j]!) / Math.sqrt(sd[j]! || 1));
  const centroids = TWIN_STATES.map((state) => {
    const rows = train.filter((s) => s.state === state).map((s) => z(s.x));
    return rows[0]!.map((_, j) => rows.reduce((a, r) => a + r[j]!, 0) / rows.length);
  });
  const confusion = TWIN_STATES.map(() => TWIN_STATES.map(() => 0));
  for (const s of test) {
    const x = z(s.x);
    let best = 0, bestD = Infinity;
    centroids.forEach((c, k) => {
      const dist = c.reduce((a, v, j) => a + (v - x[j]!) ** 2, 0);
      if (dist < bestD) { bestD = dist; best = k; }
    });
    confusion[TWIN_STATES.indexOf(s.state)]![best]!++;
  }
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  return { confusion, accuracy: correct / test.length };
}

function print(title: string, r: { confusion: number[][]; accuracy: number }): void {
  const w = 11;
  const lines = [`${title}: held-out accuracy ${r.accuracy.toFixed(3)} (rows: true state, columns: predicted)`];
  lines.push(''.padEnd(w) + TWIN_STATES.map((s) => s.padStart(w)).join(''));
  r.confusion.forEach((row, i) => lines.push(TWIN_STATES[i]!.padEnd(w) + row.map((v) => String(v).padStart(w)).join('')));
  console.log(lines.join('\n'));
}

describe('the twin states are distinct', () => {
  const train = TRAIN_SEEDS.flatMap((seed) => TWIN_STATES.flatMap((s) => samples(s, seed)));
  const test = TEST_SEEDS.flatMap((seed) => TWIN_STATES.flatMap((s) => samples(s, seed)));

  it('a nearest-centroid classifier on log relative band powers (4 regions × 6 bands) names held-out seeds', () => {
    const r = nearestCentroid(train.map((s) => ({ state: s.state, x: s.spectral })), test.map((s) => ({ state: s.state, x: s.spectral })));
    print('band powers', r);
    // Measured: 0.95 (57 of 60; three neutral chunks taken for focused, the closest pair). Asserted with a margin.
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    for (let i = 0; i < TWIN_STATES.length; i++) expect(r.confusion[i]![i]).toBeGreaterThanOrEqual(8); // of 12 per state
    const relaxed = TWIN_STATES.indexOf('relaxed'), stressed = TWIN_STATES.indexOf('stressed');
    expect(r.confusion[relaxed]![stressed]! + r.confusion[stressed]![relaxed]!).toBe(0);
  });

  it('band powers and indices together name held-out seeds', () => {
    const r = nearestCentroid(train.map((s) => ({ state: s.state, x: [...s.spectral, ...s.indices] })), test.map((s) => ({ state: s.state, x: [...s.spectral, ...s.indices] })));
    print('both', r);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9); // measured 0.967
  });

  it('the four baseline-normalised indices alone separate the states too', () => {
    const r = nearestCentroid(train.map((s) => ({ state: s.state, x: s.indices })), test.map((s) => ({ state: s.state, x: s.indices })));
    print('four indices', r);
    // Measured 0.917: meditative chunks are sometimes taken for relaxed (both have posterior alpha up).
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
  });
});
