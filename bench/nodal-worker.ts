/**
 * One nodal benchmark measurement in a fresh process: `nodal-worker.ts engine|reference NODES SECONDS` runs the
 * network for SECONDS of music and prints JSON with the wall time (`seconds`) and the events processed (firings and
 * signals).
 */
import { composeNodal, defaultContours, nodalParams } from '../src/index.js';
import { referenceNodalRun } from '../test/helpers/nodal-reference.js';

const [impl = 'engine', nodesArg = '32', secondsArg = '600'] = process.argv.slice(2);
const nodes = Number(nodesArg);
const seconds = Number(secondsArg);
const params = nodalParams({ nodes });
const contours = defaultContours(seconds);
const t0 = performance.now();
let firings: number;
let signals: number;
if (impl === 'engine') {
  const run = composeNodal({ params, seed: 1, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
  firings = run.firings.count;
  signals = run.counters.signalsDelivered + run.counters.signalsIgnored;
} else {
  const run = referenceNodalRun({ params, seed: 1, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
  firings = run.firings.length;
  signals = run.signals;
}
const wallSeconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ impl, nodes, seconds: wallSeconds, musicSeconds: seconds, firings, signals, events: firings + signals, maxRssMiB: process.memoryUsage().rss / 2 ** 20 }));
