/**
 * What the markov, rules and recombinant engines of `neuromusic compose` share on the command line: the corpus
 * (a folder through src/node/corpus-folder.ts, or the built-in tunes), the key, the length in bars, and writing the
 * piece (MIDI, WAV with the chosen instrument, the report) through the run's output set.
 */
import { join } from 'node:path';
import { builtInCorpusScores, prepareCorpus, type Corpus } from '../analysis/corpus/index.js';
import type { Melody } from '../analysis/corpus/melody.js';
import { critiqueMelody, type Critique } from '../engines/composers/rules/critic.js';
import type { RuleKey } from '../engines/composers/rules/tonality.js';
import { melodyToScore, type ChordEvent } from '../engines/composers/shared/melody-score.js';
import { FormatError } from '../formats/errors.js';
import { writeMidi } from '../formats/midi.js';
import { loadCorpusFolder } from '../node/corpus-folder.js';
import { describeInstrument, instrumentSource, type Instrument } from '../node/instruments.js';
import { parseKey } from '../score/scales.js';
import type { Score } from '../score/types.js';
import type { ComposeContext } from './compose-engine.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';

/** Tempo of the composers' pieces, quarter notes per minute. */
export const COMPOSER_BPM = 100;


/** The corpus of a run: a folder's pieces or the built-in tunes, prepared with the given tonic. */
export function loadComposerCorpus(dir: string | undefined, tonic = 0): { scores: Score[]; corpus: Corpus; label: string } {
  const scores = dir === undefined ? builtInCorpusScores() : loadCorpusFolder(dir);
  const label = dir ?? 'the built-in corpus';
  try {
    return { scores, corpus: prepareCorpus(scores, { tonic }), label };
  } catch (err) {
    throw new FormatError(label, (err as Error).message);
  }
}

/** A "G major" / "A minor" key from --key. */
export function parseComposerKey(text: string, engine: string): { tonic: number; mode: 'major' | 'minor' } {
  let key;
  try {
    key = parseKey(text);
  } catch (err) {
    throw new UsageError(`--key: ${(err as Error).message}`);
  }
  if (key.scale !== 'major' && key.scale !== 'minor') throw new UsageError(`--key ${text}: the ${engine} composer writes in major or minor keys`);
  return { tonic: key.tonic, mode: key.scale };
}

/** The key most melodies of a corpus are in (ties: the lower tonic). */
export function commonKey(corpus: Corpus): { tonic: number; mode: 'major' | 'minor' } {
  const counts = new Map<string, { tonic: number; mode: 'major' | 'minor'; n: number }>();
  for (const m of corpus.melodies) {
    const id = `${m.key.tonic} ${m.key.mode}`;
    const e = counts.get(id) ?? { tonic: m.key.tonic, mode: m.key.mode, n: 0 };
    e.n++;
    counts.set(id, e);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || a.tonic - b.tonic)[0]!;
}

/** The corpus and key of a run: --key, or the corpus's most common key; melodies transposed to its tonic. */
export function corpusAndKey(context: ComposeContext, options: { corpus?: string; key?: string }, engine: string): { corpus: Corpus; label: string; key: { tonic: number; mode: 'major' | 'minor' } } {
  if (context.secondsGiven) throw new UsageError(`--seconds does not apply to --engine ${engine}: its length is --bars`);
  const given = options.key !== undefined ? parseComposerKey(options.key, engine) : undefined;
  let loaded = loadComposerCorpus(options.corpus);
  const key = given ?? commonKey(loaded.corpus);
  if (key.tonic !== 0) loaded = { ...loaded, corpus: prepareCorpus(loaded.scores, { tonic: key.tonic }) };
  return { corpus: loaded.corpus, label: loaded.label, key };
}

/** The melodies of a corpus in a mode, or all of them when fewer than two are (said in the note). */
export function melodiesInMode(corpus: Corpus, mode: 'major' | 'minor'): { melodies: Corpus['melodies']; note?: string } {
  const inMode = corpus.melodies.filter((m) => m.mode === mode);
  if (inMode.length >= 2) return { melodies: inMode };
  return { melodies: corpus.melodies, note: `only ${inMode.length} ${mode} melod${inMode.length === 1 ? 'y' : 'ies'} in the corpus: learning from all ${corpus.melodies.length}` };
}

/** The metre most melodies share (ties: the first met). */
export function commonMetre(melodies: readonly Melody[]): Melody['metre'] {
  const counts = new Map<string, { metre: Melody['metre']; n: number }>();
  for (const m of melodies) {
    const id = `${m.metre.numerator}/${m.metre.denominator}`;
    const e = counts.get(id) ?? { metre: m.metre, n: 0 };
    e.n++;
    counts.set(id, e);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.metre ?? { numerator: 4, denominator: 4 };
}

/** Writes the piece: `<out>/<name>.mid` and `.wav`, and the report when asked for; returns the files and lines. */
export async function writeComposition(
  context: ComposeContext,
  name: string,
  melody: Melody,
  options: { keyName: string; instrument?: Instrument; chords?: readonly ChordEvent[]; title: string; report?: () => Promise<string> },
): Promise<{ files: string[]; lines: string[]; score: Score }> {
  const score = melodyToScore(melody, { bpm: COMPOSER_BPM, key: options.keyName, source: `neuromusic compose --engine ${name}`, title: options.title, ...(options.chords ? { chords: options.chords } : {}) });
  const base = join(context.outDir, name);
  const midPath = `${base}.mid`;
  const wavPath = `${base}.wav`;
  context.outputs.declare(midPath, wavPath);
  context.outputs.file(midPath, writeMidi(score, { trackPer: 'voice' }));
  const bar = createProgress('rendering', context.quiet);
  try {
    context.outputs.wav(wavPath, instrumentSource(score, options.instrument, { sampleRate: context.sampleRate }), { sampleRate: context.sampleRate, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  const files = [midPath, wavPath];
  const lines = [`  wrote ${midPath}${options.chords ? ' (melody and chords, a track each)' : ''}`, `  wrote ${wavPath} (${describeInstrument(options.instrument ?? { kind: 'piano' })})`];
  if (context.report && options.report) {
    context.outputs.file(context.report, await options.report());
    files.push(context.report);
    lines.push(`  wrote ${context.report}`);
  }
  return { files, lines, score };
}

/** The critic's verdict on an engine's melody, as summary fields and a line. */
export function critiqueSummary(melody: Melody, key: RuleKey): { critique: Critique; line: string } {
  const critique = critiqueMelody(melody, key);
  const broken = Object.entries(critique.byRule).filter(([, n]) => n > 0);
  const line = `  rule checker: ${critique.findings.length} violation${critique.findings.length === 1 ? '' : 's'} in ${critique.notes} notes${broken.length > 0 ? ` (${broken.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`;
  return { critique, line };
}
