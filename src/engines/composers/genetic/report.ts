/**
 * The genetic composer's report: the fitness curve (best and mean of each generation), every fitness term of each
 * generation's best song, the best song's breakdown, its piano roll, the rule checker's findings on it, the corpus
 * it learned from and how often each mutation operator ran.
 */
import { reportHtml, type ReportBlock } from '../../../report/html.js';
import { plotSvg, type PlotSpec } from '../../../report/plot.js';
import type { RuleViolation } from '../rules/melody-rules.js';
import { FITNESS_TERMS, TERM_DESCRIPTIONS } from './fitness.js';
import { MUTATIONS, type GeneticComposer } from './evolve.js';
import { formatGene } from './genome.js';

/** Context of a report. */
export interface GeneticReportOptions {
  command: string;
  version: string;
  seed: number;
  corpusLabel: string;
  /** The rule checker's findings on the best melody. */
  violations: readonly RuleViolation[];
}

/**
 * The report as one self-contained HTML page.
 * @example
 * // const html = await geneticReportHtml(composer, { command, version, seed: 1, corpusLabel: 'corpus/', violations: [] });
 */
export async function geneticReportHtml(composer: GeneticComposer, options: GeneticReportOptions): Promise<string> {
  const history = composer.history;
  const curve: PlotSpec = {
    width: 760,
    height: 260,
    title: 'Fitness over the generations',
    data: { values: history.flatMap((h) => [{ generation: h.generation, fitness: h.best, series: 'best' }, { generation: h.generation, fitness: h.mean, series: 'mean' }]) },
    mark: { type: 'line', strokeWidth: 1.6 },
    encoding: {
      x: { field: 'generation', type: 'quantitative', title: 'generation' },
      y: { field: 'fitness', type: 'quantitative', title: 'fitness', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as PlotSpec;
  const active = composer.evaluator.activeTerms;
  const terms: PlotSpec = {
    width: 760,
    height: 320,
    title: "Each term of the generation's best song",
    data: { values: history.flatMap((h) => active.map((t) => ({ generation: h.generation, value: h.terms[t], term: t }))) },
    mark: { type: 'line', strokeWidth: 1.3 },
    encoding: {
      x: { field: 'generation', type: 'quantitative', title: 'generation' },
      y: { field: 'value', type: 'quantitative', title: 'term value (1 = best)', scale: { domain: [0, 1] } },
      color: { field: 'term', type: 'nominal', title: 'term', scale: { scheme: 'tableau10' } },
    },
  } as PlotSpec;
  const score = composer.toScore();
  const roll: PlotSpec = {
    width: 760,
    height: 200,
    title: 'The best melody',
    data: { values: score.notes.map((n) => ({ start: n.onset, end: n.onset + n.duration, pitch: n.pitch, slide: n.slideFrom !== undefined ? 'slide' : 'note' })) },
    mark: { type: 'bar', height: 5 },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: 'seconds' },
      x2: { field: 'end' },
      y: { field: 'pitch', type: 'quantitative', title: 'MIDI pitch', scale: { zero: false } },
      color: { field: 'slide', type: 'nominal', title: null, scale: { domain: ['note', 'slide'], range: ['#4c78a8', '#e45756'] } },
    },
  } as PlotSpec;
  const best = composer.best;
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const total = active.reduce((s, t) => s + composer.weights[t], 0);
  const song = best.song;
  const genes = Array.from({ length: song.step.length }, (_, i) => formatGene(song, i)).join(' ');
  const blocks: ReportBlock[] = [
    {
      kind: 'figures',
      items: [
        { label: 'best fitness', value: best.fitness.toFixed(4) },
        { label: 'found in generation', value: String(best.generation) },
        { label: "seeded population's best", value: first.best.toFixed(4) },
        { label: 'last mean', value: last.mean.toFixed(4) },
        { label: 'distinct songs at the end', value: `${last.distinct} of ${composer.songs.length}` },
        { label: 'rule violations of the best', value: String(options.violations.length) },
      ],
    },
    { kind: 'plot', svg: await plotSvg(curve), caption: 'Best and mean fitness of each generation (generation 0 is the population seeded from the corpus).' },
    { kind: 'plot', svg: await plotSvg(terms), caption: 'The terms of each generation\'s best song; only terms with a weight above 0 are drawn.' },
  ];
  return reportHtml({
    title: `Genetic composer: ${composer.bars} bars in ${composer.key.name}`,
    subtitle: `${history.length - 1} generations × ${composer.songs.length} songs, ${composer.metre.numerator}/${composer.metre.denominator}, seed ${options.seed}, corpus ${options.corpusLabel}`,
    sections: [
      { heading: 'Evolution', blocks },
      {
        heading: 'Why the best song is best',
        blocks: [
          {
            kind: 'table',
            header: ['term', 'value', 'weight', 'share of fitness', 'what it measures'],
            rows: FITNESS_TERMS.map((t) => [t, Number.isNaN(best.terms[t]) ? 'n/a' : best.terms[t], composer.weights[t], active.includes(t) ? (composer.weights[t] * best.terms[t]) / total : 'not counted', TERM_DESCRIPTIONS[t]]),
            caption: 'fitness = Σ weight × term / Σ weight',
          },
          { kind: 'plot', svg: await plotSvg(roll), caption: 'Piano roll of the best melody; red notes are reached by a slide (a pitch-bend ramp in the MIDI file).' },
          { kind: 'text', html: `<p>The genome, note by note (letter, accidental, octave / duration in twelfths of a quarter note; ~ marks a slide):</p><p style="font-family: monospace; font-size: 12px">${genes}</p>` },
        ],
      },
      {
        heading: 'The rule checker on the best melody',
        blocks: [
          options.violations.length === 0
            ? { kind: 'text', html: '<p>No rule of the melody rule set is broken.</p>' }
            : { kind: 'table', header: ['note', 'rule', 'finding'], rows: options.violations.map((v) => [v.index + 1, v.rule, v.message]) },
        ],
      },
      {
        heading: 'Corpus and operators',
        blocks: [
          { kind: 'table', header: ['melody', 'key found', 'transposed by', 'bars'], rows: composer.corpus.map((c) => [c.source, c.foundKey, c.transposedBy, c.bars.length]) },
          { kind: 'table', header: ['mutation operator', 'applied'], rows: MUTATIONS.map((m) => [m, composer.mutationCounts[m]]) },
        ],
      },
    ],
    footer: `${options.command} · neuromusic ${options.version}`,
  });
}
