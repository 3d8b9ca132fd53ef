import { describe, expect, it } from 'vitest';
import { EegTwin, eegTwinRecording, parseStateScript, TWIN_STATES, type TwinState } from './eeg-twin.js';
import { welchPsd } from '../../analysis/eeg/welch.js';
import { bandPowers } from '../../analysis/eeg/bands.js';

const FS = 128;

function channel(rec: { labels: string[]; data: Float64Array[] }, label: string): Float64Array {
  const i = rec.labels.indexOf(label);
  if (i < 0) throw new Error(`no ${label}`);
  return rec.data[i]!;
}

function relative(x: Float64Array) {
  return bandPowers(welchPsd(x, FS, 2 * FS)).relative;
}
function absolute(x: Float64Array) {
  return bandPowers(welchPsd(x, FS, 2 * FS)).absolute;
}
/** Mean over seeds of f(recording of one state). */
function meanOver(state: TwinState, f: (rec: ReturnType<typeof eegTwinRecording>) => number, seeds = [1, 2, 3], seconds = 40): number {
  let s = 0;
  for (const seed of seeds) s += f(eegTwinRecording({ seed, script: `${state} ${seconds}s` }));
  return s / seeds.length;
}
function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= a.length; mb /= b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
/** Blink-like events: upward crossings of `threshold` µV, at least 0.5 s apart. */
function crossings(x: Float64Array, threshold: number): number {
  let n = 0, last = -Infinity;
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1]! < threshold && x[i]! >= threshold && i - last > FS / 2) { n++; last = i; }
  }
  return n;
}

describe('parseStateScript', () => {
  it('reads states and durations in seconds or minutes', () => {
    expect(parseStateScript('neutral 10s, relaxed 30 s; stressed 0.5min')).toEqual([
      { state: 'neutral', seconds: 10 },
      { state: 'relaxed', seconds: 30 },
      { state: 'stressed', seconds: 30 },
    ]);
    expect(parseStateScript('Focused 12')).toEqual([{ state: 'focused', seconds: 12 }]);
  });
  it('names the broken entry', () => {
    expect(() => parseStateScript('')).toThrow(/empty/);
    expect(() => parseStateScript('neutral 10s,')).toThrow(/entry 2 .*stray comma/);
    expect(() => parseStateScript('neutral 10s, relaxd 30s')).toThrow(/entry 2 "relaxd 30s": unknown state "relaxd"; known: neutral/);
    expect(() => parseStateScript('neutral ten seconds')).toThrow(/expected "<state> <duration>"/);
    expect(() => parseStateScript('neutral 0s')).toThrow(/positive/);
    expect(() => parseStateScript('neutral 10h')).toThrow(/entry 1/);
    expect(() => new EegTwin({ seed: 1, script: [{ state: 'sleepy' as TwinState, seconds: 3 }] })).toThrow(/bad script segment/);
    expect(() => new EegTwin({ seed: 1, sampleRate: 64 })).toThrow(/at least 100 Hz/);
  });
});

