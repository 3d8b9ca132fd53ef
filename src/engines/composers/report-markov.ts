/**
 * The Markov composer's report: the corpus, the first-order pitch transition matrix as a heat map, held-out
 * log-likelihood per order against order 0 (where a higher order starts to memorise), the plagiarism check and the
 * rule checker's findings.
 */
import type { CorpusMelody } from '../../analysis/corpus/corpus.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { reportHtml, type ReportSection } from '../../report/html.js';
import { pitchName } from '../../score/pitch.js';
import type { OrderEvaluation, Plagiarism } from './markov/evaluate.js';
import type { MarkovGeneration } from './markov/generate.js';
import type { MarkovModel } from './markov/model.js';
import type { Critique } from './rules/critic.js';
import { critiqueSection, melodyPlot } from './report-common.js';

/** Everything the report shows. */
export interface MarkovReportInput {
  melodies: readonly CorpusMelody[];
  model: MarkovModel;
  generation: MarkovGeneration;
  evaluation: readonly OrderEvaluation[];
  heldOutLabel: string;
  plagiarism: Plagiarism;
  critique: Critique;
  corpusLabel: string;
  keyName: string;
  temperature: number;
  seed: number;
  command: string;
  version: string;
}

/**
 * The first-order pitch transition probabilities of melodies: P(next pitch | pitch), rows summing to 1, over the
 * pitches that occur.
 */
export function pitchTransitions(melodies: readonly { pitches: readonly number[] }[]): { pitches: number[]; matrix: number[][] } {
  const set = new Set<number>();
  for (const m of melodies) for (const p of m.pitches) set.add(p);
  const pitches = [...set].sort((a, b) => a - b);
  const index = new Map(pitches.map((p, i) => [p, i]));
  const matrix = pitches.map(() => new Array<number>(pitches.length).fill(0));
  for (const m of melodies) for (let i = 1; i < m.pitches.length; i++) matrix[index.get(m.pitches[i - 1]!)!]![index.get(m.pitches[i]!)!]! += 1;
  for (const row of matrix) {
    const s = row.reduce((a, b) => a + b, 0);
    if (s > 0) for (let j = 0; j < row.length; j++) row[j]! /= s;
  }
  return { pitches, matrix };
}

/** The report as one HTML page. */
export async function markovReportHtml(input: MarkovReportInput): Promise<string> {
  const { pitches, matrix } = pitchTransitions(input.melodies);
  const names = pitches.map((p) => pitchName(p));
  const cells = matrix.flatMap((row, i) => row.map((v, j) => ({ from: names[i], to: names[j], p: v })));
  const heat: PlotSpec = {
    width: 520,
    height: 520,
    title: 'P(next pitch | pitch), first order, over the corpus',
    data: { values: cells },
    mark: 'rect',
    encoding: {
      x: { field: 'to', type: 'ordinal', sort: names, title: 'next pitch' },
      y: { field: 'from', type: 'ordinal', sort: [...names].reverse(), title: 'pitch' },
      color: { field: 'p', type: 'quantitative', title: 'probability', scale: { scheme: 'viridis' } },
      tooltip: [{ field: 'from' }, { field: 'to' }, { field: 'p', format: '.3f' }],
    },
  };
  const sections: ReportSection[] = [
    {
      heading: 'The piece',
      blocks: [
        {
          kind: 'figures',
          items: [
            { label: 'order', value: String(input.model.order) },
            { label: 'tokens', value: `${input.model.alphabet} × duration` },
            { label: 'vocabulary', value: String(input.model.vocabulary.length) },
            { label: 'temperature', value: String(input.temperature) },
            { label: 'notes', value: String(input.generation.melody.pitches.length) },
            { label: 'bits per note (model)', value: input.generation.bitsPerNote.toFixed(2) },
            { label: 'longest copied run', value: `${input.plagiarism.notes} notes` },
          ],
        },
        await melodyPlot(input.generation.melody, input.critique, `Markov melody in ${input.keyName}`),
        {
          kind: 'text',
          html: `<p>Longest run of notes (pitch and duration) copied verbatim from one corpus melody: <b>${input.plagiarism.notes}</b>${input.plagiarism.source ? ` (from ${escape(input.plagiarism.source)}, its note ${input.plagiarism.sourceAt! + 1}; in the new melody from note ${input.plagiarism.at + 1})` : ''}. Backtracks to meet the constraints: ${input.generation.backtracks}${input.generation.forcedEnding ? '; the last note was set to the tonic by hand after the budget ran out' : ''}.</p>`,
        },
      ],
    },
    {
      heading: 'Held-out log-likelihood per order',
      blocks:
        input.evaluation.length > 0
          ? [
              {
                kind: 'plot',
                svg: await plotSvg({
                  width: 520,
                  height: 260,
                  data: { values: input.evaluation.flatMap((r) => [{ order: r.order, set: 'training pieces', bits: r.trainBits }, { order: r.order, set: 'held-out pieces', bits: r.heldOutBits }]) },
                  mark: { type: 'line', point: true },
                  encoding: {
                    x: { field: 'order', type: 'ordinal', title: 'order' },
                    y: { field: 'bits', type: 'quantitative', title: 'mean log₂ P per note (bits)', scale: { zero: false } },
                    color: { field: 'set', type: 'nominal', title: null },
                  },
                }),
                caption: `Training pieces keep improving with the order; held-out pieces (${input.heldOutLabel}) stop improving where the chain starts to memorise.`,
              },
              {
                kind: 'table',
                header: ['order', 'training bits/note', 'held-out bits/note', 'gain over order 0', 'held-out perplexity', 'unseen tokens'],
                rows: input.evaluation.map((r) => [r.order, r.trainBits, r.heldOutBits, r.gainOverOrder0, r.heldOutPerplexity, `${(r.unseenShare * 100).toFixed(1)} %`]),
                caption: 'Interpolated Witten–Bell smoothing down to a uniform distribution over the vocabulary plus one unseen token.',
              },
            ]
          : [{ kind: 'text', html: `<p>No held-out evaluation: ${escape(input.heldOutLabel)}.</p>` }],
    },
    { heading: 'Transition matrix', blocks: [{ kind: 'plot', svg: await plotSvg(heat), caption: `${input.melodies.length} melodies of ${input.corpusLabel}, transposed to the tonic of ${input.keyName}.` }] },
    critiqueSection(input.critique),
  ];
  return reportHtml({
    title: 'Markov composer',
    subtitle: `${input.melodies.length} melodies of ${input.corpusLabel}, ${input.keyName}, seed ${input.seed}`,
    sections,
    footer: `${input.command} · neuromusic ${input.version}`,
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
