/**
 * The genetic engine's run in `neuromusic compose`: loads the corpus (a folder of MIDI, MusicXML or **kern files, or the
 * built-in folk tunes), breeds the population, writes the best melody as MIDI (slides as pitch-bend ramps) and WAV (the modal
 * piano, the organ or a SoundFont), and with --report the fitness curve and every term over the generations.
 */
import { join } from 'node:path';
import { builtInCorpusScores, prepareCorpus, type Corpus } from '../analysis/corpus/index.js';
import { FITNESS_TERMS, TERM_DESCRIPTIONS, parseGeneticWeights, ruleCheckerTerm, type FitnessTerm } from '../engines/composers/genetic/fitness.js';
import { GeneticComposer } from '../engines/composers/genetic/evolve.js';
import { checkMelodyPitches } from '../engines/composers/rules/melody-rules.js';
import { FormatError } from '../formats/errors.js';
import { writeMidi } from '../formats/midi.js';
import { loadCorpusFolder } from '../node/corpus-folder.js';
import { readJsonFile } from '../node/read-json.js';
import { describeInstrument, instrumentSource, type Instrument } from '../node/instruments.js';
import type { Score } from '../score/types.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { commonKey, parseComposerKey } from './composer-common.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';

interface GeneticCliOptions {
  corpus?: string;
  key?: string;
  bars?: number;
  generations?: number;
  population?: number;
  weights?: string;
  explain?: boolean;
  instrument?: Instrument;
}

/** The scores of the corpus: each score file of `dir` (MIDI, MusicXML, **kern), or the built-in tunes. */
export function corpusScores(dir: string | undefined): { scores: Score[]; label: string } {
  if (dir === undefined) return { scores: builtInCorpusScores(), label: 'the built-in corpus' };
  return { scores: loadCorpusFolder(dir), label: dir };
}