describe('EegTwin', () => {
  it('is deterministic by seed, and another seed differs', () => {
    const a = eegTwinRecording({ seed: 5, script: 'neutral 3s, stressed 3s' });
    const b = eegTwinRecording({ seed: 5, script: 'neutral 3s, stressed 3s' });
    const c = eegTwinRecording({ seed: 6, script: 'neutral 3s, stressed 3s' });
    expect(a.data).toEqual(b.data);
    expect(c.data[0]).not.toEqual(a.data[0]);
    expect(a.annotations).toEqual([
      { onset: 0, duration: 3, text: 'neutral' },
      { onset: 3, duration: 3, text: 'stressed' },
    ]);
  });

  it('gives the same signal whatever the block sizes, and again after reset', () => {
    const whole = eegTwinRecording({ seed: 9, script: 'focused 2s, meditative 3s' });
    const twin = new EegTwin({ seed: 9, script: 'focused 2s, meditative 3s' });
    const out = whole.labels.map(() => new Float64Array(5 * FS));
    let at = 0;
    for (const n of [1, 0, 16, 7, 100, 33, 200, 283]) {
      twin.nextInto(out, at, n);
      at += n;
    }
    expect(at).toBe(5 * FS);
    expect(out).toEqual(whole.data);
    twin.reset();
    expect(twin.next(5 * FS)).toEqual(whole.data);
  });

  it('has amplitudes of tens of µV and correlated neighbours', () => {
    const rec = eegTwinRecording({ seed: 1, script: 'neutral 60s' });
    for (const x of rec.data) {
      const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
      expect(rms).toBeGreaterThan(5);
      expect(rms).toBeLessThan(60);
    }
    // Volume conduction: neighbours share sources, distant sites do not.
    expect(correlation(channel(rec, 'O1'), channel(rec, 'P7'))).toBeGreaterThan(0.25);
    expect(correlation(channel(rec, 'F3'), channel(rec, 'FC5'))).toBeGreaterThan(0.25);
    expect(Math.abs(correlation(channel(rec, 'F4'), channel(rec, 'O1')))).toBeLessThan(0.15);
  });

  it('has a 1/f^χ background with χ between 1 and 2 (a log-log slope over 1.5–3.5 and 32–42 Hz)', () => {
    // Fit the slope on P8 in a relaxed state away from the rhythms' peaks (theta 6, alpha ≈ 10, beta 16/24 Hz)
    // and the muscle noise (low when relaxed).
    const rec = eegTwinRecording({ seed: 4, script: 'relaxed 120s' });
    const { frequencies, psd } = welchPsd(channel(rec, 'P8'), FS, 4 * FS);
    const xs: number[] = [], ys: number[] = [];
    for (let k = 0; k < frequencies.length; k++) {
      const f = frequencies[k]!;
      if ((f >= 1.5 && f <= 3.5) || (f >= 32 && f <= 42)) { xs.push(Math.log(f)); ys.push(Math.log(psd[k]!)); }
    }
    const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0, sxx = 0;
    for (let i = 0; i < xs.length; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
    const chi = -sxy / sxx;
    expect(chi).toBeGreaterThan(1);
    expect(chi).toBeLessThan(2.2);
  });

  it('raises posterior alpha when relaxed', () => {
    for (const ch of ['O1', 'O2']) {
      const neutral = meanOver('neutral', (r) => relative(channel(r, ch)).alpha);
      const relaxed = meanOver('relaxed', (r) => relative(channel(r, ch)).alpha);
      expect(relaxed).toBeGreaterThan(1.5 * neutral);
    }
  });

  it('raises frontal beta when stressed or focused, and frontal theta when meditative', () => {
    const beta = (s: TwinState) => meanOver(s, (r) => relative(channel(r, 'F3')).beta + relative(channel(r, 'F4')).beta);
    const theta = (s: TwinState) => meanOver(s, (r) => relative(channel(r, 'F3')).theta + relative(channel(r, 'F4')).theta);
    const neutralBeta = beta('neutral');
    expect(beta('stressed')).toBeGreaterThan(1.5 * neutralBeta);
    expect(beta('focused')).toBeGreaterThan(1.5 * neutralBeta);
    expect(theta('meditative')).toBeGreaterThan(2 * theta('neutral'));
    // Stress is high beta, focus low beta.
    const hiLo = (s: TwinState) => meanOver(s, (r) => absolute(channel(r, 'F3')).highBeta / absolute(channel(r, 'F3')).lowBeta);
    expect(hiLo('stressed')).toBeGreaterThan(1.3 * hiLo('focused'));
  });

  it('puts muscle noise above 30 Hz on T7/T8 under stress, not on O1', () => {
    const gamma = (s: TwinState, ch: string) => meanOver(s, (r) => absolute(channel(r, ch)).gamma);
    const rise = (ch: string) => gamma('stressed', ch) / gamma('neutral', ch);
    expect(rise('T7')).toBeGreaterThan(3);
    expect(rise('T8')).toBeGreaterThan(3);
    // O1 gains some too (the flatter background and high beta of stress), but far less than the temporal sites.
    expect(rise('T7')).toBeGreaterThan(2.5 * rise('O1'));
  });

  it('shows blinks on AF3 (weaker on F7), not on O1, and fewer when focused', () => {
    const neutral = eegTwinRecording({ seed: 2, script: 'neutral 240s' });
    const focused = eegTwinRecording({ seed: 2, script: 'focused 240s' });
    const af3 = crossings(channel(neutral, 'AF3'), 90);
    // About 12 a minute at rest: 48 in 4 minutes, a Poisson count (sd ≈ 7); some blinks stay under 90 µV.
    expect(af3).toBeGreaterThan(25);
    expect(af3).toBeLessThan(70);
    expect(crossings(channel(neutral, 'F7'), 90)).toBeLessThan(af3 / 2);
    expect(crossings(channel(neutral, 'O1'), 90)).toBeLessThan(3);
    expect(crossings(channel(focused, 'AF3'), 90)).toBeLessThan(af3 / 1.5);
  });

  it('switches state live with a transition', () => {
    const twin = new EegTwin({ seed: 3, script: 'neutral 10s', transitionSeconds: 1 });
    twin.next(2 * FS);
    twin.setState('relaxed');
    expect(twin.stateAt(twin.timeSeconds)).toBe('relaxed');
    const x = twin.next(40 * FS);
    const o1 = x[twin.labels.indexOf('O1')]!.subarray(2 * FS);
    expect(relative(o1).alpha).toBeGreaterThan(0.45);
    expect(() => twin.setState('asleep' as TwinState)).toThrow(/unknown state "asleep"/);
    expect(TWIN_STATES).toHaveLength(5);
  });
});
