/**
 * neuromusic/synth — sound from scores, pure DSP with no Web Audio dependency: the modal piano (each note a bank
 * of damped partials with inharmonicity, hammer roll-off and dampers), rendered whole ({@link renderScore}) or
 * block by block ({@link renderScoreBlocks}), the real-time {@link LivePiano} that the studio's audio worklet
 * runs, synthesised drums, equal-power panning over stereo or a speaker ring, and level metering.
 *
 * @example
 * ```ts
 * import { renderScore, audioLevels } from 'neuromusic/synth';
 * import { bachPreludeInC } from 'neuromusic';
 * const audio = renderScore(bachPreludeInC(), { sampleRate: 44100, channels: 2 });
 * console.log(audio.gain, audioLevels(audio.channels[0]!).peak); // gain applied, peak ≈ 0.89 (−1 dBFS)
 * ```
 *
 * @module neuromusic/synth
 */
export { renderScore, type RenderOptions, type RenderResult } from './render.js';
export { renderScoreBlocks, type BlockRenderOptions, type BlockRenderResult } from './render-blocks.js';
export {
  DEFAULT_PIANO_MODEL,
  inharmonicity,
  partialFrequency,
  partialDecay,
  hammerRolloff,
  velocityGain,
  type PianoModel,
} from './piano-model.js';
export { ModalVoice } from './modal-voice.js';
export {
  LivePiano,
  packNotes,
  queueWarmUp,
  PACKED_NOTE_FIELDS,
  PACKED_RELEASE_FIELDS,
  type LivePianoOptions,
  type LivePianoStats,
} from './live-piano.js';
export { DRUMS, drumSample, renderDrums, type DrumName, type DrumHit } from './drums.js';
export { equalPowerPan, keyboardPosition, noteGains } from './pan.js';
export { audioLevels, type AudioLevels } from './levels.js';
export {
  OrganSynth,
  renderOrgan,
  parseOrganSettings,
  parseRegistration,
  drawbarGain,
  foldback,
  DEFAULT_ORGAN,
  DRAWBAR_FOOTAGES,
  DRAWBAR_RATIOS,
  type OrganSettings,
  type OrganRenderOptions,
} from './organ.js';
export { parseInstrument, DEFAULT_SOUNDFONT, type Instrument } from './instrument.js';
export { LiveOrgan } from './live-organ.js';
