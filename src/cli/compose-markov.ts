/**
 * The Markov composer in `neuromusic compose`: its options. The run — a smoothed order-n Markov chain over pitch
 * (or interval) and duration learned from a corpus, sampled with temperature and constraints, with its held-out
 * evaluation — is in compose-markov-run.ts, loaded when the engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { COMPOSER_OPTIONS } from './composer-options.js';
import { numberIn, oneOf } from './options.js';

export const markovComposeEngine: ComposeEngine = {
  name: 'markov',
  description: 'order 0–4 Markov chain over pitch and duration learned from a corpus (Witten–Bell smoothing)',
  defaultSeconds: 0,
  options: [
    COMPOSER_OPTIONS.corpus,
    COMPOSER_OPTIONS.key,
    COMPOSER_OPTIONS.bars,
    { flags: '--order <n>', description: 'notes of context the chain looks back (0–4) (default: 2)', parse: numberIn(0, 4, { integer: true }) },
    { flags: '--temperature <t>', description: 'sampling temperature: below 1 likelier choices, above 1 more surprise (0.05–10) (default: 1)', parse: numberIn(0.05, 10) },
    { flags: '--alphabet <kind>', description: 'what a note token holds besides its duration: pitch or interval (default: pitch)', parse: oneOf(['pitch', 'interval'] as const) },
    { flags: '--held-out <dir>', description: 'folder of pieces the model never saw, for the log-likelihood per order (default: a seeded quarter of the corpus, by piece)' },
    COMPOSER_OPTIONS.instrument,
  ],
  async run(context, options) {
    return (await import('./compose-markov-run.js')).runMarkovCompose(context, options);
  },
};
