/**
 * The duet engine in `neuromusic compose`: its options. The run — an ASHLE drummer and a Lorenz melodist coupled
 * through a GrFNN listener, steered by EEG (the twin or an EDF file) and hearing a recording — is in
 * compose-duet-run.ts, loaded when the engine runs.
 */
import type { ComposeEngine } from './compose-engine.js';
import { fileWithExtension } from './common-options.js';
import { DEFAULT_BASELINE_SECONDS, parseEegSource } from './eeg-source.js';
import { numberIn } from './options.js';
import { parseVideoSource } from './stimulus-names.js';

export const duetComposeEngine: ComposeEngine = {
  name: 'duet',
  description: 'an ASHLE drummer and a Lorenz melodist coupled through a GrFNN listener, steered by EEG',
  defaultSeconds: 60,
  options: [
    {
      flags: '--eeg <source>',
      description:
        'EEG that steers the duet: a file.edf, twin:STATE (neutral, stressed, focused, relaxed, meditative) or twin:"neutral 10s, relaxed 30s, stressed 30s"; without --seconds the piece lasts as long as the script or the recording (default: none)',
      parse: parseEegSource,
    },
    { flags: '--audio <file.wav>', description: 'a recording the listener hears (its onset envelope); may go with --eeg; without --seconds or --eeg the piece lasts as long as it (default: none, the drummer hears itself)', parse: fileWithExtension('.wav') },
    {
      flags: '--video <source>',
      description:
        'a video whose motion drives the duet: a file (.y4m built in; .mp4 and others through ffmpeg) or stimulus:NAME (ball, ball-noisy, grating, walker, still); its motion energy is what the listener hears, the height of the moving mass pulls the melody; not with --audio; without --seconds the piece lasts as long as the video (a stimulus: 10 s) (default: none)',
      parse: parseVideoSource,
    },
    { flags: '--key <key>', description: 'key or mode of the notes, e.g. "C# minor", "D dorian", "chromatic" (default: "D minor")' },
    { flags: '--drummer <model>', description: "the drummer's motor oscillator: ashle (integrated), surrogate (the TCN surrogate of ASHLE shipped with neuromusic) or a folder with a trained surrogate's model.json (default: ashle)" },
    { flags: '--f0 <hz>', description: "the drummer's spontaneous tempo, beats per second (0.25–8) (default: 2)", parse: numberIn(0.25, 8) },
    { flags: '--mapping <table.json>', description: 'the table from biomarkers to controls: { "timeConstantSeconds": 2, "rows": [{ "control": "rho", "index": "stress", "atLow": 20, "atZero": 28, "atHigh": 45 }, …] } (default: the built-in table)', parse: fileWithExtension('.json') },
    { flags: '--baseline <s>', description: `seconds of EEG baseline: a neutral calibration before the twin's script, or an EDF file's first seconds (3–600) (default: ${DEFAULT_BASELINE_SECONDS})`, parse: numberIn(3, 600) },
  ],
  async run(context, options) {
    return (await import('./compose-duet-run.js')).runDuetCompose(context, options);
  },
};
