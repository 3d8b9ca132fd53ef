/**
 * The rule composer's reports: the search statistics (nodes, backtracks, dead states skipped, rejections by rule),
 * the melody with the checker's findings, the chords; for counterpoint the two voices and their intervals.
 */
import type { Melody } from '../../analysis/corpus/melody.js';
import { plotSvg } from '../../report/plot.js';
import { reportHtml, type ReportBlock, type ReportSection } from '../../report/html.js';
import { pitchName } from '../../score/pitch.js';
import type { Critique } from './rules/critic.js';
import type { HarmonyChord } from './rules/harmonise.js';
import type { MelodyRuleSet, RuleViolation } from './rules/melody-rules.js';
import type { SearchResult } from './rules/search.js';
import { critiqueSection, melodyPlot } from './report-common.js';

/** The search in figures and a bar chart of rejections by rule. */
export async function searchSection(search: SearchResult): Promise<ReportSection> {
  const st = search.statistics;
  const rejections = Object.entries(st.rejectionsByRule).sort((a, b) => b[1] - a[1]);
  const blocks: ReportBlock[] = [
    {
      kind: 'figures',
      items: [
        { label: 'outcome', value: search.outcome },
        { label: 'nodes visited', value: String(st.nodes) },
        { label: 'backtracks', value: String(st.backtracks) },
        { label: 'dead states skipped', value: String(st.memoHits) },
        { label: 'deepest note', value: String(st.maxDepth) },
        { label: 'time', value: `${st.milliseconds.toFixed(1)} ms` },
      ],
    },
  ];
  if (rejections.length > 0) {
    blocks.push({
      kind: 'plot',
      svg: await plotSvg({
        width: 520,
        height: Math.max(80, 22 * rejections.length),
        data: { values: rejections.map(([rule, n]) => ({ rule, n })) },
        mark: 'bar',
        encoding: { y: { field: 'rule', type: 'nominal', sort: '-x', title: null }, x: { field: 'n', type: 'quantitative', title: 'candidates rejected' } },
      }),
      caption: 'Each candidate note the rules turned down, by the rule that refused it (a candidate may break several).',
    });
  }
  return { heading: 'The search', blocks };
}

/** Input of {@link rulesReportHtml}. */
export interface RulesReportInput {
  melody: Melody;
  search: SearchResult;
  rules: MelodyRuleSet;
  ruleSource: string;
  critique: Critique;
  keyName: string;
  corpusLabel: string;
  rhythmBars: number;
  chords?: readonly HarmonyChord[];
  seed: number;
  command: string;
  version: string;
}

/** The melody report as one HTML page. */
export async function rulesReportHtml(input: RulesReportInput): Promise<string> {
  const sections: ReportSection[] = [
    {
      heading: 'The melody',
      blocks: [
        await melodyPlot(input.melody, input.critique, `Melody in ${input.keyName}`),
        { kind: 'text', html: `<p>Rules (${input.ruleSource}): ${input.rules.rules.join(', ')}; range at most ${input.rules.maxRange} semitones, leaps at most ${input.rules.maxLeap}, at most ${input.rules.maxRepeats} repeated notes, at least ${(input.rules.minStepShare * 100).toFixed(0)} % steps. Rhythm drawn from ${input.rhythmBars} distinct bars of ${input.corpusLabel}.</p>` },
      ],
    },
    await searchSection(input.search),
    ...(input.chords
      ? [{ heading: 'Harmonisation', blocks: [{ kind: 'table' as const, header: ['bar', 'chord', 'notes'], rows: input.chords.map((c) => [+(c.onset / ((input.melody.metre.numerator * 4) / input.melody.metre.denominator) + 1).toFixed(2), c.label, c.pitches.map((p) => pitchName(p)).join(' ')]), caption: 'Diatonic triads chosen by dynamic programming: chord tones on strong beats, the tonic–subdominant–dominant grammar, a cadence on I.' }] }]
      : []),
    critiqueSection(input.critique),
  ];
  return reportHtml({ title: 'Rule composer', subtitle: `${input.keyName}, seed ${input.seed}`, sections, footer: `${input.command} · neuromusic ${input.version}` });
}

/** Input of {@link counterpointReportHtml}. */
export interface CounterpointReportInput {
  cantus: readonly number[];
  counterpoint: readonly number[];
  search: SearchResult;
  keyName: string;
  violations: readonly RuleViolation[];
  seed: number;
  command: string;
  version: string;
}

const INTERVAL_NAMES = ['unison', 'minor second', 'major second', 'minor third', 'major third', 'fourth', 'tritone', 'fifth', 'minor sixth', 'major sixth', 'minor seventh', 'major seventh'];

/** The counterpoint report as one HTML page. */
export async function counterpointReportHtml(input: CounterpointReportInput): Promise<string> {
  const rows = input.cantus.map((c, i) => {
    const iv = input.counterpoint[i]! - c;
    const name = iv === 12 ? 'octave' : iv === 24 ? 'double octave' : `${iv > 12 ? 'compound ' : ''}${INTERVAL_NAMES[((iv % 12) + 12) % 12]}`;
    return [i + 1, pitchName(input.counterpoint[i]!), pitchName(c), iv, name];
  });
  const sections: ReportSection[] = [
    { heading: 'The two voices', blocks: [{ kind: 'table', header: ['bar', 'counterpoint', 'cantus', 'semitones', 'interval'], rows, caption: 'Note against note: every vertical interval.' }] },
    await searchSection(input.search),
    {
      heading: 'The first-species rules on this counterpoint',
      blocks: [input.violations.length === 0 ? { kind: 'text', html: '<p>Every rule kept.</p>' } : { kind: 'table', header: ['bar', 'rule', 'what'], rows: input.violations.map((v) => [v.index + 1, v.rule, v.message]) }],
    },
  ];
  return reportHtml({ title: 'First-species counterpoint', subtitle: `${input.keyName}, seed ${input.seed}`, sections, footer: `${input.command} · neuromusic ${input.version}` });
}
