import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Midi } from '@tonejs/midi';
import { builtInCorpusScores, melodyFrom, prepareCorpus } from '../../../analysis/corpus/index.js';
import { writeMidi } from '../../../formats/midi.js';
import { DEFAULT_GENETIC_WEIGHTS, FitnessEvaluator, geneticCorpusStatistics, leapScore, parseGeneticWeights, type FitnessTerm } from './fitness.js';
import { GeneticComposer } from './evolve.js';
import { barSteps, checkSong, geneticKey, melodyBars, songPitches, songToScore, spellPitch, stepPitch, type Song } from './genome.js';

const corpus = prepareCorpus(builtInCorpusScores(), { tonic: 7 });

function song(pitches: number[], durations: number[], key = geneticKey(0, 'major')): Song {
  const s = { step: new Int16Array(pitches.length), accidental: new Int8Array(pitches.length), duration: Uint8Array.from(durations), slide: new Uint8Array(pitches.length) };
  pitches.forEach((p, i) => {
    const { step, accidental } = spellPitch(p, key);
    s.step[i] = step;
    s.accidental[i] = accidental;
  });
  return s;
}

describe('genome', () => {
  it('spells key signatures by the circle of fifths', () => {
    expect(Array.from(geneticKey(7, 'major').signature)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(geneticKey(5, 'major').signature)).toEqual([0, 0, 0, 0, 0, 0, -1]);
    expect(Array.from(geneticKey(9, 'minor').signature)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(geneticKey(4, 'minor').name).toBe('E minor');
    expect(geneticKey(3, 'major').name).toBe('Eb major');
    expect(geneticKey(6, 'major').name).toBe('F# major');
  });

  it('spells every pitch so that it sounds the same, with the signature where the scale allows', () => {
    for (const [tonic, mode] of [[0, 'major'], [7, 'major'], [3, 'major'], [9, 'minor'], [1, 'minor']] as const) {
      const key = geneticKey(tonic, mode);
      for (let p = 30; p < 100; p++) {
        const { step, accidental } = spellPitch(p, key);
        expect(stepPitch(step, accidental)).toBe(p);
        if (key.scale.includes((((p - tonic) % 12) + 12) % 12)) expect(accidental).toBe(key.signature[((step % 7) + 7) % 7]);
      }
    }
  });

  it('cuts a melody into whole bars after its pickup, splitting notes at bar lines', () => {
    const m = melodyFrom([67, 72, 74, 76, 77, 79], [1, 2, 2, 3, 2, 1], { metre: { numerator: 3, denominator: 4 }, anacrusis: 1 });
    const bars = melodyBars(m, geneticKey(0, 'major'));
    // The last bar (79 alone, one beat of three) is incomplete and dropped.
    expect(bars.map((b) => songPitches(b))).toEqual([[72, 74], [74, 76], [76, 77]]);
    for (const b of bars) expect(checkSong(b, barSteps(m.metre))).toBe(1);
  });

  it('turns a slide into slideFrom in the score and a pitch-bend ramp in the MIDI file', () => {
    const s = song([60, 62, 64], [12, 12, 24]);
    s.slide[2] = 1;
    const score = songToScore(s, { bpm: 120, metre: { numerator: 4, denominator: 4 }, key: geneticKey(0, 'major') });
    expect(score.notes.map((n) => n.slideFrom)).toEqual([undefined, undefined, 62]);
    const midi = new Midi(writeMidi(score));
    const bends = midi.tracks[0]!.pitchBends;
    expect(bends.length).toBe(9);
    // Starts two semitones low (of a ±12 range), ends at rest.
    expect(bends[0]!.value).toBeCloseTo(-2 / 12, 3);
    expect(bends[8]!.value).toBeCloseTo(0, 3);
    expect(midi.tracks[0]!.controlChanges[6]?.[0]?.value).toBeCloseTo(12 / 127, 2);
  });
});

describe('fitness', () => {
  const key = geneticKey(0, 'major');
  const stats = geneticCorpusStatistics(corpus.melodies);
  const context = { key, barLength: 48, beatLength: 12, corpus: stats, weights: { ...DEFAULT_GENETIC_WEIGHTS } };
  const evaluator = new FitnessEvaluator(context);
  const terms = (s: Song): Record<FitnessTerm, number> => {
    const t = {} as Record<FitnessTerm, number>;
    evaluator.evaluate(s, t);
    return t;
  };

  it('counts accidentals against the key signature', () => {
    expect(terms(song([60, 62, 64, 65], [12, 12, 12, 12])).keySignature).toBe(1);
    expect(terms(song([60, 62, 64, 66], [12, 12, 12, 12])).keySignature).toBe(0.75);
  });

  it('scores a bar of one triad as fully consonant and a chromatic cluster lower', () => {
    expect(terms(song([60, 64, 67, 72], [12, 12, 12, 12])).harmony).toBe(1);
    expect(terms(song([60, 61, 62, 63], [12, 12, 12, 12])).harmony).toBeLessThan(0.6);
  });

  it('punishes leaps beyond an octave', () => {
    expect(leapScore(13)).toBe(0);
    expect(leapScore(-2)).toBe(1);
    expect(terms(song([60, 74, 60, 74], [12, 12, 12, 12])).leaps).toBe(0);
  });

  it('rewards a tonic ending of at least a beat', () => {
    expect(terms(song([64, 62, 60], [12, 12, 24])).cadence).toBe(1);
    expect(terms(song([64, 62, 60, 62], [12, 12, 12, 12])).cadence).toBe(0.3);
  });

  it('is the weighted mean of its terms', () => {
    const s = song([60, 62, 64, 65, 67, 65, 64, 62], [6, 6, 6, 6, 6, 6, 6, 6]);
    const t = terms(s);
    const active = evaluator.activeTerms;
    const expected = active.reduce((a, k) => a + context.weights[k] * t[k], 0) / active.reduce((a, k) => a + context.weights[k], 0);
    expect(evaluator.evaluate(s)).toBeCloseTo(expected, 12);
    expect(active).not.toContain('rules');
  });

  it('reads weight files, naming a bad term or value', () => {
    expect(parseGeneticWeights(JSON.parse(readFileSync(new URL('../../../../examples/genetic-weights.json', import.meta.url), 'utf8')))).toEqual(DEFAULT_GENETIC_WEIGHTS);
    expect(parseGeneticWeights({ leaps: 3 }).leaps).toBe(3);
    expect(() => parseGeneticWeights({ leap: 3 })).toThrow(/unknown term "leap"/);
    expect(() => parseGeneticWeights({ leaps: -1 })).toThrow(/"leaps"/);
    expect(() => parseGeneticWeights(Object.fromEntries(Object.keys(DEFAULT_GENETIC_WEIGHTS).map((k) => [k, 0])))).toThrow(/every weight is 0/);
  });
});

describe('GeneticComposer', () => {
  it('seeds from the corpus, keeps every song in whole bars and never loses its best (elitism)', () => {
    const g = new GeneticComposer({ corpus, bars: 8, population: 40, seed: 5 });
    expect(g.key.name).toBe('G major');
    g.run(30);
    for (const s of g.songs) expect(checkSong(s, g.barLength)).toBe(8);
    const bests = g.history.map((h) => h.best);
    for (let i = 1; i < bests.length; i++) expect(bests[i]!).toBeGreaterThanOrEqual(bests[i - 1]! - 1e-12);
    expect(bests.at(-1)!).toBeGreaterThan(bests[0]!);
    expect(g.history).toHaveLength(31);
    expect(Object.values(g.mutationCounts).every((c) => c > 0)).toBe(true);
  });

  it('gives the same melody for the same seed and another for another seed; rank selection works too', () => {
    const run = (seed: number, selection: 'tournament' | 'rank' = 'tournament'): number[] => {
      const g = new GeneticComposer({ corpus, bars: 4, population: 20, seed, selection });
      g.run(10);
      return songPitches(g.best.song).concat(Array.from(g.best.song.duration));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    expect(run(3, 'rank').length).toBeGreaterThan(0);
  });

  it('refuses impossible settings with a clear message', () => {
    expect(() => new GeneticComposer({ corpus, population: 1 })).toThrow(/population/);
    expect(() => new GeneticComposer({ corpus, bars: 0 })).toThrow(/bars/);
  });
});
