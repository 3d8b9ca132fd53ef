/**
 * One nodal benchmark measurement in a fresh process: `nodal-worker.ts engine|reference NODES SECONDS` runs the
 * network for SECONDS of music and prints JSON with the wall time (`seconds`) and the events processed (firings and
 * signals).
 */
import { defaultContours, FiringCollector, NodalNetwork, nodalParams } from '../src/engines/nodal/index.js';
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
  // The network alone, collecting its firings, as the reference does (no score, no report).
  const net = new NodalNetwork({ params, seed: 1, pitchContour: contours.pitch, velocityContour: contours.velocity });
  const collector = new FiringCollector();
  net.advanceTo(seconds, collector);
  firings = collector.count;
  signals = net.counters.signalsDelivered + net.counters.signalsIgnored;
} else {
  const run = referenceNodalRun({ params, seed: 1, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
  firings = run.firings.length;
  signals = run.signals;
}
const wallSeconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ impl, nodes, seconds: wallSeconds, musicSeconds: seconds, firings, signals, events: firings + signals, maxRssMiB: process.memoryUsage().rss / 2 ** 20 }));
