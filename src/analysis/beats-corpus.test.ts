import { describe, expect, it } from 'vitest';
import { createRandom } from '../math/random.js';
import { beatsToSeconds } from '../score/tempo.js';
import { addNoise, BEAT_TEXTURES, generateBeatPiece } from './beats-corpus.js';

describe('beat corpus', () => {
  it('is a function of the seed', () => {
    expect(generateBeatPiece(7)).toEqual(generateBeatPiece(7));
    expect(generateBeatPiece(7).score.notes).not.toEqual(generateBeatPiece(8).score.notes);
  });

  it('puts the ground truth on the tempo map: one beat per quarter, bars of the texture’s metre', () => {
    for (const texture of BEAT_TEXTURES) {
      const p = generateBeatPiece(3, { texture, bars: 8 });
      const perBar = texture === 'waltz' ? 3 : 4;
      expect(p.score.timeSignatures[0]!.numerator).toBe(perBar);
      expect(p.beats.length).toBe(8 * perBar + 1);
      p.beats.forEach((t, i) => expect(t).toBeCloseTo(beatsToSeconds(p.score.tempos, i), 9));
      expect(p.downbeats.length).toBe(9);
    }
  });

  it('follows its tempo curve: rubato and ritardando move the beats, jitter moves only the notes', () => {
    const steady = generateBeatPiece(5, { texture: 'chorale', bpm: 100, rubato: 0, ritardando: 0, jitterSeconds: 0 });
    const ibis = steady.beats.slice(1).map((t, i) => t - steady.beats[i]!);
    for (const d of ibis) expect(d).toBeCloseTo(0.6, 9);
    // with no jitter, every chorale chord starts on a beat
    for (const n of steady.score.notes) expect(steady.beats.some((b) => Math.abs(b - n.onset) < 1e-9)).toBe(true);
    const rubato = generateBeatPiece(5, { texture: 'chorale', bpm: 100, rubato: 0.1, ritardando: 0.3, jitterSeconds: 0.02 });
    const r = rubato.beats.slice(1).map((t, i) => t - rubato.beats[i]!);
    expect(Math.max(...r) / Math.min(...r)).toBeGreaterThan(1.2);
    expect(r[r.length - 1]!).toBeGreaterThan(r[0]! * 1.1); // slower at the end
    const off = rubato.score.notes.map((n) => Math.min(...rubato.beats.map((b) => Math.abs(b - n.onset))));
    expect(Math.max(...off)).toBeGreaterThan(0.005);
    expect(Math.max(...off)).toBeLessThan(0.061); // clamped at 3 SD
  });

  it('adds noise at the stated SNR', () => {
    const x = Float32Array.from({ length: 20000 }, (_, i) => Math.sin(i / 7));
    const y = addNoise(x, 10, createRandom(2));
    let ps = 0;
    let pn = 0;
    for (let i = 0; i < x.length; i++) {
      ps += x[i]! ** 2;
      pn += (y[i]! - x[i]!) ** 2;
    }
    expect(10 * Math.log10(ps / pn)).toBeCloseTo(10, 0);
  });

  it('refuses impossible settings', () => {
    expect(() => generateBeatPiece(1, { bpm: 5 })).toThrow(/bpm must be 20–300/);
    expect(() => generateBeatPiece(1, { bars: 1.5 })).toThrow(/bars must be a whole number/);
  });
});
