/**
 * Report pieces the composers share: the melody as a piano roll, the rule checker's findings, the corpus in
 * figures.
 */
import type { Melody } from '../../analysis/corpus/melody.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import type { ReportBlock, ReportSection } from '../../report/html.js';
import { pitchName } from '../../score/pitch.js';
import type { Critique } from './rules/critic.js';

/** The melody as a piano roll (time in bars, pitch by name), violations marked in red. */
export async function melodyPlot(melody: Melody, critique?: Critique, title = 'the melody'): Promise<ReportBlock> {
  const bar = (melody.metre.numerator * 4) / melody.metre.denominator;
  const flagged = new Set(critique?.findings.map((f) => f.index) ?? []);
  const values = melody.pitches.map((p, i) => ({
    x0: (melody.onsets[i]! - melody.anacrusis) / bar + 1,
    x1: (melody.onsets[i]! + melody.durations[i]! - melody.anacrusis) / bar + 1,
    pitch: p,
    top: p + 0.8,
    name: pitchName(p),
    state: flagged.has(i) ? 'breaks a rule' : 'keeps the rules',
  }));
  const spec: PlotSpec = {
    width: 900,
    height: 220,
    title,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: 'bar', scale: { nice: false } },
      x2: { field: 'x1' },
      y: { field: 'pitch', type: 'quantitative', title: 'MIDI pitch', scale: { zero: false } },
      y2: { field: 'top' },
      color: { field: 'state', type: 'nominal', scale: { domain: ['keeps the rules', 'breaks a rule'], range: ['#4c78a8', '#e45756'] }, title: null },
      tooltip: [{ field: 'name' }, { field: 'x0', title: 'bar', format: '.2f' }],
    },
  };
  return { kind: 'plot', svg: await plotSvg(spec), caption: 'Each note as a bar of its length; red notes are where a rule is broken.' };
}

/** The rule checker's findings as a section: a tally by rule and the first violations with their places. */
export function critiqueSection(critique: Critique, heading = 'The rule checker on this melody', limit = 40): ReportSection {
  return {
    heading,
    blocks: [
      { kind: 'figures', items: [{ label: 'notes', value: String(critique.notes) }, { label: 'violations', value: String(critique.findings.length) }, { label: 'per 100 notes', value: critique.per100Notes.toFixed(1) }, { label: 'rules broken', value: `${critique.rulesBroken} of ${Object.keys(critique.byRule).length}` }] },
      { kind: 'table', header: ['rule', 'violations'], rows: Object.entries(critique.byRule).map(([r, n]) => [r, n]), caption: 'The melody rule set (docs/composers.md lists each rule).' },
      ...(critique.findings.length > 0
        ? [{ kind: 'table' as const, header: ['bar', 'beat', 'note', 'rule', 'what'], rows: critique.findings.slice(0, limit).map((f) => [f.bar, f.beat, pitchName(f.pitch), f.rule, f.message]), caption: critique.findings.length > limit ? `The first ${limit} of ${critique.findings.length}.` : 'Every violation, in order.' }]
        : [{ kind: 'text' as const, html: '<p>The melody keeps every rule of the set.</p>' }]),
    ],
  };
}
