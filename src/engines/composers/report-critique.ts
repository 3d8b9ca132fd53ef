/** The critic's report: a piece's melody with its violations marked, the tally by rule, every finding. */
import type { Melody } from '../../analysis/corpus/melody.js';
import { reportHtml } from '../../report/html.js';
import type { Critique } from './rules/critic.js';
import { critiqueSection, melodyPlot } from './report-common.js';

/** The report as one HTML page. */
export async function critiqueReportHtml(input: { piece: string; melody: Melody; critique: Critique; keyName: string; keyHow: string; version: string }): Promise<string> {
  return reportHtml({
    title: `Critique of ${input.piece}`,
    subtitle: `melody of ${input.critique.notes} notes in ${input.keyName} (${input.keyHow})`,
    sections: [{ heading: 'The melody', blocks: [await melodyPlot(input.melody, input.critique)] }, critiqueSection(input.critique, 'The rule checker', 500)],
    footer: `neuromusic ${input.version} · critique ${input.piece}`,
  });
}