/** Runs the genetic composer. */
export async function runGeneticCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const o = options as GeneticCliOptions;
  if (context.secondsGiven) throw new UsageError('--seconds does not apply to --engine genetic: its length is --bars');
  if (context.paramsPath) throw new UsageError('--params does not apply to --engine genetic: give the fitness weights with --weights');
  const weights = o.weights ? parseWeightsFile(o.weights) : undefined;
  const { scores, label } = corpusScores(o.corpus);
  let corpus: Corpus;
  try {
    corpus = prepareCorpus(scores);
  } catch (err) {
    throw new FormatError(label, (err as Error).message);
  }
  const key = o.key !== undefined ? parseComposerKey(o.key, 'genetic') : commonKey(corpus);
  if (key.tonic !== 0) corpus = prepareCorpus(scores, { tonic: key.tonic });
  const generations = o.generations ?? 200;
  let composer: GeneticComposer;
  try {
    composer = new GeneticComposer({
      corpus,
      mode: key.mode,
      bars: o.bars ?? 16,
      population: o.population ?? 200,
      seed: context.seed,
      ...(weights ? { weights } : {}),
      rules: ruleCheckerTerm(key),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new FormatError(label, err.message);
    throw err;
  }
  const bar = createProgress('evolving', context.quiet);
  const started = performance.now();
  try {
    composer.run(generations, (s) => bar.update(s.generation / Math.max(1, generations)));
  } finally {
    bar.stop();
  }
  const evolveSeconds = (performance.now() - started) / 1000;
  const best = composer.best;
  const score = composer.toScore(best.song, `Genetic melody in ${composer.key.name}, seed ${context.seed}`);
  const base = join(context.outDir, 'genetic');
  const midPath = `${base}.mid`;
  const wavPath = `${base}.wav`;
  context.outputs.declare(midPath, wavPath);
  context.outputs.file(midPath, writeMidi(score));
  const wavBar = createProgress('rendering', context.quiet);
  try {
    context.outputs.wav(wavPath, instrumentSource(score, o.instrument, { sampleRate: context.sampleRate }), { sampleRate: context.sampleRate, onProgress: wavBar.update });
  } finally {
    wavBar.stop();
  }
  const files = [midPath, wavPath];
  const pitches = score.notes.map((n) => n.pitch);
  const violations = checkMelodyPitches(pitches, { tonic: key.tonic, mode: key.mode });
  if (context.report) {
    const { geneticReportHtml } = await import('../engines/composers/genetic/report.js');
    context.outputs.file(context.report, await geneticReportHtml(composer, { command: context.commandLine, version: context.version, seed: context.seed, corpusLabel: label, violations }));
    files.push(context.report);
  }
  const first = composer.history[0]!;
  const terms = Object.fromEntries(FITNESS_TERMS.map((t) => [t, Number.isNaN(best.terms[t]) ? null : round(best.terms[t])])) as Record<FitnessTerm, number | null>;
  const slides = score.notes.filter((n) => n.slideFrom !== undefined).length;
  const lines = [
    `genetic: ${generations} generations × ${o.population ?? 200} songs of ${composer.bars} bars in ${composer.metre.numerator}/${composer.metre.denominator}, ${composer.key.name}, seed ${context.seed} (${evolveSeconds.toFixed(1)} s)`,
    `  corpus: ${composer.corpus.length} of ${corpus.melodies.length} melodies from ${label} (those in ${composer.metre.numerator}/${composer.metre.denominator} and ${composer.key.mode})`,
    `  best fitness ${best.fitness.toFixed(4)} (found in generation ${best.generation}; the seeded population's best ${first.best.toFixed(4)}, mean ${first.mean.toFixed(4)})`,
    `  ${score.notes.length} notes, ${slides} slide${slides === 1 ? '' : 's'}; the rule checker finds ${violations.length} violation${violations.length === 1 ? '' : 's'}`,
    ...(o.explain ? explainLines(composer) : []),
    `  wrote ${midPath}`,
    `  wrote ${wavPath} (${describeInstrument(o.instrument ?? { kind: 'piano' })})`,
    ...(context.report ? [`  wrote ${context.report}`] : []),
  ];
  return {
    files,
    lines,
    summary: {
      key: composer.key.name,
      metre: `${composer.metre.numerator}/${composer.metre.denominator}`,
      bars: composer.bars,
      generations,
      population: o.population ?? 200,
      seed: context.seed,
      corpus: label,
      corpusMelodies: composer.corpus.length,
      bestFitness: round(best.fitness),
      bestGeneration: best.generation,
      initialBestFitness: round(first.best),
      terms,
      weights: composer.weights,
      notes: score.notes.length,
      slides,
      ruleViolations: violations.length,
      evolveSeconds: round(evolveSeconds),
      history: composer.history.map((h) => ({ generation: h.generation, best: round(h.best), mean: round(h.mean) })),
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function parseWeightsFile(path: string): ReturnType<typeof parseGeneticWeights> {
  const data = readJsonFile(path);
  try {
    return parseGeneticWeights(data);
  } catch (err) {
    throw new FormatError(path, (err as Error).message);
  }
}

/** The best melody's fitness term by term: value × weight = share of the fitness. */
export function explainLines(composer: GeneticComposer): string[] {
  const best = composer.best;
  const active = composer.evaluator.activeTerms;
  const total = active.reduce((s, t) => s + composer.weights[t], 0);
  const lines = ['  fitness = Σ weight × term / Σ weight:'];
  for (const t of FITNESS_TERMS) {
    const v = best.terms[t];
    const w = composer.weights[t];
    const counted = active.includes(t);
    lines.push(
      `    ${t.padEnd(14)} ${Number.isNaN(v) ? '  n/a' : v.toFixed(3)} × ${w.toFixed(2).padStart(5)}${counted ? ` → ${((w * v) / total).toFixed(4)}` : ' (not counted)'}  ${TERM_DESCRIPTIONS[t]}`,
    );
  }
  lines.push(`    ${'fitness'.padEnd(14)} ${best.fitness.toFixed(4)}`);
  return lines;
}
