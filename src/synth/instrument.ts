/**
 * The instruments a score can be rendered with, as the `--instrument` option names them: `piano` (the modal piano),
 * `organ[:REGISTRATION[:OPTIONS]]` (the additive organ) and `sf2[:FILE[:PROGRAM]]` (a SoundFont). Parsing only:
 * loads no synthesiser.
 */
import { parseOrganSettings, type OrganSettings } from './organ-settings.js';

/** Debian's General MIDI SoundFont (package fluid-soundfont-gm), the default bank. */
export const DEFAULT_SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';

/** An instrument choice. */
export type Instrument =
  | { kind: 'piano' }
  | { kind: 'organ'; settings: OrganSettings; text: string }
  | { kind: 'sf2'; file?: string; program?: number };

/**
 * Parses `--instrument`: `piano` (the modal piano), `organ` or `organ:888000000[:perc3,fast,c3]` (the additive
 * organ), `sf2` (the default General MIDI font), `sf2:FILE` or `sf2:FILE:PROGRAM` (a program 0–127 for every melodic
 * voice). Throws a RangeError naming the problem.
 * @example
 * parseInstrument('sf2:my.sf2:19'); // → { kind: 'sf2', file: 'my.sf2', program: 19 }
 */
export function parseInstrument(text: string): Instrument {
  const t = text.trim();
  if (/^piano$/i.test(t)) return { kind: 'piano' };
  if (/^organ(:|$)/i.test(t)) return { kind: 'organ', settings: parseOrganSettings(t.slice(6)), text: t };
  const sf = /^sf2(?::(.*))?$/i.exec(t);
  if (sf) {
    const rest = sf[1] ?? '';
    if (rest === '') return { kind: 'sf2' };
    const m = /^(.*):(\d{1,3})$/.exec(rest);
    if (m) {
      const program = Number(m[2]);
      if (program > 127) throw new RangeError(`General MIDI programs are 0–127, got ${program}`);
      return { kind: 'sf2', ...(m[1] !== '' ? { file: m[1]! } : {}), program };
    }
    return { kind: 'sf2', file: rest };
  }
  throw new RangeError(`"${text}" is not an instrument: give piano, organ[:888000000[:perc3,fast,c3]] or sf2[:FILE.sf2[:PROGRAM]]`);
}

