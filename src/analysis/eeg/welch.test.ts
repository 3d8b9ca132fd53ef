import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { WelchEstimator, welchPsd } from './welch.js';
import { BAND_NAMES, EEG_BANDS, bandBins, bandPower, bandPowers } from './bands.js';

const hasScipy = spawnSync('python3', ['-c', 'import scipy.signal'], { encoding: 'utf8' }).status === 0;
if (!hasScipy) console.warn('[welch.test] python3 with scipy not found (Debian package python3-scipy): the scipy oracle test is skipped.');

interface Case { n: number; fs: number; nperseg: number; noverlap: number }

/** scipy.signal.welch with the same settings, as the independent oracle (one Python run for all cases). */
function scipyWelch(signals: Array<{ x: Float64Array; c: Case }>): Array<{ f: number[]; p: number[] }> {
  const script = [
    'import json, sys, numpy as np',
    'from scipy.signal import welch',
    'out = []',
    'for d in json.load(sys.stdin):',
    "    f, p = welch(np.array(d['x']), fs=d['fs'], window='hann', nperseg=d['nperseg'], noverlap=d['noverlap'], detrend='constant', scaling='density', return_onesided=True, average='mean')",
    "    out.append({'f': f.tolist(), 'p': p.tolist()})",
    'print(json.dumps(out))',
  ].join('\n');
  const input = JSON.stringify(signals.map(({ x, c }) => ({ x: Array.from(x), ...c })));
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Array<{ f: number[]; p: number[] }>;
}

describe('welchPsd', () => {
  it.skipIf(!hasScipy)('matches scipy.signal.welch to 1e-12 relative (even, odd and non-power-of-two segments)', () => {
    const rng = createRandom(7);
    const cases: Case[] = [
      { n: 1000, fs: 128, nperseg: 256, noverlap: 128 },
      { n: 997, fs: 160, nperseg: 320, noverlap: 160 },
      { n: 500, fs: 100, nperseg: 101, noverlap: 50 },
      { n: 777, fs: 500, nperseg: 128, noverlap: 0 },
      { n: 256, fs: 128, nperseg: 256, noverlap: 128 },
    ];
    const signals = cases.map((c) => {
      // A random walk plus an offset and a tone: a non-zero mean and a coloured spectrum.
      const x = new Float64Array(c.n);
      let walk = 0;
      for (let i = 0; i < c.n; i++) {
        walk += rng.normal();
        x[i] = 40 + walk + 5 * Math.sin((2 * Math.PI * 11 * i) / c.fs);
      }
      return { x, c };
    });
    const refs = scipyWelch(signals);
    for (const [i, { x, c }] of signals.entries()) {
      const ours = welchPsd(x, c.fs, c.nperseg, c.noverlap);
      const ref = refs[i]!;
      expect(ours.psd.length).toBe(ref.p.length);
      const peak = Math.max(...ref.p);
      for (let k = 0; k < ref.p.length; k++) {
        expect(ours.frequencies[k]).toBeCloseTo(ref.f[k]!, 12);
        expect(Math.abs(ours.psd[k]! - ref.p[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(ref.p[k]!), 1e-6 * peak));
      }
    }
  });

  it('integrates to the variance of the signal (Parseval, no overlap)', () => {
    // With no overlap and a flat spectrum the Hann-windowed density still integrates to the variance on average.
    const rng = createRandom(3);
    const fs = 128;
    const x = Float64Array.from({ length: 128 * 400 }, () => rng.normal(0, 3));
    const { frequencies, psd } = welchPsd(x, fs, 128);
    const df = frequencies[1]! - frequencies[0]!;
    let total = 0;
    for (const v of psd) total += v * df;
    expect(total).toBeGreaterThan(9 * 0.95);
    expect(total).toBeLessThan(9 * 1.05);
  });

  it('puts a sine of amplitude A at its frequency with power A²/2', () => {
    const fs = 128;
    const x = Float64Array.from({ length: fs * 20 }, (_, i) => 4 * Math.sin((2 * Math.PI * 10 * i) / fs));
    const spectrum = welchPsd(x, fs, 256);
    expect(bandPower(spectrum, [8, 13])).toBeCloseTo(8, 6);
    const p = bandPowers(spectrum);
    expect(p.relative.alpha).toBeCloseTo(1, 6);
  });

  it('refuses broken input with a clear message', () => {
    expect(() => welchPsd(new Float64Array(100), 128, 256)).toThrow(/fewer than one segment/);
    expect(() => new WelchEstimator(0, 128)).toThrow(/sample rate/);
    expect(() => new WelchEstimator(128, 1)).toThrow(/segment length/);
    expect(() => new WelchEstimator(128, 64.5)).toThrow(/segment length/);
    expect(() => new WelchEstimator(128, 64, 64)).toThrow(/overlap/);
    expect(() => new WelchEstimator(128, 64, -1)).toThrow(/overlap/);
    const w = new WelchEstimator(128, 64);
    expect(() => w.estimate(new Float64Array(200), 0, 200, new Float64Array(10))).toThrow(/33 bins/);
    expect(() => w.estimate(new Float64Array(200), 150, 100, new Float64Array(33))).toThrow(/outside/);
  });
});

describe('bands', () => {
  it('partition the total 1–45 Hz exactly (half-open bands, rectangle rule)', () => {
    const rng = createRandom(11);
    const x = Float64Array.from({ length: 128 * 30 }, () => rng.normal());
    const p = bandPowers(welchPsd(x, 128, 256)).absolute;
    expect(p.delta + p.theta + p.alpha + p.beta + p.gamma).toBeCloseTo(p.total, 12);
    expect(p.lowBeta + p.highBeta).toBeCloseTo(p.beta, 12);
  });

  it('takes the bins low ≤ f < high', () => {
    const f = Float64Array.from({ length: 129 }, (_, k) => k * 0.5);
    expect(bandBins(f, EEG_BANDS.alpha)).toEqual([16, 26]); // 8.0 … 12.5 Hz
    expect(BAND_NAMES).toContain('highBeta');
  });

  it('refuses an empty band or one beyond the spectrum', () => {
    const f = Float64Array.from({ length: 65 }, (_, k) => k);
    expect(() => bandBins(f, [10, 10])).toThrow(/empty/);
    expect(() => bandBins(f, [70, 80])).toThrow(/holds no bin/);
  });
});
