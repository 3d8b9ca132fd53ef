/**
 * The worm engine in `neuromusic compose` (the default engine): its options. The run — the C. elegans locomotion
 * model crawls under a command script and its muscle contractions play the piano — is in compose-worm-run.ts,
 * loaded when the engine runs.
 */
import { InvalidArgumentError } from 'commander';
import type { ComposeEngine } from './compose-engine.js';
import { parseEnvironment } from './common-options.js';
import { numberIn } from './options.js';

/** The worm's script when --command is not given (the engine's DEFAULT_COMPOSE_COMMAND; a test keeps them equal). */
export const WORM_COMPOSE_DEFAULT_COMMAND = 'forward 14s, turn-left 6s, forward 10s, reverse 8s, pause 3s, turn-right 6s, forward';

function keyText(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must name a key or mode, e.g. "C# minor", got an empty text.');
  return value; // checked against the scales when the engine runs
}

export const wormComposeEngine: ComposeEngine = {
  name: 'worm',
  description: 'the C. elegans locomotion model plays its muscle contractions',
  defaultSeconds: 60,
  options: [
    { flags: '--key <key>', description: 'key or mode of the notes, e.g. "C# minor", "D dorian", "chromatic" (default: "C# minor")', parse: keyText },
    { flags: '--command <script>', description: `what the worm does, e.g. "forward 20s, reverse 5s, turn-left 4s, forward" (default: "${WORM_COMPOSE_DEFAULT_COMMAND}")` },
    { flags: '--env <env>', description: 'the medium the worm moves in: water, agar, or a drag ratio C⊥/C∥ from 1.6 (water) to 40 (agar) (default: agar)', parse: parseEnvironment },
    { flags: '--rate <notes/s>', description: 'target density of the texture, notes per second (0.5–40) (default: 5)', parse: numberIn(0.5, 40) },
    { flags: '--voices <n>', description: 'most notes sounding at once (1–64) (default: 8)', parse: numberIn(1, 64, { integer: true }) },
  ],
  async run(context, options) {
    return (await import('./compose-worm-run.js')).runWormCompose(context, options);
  },
};
