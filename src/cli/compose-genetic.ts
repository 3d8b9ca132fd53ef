/**
 * The genetic composer in `neuromusic compose`: its options. The run — a population of songs seeded from a corpus,
 * bred generation by generation under an explicit weighted fitness — is in compose-genetic-run.ts, loaded when the
 * engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { fileWithExtension, INSTRUMENT_HELP, parseInstrumentOption } from './common-options.js';
import { numberIn } from './options.js';

export const geneticComposeEngine: ComposeEngine = {
  name: 'genetic',
  description: 'genetic algorithm over song vectors seeded from a corpus, with an explicit weighted fitness',
  /** The genetic composer's length is --bars: 0 keeps it out of the --seconds default. */
  defaultSeconds: 0,
  options: [
    { flags: '--corpus <dir>', description: 'folder of MIDI files to learn from and seed with (default: the built-in corpus of folk tunes)' },
    { flags: '--key <key>', description: 'key of the melody, e.g. "G major" or "A minor" (default: the most common key of the corpus)' },
    { flags: '--bars <n>', description: 'bars per melody (1–256) (default: 16)', parse: numberIn(1, 256, { integer: true }) },
    { flags: '--generations <n>', description: 'generations to breed (0–100000) (default: 200)', parse: numberIn(0, 100000, { integer: true }) },
    { flags: '--population <n>', description: 'songs per generation (2–100000) (default: 200)', parse: numberIn(2, 100000, { integer: true }) },
    { flags: '--weights <file.json>', description: 'fitness weights, one per term, as in examples/genetic-weights.json (default: the built-in weights)', parse: fileWithExtension('.json') },
    { flags: '--explain', description: "print the best melody's fitness term by term" },
    { flags: '--instrument <spec>', description: `${INSTRUMENT_HELP} (default: piano)`, parse: parseInstrumentOption },
  ],
  async run(context, options) {
    return (await import('./compose-genetic-run.js')).runGeneticCompose(context, options);
  },
};
