/**
 * The C. elegans locomotion model: body, ventral-cord circuit, command interneurons, muscles, whole-connectome mode,
 * steppable engine, recordings, analysis, behaviour, command scripts, WCON export and the report.
 */
export * from './anatomy.js';
export * from './params.js';
export * from './body.js';
export * from './network.js';
export * from './motor-circuit.js';
export * from './ventral-cord.js';
export * from './connectome-circuit.js';
export * from './proprioception.js';
export * from './muscles.js';
export * from './muscle-hh.js';
export * from './behaviour.js';
export * from './engine.js';
export * from './command.js';
export * from './simulate.js';
export * from './analysis.js';
export * from './summary.js';
export * from './wcon-export.js';
export * from './report.js';
export * from './to-notes.js';
export * from './music-drive.js';
export * from './compose.js';
export * from './compose-report.js';
export * from './body-wave.js';
export * from './dance.js';
export * from './dance-summary.js';
export * from './dance-timeline.js';
export * from './dance-wcon.js';
export * from './dance-report.js';
export * from './neural-scores.js';
