/**
 * The rule composer's run: a melody by backtracking search (rhythm from the corpus's bars, pitches under the rule
 * set of --params or the default), or a first-species counterpoint above a cantus firmus; chords with --harmonise;
 * the search statistics, the rule checker's verdict, MIDI, WAV and the report.
 */
import { findKey } from '../analysis/corpus/key.js';
import { melodyFrom, type Melody } from '../analysis/corpus/melody.js';
import { composeRuleMelody } from '../engines/composers/rules/composer.js';
import { composeCounterpoint, FUX_CANTUS_DORIAN, checkCounterpoint } from '../engines/composers/rules/counterpoint.js';
import { harmoniseMelody, type HarmonyChord } from '../engines/composers/rules/harmonise.js';
import { DEFAULT_MELODY_RULES, type MelodyRuleSet } from '../engines/composers/rules/melody-rules.js';
import { barRhythms, planRhythm } from '../engines/composers/rules/rhythm.js';
import { parseMelodyRuleSet } from '../engines/composers/rules/rule-set.js';
import type { SearchResult } from '../engines/composers/rules/search.js';
import { ruleKeyName, type RuleKey } from '../engines/composers/rules/tonality.js';
import type { ChordEvent } from '../engines/composers/shared/melody-score.js';
import { FormatError } from '../formats/errors.js';
import { createRandom } from '../math/random.js';
import type { Instrument } from '../node/instruments.js';
import { readJsonFile } from '../node/read-json.js';
import { pitchFromName, pitchName } from '../score/pitch.js';
import type { ComposeContext, ComposeResult } from './compose-engine.js';
import { commonMetre, corpusAndKey, critiqueSummary, melodiesInMode, parseComposerKey, writeComposition } from './composer-common.js';
import { UsageError } from './errors.js';

interface RulesCliOptions {
  corpus?: string;
  key?: string;
  bars?: number;
  species?: number;
  cantus?: string;
  harmonise?: boolean;
  instrument?: Instrument;
}

/** Parses --cantus: note names separated by spaces or commas. */
export function parseCantus(text: string): number[] {
  const names = text.split(/[\s,]+/).filter((t) => t.length > 0);
  const out = names.map((n) => {
    try {
      return pitchFromName(n);
    } catch {
      throw new UsageError(`--cantus: "${n}" is not a note name with an octave, e.g. D4 or F#3`);
    }
  });
  if (out.length < 3) throw new UsageError(`--cantus: ${out.length} notes; a cantus firmus needs at least 3`);
  return out;
}

function searchLine(s: SearchResult): string {
  const st = s.statistics;
  return `  search: ${st.nodes} nodes, ${st.backtracks} backtracks, ${st.memoHits} dead states skipped, ${st.milliseconds.toFixed(0)} ms`;
}

function impossible(source: string, s: SearchResult, what: string): FormatError {
  const st = s.statistics;
  return new FormatError(
    source,
    s.outcome === 'exhausted'
      ? `no ${what} satisfies these rules (every candidate tried: ${st.nodes} nodes, ${st.backtracks} backtracks, deepest note ${st.maxDepth})`
      : `no ${what} satisfies these rules within the search budget (${st.nodes} nodes, ${st.backtracks} backtracks, deepest note ${st.maxDepth}); loosen the rules or use fewer bars`,
  );
}

