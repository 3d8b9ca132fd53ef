/**
 * The rule composer in `neuromusic compose`: its options. The run — recursive backtracking over random candidate
 * orders under a documented rule set, or first-species counterpoint above a cantus firmus, optionally harmonised —
 * is in compose-rules-run.ts, loaded when the engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { COMPOSER_OPTIONS } from './composer-options.js';
import { numberIn } from './options.js';

export const rulesComposeEngine: ComposeEngine = {
  name: 'rules',
  description: 'melody by backtracking search under textbook rules (--params rules.json), or Fux first-species counterpoint',
  defaultSeconds: 0,
  options: [
    COMPOSER_OPTIONS.corpus,
    COMPOSER_OPTIONS.key,
    COMPOSER_OPTIONS.bars,
    { flags: '--species <n>', description: 'write first-species counterpoint (1) above the cantus firmus instead of a melody (default: none)', parse: numberIn(1, 1, { integer: true }) },
    { flags: '--cantus <notes>', description: 'the cantus firmus for --species 1, note names such as "D4 F4 E4 D4 G4 F4 A4 G4 F4 E4 D4" (default: Fux\'s dorian cantus)' },
    { flags: '--harmonise', description: 'add chords: diatonic triads chosen by dynamic programming under a progression grammar' },
    COMPOSER_OPTIONS.instrument,
  ],
  async run(context, options) {
    return (await import('./compose-rules-run.js')).runRulesCompose(context, options);
  },
};
