/**
 * neuromusic/learn — the learning toolkit, kept apart from the core entry point so that `import 'neuromusic'`
 * never loads TensorFlow.js. Isomorphic: runs in Node and in the browser (call `setWasmLocation` there first).
 */
export * from './backend.js';
export * from './adam.js';
export * from './lbfgs.js';
export * from './mlp.js';
export * from './train-mlp.js';
export * from './pinn.js';
export * from './pinn-inputs.js';
export * from './random-forest.js';
export * from './feature-matrix.js';
export * from './time-features.js';
export * from './surrogates.js';
export * from './loss-curves.js';
export * from './evaluation.js';
export * from './learners.js';
export * from './steps/svd-procrustes.js';
export * from './steps/motor-primitives.js';
export * from './steps/ridge-envelope.js';
export * from './progression/worm-piece.js';
export * from './progression/steps.js';
export * from './progression/run.js';
export * from './progression/onset-notes.js';
export * from './progression/summary.js';
export * from './progression/report.js';
