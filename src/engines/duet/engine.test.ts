import { describe, expect, it } from 'vitest';
import { inKey, parseKey } from '../../score/scales.js';
import type { NoteEvent } from '../../score/types.js';
import { composeDuet, type DuetRun } from './compose.js';
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';
import { DUET_VOICES, DuetEngine, GM_PERCUSSION_CHANNEL } from './engine.js';
import { renderDrums } from '../../synth/drums.js';
import { envelopeFromAudio, pulseEnvelope } from './input.js';
import { GM_DRUM_KEYS } from './params.js';

const constant = (c: Partial<DuetControls>) => [{ timeSeconds: 0, controls: { ...DEFAULT_DUET_CONTROLS, ...c } }];
const melody = (run: DuetRun, from = 0): NoteEvent[] => run.score.notes.filter((n) => n.voice === DUET_VOICES.melody && n.onset >= from);

/** Mean of a trajectory series over [s0, s1) seconds. */
function meanOver(run: DuetRun, series: Float64Array, s0: number, s1: number): number {
  const f = run.trajectory.frameSeconds;
  const a = Math.round(s0 / f);
  const b = Math.round(s1 / f);
  let s = 0;
  for (let i = a; i < b; i++) s += series[i]!;
  return s / (b - a);
}

/** Shannon entropy (bits) of the successive intervals of a pitch sequence. */
function intervalEntropy(pitches: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < pitches.length; i++) counts.set(pitches[i]! - pitches[i - 1]!, (counts.get(pitches[i]! - pitches[i - 1]!) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / (pitches.length - 1);
    h -= p * Math.log2(p);
  }
  return h;
}

describe('the drummer (ASHLE)', () => {
  // A 2.2 Hz pulse for 20 s, then silence for 20 s; f0 = 2 Hz (Roman et al. 2023's protocol, shortened).
  const input = pulseEnvelope(2.2, 40, { stopSeconds: 20 });
  const run = composeDuet({ seconds: 40, seed: 1, input });
  const fixedTempo = composeDuet({ seconds: 40, seed: 1, input, drummer: { lambda1: 0 } });

  it('locks to a 2.2 Hz pulse: its tempo is the pulse rate and its beats keep a constant phase to the pulses', () => {
    expect(meanOver(run, run.trajectory.drummerHz, 10, 20)).toBeCloseTo(2.2, 2);
    const beats = run.beats.filter((b) => b >= 10 && b < 20);
    expect(beats.length).toBeGreaterThanOrEqual(21); // 10 s at 2.2 beats a second
    let re = 0;
    let im = 0;
    for (const b of beats) {
      re += Math.cos(2 * Math.PI * 2.2 * b);
      im += Math.sin(2 * Math.PI * 2.2 * b);
    }
    expect(Math.hypot(re, im) / beats.length).toBeGreaterThan(0.95); // PLV of beats with the pulse train
  });

  it('learns the tempo by λ1 (with λ1 = 0 its natural frequency stays at f0) and relaxes back by λ2 when the input stops', () => {
    const learned = run.trajectory.drummerLearnedHz;
    const at = (s: number): number => Math.round(s / run.trajectory.frameSeconds);
    expect(learned[at(20)]!).toBeGreaterThan(2.05); // moved from f0 = 2 toward 2.2
    expect(learned[at(20)]!).toBeLessThan(2.2); // elasticity holds it back
    for (const v of fixedTempo.trajectory.drummerLearnedHz) expect(v).toBe(2); // no learning, no elasticity force at f0
    // After the stop it drifts back toward f0: lower at 40 s than at 20 s, and the tempo nearer 2 than 2.2.
    expect(learned[at(40)]!).toBeLessThan(learned[at(20)]! - 0.05);
    expect(meanOver(run, run.trajectory.drummerHz, 35, 40)).toBeLessThan(2.1);
  });

  it('holds its tempo nearer f0 with a larger elasticity λ2', () => {
    const stiff = composeDuet({ seconds: 20, seed: 1, input, controls: constant({ lambda2: 8 }) });
    const at = Math.round(18 / stiff.trajectory.frameSeconds);
    const pulled = stiff.trajectory.drummerLearnedHz[at]! - 2;
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(run.trajectory.drummerLearnedHz[at]! - 2);
  });

  it('plays alone at f0 · tempoScale', () => {
    for (const tempoScale of [1, 1.25]) {
      const alone = composeDuet({ seconds: 20, seed: 2, controls: constant({ tempoScale }) });
      const late = alone.beats.filter((b) => b >= 10);
      expect((late.length - 1) / (late.at(-1)! - late[0]!)).toBeCloseTo(2 * tempoScale, 1);
    }
  });

  it('plays the rock pattern: kick on beats 1 and 3, snare on 2 and 4, hi-hats on every eighth, on MIDI channel 10', () => {
    const alone = composeDuet({ seconds: 8, seed: 2 });
    const drums = alone.score.notes.filter((n) => n.voice === DUET_VOICES.drums);
    for (const n of drums) expect(n.channel).toBe(GM_PERCUSSION_CHANNEL);
    const onsets = (key: number): number[] => drums.filter((n) => n.pitch === key).map((n) => n.onset);
    const beats = alone.beats;
    expect(onsets(GM_DRUM_KEYS.kick)).toEqual(beats.filter((_, i) => i % 2 === 0));
    expect(onsets(GM_DRUM_KEYS.snare)).toEqual(beats.filter((_, i) => i % 2 === 1));
    const hats = onsets(GM_DRUM_KEYS.hihat);
    expect(hats.filter((t) => beats.includes(t))).toEqual(beats);
    expect(Math.abs(hats.length - 2 * beats.length)).toBeLessThanOrEqual(1);
  });
});

