import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from './random.js';
import { lowPassFilter, resample, resamplePoly } from './resample.js';

const sine = (n: number, hz: number, rate: number, phase = 0, amplitude = 1): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate + phase));
const rms = (x: ArrayLike<number>, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (to - from));
};

const RATES: Array<[number, number]> = [[160, 128], [500, 128], [512, 128], [128, 256], [250, 128]];

describe('resample', () => {
  for (const [from, to] of RATES) {
    it(`${from} → ${to} Hz: a sine stays a sine of the same amplitude and phase, and the length is ⌈n·to/from⌉`, () => {
      const n = from * 20;
      const x = sine(n, 9.7, from, 0.4, 30);
      const y = resample(x, from, to);
      expect(y.length).toBe(Math.ceil((n * to) / from));
      // Away from the ends (where the zeros outside the input enter the filter), y[m] = x(t = m / to).
      const edge = 2 * to;
      let worst = 0;
      for (let m = edge; m < y.length - edge; m++) worst = Math.max(worst, Math.abs(y[m]! - 30 * Math.sin(2 * Math.PI * 9.7 * (m / to) + 0.4)));
      expect(worst / 30).toBeLessThan(1e-3);
    });
  }

  for (const [from, to] of RATES.filter(([f, t]) => t < f)) {
    it(`${from} → ${to} Hz: tones between the new Nyquist frequency and the old one are rejected by at least 60 dB`, () => {
      const n = from * 20;
      const nyquist = to / 2;
      for (const hz of [nyquist + 0.25, nyquist * 1.05, nyquist * 1.3, from / 2 - 1]) {
        const y = resample(sine(n, hz, from), from, to);
        const edge = 2 * to;
        const ratioDb = 20 * Math.log10(rms(y, edge, y.length - edge) / Math.SQRT1_2);
        expect(ratioDb, `${hz} Hz`).toBeLessThan(-60);
      }
    });
  }

  it('passes everything below 0.9 × the lower Nyquist frequency within 0.01 dB', () => {
    for (const hz of [1, 20, 40, 57]) {
      const y = resample(sine(3200, hz, 160), 160, 128);
      expect(Math.abs(20 * Math.log10(rms(y, 256, y.length - 256) / Math.SQRT1_2)), `${hz} Hz`).toBeLessThan(0.01);
    }
  });

  it('keeps a constant constant away from the ends and returns a copy when the rates are equal', () => {
    const y = resamplePoly(new Float64Array(1000).fill(3), 4, 5);
    // Each polyphase branch sums to p only to within the stop-band level, 10^(−80/20) = 1e-4.
    for (let m = 200; m < 600; m++) expect(Math.abs(y[m]! - 3) / 3).toBeLessThan(1e-4);
    const x = Float64Array.from([1, 2, 3]);
    const same = resample(x, 128, 128);
    expect(same).toEqual(x);
    expect(same).not.toBe(x);
  });

  it('designs symmetric filters with a DC gain of p', () => {
    for (const [p, q] of [[4, 5], [32, 125], [1, 4], [2, 1]]) {
      const { taps, halfLength } = lowPassFilter(p!, q!);
      expect(taps.length).toBe(2 * halfLength + 1);
      for (let k = 0; k < halfLength; k++) expect(taps[k]).toBeCloseTo(taps[taps.length - 1 - k]!, 14);
      expect(taps.reduce((a, b) => a + b, 0)).toBeCloseTo(p!, 12);
    }
  });

  it('refuses rates and factors it cannot use', () => {
    expect(() => resamplePoly([1], 1.5, 2)).toThrow(/whole numbers ≥ 1, got 1.5\/2/);
    expect(() => resample([1], 0, 128)).toThrow(/must be positive/);
    expect(() => resample([1], Math.PI, 128)).toThrow(/not a ratio of whole numbers/);
    expect(() => resample([1], 100, 128, { attenuationDb: 10 })).toThrow(/attenuation > 21 dB/);
  });
});

const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import scipy.signal, numpy'], { encoding: 'utf8' }).status === 0);
if (!python) console.warn('[resample.test] python3-scipy is not installed: the comparison with scipy.signal.resample_poly is skipped.');

describe.skipIf(!python)('resample against scipy.signal.resample_poly', () => {
  const random = createRandom(11);
  const x = Float64Array.from({ length: 3000 }, () => random.next() * 2 - 1);
  const ratios: Array<[number, number]> = [[4, 5], [32, 125], [1, 4], [2, 1], [160, 128]];
  const dir = mkdtempSync(join(tmpdir(), 'resample-'));
  writeFileSync(join(dir, 'x.json'), JSON.stringify(Array.from(x)));
  const script = `
import json, sys
import numpy as np
from scipy.signal import resample_poly
x = np.array(json.load(open(sys.argv[1])))
t = np.arange(len(x)) / 500.0
smooth = 20 * np.sin(2 * np.pi * 3.1 * t + 0.2) + 7 * np.sin(2 * np.pi * 17 * t)
out = {f"{p}/{q}": list(resample_poly(x, p, q)) for p, q in ${JSON.stringify(ratios)}}
out["smooth"] = list(resample_poly(smooth, 32, 125))
json.dump(out, open(sys.argv[2], "w"))
`;
  const r = spawnSync(python!, ['-c', script, join(dir, 'x.json'), join(dir, 'y.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const expected = JSON.parse(readFileSync(join(dir, 'y.json'), 'utf8')) as Record<string, number[]>;

  it('the scipy design gives scipy\'s output to 1e-12 for white noise', () => {
    for (const [p, q] of ratios) {
      const ours = resamplePoly(x, p, q, { design: 'scipy' });
      const theirs = expected[`${p}/${q}`]!;
      expect(ours.length).toBe(theirs.length);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
      expect(worst, `${p}/${q}`).toBeLessThan(1e-12);
    }
  });

  it('the default design agrees with scipy to 1e-3 of the amplitude on a signal well inside the pass band', () => {
    const smooth = Float64Array.from({ length: 3000 }, (_, i) => 20 * Math.sin(2 * Math.PI * 3.1 * (i / 500) + 0.2) + 7 * Math.sin(2 * Math.PI * 17 * (i / 500)));
    const ours = resample(smooth, 500, 128);
    const theirs = expected.smooth!;
    let worst = 0;
    for (let i = 128; i < ours.length - 128; i++) worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
    expect(worst / 27).toBeLessThan(1e-3);
  });
});
