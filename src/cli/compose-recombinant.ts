/**
 * The recombinant composer in `neuromusic compose`: its options. The run — bar segments of a corpus rejoined where
 * pitch and rhythm continue plausibly, after Cope — is in compose-recombinant-run.ts, loaded when the engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { COMPOSER_OPTIONS } from './composer-options.js';
import { numberIn } from './options.js';

export const recombinantComposeEngine: ComposeEngine = {
  name: 'recombinant',
  description: "a corpus's bars recombined where pitch and rhythm continue (after Cope), every segment's source listed",
  defaultSeconds: 0,
  options: [
    COMPOSER_OPTIONS.corpus,
    COMPOSER_OPTIONS.key,
    COMPOSER_OPTIONS.bars,
    { flags: '--segment-bars <n>', description: 'bars per segment: 1, 2 or 4 (default: 1)', parse: numberIn(1, 4, { integer: true }) },
    COMPOSER_OPTIONS.instrument,
  ],
  async run(context, options) {
    return (await import('./compose-recombinant-run.js')).runRecombinantCompose(context, options);
  },
};
