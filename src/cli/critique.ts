/** `neuromusic critique piece.mid`: the options; the work is in critique-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { fileOption, jsonOption, quietOption, reportOption } from './common-options.js';
import { numberIn } from './options.js';
import type { CritiqueCliOptions } from './command-options.js';

export function registerCritique(program: Command): void {
  program
    .command('critique')
    .description("check a piece's melody against the composers' rule set and say where each rule is broken")
    .argument('<piece>', 'a score file: MIDI (.mid, .midi), MusicXML (.musicxml, .xml, .mxl), **kern (.krn) or Score JSON')
    .option('--key <key>', 'key to judge in, e.g. "G major", "A minor" (default: found by Krumhansl–Schmuckler key finding)')
    .option('--voice <n>', 'voice (track) holding the melody (default: the highest voice with at least a fifth of the notes)', numberIn(0, 1023, { integer: true }))
    .addOption(fileOption('--params <rules.json>', '.json', 'the rule set: { "rules": [...], "maxRange": 16, "maxLeap": 12, "maxRepeats": 3, "minStepShare": 0.5 } (default: every rule)'))
    .option('--all', 'list every violation (default: the first 30)')
    .addOption(reportOption('an HTML report: the melody with its violations marked, the tally by rule'))
    .addOption(jsonOption('the findings'))
    .addOption(quietOption())
    .action(async (piece: string, opts: CritiqueCliOptions) => (await import('./critique-run.js')).runCritique(piece, opts));
}
