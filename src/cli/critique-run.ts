/**
 * Runs `neuromusic critique`: loads the piece, extracts its melody by the documented rule, finds (or takes) its key,
 * checks the melody rules and prints each violation with its bar and beat.
 */
import { basename } from 'node:path';
import { findKey } from '../analysis/corpus/key.js';
import { extractMelody } from '../analysis/corpus/melody.js';
import { critiqueMelody } from '../engines/composers/rules/critic.js';
import { DEFAULT_MELODY_RULES } from '../engines/composers/rules/melody-rules.js';
import { parseMelodyRuleSet } from '../engines/composers/rules/rule-set.js';
import { ruleKeyName } from '../engines/composers/rules/tonality.js';
import { FormatError } from '../formats/errors.js';
import { loadScore } from '../node/load-score.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { readJsonFile } from '../node/read-json.js';
import { pitchName } from '../score/pitch.js';
import { jsonTarget } from './common-options.js';
import { parseComposerKey } from './composer-common.js';
import type { CritiqueCliOptions } from './command-options.js';
import { UsageError } from './errors.js';
import { emitJson, say } from './output.js';

export async function runCritique(piece: string, opts: CritiqueCliOptions): Promise<void> {
  const outputs = new OutputSet().declare(opts.report, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const rules = opts.params ? parseMelodyRuleSet(readJsonFile(opts.params), opts.params) : DEFAULT_MELODY_RULES;
  const score = loadScore(piece);
  if (score.notes.length === 0) throw new FormatError(piece, 'holds no notes: there is no melody to judge');
  if (opts.voice !== undefined && !score.notes.some((n) => n.voice === opts.voice)) {
    const voices = [...new Set(score.notes.map((n) => n.voice))].sort((a, b) => a - b);
    throw new UsageError(`--voice ${opts.voice}: ${piece} has voices ${voices.join(', ')}`);
  }
  const melody = extractMelody(score, opts.voice !== undefined ? { voice: opts.voice } : {});
  const voice = opts.voice ?? score.notes.find((n) => n.pitch === melody.pitches[0])?.voice ?? 0;
  let key: { tonic: number; mode: 'major' | 'minor' };
  let keyHow: string;
  if (opts.key !== undefined) {
    key = parseComposerKey(opts.key, 'critique');
    keyHow = 'given';
  } else {
    const found = findKey(score.notes.map((n) => n.pitch), score.notes.map((n) => n.duration));
    key = { tonic: found.tonic, mode: found.mode };
    keyHow = `Krumhansl–Schmuckler, r = ${found.correlation.toFixed(2)}${score.meta.key ? `; the file says ${score.meta.key}` : ''}`;
  }
  const critique = critiqueMelody(melody, key, rules);
  const keyName = ruleKeyName(key);
  if (opts.report) {
    const { critiqueReportHtml } = await import('../engines/composers/report-critique.js');
    outputs.file(opts.report, await critiqueReportHtml({ piece: basename(piece), melody, critique, keyName, keyHow, version: packageInfo().version }));
  }
  if (opts.json !== undefined) {
    emitJson(opts.json, { piece, voice, key: keyName, keyFrom: keyHow, notes: critique.notes, violations: critique.findings.length, per100Notes: critique.per100Notes, byRule: critique.byRule, findings: critique.findings.map((f) => ({ ...f, note: pitchName(f.pitch) })) }, outputs);
  }
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  const shown = opts.all ? critique.findings : critique.findings.slice(0, 30);
  say(
    `${basename(piece)}: melody of ${critique.notes} notes (voice ${voice}, ${melody.metre.numerator}/${melody.metre.denominator}) in ${keyName} (${keyHow})`,
    `  ${critique.findings.length} violation${critique.findings.length === 1 ? '' : 's'} (${critique.per100Notes.toFixed(1)} per 100 notes) of ${rules.rules.length} rules; ${critique.rulesBroken} rule${critique.rulesBroken === 1 ? '' : 's'} broken`,
    ...Object.entries(critique.byRule).map(([r, n]) => `    ${r.padEnd(14)} ${n}`),
    ...shown.map((f) => `  bar ${String(f.bar).padStart(3)} beat ${String(f.beat).padEnd(5)} ${pitchName(f.pitch).padEnd(4)} ${f.rule}: ${f.message}`),
    ...(shown.length < critique.findings.length ? [`  … ${critique.findings.length - shown.length} more (--all lists them)`] : []),
    ...(opts.report ? [`wrote ${opts.report}`] : []),
    ...(typeof opts.json === 'string' && opts.json !== '-' ? [`wrote ${opts.json}`] : []),
  );
}