describe('the melodist (Lorenz)', () => {
  it('stays in the key and the register', () => {
    for (const [key, lowPitch, highPitch, rho] of [['D minor', 57, 81, 28], ['F# major pentatonic', 40, 60, 35], ['C blues', 60, 72, 20]] as const) {
      const run = composeDuet({ seconds: 20, seed: 5, melodist: { key, lowPitch, highPitch }, controls: constant({ rho, density: 0.8 }) });
      const notes = melody(run);
      expect(notes.length).toBeGreaterThan(20);
      const k = parseKey(key);
      for (const n of notes) {
        expect(inKey(n.pitch, k)).toBe(true);
        expect(n.pitch).toBeGreaterThanOrEqual(lowPitch);
        expect(n.pitch).toBeLessThanOrEqual(highPitch);
        expect(n.velocity).toBeGreaterThan(0);
        expect(n.velocity).toBeLessThanOrEqual(1);
      }
    }
  });

  it('settles below ρ ≈ 24.74 (a stable fixed point) and wanders at ρ = 28 (the chaotic attractor)', () => {
    for (const seed of [1, 2]) {
      const settled = melody(composeDuet({ seconds: 60, seed, controls: constant({ rho: 20 }) }), 30).map((n) => n.pitch);
      const wandering = melody(composeDuet({ seconds: 60, seed, controls: constant({ rho: 28 }) }), 30).map((n) => n.pitch);
      expect(settled.length).toBeGreaterThan(40);
      // The fixed point C± maps to one scale degree, or two neighbours when it lies on a rounding boundary.
      expect(new Set(settled).size).toBeLessThanOrEqual(2);
      expect(new Set(wandering).size).toBeGreaterThanOrEqual(8);
      expect(intervalEntropy(wandering)).toBeGreaterThan(intervalEntropy(settled) + 1.5);
    }
  });

  it('plays more notes at a higher density, none at density 0 (set live)', () => {
    const count = (density: number): number => melody(composeDuet({ seconds: 20, seed: 4, controls: constant({ density }) })).length;
    expect(count(0)).toBe(0);
    expect(count(0.9)).toBeGreaterThan(1.5 * count(0.3));
    const engine = new DuetEngine({ seed: 4 });
    const notes: NoteEvent[] = [];
    engine.advanceTo(5, { note: (n) => notes.push(n) });
    engine.setControls({ density: 0 });
    engine.advanceTo(10, { note: (n) => notes.push(n) });
    expect(notes.filter((n) => n.voice === DUET_VOICES.melody && n.onset > 5 + engine.stepSeconds)).toEqual([]);
    expect(notes.filter((n) => n.voice === DUET_VOICES.melody && n.onset < 5).length).toBeGreaterThan(0);
  });
});

