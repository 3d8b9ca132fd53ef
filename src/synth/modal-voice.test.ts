import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { ModalVoice } from './modal-voice.js';
import { DEFAULT_PIANO_MODEL, partialFrequency, velocityGain, type PianoModel } from './piano-model.js';
const SR = 44100;
const single: PianoModel = { ...DEFAULT_PIANO_MODEL, maxPartials: 1, twoStagePartials: 0, floorDb: -200 };

function magnitudeSpectrum(x: Float64Array, n: number): Float64Array {
  const fft = new FFT(n);
  const input = new Float64Array(n);
  for (let i = 0; i < n && i < x.length; i++) input[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  const out = fft.createComplexArray();
  fft.realTransform(out, input);
  const mag = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) mag[k] = Math.hypot(out[2 * k]!, out[2 * k + 1]!);
  return mag;
}

function centroidHz(x: Float64Array, n = 8192): number {
  const mag = magnitudeSpectrum(x, n);
  let num = 0;
  let den = 0;
  for (let k = 1; k < mag.length; k++) {
    num += k * mag[k]!;
    den += mag[k]!;
  }
  return ((num / den) * SR) / n;
}

function rms(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / (to - from));
}

describe('ModalVoice', () => {
  it('follows the closed form A·rⁿ·sin(ωn) of a damped partial while held', () => {
    const v = new ModalVoice(SR, single);
    v.start(57, 1);
    const out = new Float64Array(SR);
    v.render(out, 0, SR);
    const hz = partialFrequency(57, 1, single);
    const sigma = single.decayBase + single.decayPerSemitone * (57 - 21) + single.decayPerHz2 * hz * hz;
    const amp = velocityGain(1) * Math.sin(Math.PI / 8);
    const w = (2 * Math.PI * hz) / SR;
    for (const j of [0, 1, 100, 12345, SR - 1]) {
      expect(out[j]).toBeCloseTo(amp * Math.exp((-sigma * (j + 1)) / SR) * Math.sin(w * (j + 1)), 9);
    }
  });

  it('switches to the damper decay at note-off without a jump', () => {
    const v = new ModalVoice(SR, single);
    v.start(57, 1);
    const m = 1000;
    const out = new Float64Array(4000);
    v.render(out, 0, m);
    v.release();
    v.render(out, m, 3000);
    const hz = partialFrequency(57, 1, single);
    const sigma = single.decayBase + single.decayPerSemitone * 36 + single.decayPerHz2 * hz * hz;
    const sigma2 = sigma + single.damperDecay * (1 + hz / 2000);
    const amp = velocityGain(1) * Math.sin(Math.PI / 8);
    const w = (2 * Math.PI * hz) / SR;
    for (const j of [m, m + 1, m + 500, 3999]) {
      const expected = amp * Math.exp((-sigma * (m + 1)) / SR) * Math.exp((-sigma2 * (j - m)) / SR) * Math.sin(w * (j + 1));
      expect(out[j]).toBeCloseTo(expected, 9);
    }
  });

  it('puts the partials at n·f1·√(1 + B·n²), audibly sharp of the harmonics', () => {
    const v = new ModalVoice(SR);
    v.start(45, 0.9); // A2, 110 Hz
    const n = 1 << 16;
    const out = new Float64Array(n);
    v.render(out, 0, n);
    const mag = magnitudeSpectrum(out, n);
    const binHz = SR / n;
    for (const k of [1, 2, 3, 5, 12]) {
      const f = partialFrequency(45, k);
      // The strongest bin within ±3 Hz of the predicted partial is within one bin of it.
      let best = 0;
      let bestK = 0;
      for (let b = Math.floor((f - 3) / binHz); b <= Math.ceil((f + 3) / binHz); b++) if (mag[b]! > best) { best = mag[b]!; bestK = b; }
      expect(Math.abs(bestK * binHz - f)).toBeLessThanOrEqual(1.5 * binHz);
    }
    // B(A2) = 1e-4·10^(−15/24): the 12th partial lies 2.9 Hz above 12·f1.
    const b = 1e-4 * Math.pow(10, -15 / 24);
    expect(partialFrequency(45, 12) - 12 * 110).toBeCloseTo(12 * 110 * (Math.sqrt(1 + b * 144) - 1), 9);
    // Strike at 1/8 of the string: the 8th partial is missing.
    const f8 = partialFrequency(45, 8);
    const f7 = partialFrequency(45, 7);
    expect(mag[Math.round(f8 / binHz)]!).toBeLessThan(0.01 * mag[Math.round(f7 / binHz)]!);
  });

  it('decays, and darkens as it decays, like a struck string (not an organ)', () => {
    const v = new ModalVoice(SR);
    v.start(60, 0.8);
    const out = new Float64Array(3 * SR);
    v.render(out, 0, 3 * SR);
    const early = rms(out, 0, SR / 10);
    const late = rms(out, 2.9 * SR, 3 * SR);
    expect(20 * Math.log10(early / late)).toBeGreaterThan(12);
    expect(centroidHz(out.subarray(0, 8192))).toBeGreaterThan(1.3 * centroidHz(out.subarray(2 * SR, 2 * SR + 8192)));
    // Two-stage decay: the level falls faster in the first half second than in the last.
    const db = (a: number): number => 20 * Math.log10(rms(out, a * SR, (a + 0.1) * SR));
    expect(db(0) - db(0.5)).toBeGreaterThan(db(2.4) - db(2.9));
  });

  it('sounds brighter and louder when struck harder', () => {
    const render = (velocity: number): Float64Array => {
      const v = new ModalVoice(SR);
      v.start(60, velocity);
      const out = new Float64Array(8192);
      v.render(out, 0, 8192);
      return out;
    };
    const soft = render(0.3);
    const hard = render(1);
    expect(centroidHz(hard)).toBeGreaterThan(1.2 * centroidHz(soft));
    expect(rms(hard, 0, 8192)).toBeGreaterThan(4 * rms(soft, 0, 8192));
  });

  it('is silenced by the damper after note-off, except in the undamped treble', () => {
    const level = (pitch: number): number => {
      const v = new ModalVoice(SR);
      v.start(pitch, 0.8);
      const out = new Float64Array(SR);
      v.render(out, 0, SR / 2);
      v.release();
      v.render(out, SR / 2, SR / 2);
      return 20 * Math.log10(rms(out, SR / 2 - 2000, SR / 2) / rms(out, SR - 2000, SR));
    };
    expect(level(60)).toBeGreaterThan(30);
    expect(level(100)).toBeLessThan(15);
  });

  it('stops at the −60 dB floor and renders nothing after it', () => {
    const v = new ModalVoice(SR);
    v.start(72, 0.7);
    v.render(new Float64Array(SR), 0, SR);
    v.release();
    expect(v.endAt).toBeGreaterThan(v.position);
    expect(v.endAt - v.position).toBeLessThanOrEqual(DEFAULT_PIANO_MODEL.maxReleaseSeconds * SR);
    const tail = new Float64Array(v.endAt - v.position + 1000);
    v.render(tail, 0, tail.length);
    expect(v.finished).toBe(true);
    for (let i = tail.length - 1000; i < tail.length; i++) expect(tail[i]).toBe(0);
  });
});
