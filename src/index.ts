/**
 * neuromusic — the library. Everything exported here is isomorphic: it runs in Node and in the browser.
 */
export * from './score/types.js';
export * from './score/schema.js';
export * from './score/ops.js';
export * from './score/pitch.js';
export * from './score/random.js';
export * from './score/tempo.js';
export * from './formats/errors.js';
export * from './formats/midi.js';
export * from './formats/wav.js';
export * from './synth/piano-model.js';
export * from './synth/modal-voice.js';
export * from './synth/pan.js';
export * from './synth/render.js';
export * from './pieces/bach-prelude-c-major.js';
export * from './synth/levels.js';
export * from './math/stats.js';
export * from './math/ode.js';
export * from './report/plot.js';
export * from './report/html.js';
export * from './report/raster.js';
export * from './engines/nodal/index.js';
