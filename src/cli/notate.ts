/** `neuromusic notate [piece] -o out.musicxml`: the options; the work is in notate-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import { notateFormat, parseTimeSignature, type NotateCliOptions } from './notate-options.js';
import { jsonOption, quietOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';

export function registerNotate(program: Command): void {
  program
    .command('notate')
    .description('turn a piece into notation: MusicXML 4.0 (.musicxml, .mxl), LilyPond (.ly), or through LilyPond a PDF, SVG or PNG page')
    .argument('[piece]', 'MIDI (.mid), MusicXML (.musicxml, .xml, .mxl) or score JSON file; the built-in prelude when omitted')
    .addOption(new Option('-o, --output <file>', 'the notation file to write: .musicxml, .xml, .mxl, .ly, .pdf, .svg or .png').argParser((v: string) => (notateFormat(v), v)).makeOptionMandatory())
    .option('--tempo <source>', "tempo map: given (the piece's own), estimate (from the onsets), auto (estimate only when the onsets fit no grid under the given tempo)", oneOf(['auto', 'given', 'estimate']), 'auto')
    .option('--time <n/d>', "time signature, e.g. 3/4 (default: the piece's own, else 4/4)", parseTimeSignature)
    .option('--key <key>', 'key signature, e.g. "Db major" or "C# minor" (default: the piece\'s own, else found by Krumhansl–Schmuckler)')
    .option('--staves <layout>', 'parts: a part per voice of the piece; piano: all voices on one grand staff; auto: piano for 2–4 voices that name no other instrument and hold no drums', oneOf(['auto', 'parts', 'piano']), 'auto')
    .option('--voices <n>', 'most voices on one staff (1–4)', numberIn(1, 4, { integer: true }), 2)
    .option('--title <text>', "title printed on the score (default: the piece's own)")
    .option('--composer <text>', "composer printed on the score (default: the piece's own)")
    .addOption(jsonOption('what the notation changed (quantisation, voices, key)'))
    .addOption(quietOption())
    .action(async (piece: string | undefined, opts: NotateCliOptions) => (await import('./notate-run.js')).runNotate(piece, opts));
}
