/** The options every corpus composer (markov, rules, recombinant) declares: declarations only, loaded by --help. */
import type { ComposeOption } from './compose-engine.js';
import { INSTRUMENT_HELP, parseInstrumentOption } from './common-options.js';
import { numberIn } from './options.js';

/** The options every corpus composer takes (declared with the same flags as the genetic engine's). */
export const COMPOSER_OPTIONS = {
  corpus: { flags: '--corpus <dir>', description: 'folder of MIDI files to learn from and seed with (default: the built-in corpus of folk tunes)' },
  key: { flags: '--key <key>', description: 'key of the melody, e.g. "G major" or "A minor" (default: the most common key of the corpus)' },
  bars: { flags: '--bars <n>', description: 'bars per melody (1–256) (default: 16)', parse: numberIn(1, 256, { integer: true }) },
  instrument: { flags: '--instrument <spec>', description: `${INSTRUMENT_HELP} (default: piano)`, parse: parseInstrumentOption },
} satisfies Record<string, ComposeOption>;