/** Runs the rule composer. */
export async function runRulesCompose(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult> {
  const o = options as RulesCliOptions;
  const random = createRandom(context.seed);
  const rules: MelodyRuleSet = context.paramsPath ? parseMelodyRuleSet(readJsonFile(context.paramsPath), context.paramsPath) : DEFAULT_MELODY_RULES;
  const ruleSource = context.paramsPath ?? 'the default rule set';
  if (o.species !== undefined || o.cantus !== undefined) {
    if (o.harmonise) throw new UsageError('--harmonise does not apply to --species 1: the cantus is the second voice');
    if (o.corpus !== undefined) throw new UsageError('--corpus does not apply to --species 1: the counterpoint follows the cantus');
    if (o.bars !== undefined) throw new UsageError('--bars does not apply to --species 1: the counterpoint is as long as the cantus');
    if (context.secondsGiven) throw new UsageError('--seconds does not apply to --engine rules: its length is --bars');
    return counterpointRun(context, o, random);
  }
  const { corpus, label, key } = corpusAndKey(context, o, 'rules');
  const { melodies } = melodiesInMode(corpus, key.mode);
  const metre = commonMetre(melodies);
  const bars = o.bars ?? 16;
  const pool = barRhythms(melodies, metre);
  const durations = planRhythm(bars, metre, random.fork('rhythm'), pool);
  const result = composeRuleMelody({ key, durations, metre, rules }, random.fork('search'));
  if (!result.melody) throw impossible(ruleSource, result.search, 'melody');
  const keyName = ruleKeyName(key);
  const chords: HarmonyChord[] | undefined = o.harmonise ? harmoniseMelody(result.melody, key) : undefined;
  const { critique, line: critiqueLine } = critiqueSummary(result.melody, key);
  const written = await writeComposition(context, 'rules', result.melody, {
    keyName,
    title: 'Melody by rule-based backtracking',
    ...(chords ? { chords } : {}),
    ...(o.instrument ? { instrument: o.instrument } : {}),
    report: async () => {
      const { rulesReportHtml } = await import('../engines/composers/report-rules.js');
      return rulesReportHtml({ melody: result.melody!, search: result.search, rules, ruleSource, critique, keyName, corpusLabel: label, rhythmBars: pool.length, ...(chords ? { chords } : {}), seed: context.seed, command: context.commandLine, version: context.version });
    },
  });
  return {
    files: written.files,
    summary: {
      corpus: label,
      key: keyName,
      metre: `${metre.numerator}/${metre.denominator}`,
      bars,
      notes: result.melody.pitches.length,
      rules: rules.rules,
      search: result.search.statistics,
      ...(chords ? { chords: chords.map((c) => c.label) } : {}),
      ruleViolations: critique.findings.length,
    },
    lines: [
      `rules: ${bars} bars of ${metre.numerator}/${metre.denominator} in ${keyName} under ${rules.rules.length} rules (${ruleSource}), rhythm from ${pool.length} bars of ${label}, seed ${context.seed}`,
      searchLine(result.search),
      ...(chords ? [`  chords: ${chords.map((c) => c.label).join(' ')}`] : []),
      critiqueLine,
      ...written.lines,
    ],
  };
}

async function counterpointRun(context: ComposeContext, o: RulesCliOptions, random: ReturnType<typeof createRandom>): Promise<ComposeResult> {
  const cantus = o.cantus !== undefined ? parseCantus(o.cantus) : [...FUX_CANTUS_DORIAN];
  let key: RuleKey;
  if (o.key !== undefined) key = parseComposerKey(o.key, 'rules');
  else if (o.cantus === undefined) key = { tonic: 2, mode: 'dorian' };
  else {
    const found = findKey(cantus);
    key = { tonic: cantus[cantus.length - 1]! % 12, mode: found.mode };
  }
  const search = composeCounterpoint(cantus, key, random.fork('counterpoint'));
  if (!search.sequence) throw impossible(o.cantus !== undefined ? `--cantus "${o.cantus}"` : "Fux's cantus", search, 'counterpoint');
  const cp = search.sequence;
  const metre = { numerator: 4, denominator: 4 };
  const melody: Melody = melodyFrom(cp, cp.map(() => 4), { metre, source: 'rules: first species' });
  const cantusChords: ChordEvent[] = cantus.map((p, i) => ({ onset: 4 * i, duration: 4, pitches: [p], label: pitchName(p) }));
  const keyName = ruleKeyName(key);
  const violations = checkCounterpoint(cp, cantus, key);
  const written = await writeComposition(context, 'rules', melody, {
    keyName,
    title: 'First-species counterpoint',
    chords: cantusChords,
    ...(o.instrument ? { instrument: o.instrument } : {}),
    report: async () => {
      const { counterpointReportHtml } = await import('../engines/composers/report-rules.js');
      return counterpointReportHtml({ cantus, counterpoint: cp, search, keyName, violations, seed: context.seed, command: context.commandLine, version: context.version });
    },
  });
  return {
    files: written.files,
    summary: { species: 1, key: keyName, cantus: cantus.map((p) => pitchName(p)), counterpoint: cp.map((p) => pitchName(p)), search: search.statistics, ruleViolations: violations.length },
    lines: [
      `rules: first-species counterpoint above a ${cantus.length}-note cantus in ${keyName}, seed ${context.seed}`,
      `  cantus:       ${cantus.map((p) => pitchName(p).padEnd(4)).join(' ')}`,
      `  counterpoint: ${cp.map((p) => pitchName(p).padEnd(4)).join(' ')}`,
      searchLine(search),
      `  rule checker: ${violations.length} violations of the first-species rules`,
      ...written.lines.map((l) => l.replace('(melody and chords, a track each)', '(counterpoint and cantus, a track each)')),
    ],
  };
}
