/** The nodal network engine (McIlwain & Pietsch 1996): public API. */
export * from './weight-rule.js';
export * from './layout.js';
export * from './contour.js';
export * from './flock.js';
export * from './params.js';
export * from './signal-queue.js';
export * from './network.js';
export * from './live.js';
export * from './speakers.js';
export * from './midi-ports.js';
export * from './compose.js';
export * from './analysis.js';
export * from './report.js';
export { nodalSummary } from './summary.js';
