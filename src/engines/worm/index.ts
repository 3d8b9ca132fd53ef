/**
 * The C. elegans worm: `model/` — the locomotion model (body, ventral-cord circuit, command interneurons, muscles,
 * whole-connectome mode, steppable engine, recordings, analysis, behaviour, command scripts, WCON export, report);
 * `play/` — the worm plays (muscle contractions to notes, compose); `dance/` — the worm dances (the piece drives the
 * worm, Z_worm, the body wave, the physical dance, timeline, WCON, report).
 */
export * from './model/anatomy.js';
export * from './model/params.js';
export * from './model/body.js';
export * from './model/network.js';
export * from './model/motor-circuit.js';
export * from './model/ventral-cord.js';
export * from './model/connectome-circuit.js';
export * from './model/proprioception.js';
export * from './model/muscles.js';
export * from './model/muscle-hh.js';
export * from './model/behaviour.js';
export * from './model/engine.js';
export * from './model/command.js';
export * from './model/simulate.js';
export * from './model/analysis.js';
export * from './model/summary.js';
export * from './model/wcon-export.js';
export * from './model/report.js';
export * from './play/to-notes.js';
export * from './dance/music-drive.js';
export * from './play/compose.js';
export * from './play/compose-report.js';
export * from './dance/body-wave.js';
export * from './dance/dance.js';
export * from './dance/dance-summary.js';
export * from './dance/dance-timeline.js';
export * from './dance/dance-wcon.js';
export * from './dance/dance-report.js';
export * from './dance/neural-scores.js';
