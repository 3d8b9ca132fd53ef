/**
 * Corpus tools for the composers: melody extraction from polyphonic scores, Krumhansl–Schmuckler key finding,
 * metre detection, transposition to a common tonic and corpus statistics (interval, duration and scale-degree
 * histograms and a distance between them).
 *
 * @example
 * ```ts
 * import { prepareCorpus, builtInCorpusScores, findKey } from 'neuromusic/analysis';
 * const corpus = prepareCorpus(builtInCorpusScores());
 * console.log(corpus.melodies.length, corpus.statistics.stepShare, findKey([60, 64, 67, 72]).name);
 * ```
 */
export { extractMelody, melodyVoice, transposeMelody, melodyBeats, melodyFrom, beatsPerBar, MELODY_GRID_PER_BEAT, type Melody, type Metre, type ExtractMelodyOptions } from './melody.js';
export { findKey, findKeyFromWeights, pitchClassWeights, keyName, KEY_PROFILES, type FoundKey, type KeyProfiles, type KeyProfileName } from './key.js';
export { estimateMetre, sameBar, sameMetreClass, type FoundMetre } from './metre.js';
export { corpusStatistics, statisticsDistance, totalVariation, durationBin, DURATION_BINS, MAX_INTERVAL, type CorpusStatistics } from './statistics.js';
export { prepareCorpus, corpusMelody, shiftBetween, type Corpus, type CorpusMelody, type PrepareCorpusOptions } from './corpus.js';
export { builtInCorpusScores, folkTuneScore, parseFolkTune, FOLK_TUNES, FOLK_TUNE_BPM, type FolkTune } from '../../pieces/folk-tunes.js';
