/**
 * Child-process probe for test/nodal-live.test.ts: steps a nodal network live and reports, from V8's sampling heap
 * profiler (garbage included), the bytes allocated while the engine's code was on the stack. Run in its own
 * process with synchronous optimisation, so the test does not depend on when a busy machine gets round to
 * compiling the hot paths.
 */
import { Session } from 'node:inspector/promises';
import { FiringRing, NodalNetwork, nodalParams } from '../../src/engines/nodal/index.js';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const [warmSteps = '90000', measuredSteps = '60000', seed = '1'] = process.argv.slice(2);
const net = new NodalNetwork({ params: nodalParams({ nodes: 32 }), seed: Number(seed) });
const ring = new FiringRing(1024);
for (let k = 0; k < Number(warmSteps); k++) net.step(0.01, ring);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
const firingsBefore = ring.total;
for (let k = 0; k < Number(measuredSteps); k++) net.step(0.01, ring);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
session.disconnect();
const sites: string[] = [];
let bytes = 0;
const walk = (node: ProfileNode, engineAbove: boolean): void => {
  const here = engineAbove || node.callFrame.url.includes('/engines/nodal/');
  if (here && node.selfSize > 0) {
    bytes += node.selfSize;
    sites.push(`${node.callFrame.functionName} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1} (${node.selfSize} bytes)`);
  }
  for (const child of node.children) walk(child, here);
};
walk(profile.head, false);
console.log(JSON.stringify({ bytes, firings: ring.total - firingsBefore, restarts: net.counters.restarts, sites }));