describe('the listener (GrFNN)', () => {
  it('resonates most near the rate of a pulse input', () => {
    for (const rate of [1.6, 2.2]) {
      const run = composeDuet({ seconds: 20, seed: 1, input: pulseEnvelope(rate, 20) });
      const tr = run.trajectory;
      const N = tr.listenerFrequencies.length;
      const profile = new Float64Array(N);
      for (let f = Math.round(10 / tr.frameSeconds); f < tr.time.length; f++) for (let k = 0; k < N; k++) profile[k] = profile[k]! + tr.listenerAmplitudes[f * N + k]!;
      const best = profile.indexOf(Math.max(...profile));
      // Within one step of the bank's log grid (ratio 16^(1/29) ≈ 1.10) of the pulse rate.
      expect(Math.abs(Math.log(tr.listenerFrequencies[best]! / rate))).toBeLessThan(Math.log(16) / 29);
    }
  });

  it('hears nothing once the input stops (no strongest resonance), and the drummer’s own strokes without an input', () => {
    const stopped = composeDuet({ seconds: 30, seed: 1, input: pulseEnvelope(2.2, 30, { stopSeconds: 5 }) });
    expect(stopped.trajectory.listenerStrongestHz.at(-1)).toBeNaN();
    const alone = composeDuet({ seconds: 20, seed: 1 });
    const strongest = alone.trajectory.listenerStrongestHz.at(-1)!;
    expect(Math.abs(Math.log(strongest / 2))).toBeLessThan(Math.log(16) / 29); // the drummer's 2 beats a second
  });
});

describe('an audio input', () => {
  it('is heard through its onset envelope: the drummer follows a recorded 2.2 Hz kick drum', () => {
    const sampleRate = 22050;
    const hits = Array.from({ length: 44 }, (_, k) => ({ time: k / 2.2, drum: 'kick' as const, velocity: 0.9 }));
    const audio = { sampleRate, channels: [renderDrums(hits, { sampleRate, durationSeconds: 20 })] };
    const run = composeDuet({ seconds: 20, seed: 1, input: envelopeFromAudio(audio) });
    expect(meanOver(run, run.trajectory.drummerHz, 10, 20)).toBeCloseTo(2.2, 1);
    expect(meanOver(run, run.trajectory.listenerPlv, 10, 20)).toBeGreaterThan(0.8);
  });
});

describe('the duet engine', () => {
  it('gives the same run for the same seed (notes and trajectories) and another for another seed', () => {
    const a = composeDuet({ seconds: 6, seed: 11 });
    expect(composeDuet({ seconds: 6, seed: 11 })).toEqual(a);
    expect(melody(composeDuet({ seconds: 6, seed: 12 }))).not.toEqual(melody(a));
  });

  it('refuses bad parameters and controls with a clear message', () => {
    expect(() => new DuetEngine({ melodist: { key: 'H minor' } })).toThrow(/not a key/);
    expect(() => new DuetEngine({ controls: [{ timeSeconds: 0, controls: { ...DEFAULT_DUET_CONTROLS, density: 2 } }] })).toThrow(/density/);
    expect(() => new DuetEngine().setControls({ tempoScale: 0 })).toThrow(/tempoScale/);
  });
});
