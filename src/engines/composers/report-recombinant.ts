/**
 * The recombinant composer's report: the melody, the table of segments with their sources and how each joins the
 * one before, the plagiarism check and the rule checker's findings.
 */
import { reportHtml, type ReportSection } from '../../report/html.js';
import type { Plagiarism } from './markov/evaluate.js';
import type { Recombination } from './recombinant/recombine.js';
import type { Critique } from './rules/critic.js';
import { critiqueSection, melodyPlot } from './report-common.js';

/** Input of {@link recombinantReportHtml}. */
export interface RecombinantReportInput {
  result: Recombination;
  segments: number;
  critique: Critique;
  plagiarism: Plagiarism;
  keyName: string;
  corpusLabel: string;
  seed: number;
  command: string;
  version: string;
}

const JOIN_WORDS = { start: 'opening', destination: 'on the destination note', step: 'within a step of it', third: 'within a third of it' } as const;

/** The report as one HTML page. */
export async function recombinantReportHtml(input: RecombinantReportInput): Promise<string> {
  const joins = input.result.joins;
  const exact = joins.filter((j) => j.pitch === 'destination').length;
  const rhythm = joins.filter((j, i) => i > 0 && j.rhythm).length;
  const sections: ReportSection[] = [
    {
      heading: 'The melody',
      blocks: [
        {
          kind: 'figures',
          items: [
            { label: 'segments used', value: String(joins.length) },
            { label: 'segments available', value: String(input.segments) },
            { label: 'joins on the destination note', value: `${exact} of ${joins.length - 1}` },
            { label: 'rhythm continues', value: `${rhythm} of ${joins.length - 1}` },
            { label: 'backtracks', value: String(input.result.backtracks) },
            { label: 'longest copied run', value: `${input.plagiarism.notes} notes` },
          ],
        },
        await melodyPlot(input.result.melody, input.critique, `Recombinant melody in ${input.keyName}`),
      ],
    },
    {
      heading: 'Where every segment comes from',
      blocks: [
        {
          kind: 'table',
          header: ['segment', 'source', 'source bar', 'join', 'rhythm'],
          rows: joins.map((j, i) => [i + 1, j.segment.title ? `${j.segment.title} (${j.segment.source})` : j.segment.source, j.segment.bar, JOIN_WORDS[j.pitch], i === 0 ? '—' : j.rhythm ? 'continues' : 'changes']),
          caption: `Segments of ${input.corpusLabel}, transposed to the tonic of ${input.keyName}. A join "on the destination note" starts where the previous segment's source went next (Cope).`,
        },
      ],
    },
    critiqueSection(input.critique),
  ];
  return reportHtml({ title: 'Recombinant composer', subtitle: `${input.keyName}, seed ${input.seed}`, sections, footer: `${input.command} · neuromusic ${input.version}` });
}
