import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMidi } from '../../formats/midi.js';
import { createScore } from '../../score/ops.js';
import { hasShared, sharedData } from '../../../test/helpers/shared.js';
import { FOLK_TUNES, builtInCorpusScores, parseFolkTune } from '../../pieces/folk-tunes.js';
import { corpusStatistics, estimateMetre, extractMelody, findKey, findKeyFromWeights, KEY_PROFILES, melodyFrom, prepareCorpus, sameMetreClass, shiftBetween, statisticsDistance, totalVariation } from './index.js';

describe('Krumhansl–Schmuckler key finding', () => {
  it('finds each of the 24 keys from its own profile (correlation 1)', () => {
    for (let tonic = 0; tonic < 12; tonic++) {
      for (const mode of ['major', 'minor'] as const) {
        const w = Array.from({ length: 12 }, (_, pc) => KEY_PROFILES.krumhansl[mode][(pc - tonic + 12) % 12]!);
        const k = findKeyFromWeights(w);
        expect([k.tonic, k.mode]).toEqual([tonic, mode]);
        expect(k.correlation).toBeCloseTo(1, 12);
      }
    }
  });
  it('names a harmonic-minor scale minor and a major scale major', () => {
    expect(findKey([57, 59, 60, 62, 64, 65, 68, 69, 64, 57], [2, 1, 1, 1, 2, 1, 1, 2, 1, 3]).name).toBe('A minor');
    expect(findKey([62, 64, 66, 67, 69, 71, 73, 74, 69, 62], [2, 1, 1, 1, 2, 1, 1, 2, 1, 3]).name).toBe('D major');
    expect(findKey([65, 67, 69, 70, 72, 74, 76, 77, 72, 65], [2, 1, 1, 1, 2, 1, 1, 2, 1, 3]).name).toBe('F major');
  });
  it('refuses an empty melody', () => {
    expect(() => findKey([])).toThrow(/no notes/);
    expect(() => findKeyFromWeights([1, 2])).toThrow(/12 bins/);
  });
});

describe('melody extraction', () => {
  it('keeps the highest note at each onset of the highest voice, lasting to the next onset', () => {
    const score = createScore(
      [
        { onset: 0, duration: 0.25, pitch: 72, velocity: 1, voice: 0 },
        { onset: 0, duration: 0.25, pitch: 67, velocity: 1, voice: 0 },
        { onset: 0.5, duration: 0.5, pitch: 74, velocity: 1, voice: 0 },
        { onset: 0, duration: 1, pitch: 48, velocity: 1, voice: 1 },
        { onset: 0.5, duration: 1, pitch: 52, velocity: 1, voice: 1 },
      ],
      { tempos: [{ time: 0, bpm: 120 }] },
    );
    const m = extractMelody(score);
    expect(m.pitches).toEqual([72, 74]);
    expect(m.durations).toEqual([1, 1]); // the rest after the first note is absorbed; 0.5 s = 1 beat at 120 bpm
    expect(extractMelody(score, { voice: 1 }).pitches).toEqual([48, 52]);
  });
  it('counts the pickup of a built-in tune as its anacrusis', () => {
    const greensleeves = builtInCorpusScores().find((s) => s.meta.title === 'Greensleeves')!;
    const m = extractMelody(greensleeves);
    expect(m.anacrusis).toBe(1);
    expect(m.metre).toEqual({ numerator: 3, denominator: 4 });
  });
  it('refuses a score without notes', () => {
    expect(() => extractMelody(createScore([]))).toThrow(/no notes/);
  });
});

describe('metre estimation', () => {
  it('hears a waltz as triple and a march as duple', () => {
    const waltz = melodyFrom(Array(12).fill(60), [2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]);
    expect(estimateMetre(waltz).metre).toEqual({ numerator: 3, denominator: 4 });
    const march = melodyFrom(Array(16).fill(60), [1.5, 0.5, 1, 1, 1.5, 0.5, 1, 1, 1.5, 0.5, 1, 1, 1.5, 0.5, 1, 1]);
    expect(sameMetreClass(estimateMetre(march).metre, { numerator: 4, denominator: 4 })).toBe(true);
  });
});

describe('the built-in corpus', () => {
  it('parses every tune with whole bars', () => {
    for (const t of FOLK_TUNES) expect(parseFolkTune(t).pitches.length).toBeGreaterThan(20);
  });
  it('rejects a broken tune with the bar named', () => {
    expect(() => parseFolkTune({ ...FOLK_TUNES[0]!, notes: 'C4/1 C4/1 | C4/1' })).toThrow(/bar 1 holds 2 quarter notes, not 4/);
    expect(() => parseFolkTune({ ...FOLK_TUNES[0]!, notes: 'C4/1 X/1' })).toThrow(/"X\/1" in bar 1/);
  });
  it('transposes every melody to C and keeps its written key in at least 10 of 12 tunes', () => {
    const corpus = prepareCorpus(builtInCorpusScores());
    const agree = corpus.melodies.filter((m) => m.key.name === m.statedKey).length;
    expect(agree).toBeGreaterThanOrEqual(10);
    for (const m of corpus.melodies) expect(((m.key.tonic + m.transposition) % 12 + 12) % 12).toBe(0);
  });
});

describe('statistics', () => {
  it('counts intervals and durations by hand', () => {
    const s = corpusStatistics([melodyFrom([60, 62, 59, 71], [1, 0.5, 0.5, 2])]);
    expect(s.intervals[12 + 2]).toBeCloseTo(1 / 3);
    expect(s.intervals[12 - 3]).toBeCloseTo(1 / 3);
    expect(s.intervals[24]).toBeCloseTo(1 / 3); // +12
    expect(s.durations[2]).toBeCloseTo(0.5); // two eighths of four notes
    expect(s.meanRange).toBe(12);
    expect(s.stepShare).toBeCloseTo(1 / 3);
  });
  it('measures distances between distributions', () => {
    expect(totalVariation([1, 0], [0, 1])).toBe(1);
    const a = corpusStatistics([melodyFrom([60, 62, 64], [1, 1, 1])]);
    expect(statisticsDistance(a, a).mean).toBe(0);
    expect(shiftBetween(7, 0)).toBe(5);
    expect(shiftBetween(6, 0)).toBe(-6);
    expect(shiftBetween(2, 0)).toBe(-2);
  });
});

describe.skipIf(!hasShared)('the Swedish folk-dance corpus (../shared/data/corpus)', () => {
  const dir = sharedData('corpus');
  const scores = hasShared ? readdirSync(dir).filter((f) => f.endsWith('.mid')).map((f) => readMidi(readFileSync(`${dir}/${f}`), f)) : [];
  it('finds the stated key of at least 30 of the 40 dances (Krumhansl–Kessler profiles; 32 measured)', () => {
    const corpus = prepareCorpus(scores);
    expect(corpus.melodies.filter((m) => m.key.name === m.statedKey).length).toBeGreaterThanOrEqual(30);
  });
  it('takes the melody from the upper staff', () => {
    const m = extractMelody(scores[0]!);
    const upper = scores[0]!.notes.filter((n) => n.voice === 0);
    expect(Math.min(...m.pitches)).toBeGreaterThanOrEqual(Math.min(...upper.map((n) => n.pitch)));
    expect(m.pitches.length).toBeGreaterThan(100);
  });
});
