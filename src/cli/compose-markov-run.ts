/**
 * The Markov composer's run: learn the chain from the corpus (melodies transposed to the key's tonic, in the key's
 * mode), sample a melody under the constraints, evaluate every order on held-out pieces, measure the longest run
 * copied from the corpus, check the melody against the rules, write MIDI, WAV and the report.
 */
import { prepareCorpus } from '../analysis/corpus/index.js';
import type { CorpusMelody } from '../analysis/corpus/corpus.js';
import { evaluateOrders, longestCopiedRun, splitByPiece, type OrderEvaluation } from '../engines/composers/markov/evaluate.js';
import { generateMarkov } from '../engines/composers/markov/generate.js';
import { trainMarkov, type MarkovAlphabet } from '../engines/composers/markov/model.js';
import { ruleKeyName } from '../engines/composers/rules/tonality.js';
import { FormatError } from '../formats/errors.js';
import { createRandom } from '../math/random.js';
import { loadCorpusFolder } from '../node/corpus-folder.js';
import type { Instrument } from '../node/instruments.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { commonMetre, corpusAndKey, critiqueSummary, melodiesInMode, writeComposition } from './composer-common.js';
import { UsageError } from './errors.js';

interface MarkovCliOptions {
  corpus?: string;
  key?: string;
  bars?: number;
  order?: number;
  temperature?: number;
  alphabet?: MarkovAlphabet;
  heldOut?: string;
  instrument?: Instrument;
}

/** The register of the training melodies: their lowest and highest pitch. */
function corpusRange(melodies: readonly CorpusMelody[]): [number, number] {
  let lo = 127;
  let hi = 0;
  for (const m of melodies) {
    for (const p of m.pitches) {
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    }
  }
  return [lo, hi];
}

/** Runs the Markov composer. */
export async function runMarkovCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const o = options as MarkovCliOptions;
  if (context.paramsPath) throw new UsageError('--params does not apply to --engine markov: give --order, --temperature and --alphabet');
  const { corpus, label, key } = corpusAndKey(context, o, 'markov');
  const { melodies, note } = melodiesInMode(corpus, key.mode);
  const order = o.order ?? 2;
  const alphabet = o.alphabet ?? 'pitch';
  const bars = o.bars ?? 16;
  const metre = commonMetre(melodies);
  const random = createRandom(context.seed);
  const model = trainMarkov(melodies, { order, alphabet });
  const range = corpusRange(melodies);
  const generation = generateMarkov(model, random.fork('generate'), { bars, metre, tonic: key.tonic, mode: key.mode, range, temperature: o.temperature ?? 1 });
  // Held-out evaluation: a folder of unseen pieces, or a seeded split of the corpus by piece.
  let heldOutLabel: string;
  let evaluation: OrderEvaluation[];
  if (o.heldOut !== undefined) {
    let test: CorpusMelody[];
    try {
      test = prepareCorpus(loadCorpusFolder(o.heldOut), { tonic: key.tonic }).melodies;
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError(o.heldOut, (err as Error).message);
    }
    const sameMode = test.filter((m) => m.mode === key.mode);
    heldOutLabel = `${o.heldOut} (${(sameMode.length > 0 ? sameMode : test).length} pieces)`;
    evaluation = evaluateOrders(melodies, sameMode.length > 0 ? sameMode : test, { alphabet });
  } else if (melodies.length >= 2) {
    const split = splitByPiece(melodies, random.fork('split'), 0.25);
    heldOutLabel = `${split.test.length} of ${melodies.length} corpus pieces held out (seed ${context.seed})`;
    evaluation = evaluateOrders(split.train, split.test, { alphabet });
  } else {
    heldOutLabel = 'none (the corpus has one piece)';
    evaluation = [];
  }
  const plagiarism = longestCopiedRun(generation.melody, corpus.melodies);
  const keyName = ruleKeyName(key);
  const { critique, line: critiqueLine } = critiqueSummary(generation.melody, key);
  const written = await writeComposition(context, 'markov', generation.melody, {
    keyName,
    title: `Markov chain, order ${order}`,
    ...(o.instrument ? { instrument: o.instrument } : {}),
    report: async () => {
      const { markovReportHtml } = await import('../engines/composers/report-markov.js');
      return markovReportHtml({ melodies, model, generation, evaluation, heldOutLabel, plagiarism, critique, corpusLabel: label, keyName, temperature: o.temperature ?? 1, seed: context.seed, command: context.commandLine, version: context.version });
    },
  });
  const best = evaluation.length > 0 ? evaluation.reduce((a, b) => (b.heldOutBits > a.heldOutBits ? b : a)) : undefined;
  return {
    files: written.files,
    summary: {
      corpus: label,
      melodies: melodies.length,
      key: keyName,
      metre: `${metre.numerator}/${metre.denominator}`,
      order,
      alphabet,
      temperature: o.temperature ?? 1,
      bars,
      notes: generation.melody.pitches.length,
      vocabulary: model.vocabulary.length,
      bitsPerNote: generation.bitsPerNote,
      backtracks: generation.backtracks,
      forcedEnding: generation.forcedEnding,
      longestCopiedRun: plagiarism,
      heldOut: heldOutLabel,
      evaluation,
      ...(best ? { bestHeldOutOrder: best.order } : {}),
      ruleViolations: critique.findings.length,
      ruleViolationsByRule: critique.byRule,
    },
    lines: [
      `markov: order ${order} over ${alphabet} and duration, ${melodies.length} melodies of ${label} in ${keyName}, ${bars} bars of ${metre.numerator}/${metre.denominator}, seed ${context.seed}`,
      ...(note ? [`  ${note}`] : []),
      `  ${generation.melody.pitches.length} notes, ${generation.bitsPerNote.toFixed(2)} bits per note under the model${generation.backtracks > 0 ? `, ${generation.backtracks} backtracks to meet the constraints` : ''}${generation.forcedEnding ? ' (the last note was set to the tonic by hand)' : ''}`,
      `  longest run copied from the corpus: ${plagiarism.notes} notes${plagiarism.source ? ` (${plagiarism.source}, from note ${plagiarism.sourceAt! + 1})` : ''}`,
      ...(evaluation.length > 0
        ? [`  held-out log-likelihood (${heldOutLabel}), bits per note: ${evaluation.map((r) => `order ${r.order} ${r.heldOutBits.toFixed(2)}`).join(', ')}; best order ${best!.order}`]
        : []),
      critiqueLine,
      ...written.lines,
    ],
  };
}
