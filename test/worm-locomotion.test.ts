/**
 * Emergent behaviour of the worm model. Nothing asserted here is a parameter: frequencies, wave directions,
 * antiphase, speeds and turning come out of the body, the circuit and the environment together. Reference ranges:
 * swimming 1.7–2 Hz and crawling 0.3–0.5 Hz (Berri et al. 2009, Fang-Yen et al. 2010); the model's own acceptance range is 0.3–2.5 Hz.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCommandScript } from '../src/engines/worm/model/command.js';
import { connectomeCircuit } from '../src/engines/worm/model/connectome-circuit.js';
import { DEFAULT_PARAMS } from '../src/engines/worm/model/params.js';
import { simulateWorm, type WormRecording } from '../src/engines/worm/model/simulate.js';
import { axialVelocity, curvatureVariance, dorsoventralCorrelation, headingChange, travellingWave, undulationSpectrum } from '../src/engines/worm/model/analysis.js';
import { parseConnectome } from '../src/engines/worm/model/connectome-file.js';
import { hasShared, sharedData } from './helpers/shared.js';

const run = (medium: number, script: string, seconds: number, extra: object = {}): WormRecording =>
  simulateWorm({ seconds, params: { environment: { medium }, ...extra }, command: parseCommandScript(script) });

describe('the worm swims and crawls (activation muscles)', () => {
  let water: WormRecording;
  let agar: WormRecording;
  beforeAll(() => {
    water = run(0, 'forward 10s, reverse 10s', 20);
    agar = run(1, 'forward 10s, reverse 10s', 20);
  });

  it('sends its body wave head → tail going forward and tail → head going backward', () => {
    for (const rec of [water, agar]) {
      expect(travellingWave(rec, { fromS: 3, toS: 10 }).phaseLagPerBodyLength).toBeGreaterThan(1);
      expect(travellingWave(rec, { fromS: 13, toS: 20 }).phaseLagPerBodyLength).toBeLessThan(-1);
    }
  });

  it('undulates at 0.3–2.5 Hz, faster and with a longer wave in water than on agar', () => {
    const fw = undulationSpectrum(water, { fromS: 3, toS: 10 }).peakHz;
    const fa = undulationSpectrum(agar, { fromS: 3, toS: 10 }).peakHz;
    for (const f of [fw, fa]) {
      expect(f).toBeGreaterThan(0.3);
      expect(f).toBeLessThan(2.5);
    }
    expect(fw).toBeGreaterThan(2 * fa);
    expect(travellingWave(water, { fromS: 3, toS: 10 }).wavelengthBodyLengths).toBeGreaterThan(travellingWave(agar, { fromS: 3, toS: 10 }).wavelengthBodyLengths);
  });

  it('contracts dorsal and ventral muscles of a segment in antiphase', () => {
    expect(dorsoventralCorrelation(water, { fromS: 3, toS: 10 })).toBeLessThan(-0.5);
    expect(dorsoventralCorrelation(agar, { fromS: 3, toS: 10 })).toBeLessThan(-0.5);
  });

  it('moves its centroid forward, then backward, with the command', () => {
    for (const rec of [water, agar]) {
      expect(axialVelocity(rec, { fromS: 3, toS: 10 })).toBeGreaterThan(0.02); // mm/s
      expect(axialVelocity(rec, { fromS: 13, toS: 20 })).toBeLessThan(-0.02);
    }
    expect(agar.behaviour.slice(100, 250).filter((b) => b === 'forward').length).toBeGreaterThan(120);
    expect(agar.behaviour.slice(350, 500).filter((b) => b === 'backward').length).toBeGreaterThan(120);
  });

  it('turns left and right with the head bias', () => {
    const left = run(1, 'turn-left 12s', 12);
    const right = run(1, 'turn-right 12s', 12);
    const straight = headingChange(run(1, 'forward 12s', 12), { fromS: 3 });
    expect(headingChange(left, { fromS: 3 }) - straight).toBeGreaterThan(0.5); // rad, counter-clockwise
    expect(headingChange(right, { fromS: 3 }) - straight).toBeLessThan(-0.5);
  });

  it('stops moving when paused', () => {
    const rec = run(1, 'forward 6s, pause', 14);
    expect(Math.abs(axialVelocity(rec, { fromS: 10 }))).toBeLessThan(0.01);
    expect(rec.behaviour[rec.frames - 1]).toBe('pause');
  });
});

describe('the worm keeps moving', () => {
  it('still undulates after 10 simulated minutes, without NaN or blow-up', () => {
    const rec = simulateWorm({ seconds: 600, frameRate: 5, params: { environment: { medium: 0 } } });
    expect(rec.midlineX.every(Number.isFinite)).toBe(true);
    const first = curvatureVariance(rec, { fromS: 10, toS: 70 });
    const last = curvatureVariance(rec, { fromS: 540, toS: 600 });
    expect(last).toBeGreaterThan(0.5); // 1/mm²: a straight or frozen body has ≈ 0
    expect(last).toBeGreaterThan(0.5 * first);
    expect(axialVelocity(rec, { fromS: 540, toS: 600 })).toBeGreaterThan(0.02);
    const fFirst = undulationSpectrum(rec, { fromS: 10, toS: 70 }, [0.2, 0.8]).peakHz;
    const fLast = undulationSpectrum(rec, { fromS: 540, toS: 600 }, [0.2, 0.8]).peakHz;
    expect(Math.abs(fLast - fFirst) / fFirst).toBeLessThan(0.1);
  });
});

describe('with Hodgkin–Huxley muscles', () => {
  it('the rhythm still emerges: a head → tail wave in the biological range, dorsal and ventral in antiphase', () => {
    for (const medium of [0, 1]) {
      const rec = run(medium, 'forward', 10, { muscles: { model: 'hh' } });
      const w = { fromS: 3 };
      const f = undulationSpectrum(rec, w).peakHz;
      expect(f).toBeGreaterThan(0.3);
      expect(f).toBeLessThan(2.5);
      expect(travellingWave(rec, w, f).direction).toBe('head-to-tail');
      expect(dorsoventralCorrelation(rec, w)).toBeLessThan(-0.5);
      expect(axialVelocity(rec, w)).toBeGreaterThan(0.02);
    }
  });
});

describe.skipIf(!hasShared)('whole-nervous-system mode (../shared/data/connectome)', () => {
  const build = (file: string) =>
    connectomeCircuit(parseConnectome(readFileSync(sharedData('connectome', file), 'utf8'), file), DEFAULT_PARAMS.neural, DEFAULT_PARAMS.connectome, 48);

  it('simulates all 300 neurons of Cook et al. 2019 and crawls forward and backward', () => {
    const circuit = build('herm_full_edgelist.csv');
    expect(circuit.network.units).toHaveLength(300);
    const rec = simulateWorm({ seconds: 24, params: { environment: { medium: 1 } }, circuit, command: parseCommandScript('forward 12s, reverse 12s') });
    expect(rec.neurons.length).toBe(rec.frames * 300);
    expect(curvatureVariance(rec, { fromS: 4, toS: 12 })).toBeGreaterThan(2);
    expect(travellingWave(rec, { fromS: 4, toS: 12 }).direction).toBe('head-to-tail');
    expect(axialVelocity(rec, { fromS: 4, toS: 12 })).toBeGreaterThan(0.02);
    expect(axialVelocity(rec, { fromS: 16, toS: 24 })).toBeLessThan(-0.02);
  });

  it('runs the White et al. 1986 wiring too', () => {
    const circuit = build('aconnectome_white_1986_whole.csv');
    expect(circuit.network.units).toHaveLength(300);
    const rec = simulateWorm({ seconds: 12, params: { environment: { medium: 1 } }, circuit });
    expect(rec.midlineX.every(Number.isFinite)).toBe(true);
    expect(curvatureVariance(rec, { fromS: 4 })).toBeGreaterThan(2);
  });
});
