/**
 * neuromusic — the five-minute essentials: the Score model, the seeded random generator, reading and writing MIDI,
 * WAV and score JSON, rendering with the modal piano, and a piece to start from (Bach's C-major prelude). Everything
 * here is isomorphic: it runs in Node and in the browser.
 *
 * The rest of the library lives in subpaths, each with an entry point of its own:
 * `neuromusic/score` (the whole Score model), `neuromusic/formats` (MIDI, WAV, score files, WCON, strict JSON),
 * `neuromusic/synth` (the modal piano, live piano, drums), `neuromusic/math` (linear algebra, clustering,
 * statistics), `neuromusic/dynamics` (Hopf, GrFNN, ASHLE, Lorenz, PLV), `neuromusic/analysis` (piano roll,
 * patterns, beats, grooves, onsets), `neuromusic/report` (HTML reports and plots), the engines `neuromusic/worm`,
 * `neuromusic/nodal` and `neuromusic/resonance`, and `neuromusic/learn` (the learning toolkit, TensorFlow.js).
 *
 * @example
 * ```ts
 * import { bachPreludeInC, writeMidi, renderScore, encodeWav, scoreStats } from 'neuromusic';
 * import { writeFileSync } from 'node:fs';
 * const score = bachPreludeInC();
 * console.log(scoreStats(score).notes);
 * writeFileSync('prelude.mid', writeMidi(score));
 * writeFileSync('prelude.wav', encodeWav(renderScore(score), 'pcm24'));
 * ```
 *
 * @module neuromusic
 */
export type { Seconds, MidiPitch, NormalRange, NoteEvent, TempoChange, TimeSignatureChange, ScoreMeta, Score } from './score/types.js';
export { scoreSchema, parseScore, ValidationError } from './score/schema.js';
export { createScore, sliceScore, transpose, mergeScores, scoreEnd, scoreStats, type ScoreStats } from './score/ops.js';
export { pitchName, pitchFromName } from './score/pitch.js';
export { createRandom, Random } from './math/random.js';
export { FormatError } from './formats/errors.js';
export { readMidi, writeMidi, type WriteMidiOptions } from './formats/midi.js';
export { encodeWav, decodeWav, type WavEncoding, type AudioBuffers, type WavInfo } from './formats/wav.js';
export { readScoreFile, SCORE_FILE_EXTENSIONS } from './formats/score-file.js';
export { renderScore, type RenderOptions, type RenderResult } from './synth/render.js';
export { bachPreludeInC, BWV846_VOICINGS, type BachPreludeOptions } from './pieces/bach-prelude-c-major.js';
