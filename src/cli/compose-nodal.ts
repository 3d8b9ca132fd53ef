/**
 * The nodal engine in `neuromusic compose`: its options. The run — McIlwain & Pietsch's nodal network on a speaker
 * ring — is in compose-nodal-run.ts, loaded when the engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { fileWithExtension } from './common-options.js';
import { numberIn } from './options.js';

export const nodalComposeEngine: ComposeEngine = {
  name: 'nodal',
  description: 'McIlwain & Pietsch nodal network on a speaker ring',
  defaultSeconds: 120,
  options: [
    { flags: '--nodes <n>', description: 'nodes on the ring (2–4096) (default: 32)', parse: numberIn(2, 4096, { integer: true }) },
    { flags: '--speakers <n>', description: 'speakers on the ring, one audio and MIDI channel each (1–256) (default: 8)', parse: numberIn(1, 256, { integer: true }) },
    { flags: '--contour <file.json>', description: 'guiding contours: [[seconds, pitch], …] or { "pitch": …, "velocity": …, "scale": "major", "root": "D" } (default: none)', parse: fileWithExtension('.json') },
    { flags: '--layout <file.json>', description: 'delay matrix (N × N seconds) instead of the circle (default: the circle)', parse: fileWithExtension('.json') },
  ],
  async run(context, options) {
    return (await import('./compose-nodal-run.js')).runNodalCompose(context, options);
  },
};
