/**
 * The recombinant composer's run: segment the corpus (melodies in the key's mode and the corpus's metre, transposed
 * to the key's tonic), chain segments by the documented matching, list every segment's source, check the result
 * against the rules, write MIDI, WAV and the report.
 */
import { longestCopiedRun } from '../engines/composers/markov/evaluate.js';
import { recombine, segmentCorpus } from '../engines/composers/recombinant/recombine.js';
import { ruleKeyName } from '../engines/composers/rules/tonality.js';
import { FormatError } from '../formats/errors.js';
import { createRandom } from '../math/random.js';
import type { Instrument } from '../node/instruments.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { commonMetre, corpusAndKey, critiqueSummary, melodiesInMode, writeComposition } from './composer-common.js';
import { UsageError } from './errors.js';

interface RecombinantCliOptions {
  corpus?: string;
  key?: string;
  bars?: number;
  segmentBars?: number;
  instrument?: Instrument;
}

/** Runs the recombinant composer. */
export async function runRecombinantCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const o = options as RecombinantCliOptions;
  if (context.paramsPath) throw new UsageError('--params does not apply to --engine recombinant');
  const segmentBars = o.segmentBars ?? 1;
  if (segmentBars === 3) throw new UsageError('--segment-bars 3: give 1, 2 or 4');
  const bars = o.bars ?? 16;
  if (bars % segmentBars !== 0 || bars / segmentBars < 2) throw new UsageError(`--bars ${bars} is not a whole number (at least 2) of ${segmentBars}-bar segments`);
  const { corpus, label, key } = corpusAndKey(context, o, 'recombinant');
  const { melodies, note } = melodiesInMode(corpus, key.mode);
  const metre = commonMetre(melodies);
  const segments = segmentCorpus(melodies, metre, segmentBars);
  let result;
  try {
    result = recombine(segments, createRandom(context.seed), { segments: bars / segmentBars, metre });
  } catch (err) {
    if (err instanceof RangeError) throw new FormatError(label, err.message);
    throw err;
  }
  const keyName = ruleKeyName(key);
  const { critique, line: critiqueLine } = critiqueSummary(result.melody, key);
  const plagiarism = longestCopiedRun(result.melody, corpus.melodies);
  const written = await writeComposition(context, 'recombinant', result.melody, {
    keyName,
    title: 'Recombinant melody',
    ...(o.instrument ? { instrument: o.instrument } : {}),
    report: async () => {
      const { recombinantReportHtml } = await import('../engines/composers/report-recombinant.js');
      return recombinantReportHtml({ result, segments: segments.length, critique, plagiarism, keyName, corpusLabel: label, seed: context.seed, command: context.commandLine, version: context.version });
    },
  });
  const sources = result.joins.map((j, i) => ({ bar: i * segmentBars + 1, source: j.segment.source, sourceBar: j.segment.bar, join: j.pitch, rhythmContinues: j.rhythm }));
  return {
    files: written.files,
    summary: { corpus: label, key: keyName, metre: `${metre.numerator}/${metre.denominator}`, bars, segmentBars, segmentsAvailable: segments.length, backtracks: result.backtracks, sources, longestCopiedRun: plagiarism, ruleViolations: critique.findings.length },
    lines: [
      `recombinant: ${bars} bars of ${metre.numerator}/${metre.denominator} in ${keyName} from ${segments.length} ${segmentBars}-bar segments of ${label}, seed ${context.seed}`,
      ...(note ? [`  ${note}`] : []),
      ...sources.map((s) => `  bar ${String(s.bar).padStart(3)}: ${s.source} bar ${s.sourceBar} (${s.join === 'start' ? 'opening' : `joined ${s.join === 'destination' ? 'on the destination note' : `within a ${s.join} of it`}`}${s.join !== 'start' && !s.rhythmContinues ? ', rhythm changes' : ''})`),
      `  longest run copied from one corpus melody: ${plagiarism.notes} notes`,
      critiqueLine,
      ...written.lines,
    ],
  };
}
